package dev.kiln.portal.e2e.screens;

import com.vaadin.flow.router.RouteData;
import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.startup.ApplicationRouteRegistry;
import jakarta.servlet.ServletContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes a running portal serves, read from Vaadin's route registry rather than written out, so
 * a test that must cover every screen sees a new one.
 */
final class PortalRoutes {

  /** How Vaadin writes a route's URL parameter in its template; group 1 marks it optional. */
  private static final Pattern URL_PARAMETER = Pattern.compile("/?:___url_parameter(\\?)?.*$");

  private PortalRoutes() {}

  /**
   * Every path the portal serves, its URL parameter written {@code {id}}, with the simple name of
   * the view behind it.
   */
  static Map<String, String> served(ServletContext servletContext) {
    var registry = ApplicationRouteRegistry.getInstance(new VaadinServletContext(servletContext));
    Map<String, String> views = new TreeMap<>();
    for (RouteData route : registry.getRegisteredRoutes()) {
      for (String path : paths(route.getTemplate())) {
        views.put(path, route.getNavigationTarget().getSimpleName());
      }
    }
    return views;
  }

  /**
   * The paths a route template stands for: one for a route without a parameter or with a required
   * one, both forms for an optional parameter.
   */
  static List<String> paths(String template) {
    Matcher parameter = URL_PARAMETER.matcher(template);
    if (!parameter.find()) {
      return List.of("/" + template);
    }
    String base = "/" + template.substring(0, parameter.start());
    String withId = (base.equals("/") ? "" : base) + "/{id}";
    return parameter.group(1) == null ? List.of(withId) : List.of(base, withId);
  }
}
