package dev.kiln.portal.api;

import dev.kiln.portal.build.Revision;
import dev.kiln.portal.project.InvalidParametersException;
import dev.kiln.portal.project.RefNames;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a REST trigger asks to build: a branch or tag ({@code ref}), or a commit, each handed to the
 * runner to resolve ({@link Revision#requested}); the project's trigger checks the name as it
 * checks any. Both at once are refused: the runner builds a commit without checking that it is on
 * the ref, so the build would claim a branch or tag it may not be on.
 */
final class TriggerRevisions {

  static final String REF = "ref";
  static final String COMMIT = "commit";

  private TriggerRevisions() {}

  /**
   * The revision asked for; {@link Revision#DEFAULT} when neither is given (or both are empty).
   *
   * @throws InvalidParametersException under {@code ref} and {@code commit} when both are given,
   *     under {@code commit} when it is no commit SHA
   */
  static Revision of(String ref, String commit) {
    boolean refGiven = ref != null && !ref.isBlank();
    boolean commitGiven = commit != null && !commit.isBlank();
    if (refGiven && commitGiven) {
      String both =
          "Give a ref or a commit, not both: Kiln builds the commit you name without checking"
              + " it is on the ref, so it could not say honestly which ref it built.";
      throw new InvalidParametersException(Map.of(REF, both, COMMIT, both));
    }
    if (commitGiven) {
      String sha = commit.strip().toLowerCase(Locale.ROOT);
      if (!RefNames.isSha(sha)) {
        String shown = sha.length() > 60 ? sha.substring(0, 60) + "…" : sha;
        throw new InvalidParametersException(
            Map.of(
                COMMIT,
                "'"
                    + shown
                    + "' is not a commit SHA: give 7 to 40 hex digits, for example"
                    + " 3f9c2e1."));
      }
      return Revision.requested(sha);
    }
    return refGiven ? Revision.requested(ref) : Revision.DEFAULT;
  }

  /**
   * Runs the trigger; when it was asked for a commit, a refusal the project's trigger reports under
   * {@code ref} (no repository, a name git refuses) is reported under {@code commit}, the field the
   * caller sent.
   */
  static long naming(String commit, LongSupplier trigger) {
    try {
      return trigger.getAsLong();
    } catch (InvalidParametersException e) {
      if (commit == null || commit.isBlank() || !e.problems().containsKey(REF)) {
        throw e;
      }
      Map<String, String> renamed = new HashMap<>(e.problems());
      renamed.put(COMMIT, renamed.remove(REF));
      throw new InvalidParametersException(renamed);
    }
  }
}
