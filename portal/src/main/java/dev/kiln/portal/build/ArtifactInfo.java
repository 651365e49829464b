package dev.kiln.portal.build;

/**
 * A stored artifact of a build.
 *
 * @param path its path relative to the workspace
 * @param size its size in bytes
 * @param sha256 its SHA-256, hex
 */
public record ArtifactInfo(String path, long size, String sha256) {}
