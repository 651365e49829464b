package dev.kiln.portal.api;

/** The body of every error the API answers with. */
record ApiError(String error, String message) {}
