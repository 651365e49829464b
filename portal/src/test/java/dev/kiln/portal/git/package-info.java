/**
 * Real git servers for tests, started on 127.0.0.1 by the test that needs them: the groundwork for
 * issue 14's tests of project repositories, access checks and checkouts.
 *
 * <ul>
 *   <li>{@link dev.kiln.portal.git.TestRepos} holds bare repositories; {@link
 *       dev.kiln.portal.git.TestRepo#commit} adds a {@link dev.kiln.portal.git.TestCommit}
 *       (subject, author, time, files, a symlink, a submodule on another host) at any time, as a
 *       push would; tags, force-push and garbage collection too. Its path is also a plain local
 *       repository.
 *   <li>{@link dev.kiln.portal.git.GitSshServer}: Debian's sshd with one ed25519 deploy key that
 *       may only fetch and push those repositories; {@code clientEnv(key)} pins its host key.
 *   <li>{@link dev.kiln.portal.git.GitHttpServer}: {@code git http-backend} behind lighttpd,
 *       requiring a token as the basic-auth password.
 * </ul>
 *
 * <p>Use them in a try-with-resources block or in {@code @BeforeAll}/{@code @AfterAll}; each stops
 * its server and deletes its folder on close, or when the JVM exits. A missing program fails the
 * test naming the Debian package to install. {@code GitServersIT} shows every use:
 *
 * <pre>{@code
 * try (TestRepos repos = TestRepos.create(); GitSshServer ssh = GitSshServer.start(repos)) {
 *   TestRepo app = repos.create("app");
 *   String sha = app.commit("main", TestCommit.of("First", Instant.EPOCH).file("README", "hi"));
 *   repos.git.ok(dir, ssh.clientEnv(ssh.deployKey()), "clone", ssh.url(app), "app");
 * }
 * }</pre>
 */
package dev.kiln.portal.git;
