package dev.kiln.portal.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.portal.base.Incidents;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The body of every error the API answers with.
 *
 * @param error a short code: the status's name in lower case ({@code not_found}, {@code
 *     bad_request}…) or a refusal of Kiln's own ({@code invalid}, {@code conflict})
 * @param message what is wrong, naming the field or parameter at fault
 * @param fields only on refusals of a body's fields: what is wrong with each, by field name
 * @param correlationId only on unexpected failures (5xx): the id under which Kiln logged the
 *     details
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(String error, String message, Map<String, String> fields, String correlationId) {

  ApiError(String error, String message) {
    this(error, message, null, null);
  }

  /** An unexpected failure, logged under {@code correlationId}. */
  static ApiError unexpected(int status, String correlationId) {
    return new ApiError(code(status), Incidents.message(correlationId), null, correlationId);
  }

  /** A refusal of one field of a body. */
  static ApiError invalid(String field, String message) {
    return new ApiError(
        "invalid", "Field '" + field + "': " + message, Map.of(field, message), null);
  }

  /** The code of a status: its name in lower case, such as {@code method_not_allowed}. */
  static String code(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    return known == null ? "error" : known.name().toLowerCase(Locale.ROOT);
  }
}
