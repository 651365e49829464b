package dev.kiln.portal.build;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A build filter that names something that cannot be: each field at fault and why. */
public class InvalidBuildFilterException extends IllegalArgumentException {

  private final transient Map<String, String> problems;

  public InvalidBuildFilterException(Map<String, String> problems) {
    super(String.join(" ", problems.values()));
    this.problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
  }

  /** Problem by field: {@code state}, {@code ref}, {@code trigger}, {@code commit}. */
  public Map<String, String> problems() {
    return problems;
  }
}
