package dev.kiln.portal.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Webhooks under {@code /hooks/**}: open to anyone, with no session, no CSRF token and no log-in
 * page. Each delivery proves itself with an HMAC signature of its body, which the webhook feature
 * checks before it acts; a request without one changes nothing.
 */
@Configuration(proxyBeanMethods = false)
class HookSecurityConfig {

  @Bean
  @Order(2)
  SecurityFilterChain hookFilterChain(HttpSecurity http) throws Exception {
    http.securityMatcher("/hooks/**")
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(csrf -> csrf.disable())
        .formLogin(form -> form.disable())
        .httpBasic(basic -> basic.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .anonymous(anonymous -> anonymous.disable())
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
    return http.build();
  }
}
