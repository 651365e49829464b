package dev.kiln.portal.git;

import dev.kiln.portal.e2e.harness.KilnProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Git's smart HTTP for tests: {@code git http-backend} as a CGI program of Debian's lighttpd on
 * 127.0.0.1, serving the repositories of a {@link TestRepos} under {@code /git/}. Every request
 * needs HTTP basic auth with the token as password, as GitHub and GitLab take tokens; anonymous
 * requests and wrong tokens get 401. lighttpd because one small config file gives CGI and basic
 * auth in one process, where nginx needs fcgiwrap as a second one.
 */
public final class GitHttpServer implements AutoCloseable {

  static final String LIGHTTPD = "/usr/sbin/lighttpd";
  static final String HTTP_BACKEND = "/usr/lib/git-core/git-http-backend";

  /** The user name tokens go with; servers like GitHub's ignore it, so any works. */
  public static final String USER = "x-access-token";

  /** The only token the server accepts. */
  public final String token;

  private final LocalServer server;

  private GitHttpServer(LocalServer server, String token) {
    this.server = server;
    this.token = token;
  }

  /** Starts a server for the repositories in {@code repos}, accepting only {@code token}. */
  public static GitHttpServer start(TestRepos repos, String token)
      throws IOException, InterruptedException {
    LocalServer.requireProgram(LIGHTTPD, "lighttpd");
    LocalServer.requireProgram(HTTP_BACKEND, "git");
    Path dir = Files.createTempDirectory("kiln-git-http-");
    Files.createDirectories(dir.resolve("www"));
    Files.writeString(dir.resolve("tokens"), USER + ":" + token + "\n");
    int port = KilnProcess.freePort();
    Files.writeString(
        dir.resolve("lighttpd.conf"),
        """
        server.modules = ("mod_alias", "mod_auth", "mod_authn_file", "mod_cgi", "mod_setenv")
        server.bind = "127.0.0.1"
        server.port = %d
        server.document-root = "%s"
        server.errorlog = "%s"
        alias.url = ("/git/" => "%s/")
        auth.backend = "plain"
        auth.backend.plain.userfile = "%s"
        auth.require = ("/" => ("method" => "basic", "realm" => "kiln-git", "require" => "valid-user"))
        $HTTP["url"] =~ "^/git/" {
          cgi.assign = ("" => "")
          setenv.add-environment = (
            "GIT_PROJECT_ROOT" => "%s",
            "GIT_HTTP_EXPORT_ALL" => "",
            "GIT_CONFIG_NOSYSTEM" => "1",
            "HOME" => "%s"
          )
        }
        """
            .formatted(
                port,
                dir.resolve("www"),
                dir.resolve("server.log"),
                HTTP_BACKEND,
                dir.resolve("tokens"),
                repos.root,
                dir.resolve("www")));
    String config = dir.resolve("lighttpd.conf").toString();
    LocalServer server = LocalServer.start(dir, port, List.of(LIGHTTPD, "-D", "-f", config));
    return new GitHttpServer(server, token);
  }

  /**
   * The URL of a repository, without credentials, e.g. {@code http://127.0.0.1:40123/git/app.git}.
   */
  public String url(TestRepo repo) {
    return "http://127.0.0.1:" + server.port + "/git/" + repo.name;
  }

  /**
   * The environment that makes git send {@code token} as basic auth password, through git's own
   * config variables so it is in no URL, argument or file.
   */
  public static Map<String, String> clientEnv(String token) {
    String basic = Base64.getEncoder().encodeToString((USER + ":" + token).getBytes());
    return Map.of(
        "GIT_CONFIG_COUNT", "1",
        "GIT_CONFIG_KEY_0", "http.extraHeader",
        "GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
