package dev.kiln.portal.api;

import java.util.List;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the API's error handling into the layers below Spring MVC: Tomcat's error page and content
 * negotiation (the API answers JSON only). The first servlet filter ({@code web.BodyGate}) calls
 * {@link ApiRequestGuard}; {@link ApiErrors} handles what reaches the controllers.
 */
@Configuration(proxyBeanMethods = false)
class ApiErrorConfig implements WebMvcConfigurer {

  /** Runs after Spring Boot's customizer, which puts a plain error report valve on the host. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> apiErrorReportValve() {
    return factory ->
        factory.addContextCustomizers(context -> replaceErrorReportValve(context.getParent()));
  }

  private static void replaceErrorReportValve(Container host) {
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve) {
        host.getPipeline().removeValve(valve);
      }
    }
    host.getPipeline().addValve(new ApiErrorReportValve());
    if (host instanceof StandardHost standard) {
      // Tomcat adds a valve of this class when the host starts, unless one is there.
      standard.setErrorReportValveClass(ApiErrorReportValve.class.getName());
    }
  }

  /**
   * Spring Security's firewall refuses malformed or suspicious requests (a double slash, an encoded
   * dot segment, an unknown method…): API clients get its reason in JSON, others Spring's plain
   * 400.
   */
  @Bean
  RequestRejectedHandler apiRequestRejected() {
    return (request, response, e) -> {
      if (ApiErrorBodies.isApi(request)) {
        ApiErrorBodies.write(
            response,
            400,
            new ApiError(ApiError.code(400), "Refused by Kiln's firewall: " + e.getMessage()));
      } else {
        response.sendError(400);
      }
    };
  }

  @Override
  public void configureContentNegotiation(ContentNegotiationConfigurer negotiation) {
    negotiation.strategies(List.of(new JsonOnlyForApi(new HeaderContentNegotiationStrategy())));
  }
}
