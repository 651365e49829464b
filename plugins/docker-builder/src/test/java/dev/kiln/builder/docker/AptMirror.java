package dev.kiln.builder.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the Debian mirror this machine's apt uses, so the base image is bootstrapped from it and no
 * host name is written into the repository. Reads one-line sources ({@code deb URI suite ...}) and
 * deb822 sources ({@code Types:}, {@code URIs:}, {@code Suites:} stanzas).
 */
public final class AptMirror {

  private AptMirror() {}

  /** The first {@code deb} source that serves {@code suite}, from the standard apt source files. */
  public static Optional<String> forSuite(String suite) {
    Path etc = Path.of("/etc/apt");
    List<Path> files = new ArrayList<>();
    files.add(etc.resolve("sources.list"));
    try (Stream<Path> listed = Files.list(etc.resolve("sources.list.d"))) {
      listed
          .filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources"))
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      // No sources.list.d: sources.list alone.
    }
    for (Path file : files) {
      Optional<String> found =
          read(file)
              .flatMap(
                  text ->
                      file.toString().endsWith(".sources")
                          ? fromDeb822(text, suite)
                          : fromOneLine(text, suite));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  static Optional<String> fromOneLine(String text, String suite) {
    for (String line : text.split("\n")) {
      // deb [options] URI suite components...
      String[] words = line.strip().replaceAll("\\[[^]]*]", " ").strip().split("\\s+");
      if (words.length >= 3 && words[0].equals("deb") && words[2].equals(suite)) {
        return Optional.of(words[1]);
      }
    }
    return Optional.empty();
  }

  static Optional<String> fromDeb822(String text, String suite) {
    for (String stanza : text.split("\n\\s*\n")) {
      String types = field(stanza, "Types");
      String uris = field(stanza, "URIs");
      List<String> suites = Arrays.asList(field(stanza, "Suites").split("\\s+"));
      if (Arrays.asList(types.split("\\s+")).contains("deb")
          && suites.contains(suite)
          && !uris.isBlank()
          && !field(stanza, "Enabled").equalsIgnoreCase("no")) {
        return Optional.of(uris.split("\\s+")[0]);
      }
    }
    return Optional.empty();
  }

  private static String field(String stanza, String name) {
    for (String line : stanza.split("\n")) {
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).strip();
      }
    }
    return "";
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
