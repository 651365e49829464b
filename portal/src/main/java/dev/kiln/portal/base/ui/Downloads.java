package dev.kiln.portal.base.ui;

import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * File downloads with a {@code Content-Disposition} header that names the file and nothing else,
 * whatever characters its name has: Vaadin writes a pure-ASCII name between quotes unescaped, so a
 * {@code "} in an artifact's name could end the name and add parameters of its own.
 */
public final class Downloads {

  /** What RFC 8187 lets stand unencoded in {@code filename*} besides letters and digits. */
  private static final String ATTR_CHARS = "!#$&+-.^_`|~";

  private Downloads() {}

  /** Opens what is downloaded, when the user asks for it. */
  public interface Content extends Serializable {
    InputStream open() throws IOException;
  }

  /** A download of {@code fileName} (no folders), of this type and size (-1 when not known). */
  public static DownloadHandler attachment(
      String fileName, String contentType, long size, Content content) {
    return DownloadHandler.fromInputStream(
        event -> {
          // Set first: Vaadin leaves a Content-Disposition it finds in place.
          event.getResponse().setHeader("Content-Disposition", contentDisposition(fileName));
          return new DownloadResponse(content.open(), fileName, contentType, size);
        });
  }

  /**
   * {@code attachment; filename="…"; filename*=UTF-8''…} (RFC 6266): the exact name,
   * percent-encoded, for every browser of today, and an ASCII stand-in with {@code _} for anything
   * else, for older clients.
   */
  public static String contentDisposition(String fileName) {
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
