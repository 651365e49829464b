package dev.kiln.portal.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How fast the REST API may be used, per minute and per node. Each limit is a bucket of that many
 * requests that refills evenly over the minute, so a client may burst up to the limit and then
 * goes on at the limit's pace.
 *
 * @param requestsPerMinute requests per API token
 * @param triggersPerMinute build triggers per API token; a trigger also counts as a request
 * @param invalidTokensPerMinute requests with a token that does not check out, per client address
 */
@ConfigurationProperties("kiln.api.rate-limit")
public record ApiRateLimitProperties(int requestsPerMinute, int triggersPerMinute, int invalidTokensPerMinute) {

  public ApiRateLimitProperties {
    positive("requests-per-minute", requestsPerMinute);
    positive("triggers-per-minute", triggersPerMinute);
    positive("invalid-tokens-per-minute", invalidTokensPerMinute);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("kiln.api.rate-limit." + name + " must be 1 or more, not " + value);
    }
  }
}
