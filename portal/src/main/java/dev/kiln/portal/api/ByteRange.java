package dev.kiln.portal.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bytes a download asks for with HTTP's {@code Range} header, out of content of {@code length}
 * bytes: all of them when it sends none, else one range ({@code bytes=a-b}, {@code bytes=a-} or the
 * last n, {@code bytes=-n}), which is what {@code curl -r} sends. Anything else is refused with 416
 * and a message rather than ignored: a script that mistyped its range should not receive a whole 1
 * GiB log instead.
 *
 * @param first the first byte sent
 * @param last the last byte sent, inclusive
 * @param length the content's whole length
 * @param partial whether a range was asked for (206) or the whole content (200)
 */
record ByteRange(long first, long last, long length, boolean partial) {

  private static final Pattern ONE = Pattern.compile("(\\d{0,18})-(\\d{0,18})");
  private static final int BUFFER = 64 * 1024;

  /** The range {@code header} asks for out of {@code what}, which has {@code length} bytes. */
  static ByteRange of(String header, long length, String what) {
    if (header == null) {
      return new ByteRange(0, length - 1, length, false);
    }
    String value = header.strip();
    String shown = "Range '" + (value.length() > 60 ? value.substring(0, 60) + "…" : value) + "': ";
    if (!value.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
      throw new NotSatisfiable(
          length, shown + "give bytes=first-last, bytes=first- or bytes=-count.");
    }
    String spec = value.substring("bytes=".length()).strip();
    if (spec.contains(",")) {
      throw new NotSatisfiable(
          length, shown + "ask for one range per request; several at once are not served.");
    }
    Matcher m = ONE.matcher(spec);
    if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
      throw new NotSatisfiable(
          length, shown + "give bytes=first-last, bytes=first- or bytes=-count, in whole numbers.");
    }
    String range = describe(what, length);
    if (m.group(1).isEmpty()) { // the last n bytes
      long count = Long.parseLong(m.group(2));
      if (count == 0 || length == 0) {
        throw new NotSatisfiable(length, shown + "no bytes to send: " + range);
      }
      return new ByteRange(Math.max(0, length - count), length - 1, length, true);
    }
    long first = Long.parseLong(m.group(1));
    long last = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
    if (last < first) {
      throw new NotSatisfiable(length, shown + "the last byte comes before the first.");
    }
    if (first >= length) {
      throw new NotSatisfiable(length, shown + "starts past the end: " + range);
    }
    return new ByteRange(first, Math.min(last, length - 1), length, true);
  }

  private static String describe(String what, long length) {
    return what
        + " has "
        + length
        + (length == 1 ? " byte" : " bytes")
        + (length == 0 ? "." : " (0-" + (length - 1) + ").");
  }

  /** How many bytes are sent. */
  long size() {
    return partial ? last - first + 1 : length;
  }

  /**
   * Answers 200 or 206 with exactly {@link #size()} bytes of {@code from}, which starts at {@link
   * #first()}, copied through a small buffer however large the content. Content that ends before
   * its recorded length ends the response with an error, never a short body that looks whole.
   */
  void send(HttpServletResponse response, String contentType, InputStream from) throws IOException {
    response.setStatus(partial ? 206 : 200);
    response.setContentType(contentType);
    response.setHeader("Accept-Ranges", "bytes");
    if (partial) {
      response.setHeader("Content-Range", "bytes " + first + "-" + last + "/" + length);
    }
    response.setContentLengthLong(size());
    try {
      OutputStream out = response.getOutputStream();
      byte[] buffer = new byte[BUFFER];
      long left = size();
      while (left > 0) {
        int n = from.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(
              "The stored content ended " + left + " bytes before its recorded length.");
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    } catch (IOException | RuntimeException e) {
      if (!response.isCommitted()) {
        response.reset(); // the error's JSON goes out with its own headers, not these
      }
      throw e;
    }
  }

  /** 416: a range outside the content, or one Kiln does not serve. */
  static final class NotSatisfiable extends RuntimeException {

    private final long length;

    NotSatisfiable(long length, String message) {
      super(message);
      this.length = length;
    }

    /** The content's length, for {@code Content-Range: bytes *}{@code /length}. */
    long length() {
      return length;
    }
  }
}
