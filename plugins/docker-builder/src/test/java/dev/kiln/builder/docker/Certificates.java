package dev.kiln.builder.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a test CA and, on request, a server certificate for 127.0.0.1 and a client certificate,
 * with openssl.
 */
final class Certificates {

  private Certificates() {}

  /**
   * Writes {@code ca.pem}/{@code ca.key} and, if named, {@code server.*} and {@code client.*} into
   * {@code folder}.
   */
  static void make(Path folder, String... which) throws IOException, InterruptedException {
    String openssl = Programs.find("openssl", "openssl");
    Files.createDirectories(folder);
    List<String> parts = List.of(which);
    run(
        folder,
        openssl,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=kiln-test-ca");
    if (parts.contains("server")) {
      signed(
          folder,
          openssl,
          "server",
          "/CN=127.0.0.1",
          "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    }
    if (parts.contains("client")) {
      signed(folder, openssl, "client", "/CN=kiln", "extendedKeyUsage=clientAuth\n");
    }
  }

  private static void signed(
      Path folder, String openssl, String name, String subject, String extensions)
      throws IOException, InterruptedException {
    Files.writeString(folder.resolve(name + ".ext"), extensions);
    run(
        folder,
        openssl,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        subject);
    run(
        folder,
        openssl,
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "2",
        "-extfile",
        name + ".ext");
  }

  private static void run(Path folder, String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + output);
    }
  }
}
