package dev.kiln.portal.build;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.build.domain.Build;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.SettingsCodec;
import dev.kiln.portal.secret.MissingSecretsException;
import dev.kiln.portal.secret.SecretVault;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Opens a build's secrets just before its builder runs, on the node that runs it, and audits their
 * use: the secrets the project lists (for the script's environment) and the ones its builder
 * settings name (an SSH key, a token).
 */
@Component
class BuildSecrets {

  /**
   * What a build runs with.
   *
   * @param environment the listed secrets, by name, for the script's environment
   * @param settings the builder's settings, with the secrets they name opened
   * @param credentialName the name of the secret that opens the build's repository, or {@code null}
   * @param credential that secret's value, for the fetch alone; {@code null} when it needs none
   * @param notice a line for the build's log when it got no secrets on purpose, or {@code null}
   */
  record Opened(
      Map<String, String> environment,
      BuilderSettings settings,
      String credentialName,
      String credential,
      String notice) {

    /** Every value opened, for the log to mask. */
    List<String> values() {
      List<String> values = new ArrayList<>(environment.values());
      values.addAll(settings.secrets().values());
      if (credential != null) {
        values.add(credential);
      }
      return values;
    }
  }

  private final SecretVault vault;
  private final SettingsCodec codec;
  private final AuditLog audit;

  BuildSecrets(SecretVault vault, SettingsCodec codec, AuditLog audit) {
    this.vault = vault;
    this.codec = codec;
    this.audit = audit;
  }

  /**
   * Opens the build's secrets; none for a build whose {@link SecretsPolicy} withholds them (a
   * fork's pull request no owner approved): not one is opened, so none can reach it.
   *
   * @throws MissingSecretsException when a named secret does not exist
   */
  Opened open(Build build, BuildInfo info, BuilderEntry builder) {
    if (build.getSource().secrets().withheld()) {
      // The credential still opens the repository: it is Kiln's, for the fetch, never the build's.
      return new Opened(
          Map.of(),
          codec.settings(build.getSettingsJson()),
          build.getSource().source().credentialSecret(),
          credential(build, info.projectId()),
          "No secrets: this builds a pull request from a fork; an owner may approve it with"
              + " secrets on the build's page.");
    }
    Map<String, String> secrets =
        build.getSecretNames().isEmpty()
            ? Map.of()
            : vault.open(info.projectId(), build.getSecretNames());
    BuilderSettings settings = codec.settings(build.getSettingsJson());
    settings = settings.withSecrets(openReferences(builder, info.projectId(), settings));
    String credentialName = build.getSource().source().credentialSecret();
    return new Opened(secrets, settings, credentialName, credential(build, info.projectId()), null);
  }

  /** The secret that opens the build's repository, for the fetch; null when it needs none. */
  private String credential(Build build, long projectId) {
    String name = build.getSource().source().credentialSecret();
    return name == null ? null : vault.open(projectId, List.of(name)).get(name);
  }

  /** Records that the build was given its secrets, by name, when it was given any. */
  void audit(BuildInfo info, Opened opened) {
    if (!opened.values().isEmpty()) {
      var names = new TreeSet<>(opened.environment().keySet());
      for (String key : opened.settings().secrets().keySet()) {
        names.add(opened.settings().get(key).orElse(key));
      }
      if (opened.credential() != null) {
        names.add(opened.credentialName() + " (to fetch " + info.repository() + ")");
      }
      audit.record(
          AuditEvent.of(
                  AuditAction.SECRET_USED,
                  "build",
                  info.id(),
                  info.projectName() + " #" + info.number())
              .inProject(info.projectId())
              .detail(
                  "secrets " + String.join(", ", names) + "; triggered by " + info.triggeredBy()));
    }
  }

  /**
   * Opens the secrets the builder's settings name, by setting key: an instance's setting names a
   * global secret (the admin chose it), a project's a secret of the project or a global one.
   */
  private Map<String, String> openReferences(
      BuilderEntry builder, long projectId, BuilderSettings values) {
    Map<String, String> opened = new LinkedHashMap<>();
    for (SettingField field : builder.descriptor().settings()) {
      String name = values.get(field.key()).orElse(null);
      if (field.type() != SettingField.FieldType.SECRET_REF || name == null) {
        continue;
      }
      Map<String, String> value =
          field.scope() == SettingField.Scope.INSTANCE
              ? vault.openGlobal(List.of(name))
              : vault.open(projectId, List.of(name));
      opened.put(field.key(), value.get(name));
    }
    return opened;
  }
}
