package dev.kiln.portal.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import org.pf4j.DefaultVersionManager;

/**
 * What a plugin jar says of itself, read without loading any of its classes: the checks every jar
 * passes before Kiln loads it, whether uploaded or found in a plugins folder.
 *
 * @param id its {@code Plugin-Id}
 * @param version its {@code Plugin-Version}
 * @param requires its {@code Plugin-Requires}, or {@code *} when it states none
 * @param provider its {@code Plugin-Provider}, or {@code null}
 * @param sha256 the file's SHA-256, in hex
 */
record PluginJar(String id, String version, String requires, String provider, String sha256) {

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final String API_FOLDER = "dev/kiln/plugin/api/";

  /**
   * Reads and checks the jar at {@code file}.
   *
   * @throws PluginRefusedException when it is not a jar, is damaged, is too large or strange inside
   *     (see {@link JarInspection}), has no plugin manifest, needs another plugin API, or bundles
   *     the plugin API
   */
  static PluginJar read(Path file, String apiVersion) throws IOException {
    if (!startsLikeZip(file)) {
      throw new PluginRefusedException(
          "not a jar: the file is not a ZIP archive, so it cannot be a plugin jar");
    }
    JarInspection.inspect(file); // before JarFile, which reads the manifest whole
    try (JarFile jar = new JarFile(file.toFile())) {
      var manifest = jar.getManifest();
      Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
      String id = main.getValue("Plugin-Id");
      String version = main.getValue("Plugin-Version");
      if (id == null || id.isBlank() || version == null || version.isBlank()) {
        throw new PluginRefusedException(
            "not a Kiln plugin: its manifest (META-INF/MANIFEST.MF) lacks Plugin-Id or"
                + " Plugin-Version (see docs/plugin-guide.md)");
      }
      if (!SAFE_ID.matcher(id).matches()) {
        throw new PluginRefusedException(
            "its Plugin-Id '"
                + id
                + "' is not usable: letters, digits, '.', '_' and"
                + " '-' only, at most 100");
      }
      String requires =
          main.getValue("Plugin-Requires") == null ? "*" : main.getValue("Plugin-Requires").strip();
      if (!new DefaultVersionManager().checkVersionConstraint(apiVersion, requires)) {
        throw new PluginRefusedException(
            "plugin "
                + id
                + " needs Kiln plugin API "
                + requires
                + ", but this Kiln"
                + " offers "
                + apiVersion);
      }
      if (jar.stream().anyMatch(e -> e.getName().startsWith(API_FOLDER))) {
        throw new PluginRefusedException(
            "plugin "
                + id
                + " bundles the Kiln plugin API (dev/kiln/plugin/api);"
                + " declare kiln-plugin-api as a provided dependency so it is not packed into the jar");
      }
      return new PluginJar(
          id, version.strip(), requires, main.getValue("Plugin-Provider"), sha256(file));
    } catch (ZipException | SecurityException e) {
      throw new PluginRefusedException(
          "the jar is damaged or truncated and cannot be read ("
              + e.getMessage()
              + "); upload the complete file again");
    }
  }

  private static boolean startsLikeZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }
  }

  /** The SHA-256 of a file, in lower-case hex. */
  static String sha256(Path file) throws IOException {
    try (var in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
