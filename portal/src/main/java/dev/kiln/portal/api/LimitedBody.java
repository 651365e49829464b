package dev.kiln.portal.api;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body stops at a limit, for bodies without a length up front (chunked): reading
 * past it, as a stream or through {@link #getReader()}, throws {@link TooLarge}, which {@link
 * ApiErrors} (or {@link ApiRequestGuard}, outside Spring MVC) answers with 413. Without a limit,
 * one request could make Kiln parse a body of any size.
 */
final class LimitedBody extends HttpServletRequestWrapper {

  /**
   * The largest body the API reads, 1 MiB. Its largest field is a secret's value, 64 Ki characters,
   * which JSON may escape to six bytes each.
   */
  static final long API_MAX_BYTES = 1 << 20;

  /** Thrown on reading past the limit; Spring MVC wraps it in its refusal of the body. */
  static final class TooLarge extends IOException {

    TooLarge(long limit) {
      super(
          "The body may have at most "
              + limit
              + " bytes ("
              + limit / 1024
              + " KiB); nothing more of it was read.");
    }
  }

  private final long limit;
  private ServletInputStream body;
  private BufferedReader reader;

  LimitedBody(HttpServletRequest request, long limit) {
    super(request);
    this.limit = limit;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (body == null) {
      body = new Counting(super.getInputStream(), limit);
    }
    return body;
  }

  /**
   * A reader over the limited stream: the container's own reader reads the raw body, past any
   * limit. As the container's, it decodes by the request's charset, UTF-8 when none is given.
   */
  @Override
  public BufferedReader getReader() throws IOException {
    if (reader == null) {
      String charset = getCharacterEncoding();
      reader =
          new BufferedReader(
              new InputStreamReader(
                  getInputStream(),
                  charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset)));
    }
    return reader;
  }

  private static final class Counting extends ServletInputStream {

    private final ServletInputStream in;
    private final long limit;
    private long read;

    Counting(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      count(Math.max(n, 0));
      return n;
    }

    private void count(int n) throws TooLarge {
      read += n;
      if (read > limit) {
        throw new TooLarge(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
