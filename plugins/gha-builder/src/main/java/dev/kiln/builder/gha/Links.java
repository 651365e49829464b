package dev.kiln.builder.gha;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads GitHub's pagination: {@code Link: <https://…&page=2>; rel="next", <…>; rel="last"}. */
final class Links {

  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

  private Links() {}

  /** The next page's URL, when the response is not the last page. */
  static Optional<URI> next(HttpHeaders headers) {
    for (String value : headers.allValues("link")) {
      Matcher matcher = NEXT.matcher(value);
      if (matcher.find()) {
        return Optional.of(URI.create(matcher.group(1)));
      }
    }
    return Optional.empty();
  }
}
