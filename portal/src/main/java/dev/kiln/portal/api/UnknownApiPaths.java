package dev.kiln.portal.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Answers API requests that no endpoint takes, in JSON (see {@link ApiErrorBodies} for why they
 * must not reach Boot's error page): 405 with {@code Allow} when the path exists with other
 * methods, else 404. Any more specific mapping wins over this one, so this runs only when none
 * matched.
 */
@RestController
class UnknownApiPaths {

  private final ObjectProvider<RequestMappingHandlerMapping> mappings;

  UnknownApiPaths(
      @Qualifier("requestMappingHandlerMapping")
          ObjectProvider<RequestMappingHandlerMapping> mappings) {
    this.mappings = mappings;
  }

  @RequestMapping("/api/**")
  ResponseEntity<Void> unknown(HttpServletRequest request)
      throws HttpRequestMethodNotSupportedException {
    Set<String> allowed = new TreeSet<>();
    mappings
        .getObject()
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              if (method.getBeanType() != UnknownApiPaths.class && matchesPath(info, request)) {
                info.getMethodsCondition().getMethods().forEach(m -> allowed.add(m.name()));
              }
            });
    if (allowed.contains(RequestMethod.GET.name())) {
      allowed.add(RequestMethod.HEAD.name()); // Spring MVC answers HEAD wherever GET is mapped
    }
    if (!allowed.isEmpty() && HttpMethod.OPTIONS.matches(request.getMethod())) {
      allowed.add(RequestMethod.OPTIONS.name());
      return ResponseEntity.ok().header(HttpHeaders.ALLOW, String.join(", ", allowed)).build();
    }
    if (!allowed.isEmpty()) {
      throw new HttpRequestMethodNotSupportedException(request.getMethod(), allowed);
    }
    throw new NoSuchElementException("No such API endpoint.");
  }

  private static boolean matchesPath(RequestMappingInfo info, HttpServletRequest request) {
    return info.getPathPatternsCondition() != null
        && info.getPathPatternsCondition().getMatchingCondition(request) != null;
  }
}
