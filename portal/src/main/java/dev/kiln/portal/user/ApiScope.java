package dev.kiln.portal.user;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What an API token may do; each scope implies the ones before it. */
public enum ApiScope {
  READ,
  TRIGGER,
  ADMIN;

  /**
   * The authorities this scope grants, for example {@code SCOPE_read} and {@code SCOPE_trigger} for
   * TRIGGER.
   */
  public List<String> authorities() {
    return Arrays.stream(values())
        .filter(s -> s.ordinal() <= ordinal())
        .map(s -> "SCOPE_" + s.name().toLowerCase(Locale.ROOT))
        .toList();
  }
}
