package dev.kiln.portal.api;

import dev.kiln.portal.project.InvalidMemberException;
import dev.kiln.portal.secret.InvalidSecretException;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every refusal of the API's controllers into a JSON error. Nothing may fall through to Boot's
 * error page: it lives outside {@code /api/**}, behind the browser log-in, so a client would get a
 * redirect to the log-in page instead of its error.
 */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
class ApiErrors extends ResponseEntityExceptionHandler {

  @ExceptionHandler(NoSuchElementException.class)
  ResponseEntity<ApiError> notFound(NoSuchElementException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not_found", e.getMessage()));
  }

  /** The project's builder cannot run builds now, for example because it is not installed. */
  @ExceptionHandler(IllegalStateException.class)
  ResponseEntity<ApiError> conflict(IllegalStateException e) {
    return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("conflict", e.getMessage()));
  }

  /** Refused by a service: not a member of the project, or a role that is too small there. */
  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ApiError> forbidden(AccessDeniedException e) {
    String message = e instanceof AuthorizationDeniedException || e.getMessage() == null
        ? "Your role does not allow this here: in a project it takes membership with a large enough role."
        : e.getMessage();
    return ResponseEntity.status(HttpStatus.FORBIDDEN).body(new ApiError("forbidden", message));
  }

  /** A secret or membership change that was refused; nothing was changed. */
  @ExceptionHandler({InvalidSecretException.class, InvalidMemberException.class})
  ResponseEntity<ApiError> invalid(RuntimeException e) {
    return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(new ApiError("invalid", e.getMessage()));
  }

  /** Spring MVC's own refusals (a malformed id, a wrong method…), with their status. */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
      HttpStatusCode status, WebRequest request) {
    HttpStatus known = HttpStatus.resolve(status.value());
    String error = known == null ? "error" : known.name().toLowerCase(Locale.ROOT);
    String message = e instanceof ErrorResponse response && response.getBody().getDetail() != null
        ? response.getBody().getDetail() : error;
    return ResponseEntity.status(status).headers(headers).body(new ApiError(error, message));
  }
}
