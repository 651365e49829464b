package dev.kiln.portal.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A logged-in user's request whose body must keep coming: once {@code grace} has passed since the
 * request began, each read checks that the body has averaged at least {@code bytesPerSecond}, and
 * fails with {@link SlowBodyException} when it has not. Tomcat's own timeout only ends a read that
 * gets nothing at all; a byte every few seconds would hold the request's thread for good.
 */
final class PacedBody extends HttpServletRequestWrapper {

  private final long graceNanos;
  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private final long start;
  private ServletInputStream stream;
  private BufferedReader reader;

  PacedBody(
      HttpServletRequest request, Duration grace, long bytesPerSecond, LongSupplier nanoTime) {
    super(request);
    this.graceNanos = grace.toNanos();
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (stream == null) {
      stream = new Paced(super.getInputStream());
    }
    return stream;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    if (reader == null) {
      String charset = getCharacterEncoding();
      reader =
          new BufferedReader(
              new InputStreamReader(
                  getInputStream(), charset == null ? StandardCharsets.UTF_8.name() : charset));
    }
    return reader;
  }

  private final class Paced extends ServletInputStream {

    private final ServletInputStream in;
    private long read;

    Paced(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      check();
      int b = in.read();
      read += b < 0 ? 0 : 1;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      int n = in.read(b, off, len);
      read += Math.max(0, n);
      return n;
    }

    /**
     * Fails when, past the grace period, fewer bytes came than the rate asks for the time so far.
     */
    private void check() throws SlowBodyException {
      long elapsed = nanoTime.getAsLong() - start;
      if (elapsed > graceNanos && read < bytesPerSecond * (elapsed / 1_000_000_000.0)) {
        throw new SlowBodyException(
            "The request body came slower than "
                + bytesPerSecond
                + " bytes a second ("
                + read
                + " bytes in "
                + Duration.ofNanos(elapsed).toSeconds()
                + " s); the request was abandoned.");
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
      // Non-blocking reads hold no thread while they wait, so they need no pace.
      in.setReadListener(listener);
    }
  }
}
