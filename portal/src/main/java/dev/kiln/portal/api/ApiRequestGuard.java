package dev.kiln.portal.api;

import dev.kiln.portal.base.Incidents;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * What the one request filter ({@code web.BodyGate}, the first filter of every request) does for
 * the API, so that an API request is answered in JSON whatever goes wrong outside Spring MVC.
 * Without it, a refusal by a filter (Spring Security's firewall), an exception out of the filter
 * chain or Tomcat's own {@code sendError} goes to Boot's error page at {@code /error}: that page
 * lies outside {@code /api/**}, behind the browser log-in, so the client got a redirect to the
 * log-in page instead of its error.
 *
 * <ul>
 *   <li>On the request: a body over {@link LimitedBody#API_MAX_BYTES} is refused with 413 (or
 *       stopped there when it comes in chunks, whether read as a stream or through a reader), one
 *       that is not JSON with 415, query parameters that cannot be decoded or hold a NUL with 400,
 *       before anything reads them (PostgreSQL cannot store or compare NUL); an exception that
 *       escapes the chain becomes a JSON error.
 *   <li>On the error dispatch of an API request: the status (and exception) is written as JSON, and
 *       the dispatch goes no further.
 * </ul>
 */
public final class ApiRequestGuard {

  private ApiRequestGuard() {}

  /** Whether this request, or the request an error dispatch is for, is the API's. */
  public static boolean applies(HttpServletRequest request) {
    return request.getDispatcherType() == DispatcherType.ERROR
        ? ApiErrorBodies.isApi((String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))
        : ApiErrorBodies.isApi(request);
  }

  /** Guards an API request ({@link #applies}), or answers its error dispatch. */
  public static void guard(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getDispatcherType() == DispatcherType.ERROR) {
      answerErrorDispatch(request, response);
      return;
    }
    if (request.getContentLengthLong() > LimitedBody.API_MAX_BYTES) {
      ApiErrorBodies.write(
          response,
          413,
          new ApiError(
              ApiError.code(413),
              "The body may have at most "
                  + LimitedBody.API_MAX_BYTES
                  + " bytes; this one has "
                  + request.getContentLengthLong()
                  + "."));
      return;
    }
    if (!jsonOrNoBody(request)) {
      ApiErrorBodies.write(
          response,
          415,
          new ApiError(
              ApiError.code(415),
              "Send the body as JSON, with Content-Type:"
                  + " application/json; this one is "
                  + (request.getContentType() == null ? "not given" : request.getContentType())
                  + "."));
      return;
    }
    try {
      String problem = parameterProblem(request);
      if (problem != null) {
        ApiErrorBodies.write(response, 400, new ApiError(ApiError.code(400), problem));
        return;
      }
    } catch (InvalidParameterException e) {
      int status = e.getErrorCode() >= 400 ? e.getErrorCode() : 400;
      ApiErrorBodies.write(
          response,
          status,
          new ApiError(
              ApiError.code(status),
              "The query string cannot be read:"
                  + " use at most a thousand parameters, each percent-encoded UTF-8 (for example %C3%A9 for é)."));
      return;
    }
    try {
      chain.doFilter(new LimitedBody(request, LimitedBody.API_MAX_BYTES), response);
    } catch (IOException | ServletException | RuntimeException e) {
      if (response.isCommitted()) {
        throw e;
      }
      LimitedBody.TooLarge tooLarge = BadRequests.cause(e, LimitedBody.TooLarge.class);
      if (tooLarge != null) { // read outside Spring MVC's converters, which ApiErrors answers
        ApiErrorBodies.write(
            response, 413, new ApiError(ApiError.code(413), tooLarge.getMessage()));
      } else {
        unexpected(request, response, e);
      }
    }
  }

  /**
   * The API reads JSON bodies only. Refusing others here also keeps Tomcat from parsing a form body
   * into parameters, which no endpoint wants.
   */
  private static boolean jsonOrNoBody(HttpServletRequest request) {
    if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
      return true;
    }
    try {
      return request.getContentType() != null
          && MediaType.parseMediaType(request.getContentType())
              .isCompatibleWith(MediaType.APPLICATION_JSON);
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  /** Why the query string's parameters are refused, or {@code null}. */
  private static String parameterProblem(HttpServletRequest request) {
    for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
      if (parameter.getKey().indexOf(0) >= 0) {
        return "A parameter's name contains a NUL character (%00), which Kiln does not accept.";
      }
      for (String value : parameter.getValue()) {
        if (value.indexOf(0) >= 0) {
          return "Parameter '"
              + parameter.getKey()
              + "' contains a NUL character (%00), which Kiln does not accept.";
        }
      }
    }
    return null;
  }

  private static void answerErrorDispatch(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i && i >= 400 ? i : 500;
    Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    if (status >= 500) {
      String where =
          request.getAttribute(RequestDispatcher.ERROR_METHOD)
              + " "
              + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
      String id =
          Incidents.record(
              where, failure != null ? failure : new IllegalStateException("status " + status));
      ApiErrorBodies.write(response, status, ApiError.unexpected(status, id));
      return;
    }
    ApiErrorBodies.write(
        response, status, new ApiError(ApiError.code(status), StatusWords.of(status)));
  }

  private static void unexpected(
      HttpServletRequest request, HttpServletResponse response, Exception e) throws IOException {
    String id = Incidents.record(request.getMethod() + " " + request.getRequestURI(), e);
    ApiErrorBodies.write(
        response, HttpStatus.INTERNAL_SERVER_ERROR.value(), ApiError.unexpected(500, id));
  }
}
