package dev.kiln.portal.security;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How fast the REST API may be used, per minute and per node. Each limit is a bucket of that many
 * requests that refills evenly over the minute, so a client may burst up to the limit and then goes
 * on at the limit's pace.
 *
 * @param requestsPerMinute requests per API token
 * @param triggersPerMinute build triggers per API token; a trigger also counts as a request
 * @param invalidTokensPerMinute requests with a token that does not check out, per client address
 */
@Validated // a limit under 1 stops Kiln at start-up, naming the setting
@ConfigurationProperties("kiln.api.rate-limit")
public record ApiRateLimitProperties(
    @Min(1) int requestsPerMinute,
    @Min(1) int triggersPerMinute,
    @Min(1) int invalidTokensPerMinute) {}
