package dev.kiln.portal.build;

import dev.kiln.plugin.api.EnvironmentPolicy;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a build's script receives beyond its secrets, stored as a JSON object of strings: the values
 * of the project's declared parameters, and the variables Kiln sets from the trigger itself (names
 * starting with {@link EnvironmentPolicy#WEBHOOK_PREFIX}), which no declaration may take.
 */
public final class Parameters {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private Parameters() {}

  public static String write(Map<String, String> parameters) {
    return JSON.writeValueAsString(new TreeMap<>(parameters));
  }

  public static Map<String, String> read(String json) {
    return json == null || json.isBlank() ? Map.of() : Map.copyOf(JSON.readValue(json, MAP));
  }

  /** The declared parameters among what a build receives: all but Kiln's own variables. */
  public static Map<String, String> declared(Map<String, String> environment) {
    var declared = new TreeMap<>(environment);
    declared.keySet().removeIf(name -> name.startsWith(EnvironmentPolicy.WEBHOOK_PREFIX));
    return declared;
  }
}
