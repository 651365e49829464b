package dev.kiln.plugin.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The variables every builder that runs a shell sets for the script, after the checked {@link
 * BuildRequest#environment()}, so that scripts move between builders: {@code KILN_BUILD_ID}; {@code
 * KILN_BUILD_NUMBER} when the request has a number; {@code KILN_GIT_REF} (when the build was asked
 * for a branch or tag) and {@code KILN_GIT_COMMIT} when it builds a commit. {@code KILN_WORKSPACE}
 * is the builder's own to set: only it knows where the workspace is where the script runs.
 *
 * @since 1.4
 */
@Stable
public final class KilnVariables {

  private KilnVariables() {}

  /** The variables for {@code request}'s script, in a fixed order. */
  public static Map<String, String> of(BuildRequest request) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("KILN_BUILD_ID", request.buildId());
    if (request.number() > 0) {
      variables.put("KILN_BUILD_NUMBER", String.valueOf(request.number()));
    }
    Source source = request.source();
    if (source != null) {
      if (source.ref() != null) {
        variables.put("KILN_GIT_REF", source.ref());
      }
      variables.put("KILN_GIT_COMMIT", source.commit());
    }
    return Collections.unmodifiableMap(variables);
  }
}
