package dev.kiln.portal.web;

import jakarta.servlet.DispatcherType;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.tomcat.TomcatProtocolHandlerCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The embedded Tomcat's settings that {@code application.yml} cannot express, and the {@link
 * BodyGate} in front of every other filter. The yml sets the read and write timeout ({@code
 * server.tomcat.connection-timeout}: a client that sends nothing, or reads nothing of an answer,
 * for that long is cut off), that no unread body is drained, and the form size.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedServer {

  /**
   * While a body is being read, a read that gets nothing ends after {@code kiln.web.body-timeout}
   * rather than after the connection timeout, so that {@link BodyGate}'s deadline holds even for a
   * client that stops sending altogether.
   */
  @Bean
  TomcatProtocolHandlerCustomizer<AbstractHttp11Protocol<?>> bodyReadTimeout(WebProperties limits) {
    return protocol -> {
      protocol.setDisableUploadTimeout(false);
      protocol.setConnectionUploadTimeout((int) limits.bodyTimeout().toMillis());
    };
  }

  /**
   * Every page of the portal reaches Vaadin through a forward (Spring MVC's catch-all mapping). By
   * default Tomcat 11 then finishes the response underneath the filters' wrappers, so Spring
   * Security never learns it was committed and its headers (Content-Security-Policy, nosniff,
   * no-store…) were missing from every page. Closing through the wrappers, as Tomcat did before,
   * lets them write their headers at the commit.
   */
  @Bean
  TomcatContextCustomizer closeForwardedResponsesThroughFilters() {
    return context -> context.setSuspendWrappedResponseAfterForward(false);
  }

  @Bean
  FilterRegistrationBean<BodyGate> bodyGate(WebProperties limits) {
    var registration = new FilterRegistrationBean<>(new BodyGate(limits));
    registration.addUrlPatterns("/*"); // an error dispatch's path is /error, not the API's
    registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
    // Right after the character encoding filter (which forms need), before Spring Security (-100).
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
