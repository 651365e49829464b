package dev.kiln.portal.user;

/**
 * What a logged-in session must agree with to go on: the enabled user's current role, and the
 * version of their credentials, which goes up when every session of theirs must end.
 */
public record AccountStanding(Role role, long credentialsVersion) {}
