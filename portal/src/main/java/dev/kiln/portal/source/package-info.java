/**
 * A project's git repository on a runner: {@link dev.kiln.portal.source.GitMirrors} resolves what a
 * build asks for (branch, tag, ref or SHA) to a {@link dev.kiln.portal.source.ResolvedCommit} and
 * checks it out into the build's workspace through a per-node mirror, with the git CLI. Addresses,
 * refs and hosts are checked before git runs; credentials ({@link
 * dev.kiln.portal.source.GitCredential}) live only in git's environment for one call. See
 * docs/sources.md.
 */
package dev.kiln.portal.source;
