package dev.kiln.portal.e2e.screens;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.kiln.portal.e2e.harness.Chromium;
import dev.kiln.portal.e2e.harness.KilnProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar configured as an admin might: a TLS key store and PEM private key, an SSL
 * bundle, a config tree of secrets, an imported file and an extra config location, all in a folder
 * every build may otherwise read and write. A Local build, sandboxed, reads none of them, while it
 * reads a plain file next to them. Kiln never lists those settings: it derives them from what
 * Spring read.
 */
class PrivateFilesHiddenIT {

  @TempDir Path tmp;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void aSandboxedBuildReadsNoKeyMaterialAndNoConfigurationSpringRead() throws Exception {
    Path tls = Files.createDirectories(tmp.resolve("tls"));
    Path keyStore = Files.writeString(tls.resolve("server.p12"), "KEYSTORE-SECRET");
    Path privateKey = Files.writeString(tls.resolve("server.key"), "PEM-KEY-SECRET");
    Path bundleStore = tls.resolve("bundle.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    int made =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "kiln",
                "-keyalg",
                "EC",
                "-dname",
                "CN=kiln-test",
                "-validity",
                "1",
                "-storetype",
                "PKCS12",
                "-keystore",
                bundleStore.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor();
    assertThat(made).as("keytool's exit code").isZero();
    Path secrets = Files.createDirectories(tmp.resolve("secrets"));
    Path treeSecret =
        Files.writeString(secrets.resolve("kiln.test.tree-secret"), "CONFIGTREE-SECRET");
    Path imported =
        Files.writeString(
            tmp.resolve("imported.yml"), "kiln:\n  test:\n    imported: IMPORTED-SECRET\n");
    Path extra = Files.createDirectories(tmp.resolve("extra"));
    Path extraFile =
        Files.writeString(
            extra.resolve("application.yml"), "kiln:\n  test:\n    extra: EXTRA-SECRET\n");
    Path visible = Files.writeString(tmp.resolve("visible.txt"), "PLAIN-SECRET");

    Map<String, String> env = new LinkedHashMap<>();
    env.put(
        "SERVER_SSL_ENABLED",
        "false"); // configured but off: the key store is the admin's all the same
    env.put("SERVER_SSL_KEY_STORE", keyStore.toString());
    env.put("SERVER_SSL_CERTIFICATE_PRIVATE_KEY", "file:" + privateKey);
    env.put("SPRING_SSL_BUNDLE_JKS_EXTRA_KEYSTORE_LOCATION", "file:" + bundleStore);
    env.put("SPRING_SSL_BUNDLE_JKS_EXTRA_KEYSTORE_PASSWORD", "changeit");
    env.put("SPRING_SSL_BUNDLE_JKS_EXTRA_KEYSTORE_TYPE", "PKCS12");
    env.put(
        "SPRING_CONFIG_IMPORT", "optional:configtree:" + secrets + "/,optional:file:" + imported);
    env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:" + extra + "/");
    env.put("KILN_TRUSTED_PROXIES", "127.0.0.1"); // for the cookie check at the end

    Map<String, Path> hidden =
        Map.of(
            "key-store",
            keyStore,
            "pem-key",
            privateKey,
            "ssl-bundle",
            bundleStore,
            "config-tree-file",
            treeSecret,
            "imported-config",
            imported,
            "extra-config",
            extraFile);
    StringBuilder script = new StringBuilder();
    hidden.forEach((name, file) -> script.append(attempt(name, file)));
    script.append(attempt("plain-file", visible));
    script
        .append("if [ -n \"$(ls -A '")
        .append(secrets)
        .append(
            "' 2>/dev/null)\" ]; then echo 'LISTED config-tree';"
                + " else echo 'UNLISTED config-tree'; fi\necho done\n");

    try (var kiln = KilnProcess.start(tmp.resolve("home"), "private-files", env);
        var browser = new Chromium("private-files")) {
      kiln.awaitReady();
      Page page = browser.newPage();
      NewUserWalk.firstLogIn(kiln, browser, page)
          .newProject()
          .name("peek")
          .script(script.toString())
          .save();
      var build = ProjectScreen.expect(page, "peek").runNow();
      build.awaitState("SUCCEEDED", Duration.ofMinutes(3));
      String log = build.log().textContent();
      browser.screenshot(page, "peek-build");

      assertThat(log).contains("READ plain-file", "UNLISTED config-tree", "done");
      for (String name : hidden.keySet()) {
        assertThat(log).as(name).contains("HIDDEN " + name).doesNotContain("READ " + name);
      }
      assertThat(log)
          .doesNotContain(
              "KEYSTORE-SECRET",
              "PEM-KEY-SECRET",
              "CONFIGTREE-SECRET",
              "IMPORTED-SECRET",
              "EXTRA-SECRET");

      // A proxy the admin trusts is believed: its X-Forwarded-Proto makes the session cookie
      // Secure.
      var behindProxy =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(kiln.url() + "login"))
                      .header("X-Forwarded-Proto", "https")
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      assertThat(behindProxy.headers().allValues("Set-Cookie"))
          .anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=").contains("Secure"));
    }
  }

  /**
   * A script line that says whether the build could read any of {@code file}, printing none of it.
   * A covered file reads as empty (the sandbox mounts /dev/null over it), a missing one not at all.
   */
  private static String attempt(String name, Path file) {
    return "if [ \"$(head -c 64 '"
        + file
        + "' 2>/dev/null | wc -c)\" -gt 0 ]; then echo 'READ "
        + name
        + "'; else echo 'HIDDEN "
        + name
        + "'; fi\n";
  }
}
