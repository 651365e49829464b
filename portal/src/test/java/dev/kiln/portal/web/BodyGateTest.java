package dev.kiln.portal.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.io.BufferedReader;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The one request filter limits an API body however the handler reads it: through the stream or
 * through {@code getReader()}, which once read the container's raw body past every limit.
 */
class BodyGateTest {

  private static final int LIMIT = 1 << 20;

  private final BodyGate gate = new BodyGate(new WebProperties(null, null, null, null));
  private final AtomicLong read = new AtomicLong();

  /**
   * A chunked JSON body of twice the limit: no length up front for the filter to refuse at once.
   */
  private static MockHttpServletRequest chunkedApiBody() {
    var request =
        new MockHttpServletRequest("POST", "/api/projects") {
          @Override
          public long getContentLengthLong() {
            return -1;
          }

          @Override
          public int getContentLength() {
            return -1;
          }
        };
    request.addHeader("Transfer-Encoding", "chunked");
    request.setContentType("application/json");
    byte[] body = new byte[2 * LIMIT];
    Arrays.fill(body, (byte) ' ');
    body[0] = '{';
    body[body.length - 1] = '}';
    request.setContent(body);
    return request;
  }

  @Test
  void anOversizedApiBodyReadThroughAReaderIsRefusedWith413NamingTheLimit() throws Exception {
    var response = new MockHttpServletResponse();
    FilterChain readsThroughAReader =
        (req, res) -> {
          BufferedReader reader = req.getReader();
          char[] buffer = new char[8192];
          for (int n; (n = reader.read(buffer)) > 0; ) {
            read.addAndGet(n);
          }
          res.getWriter().write("{\"read\":" + read.get() + "}");
        };

    gate.doFilter(chunkedApiBody(), response, readsThroughAReader);

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentType()).startsWith("application/json");
    assertThat(response.getContentAsString())
        .contains("\"error\"", "at most " + LIMIT + " bytes", "1024 KiB");
    assertThat(read.get()).isLessThanOrEqualTo(LIMIT);
  }

  @Test
  void anOversizedApiBodyReadAsAStreamIsRefusedTheSameWay() throws Exception {
    var response = new MockHttpServletResponse();
    FilterChain readsTheStream =
        (req, res) -> {
          InputStream in = req.getInputStream();
          byte[] buffer = new byte[8192];
          for (int n; (n = in.read(buffer)) > 0; ) {
            read.addAndGet(n);
          }
        };

    gate.doFilter(chunkedApiBody(), response, readsTheStream);

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentAsString()).contains("at most " + LIMIT + " bytes");
    assertThat(read.get()).isLessThanOrEqualTo(LIMIT);
  }
}
