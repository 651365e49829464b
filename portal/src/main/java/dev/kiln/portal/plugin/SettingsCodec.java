package dev.kiln.portal.plugin;

import dev.kiln.plugin.api.BuilderSettings;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores builder settings as versioned JSON ({@code {"schema":1,"values":{...}}}), never as
 * serialized Java objects, so plugins can change without breaking stored projects.
 */
@Component
public class SettingsCodec {

  static final int SCHEMA = 1;

  private final JsonMapper json;

  public SettingsCodec(JsonMapper json) {
    this.json = json;
  }

  /** The JSON for these values. */
  public String write(Map<String, String> values) {
    return json.writeValueAsString(new Stored(SCHEMA, new TreeMap<>(values)));
  }

  /** The values stored in {@code text}. */
  public Map<String, String> read(String text) {
    Stored stored = json.readValue(text, Stored.class);
    if (stored.schema() != SCHEMA) {
      throw new IllegalStateException(
          "settings schema " + stored.schema() + " is newer than this Kiln understands");
    }
    return stored.values() == null ? Map.of() : stored.values();
  }

  /** The settings a builder receives. */
  public BuilderSettings settings(String text) {
    return new BuilderSettings(read(text));
  }

  record Stored(int schema, Map<String, String> values) {}
}
