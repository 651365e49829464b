package dev.kiln.portal.api;

import dev.kiln.portal.base.Incidents;
import dev.kiln.portal.project.InvalidMemberException;
import dev.kiln.portal.secret.InvalidSecretException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.NoSuchElementException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every exception out of the API's controllers into a JSON error with its status: Kiln's own
 * refusals, Spring MVC's (with a message naming what is wrong, {@link BadRequests}), and anything
 * unforeseen as a 500 with a correlation id, logged with its stack trace ({@link Incidents}).
 * Bodies are JSON whatever the request's {@code Accept} header says, so writing an error never
 * fails over the format. Nothing may fall through to Boot's error page: it lives behind the browser
 * log-in.
 */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
class ApiErrors extends ResponseEntityExceptionHandler {

  @ExceptionHandler(NoSuchElementException.class)
  ResponseEntity<ApiError> notFound(NoSuchElementException e) {
    return json(HttpStatus.NOT_FOUND, new ApiError("not_found", e.getMessage()));
  }

  /** The project's builder cannot run builds now, for example because it is not installed. */
  @ExceptionHandler(IllegalStateException.class)
  ResponseEntity<ApiError> conflict(IllegalStateException e) {
    return json(HttpStatus.CONFLICT, new ApiError("conflict", e.getMessage()));
  }

  /**
   * Tomcat could not decode the parameters a controller asked for (a broken escape, a form too
   * large).
   */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ApiError> parameters(InvalidParameterException e) {
    int status = e.getErrorCode() >= 400 ? e.getErrorCode() : 400;
    return json(
        HttpStatusCode.valueOf(status),
        new ApiError(
            ApiError.code(status),
            "The request's parameters cannot" + " be read: use percent-encoded UTF-8."));
  }

  /** Spring Security's firewall refused a parameter or header once something read it. */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<ApiError> rejected(RequestRejectedException e) {
    return json(
        HttpStatus.BAD_REQUEST,
        new ApiError(ApiError.code(400), "Refused by Kiln's firewall: " + e.getMessage()));
  }

  /** Refused by a service: not a member of the project, or a role that is too small there. */
  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ApiError> forbidden(AccessDeniedException e) {
    String message =
        e instanceof AuthorizationDeniedException || e.getMessage() == null
            ? "Your role does not allow this here: in a project it takes membership with a large enough role."
            : e.getMessage();
    return json(HttpStatus.FORBIDDEN, new ApiError("forbidden", message));
  }

  /** A secret that was refused, by field; nothing was changed. */
  @ExceptionHandler(InvalidSecretException.class)
  ResponseEntity<ApiError> invalid(InvalidSecretException e) {
    return json(HttpStatus.BAD_REQUEST, ApiError.invalid(e.field(), e.getMessage()));
  }

  /** A membership change that was refused; nothing was changed. */
  @ExceptionHandler(InvalidMemberException.class)
  ResponseEntity<ApiError> invalid(InvalidMemberException e) {
    return json(HttpStatus.BAD_REQUEST, new ApiError("invalid", e.getMessage()));
  }

  /**
   * A byte range a download cannot serve, with the content's length in {@code Content-Range} as
   * HTTP asks, so a script can ask again for what exists.
   */
  @ExceptionHandler(ByteRange.NotSatisfiable.class)
  ResponseEntity<ApiError> range(ByteRange.NotSatisfiable e) {
    return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
        .header(HttpHeaders.CONTENT_RANGE, "bytes */" + e.length())
        .contentType(MediaType.APPLICATION_JSON)
        .body(new ApiError(ApiError.code(416), e.getMessage()));
  }

  /**
   * Anything no other handler expects: a bug, or a database refusal that no check foresaw. Its text
   * could mislead or reveal internals, so the client gets an id to quote instead.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiError> unexpected(Exception e, HttpServletRequest request) {
    String id = Incidents.record(request.getMethod() + " " + request.getRequestURI(), e);
    return json(HttpStatus.INTERNAL_SERVER_ERROR, ApiError.unexpected(500, id));
  }

  /**
   * Spring MVC's own refusals (a malformed body, a wrong method, a parameter of the wrong type…),
   * with their status.
   */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    LimitedBody.TooLarge tooLarge = BadRequests.cause(e, LimitedBody.TooLarge.class);
    if (tooLarge != null) {
      status = HttpStatus.CONTENT_TOO_LARGE;
    }
    ApiError error;
    if (tooLarge != null) {
      error = new ApiError(ApiError.code(status.value()), tooLarge.getMessage());
    } else if (status.is5xxServerError()) {
      HttpServletRequest servlet = ((ServletWebRequest) request).getRequest();
      String id = Incidents.record(servlet.getMethod() + " " + servlet.getRequestURI(), e);
      error = ApiError.unexpected(status.value(), id);
    } else {
      String message = BadRequests.describe(e);
      if (message == null) {
        message =
            e instanceof ErrorResponse response && response.getBody().getDetail() != null
                ? response.getBody().getDetail()
                : StatusWords.of(status.value());
      }
      error = new ApiError(ApiError.code(status.value()), message);
    }
    HttpHeaders json = new HttpHeaders();
    json.putAll(headers);
    json.setContentType(MediaType.APPLICATION_JSON);
    return ResponseEntity.status(status).headers(json).body(error);
  }

  /**
   * Content type set here so that negotiation is skipped: errors are JSON even for {@code Accept:
   * text/html}.
   */
  private static ResponseEntity<ApiError> json(HttpStatusCode status, ApiError error) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error);
  }
}
