package dev.kiln.portal.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the API's OpenAPI 3.1 description, written by hand: three endpoints do not need a
 * generator, and one more framework that must keep up with Spring Boot's major versions is not
 * worth it. The description is public, like the API's paths themselves.
 */
@RestController
class OpenApiDocument {

  private final byte[] document;

  OpenApiDocument() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("/api/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("api/openapi.json is missing from the jar");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GetMapping(value = "/api/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
  byte[] document() {
    return document.clone();
  }
}
