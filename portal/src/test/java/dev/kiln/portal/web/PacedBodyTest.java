package dev.kiln.portal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class PacedBodyTest {

  private final AtomicLong now = new AtomicLong();

  private InputStream body(int bytes) throws Exception {
    var request = new MockHttpServletRequest("POST", "/");
    request.setContent(new byte[bytes]);
    return new PacedBody(request, Duration.ofSeconds(10), 1000, now::get).getInputStream();
  }

  @Test
  void withinTheGracePeriodAnyPaceWillDo() throws Exception {
    InputStream in = body(100);
    now.set(Duration.ofSeconds(9).toNanos());
    assertThat(in.read(new byte[10])).isEqualTo(10);
  }

  @Test
  void afterTheGracePeriodTheAverageMustKeepTheRate() throws Exception {
    InputStream in = body(50_000);
    assertThat(in.read(new byte[12_000])).isEqualTo(12_000);
    now.set(Duration.ofSeconds(12).toNanos());
    assertThat(in.read(new byte[10])).as("12,000 bytes in 12 s is 1,000 a second").isEqualTo(10);
    now.set(Duration.ofSeconds(13).toNanos());
    assertThatThrownBy(() -> in.read(new byte[10]))
        .isInstanceOf(SlowBodyException.class)
        .hasMessageContaining("slower than 1000 bytes a second")
        .hasMessageContaining("12010 bytes in 13 s");
    assertThatThrownBy(in::read).isInstanceOf(SlowBodyException.class);
  }

  @Test
  void theReaderIsPacedToo() throws Exception {
    var request = new MockHttpServletRequest("POST", "/");
    request.setContent("{\"a\":1}".getBytes());
    var paced = new PacedBody(request, Duration.ofSeconds(10), 1000, now::get);
    now.set(Duration.ofSeconds(11).toNanos());
    assertThatThrownBy(() -> paced.getReader().read()).isInstanceOf(SlowBodyException.class);
  }
}
