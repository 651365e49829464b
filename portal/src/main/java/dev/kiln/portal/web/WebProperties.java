package dev.kiln.portal.web;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How long and how many request bodies the portal waits for ({@code kiln.web.*}); the server's own
 * read and write timeouts are {@code server.tomcat.connection-timeout}.
 *
 * @param bodyTimeout a body Kiln reads before it knows who sends it (a webhook delivery, the log-in
 *     form, any request without a logged-in session) must arrive whole within this; 10 s by default
 * @param minBodyRate a logged-in user's body (an upload) must arrive at least this fast on average
 *     once {@code bodyTimeout} has passed; 1 KB a second by default
 * @param hooksAtOnce webhook deliveries read at once on this node; more get 503 at once
 * @param anonymousBodiesAtOnce bodies without a logged-in session read at once (log-in forms and
 *     the log-in page's own requests); more get 503 at once
 */
@Validated
@ConfigurationProperties("kiln.web")
public record WebProperties(
    @DurationMin(seconds = 1) Duration bodyTimeout,
    DataSize minBodyRate,
    @Min(1) Integer hooksAtOnce,
    @Min(1) Integer anonymousBodiesAtOnce) {

  public WebProperties {
    bodyTimeout = bodyTimeout == null ? Duration.ofSeconds(10) : bodyTimeout;
    minBodyRate = minBodyRate == null ? DataSize.ofKilobytes(1) : minBodyRate;
    hooksAtOnce = hooksAtOnce == null ? 16 : hooksAtOnce;
    anonymousBodiesAtOnce = anonymousBodiesAtOnce == null ? 32 : anonymousBodiesAtOnce;
  }
}
