package dev.kiln.portal.api;

import dev.kiln.portal.build.StoredLog;
import dev.kiln.portal.build.StoredLogs;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.NoSuchElementException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A build's log over REST, as plain UTF-8 text: whole, or the byte range HTTP's {@code Range}
 * header asks for ({@code curl -r 0-999}, {@code curl -r -4096} for the end). Streamed from the
 * stored chunks, never held whole: logs may be as large as a build's limit. While the build runs, a
 * request gets the log as stored at that moment; asking again from its end ({@code bytes=N-}) gets
 * what came since, or 416 when nothing has yet.
 */
@RestController
class BuildLogsApi {

  static final String TEXT = "text/plain; charset=utf-8";

  private final StoredLogs logs;

  BuildLogsApi(StoredLogs logs) {
    this.logs = logs;
  }

  @GetMapping("/api/builds/{id}/log")
  void log(
      @PathVariable long id,
      @RequestHeader(value = HttpHeaders.RANGE, required = false) String range,
      HttpServletResponse response)
      throws IOException {
    StoredLog log = logs.find(id).orElseThrow(() -> new NoSuchElementException("No build " + id));
    ByteRange bytes = ByteRange.of(range, log.length(), "The log of build " + id);
    try (InputStream in = log.from(bytes.first())) {
      bytes.send(response, TEXT, in);
    }
  }
}
