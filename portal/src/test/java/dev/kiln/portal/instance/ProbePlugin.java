package dev.kiln.portal.instance;

import dev.kiln.portal.plugin.TestPluginJars;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A test builder with instance settings, installed in the shared test Kiln's plugins folder: its
 * check proposes a key until one is approved, is down for the address "down", and its builds write
 * the instance's settings, secret included (the log must mask it), and the project's.
 */
public final class ProbePlugin {

  private ProbePlugin() {}

  /** Writes the plugin's jar into {@code pluginsDir}. */
  public static void installInto(Path pluginsDir) throws IOException {
    TestPluginJars.plugin(
            "probe-plugin",
            Map.of(
                "test.probe.ProbeBuilder",
                """
        package test.probe;
        import dev.kiln.plugin.api.*;
        import dev.kiln.plugin.api.SettingField.FieldType;
        import java.util.List;
        @org.pf4j.Extension
        public class ProbeBuilder implements Builder {
          public BuilderDescriptor describe() {
            return BuilderDescriptor.available("probe", "Probe", "Reaches an address; runs nothing.", List.of(
                SettingField.required("address", "Address", FieldType.TEXT, "Where the probe reaches.").forInstance(),
                SettingField.optional("token", "Token", FieldType.SECRET_REF, null, "A secret.").forInstance(),
                SettingField.optional("host-key", "Host key", FieldType.MULTILINE, null, "Approved key.").forInstance(),
                SettingField.optional("flavour", "Flavour", FieldType.TEXT, "plain", "Per project.")));
          }
          public List<SettingProblem> validate(BuilderSettings settings) {
            return settings.get("address").filter(a -> a.contains(" ")).isPresent()
                ? List.of(new SettingProblem("address", "An address has no spaces.")) : List.of();
          }
          public Health check(BuilderSettings settings) {
            String address = settings.get("address").orElse("");
            if (address.equals("down")) {
              return Health.down("Nothing answers at down.");
            }
            if (settings.get("host-key").isEmpty()) {
              return Health.needsApproval("The key of " + address + " is not approved.",
                  new Health.SettingProposal("host-key", "key-of-" + address, address + " offers key-of-" + address));
            }
            return Health.up("Reached " + address + " with a token of "
                + settings.secret("token").map(String::length).orElse(0) + " characters.");
          }
          public BuildResult run(BuildRequest request, BuildContext context) {
            var settings = request.settings();
            context.log().line("address=" + settings.get("address").orElse("") + " flavour="
                + settings.get("flavour").orElse("") + " key=" + settings.get("host-key").orElse(""));
            context.log().line("token=" + settings.secret("token").orElse("none"));
            context.log().line("env=" + String.join(",", new java.util.TreeMap<>(request.environment()).values()));
            return BuildResult.exited(0);
          }
        }
        """))
        .writeTo(pluginsDir.resolve("probe-plugin.jar"));
  }
}
