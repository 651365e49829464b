package dev.kiln.portal.secret;

import java.util.List;

/** A build names secrets that exist neither for its project nor globally. */
public class MissingSecretsException extends RuntimeException {

  private final List<String> missing;

  MissingSecretsException(List<String> missing) {
    super(
        "The build needs "
            + (missing.size() == 1
                ? "a secret that does not exist: "
                : "secrets that do not exist: ")
            + String.join(", ", missing)
            + ". Create "
            + (missing.size() == 1 ? "it" : "them")
            + " as a global secret or a secret of this project, or remove "
            + (missing.size() == 1 ? "it" : "them")
            + " from the project's secrets.");
    this.missing = List.copyOf(missing);
  }

  /** The names that were not found. */
  public List<String> missing() {
    return missing;
  }
}
