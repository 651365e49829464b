package dev.kiln.portal.base;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The {@code Content-Disposition} of a download, naming the file and nothing else whatever
 * characters its name has: the portal's downloads ({@code base.ui.Downloads}) and the REST API's
 * both use it, so a {@code "} or a line break in an artifact's name never adds a parameter or a
 * header of its own.
 */
public final class AttachmentHeader {

  /** What RFC 8187 lets stand unencoded in {@code filename*} besides letters and digits. */
  private static final String ATTR_CHARS = "!#$&+-.^_`|~";

  private AttachmentHeader() {}

  /**
   * {@code attachment; filename="…"; filename*=UTF-8''…} (RFC 6266): the exact name,
   * percent-encoded, for every browser of today, and an ASCII stand-in with {@code _} for anything
   * else, for older clients.
   */
  public static String of(String fileName) {
    String name = fileName == null || fileName.isBlank() ? "download" : fileName;
    StringBuilder fallback = new StringBuilder();
    name.codePoints()
        .forEach(
            c ->
                fallback.append(
                    c >= 0x20 && c < 0x7f && "\"\\;%/".indexOf(c) < 0 ? (char) c : '_'));
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || ATTR_CHARS.indexOf(c) >= 0)) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
      }
    }
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
  }
}
