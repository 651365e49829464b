package dev.kiln.portal.instance;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.portal.instance.domain.BuilderInstance;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.SettingsCodec;
import dev.kiln.portal.secret.SecretVault;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Opens the global secrets an instance's settings name, for its builder's check and clean-up. */
@Component
class InstanceSettingsOpener {

  private final SettingsCodec codec;
  private final SecretVault vault;

  InstanceSettingsOpener(SettingsCodec codec, SecretVault vault) {
    this.codec = codec;
    this.vault = vault;
  }

  /** The instance's settings with its secret references opened (global secrets only). */
  BuilderSettings settingsOf(BuilderEntry builder, BuilderInstance instance) {
    Map<String, String> values = codec.read(instance.getSettingsJson());
    Map<String, String> refs = new LinkedHashMap<>();
    for (SettingField field : BuilderInstances.instanceFields(builder)) {
      if (field.type() == FieldType.SECRET_REF && values.get(field.key()) != null) {
        refs.put(field.key(), values.get(field.key()));
      }
    }
    if (refs.isEmpty()) {
      return new BuilderSettings(values);
    }
    Map<String, String> opened = vault.openGlobal(refs.values());
    Map<String, String> secrets = new LinkedHashMap<>();
    refs.forEach((key, name) -> secrets.put(key, opened.get(name)));
    return new BuilderSettings(values, secrets);
  }
}
