package dev.kiln.portal.api;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Spring MVC's refusals in words that name the field, parameter or header at fault and what is
 * wrong with it, for API clients. Spring's own details are generic ("Failed to read request").
 */
final class BadRequests {

  private static final int QUOTE_LIMIT = 80;

  private BadRequests() {}

  /** The message for one of Spring MVC's refusals, or {@code null} to keep Spring's own. */
  static String describe(Exception e) {
    return switch (e) {
      case HttpMessageNotReadableException body -> body(body);
      case MethodArgumentTypeMismatchException argument when inPath(argument) ->
          "The path's "
              + argument.getName()
              + " '"
              + quote(String.valueOf(argument.getValue()))
              + "' is not a valid "
              + argument.getName()
              + ".";
      case MethodArgumentTypeMismatchException argument ->
          "Parameter '"
              + argument.getName()
              + "': "
              + notA(argument.getValue(), argument.getRequiredType());
      case TypeMismatchException type -> notA(type.getValue(), type.getRequiredType());
      case MissingServletRequestParameterException missing ->
          "Query parameter '" + missing.getParameterName() + "' is missing.";
      case HttpMediaTypeNotSupportedException type ->
          "Send the body as JSON, with Content-Type: application/json;"
              + (type.getContentType() == null
                  ? " this request has no usable Content-Type."
                  : " this one is " + type.getContentType() + ".");
      case HttpRequestMethodNotSupportedException method ->
          method.getMethod()
              + " is not allowed here; this path"
              + " allows "
              + String.join(
                  ", ",
                  method.getSupportedMethods() == null
                      ? new String[0]
                      : method.getSupportedMethods())
              + ".";
      default -> null;
    };
  }

  /** Whether a type mismatch is in the request's path rather than its query. */
  private static boolean inPath(Exception e) {
    return e instanceof MethodArgumentTypeMismatchException argument
        && argument.getParameter().hasParameterAnnotation(PathVariable.class);
  }

  private static String body(HttpMessageNotReadableException e) {
    JacksonException json = cause(e, JacksonException.class);
    if (json == null) {
      return e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
          ? "The request needs a JSON body."
          : "The body could not be read as JSON.";
    }
    String path =
        json.getPath().stream()
            .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    String problem =
        switch (json) {
          case InvalidFormatException format -> notA(format.getValue(), format.getTargetType());
          case MismatchedInputException input when input.getTargetType() != null ->
              "expected " + kind(input.getTargetType()) + ".";
          default -> null;
        };
    if (problem != null) {
      return (path.isEmpty() ? "The body: " : "Field '" + path + "': ") + problem;
    }
    String at = path.isEmpty() ? "" : " at field '" + path + "'";
    if (!(json instanceof StreamReadException)) { // a binding problem, whose text names Java types
      return "The body does not have the expected shape" + at + ".";
    }
    String original =
        json.getOriginalMessage() == null
            ? ""
            : json.getOriginalMessage().lines().findFirst().orElse("");
    var where = json.getLocation();
    return "The body is not valid JSON"
        + at
        + ": "
        + quote(original)
        + (where == null || where.getLineNr() < 1
            ? ""
            : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ").");
  }

  /** "'x' is not a whole number from … to …", for a value that could not become {@code type}. */
  private static String notA(Object value, Class<?> type) {
    return "'" + quote(String.valueOf(value)) + "' is not " + kind(type) + ".";
  }

  private static String kind(Class<?> type) {
    if (type == null) {
      return "a value of the right type";
    }
    if (type == int.class || type == Integer.class) {
      return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    }
    if (type == long.class || type == Long.class) {
      return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object of names and string values";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return type.isRecord() ? "a JSON object" : "a value of type " + type.getSimpleName();
  }

  private static String quote(String text) {
    return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "…";
  }

  /** The first exception of {@code type} among {@code e} and its causes, or {@code null}. */
  static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
