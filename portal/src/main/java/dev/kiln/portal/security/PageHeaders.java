package dev.kiln.portal.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The security headers of the portal's pages. The Content-Security-Policy is as tight as Vaadin
 * Flow allows: its bootstrap page has inline scripts and its client runs server-sent JavaScript
 * through {@code new Function} ({@code 'unsafe-inline'}, {@code 'unsafe-eval'}), and its components
 * set inline styles. Everything else (fetch, WebSocket push, images, fonts) comes from Kiln itself;
 * nothing may frame Kiln or take its forms elsewhere. Cache-Control {@code no-store} is Spring
 * Security's default for every answer that does not set its own, so static resources keep their
 * caching and pages are never kept.
 */
final class PageHeaders {

  static final String CONTENT_SECURITY_POLICY =
      String.join(
          "; ",
          "default-src 'self'",
          "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
          "style-src 'self' 'unsafe-inline'",
          "img-src 'self' data: blob:",
          "font-src 'self' data:",
          "connect-src 'self'",
          "object-src 'none'",
          "base-uri 'self'",
          "form-action 'self'",
          "frame-ancestors 'none'");

  private PageHeaders() {}

  static void configure(HeadersConfigurer<HttpSecurity> headers) {
    headers
        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
        .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
        .referrerPolicy(
            referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
        .permissionsPolicyHeader(
            permissions ->
                permissions.policy("camera=(), microphone=(), geolocation=(), payment=()"));
  }
}
