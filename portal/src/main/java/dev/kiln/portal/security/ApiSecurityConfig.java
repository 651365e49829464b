package dev.kiln.portal.security;

import dev.kiln.portal.user.ApiTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The REST API under {@code /api/**}: personal API tokens as bearer tokens, no session, no CSRF (no
 * cookie authenticates here, so there is nothing to forge), no log-in page. Ordered before the
 * Vaadin chain, which handles everything else.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

  @Bean
  @Order(1)
  SecurityFilterChain apiFilterChain(HttpSecurity http, ApiTokens tokens, ApiRateLimiter limiter)
      throws Exception {
    http.securityMatcher("/api/**")
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .addFilterBefore(
            new BearerTokenFilter(tokens, limiter), AnonymousAuthenticationFilter.class)
        .exceptionHandling(
            errors ->
                errors
                    .authenticationEntryPoint(
                        (request, response, e) ->
                            ApiErrorResponses.unauthorized(
                                response, "A valid API token is needed."))
                    .accessDeniedHandler(
                        (request, response, e) ->
                            ApiErrorResponses.write(
                                response,
                                403,
                                "forbidden",
                                "This token or its user may not do this.")))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(HttpMethod.GET, "/api/openapi.json")
                    .permitAll()
                    // The scope caps the token; the services then check the user's role in the
                    // project, so a
                    // project viewer's token never triggers its builds, whatever its scope.
                    .requestMatchers(
                        HttpMethod.POST,
                        BearerTokenFilter.TRIGGER_PATH,
                        BearerTokenFilter.REBUILD_PATH,
                        BearerTokenFilter.CANCEL_PATH)
                    .hasAuthority("SCOPE_trigger")
                    .requestMatchers(HttpMethod.GET, "/api/**")
                    .hasAuthority("SCOPE_read")
                    .anyRequest()
                    .hasAuthority("SCOPE_admin"));
    return http.build();
  }
}
