package dev.kiln.portal.security;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;

/**
 * Publishes an event for every log-in that succeeds or fails; the log-in limits and the audit log
 * listen. Spring's default publisher maps only its own exceptions to events, so a failed OpenID
 * log-in (refused at the provider, an invalid ID token, a disabled account) would pass unseen.
 */
@Configuration(proxyBeanMethods = false)
class AuthenticationEvents {

  @Bean
  AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
    var publisher = new DefaultAuthenticationEventPublisher(events);
    publisher.setDefaultAuthenticationFailureEvent(AuthenticationFailureBadCredentialsEvent.class);
    return publisher;
  }
}
