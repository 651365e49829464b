package dev.kiln.portal.api;

import java.util.NoSuchElementException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers paths under {@code /api} that no endpoint serves with a JSON 404 (see {@link ApiErrors}
 * for why they must not reach Boot's error page). More specific mappings always win over this one.
 */
@RestController
class UnknownApiPaths {

  @RequestMapping("/api/**")
  void unknown() {
    throw new NoSuchElementException("No such API endpoint.");
  }
}
