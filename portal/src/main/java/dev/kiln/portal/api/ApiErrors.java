package dev.kiln.portal.api;

import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns the services' refusals into JSON errors, only for the API's controllers. */
@RestControllerAdvice(basePackageClasses = ApiErrors.class)
class ApiErrors {

  @ExceptionHandler(NoSuchElementException.class)
  ResponseEntity<ApiError> notFound(NoSuchElementException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not_found", e.getMessage()));
  }

  /** The project's builder cannot run builds now, for example because it is not installed. */
  @ExceptionHandler(IllegalStateException.class)
  ResponseEntity<ApiError> conflict(IllegalStateException e) {
    return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("conflict", e.getMessage()));
  }
}
