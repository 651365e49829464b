package dev.kiln.portal.security;

import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.kiln.portal.user.AuthProperties;
import dev.kiln.portal.user.ExternalAccounts;
import dev.kiln.portal.user.UserService;
import dev.kiln.portal.user.ui.LoginView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/**
 * Log-in with a local password or through the configured identity providers (OpenID Connect, or
 * GitHub), through Vaadin's security configurer; everything but the log-in page needs a user.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
class SecurityConfig {

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http,
      ObjectProvider<ClientRegistrationRepository> providers,
      UserService users,
      ExternalAccounts accounts,
      AuthProperties auth,
      LoginAttempts attempts,
      RequestUtil vaadinRequests)
      throws Exception {
    http.authorizeHttpRequests(
        requests -> requests.requestMatchers("/styles/**", "/actuator/health/**").permitAll());
    http.addFilterBefore(new LoginThrottle(attempts), UsernamePasswordAuthenticationFilter.class);
    http.addFilterAfter(new CurrentAccount(users), SecurityContextHolderFilter.class);
    http.headers(PageHeaders::configure);
    // Vaadin's configurer would exempt the log-in form from CSRF; only Vaadin's own requests are
    // exempt here (they carry Vaadin's token), so a log-in POST needs the page's _csrf token.
    http.csrf(csrf -> csrf.ignoringRequestMatchers(vaadinRequests::isFrameworkInternalRequest));
    if (providers.getIfAvailable() != null) {
      // Identity providers are configured: log in there, too, through the same log-in page.
      http.oauth2Login(
          login ->
              login
                  .loginPage("/login")
                  .failureHandler(new ProviderLoginFailure())
                  .userInfoEndpoint(
                      info ->
                          info.oidcUserService(new OidcAccounts(accounts, auth))
                              .userService(
                                  new GitHubAccounts(
                                      accounts,
                                      auth.github().groupRoles(),
                                      new GitHubMemberships()))));
    }
    // Addresses no rule names go to Vaadin for a logged-in user, whose router shows "not found" or
    // "not available to you" in Kiln's layout; Vaadin's default would answer a bare 403.
    return http.with(
            VaadinSecurityConfigurer.vaadin(),
            vaadin ->
                vaadin
                    .loginView(LoginView.class)
                    .enableCsrfConfiguration(false)
                    .anyRequest(AuthorizeHttpRequestsConfigurer.AuthorizedUrl::authenticated))
        .build();
  }

  /**
   * Used by Spring Security for every OpenID provider's ID tokens: its checks plus {@link
   * ExpectedIssuer}.
   */
  @Bean
  JwtDecoderFactory<ClientRegistration> idTokenDecoders() {
    return ExpectedIssuer.idTokenDecoders();
  }

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }
}
