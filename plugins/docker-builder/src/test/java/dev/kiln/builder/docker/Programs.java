package dev.kiln.builder.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Finds the programs the test fixtures run, and says which Debian package to install when one is
 * missing.
 */
final class Programs {

  private Programs() {}

  /**
   * The path of {@code name}, searched on PATH and in the sbin folders (which a non-login root
   * shell may lack on its PATH).
   *
   * @throws IllegalStateException naming the Debian package to install when it is nowhere
   */
  static String find(String name, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(
            Stream.of(path.split(":")), Stream.of("/usr/local/sbin", "/usr/sbin", "/sbin"))
        .filter(folder -> !folder.isBlank())
        .map(folder -> Path.of(folder, name))
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    name
                        + " is not installed: the Docker builder's tests need it."
                        + " Install the Debian package: apt-get install -y "
                        + debianPackage));
  }
}
