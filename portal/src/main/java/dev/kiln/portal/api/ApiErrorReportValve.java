package dev.kiln.portal.api;

import dev.kiln.portal.base.Incidents;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error page, in JSON for API paths. Tomcat refuses some requests before any filter sees
 * them (a broken percent-encoding or an encoded slash in the path, a header too large, a control
 * character in a header) and answers those with this valve's page, which is HTML by default. A
 * request line Tomcat could not read at all (a backslash or a pipe in it) has no path to tell an
 * API request by, so it gets JSON too. Other paths keep Tomcat's page, without its report and
 * server version, as Spring Boot sets it.
 */
public final class ApiErrorReportValve extends ErrorReportValve {

  public ApiErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    String path = request.getRequestURI();
    if (path != null && !path.isEmpty() && !ApiErrorBodies.isApi(path)) {
      super.report(request, response, throwable);
      return;
    }
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    ApiError error;
    if (status >= 500) {
      String id =
          Incidents.record(
              request.getMethod() + " " + request.getRequestURI(),
              throwable != null
                  ? throwable
                  : new IllegalStateException("Tomcat answered " + status));
      error = ApiError.unexpected(status, id);
    } else {
      String tomcat = response.getMessage();
      error =
          new ApiError(
              ApiError.code(status),
              StatusWords.of(status)
                  + (tomcat == null || tomcat.isBlank() ? "" : " Tomcat says: " + tomcat));
    }
    try {
      ApiErrorBodies.write(response, status, error);
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response cannot take a body: there is no one left to tell.
    }
  }
}
