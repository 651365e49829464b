package dev.kiln.portal.instance;

import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingField.Scope;
import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.instance.domain.BuilderInstance;
import dev.kiln.portal.instance.domain.BuilderInstanceRepository;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.SettingsValidator;
import dev.kiln.portal.secret.SecretInfo;
import dev.kiln.portal.secret.SecretService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Checks an admin's draft of an instance: its name (free, and within the rules), its limit of
 * builds at once, its settings by the builder's schema, and that each secret it names is a global
 * secret. Every problem is reported at once, by field.
 */
@Component
class InstanceDraftCheck {

  private final BuilderInstanceRepository instances;
  private final SecretService secrets;

  InstanceDraftCheck(BuilderInstanceRepository instances, SecretService secrets) {
    this.instances = instances;
    this.secrets = secrets;
  }

  /**
   * @return the draft's settings, cleaned by the builder's schema
   * @throws InvalidInstanceException with every problem, by field
   */
  Map<String, String> check(BuilderInstance instance, BuilderEntry builder, InstanceDraft draft) {
    Map<String, String> problems = new LinkedHashMap<>();
    String name = draft.name() == null ? "" : draft.name().strip();
    String nameProblem =
        name.isEmpty()
            ? "Give the instance a name."
            : TextRules.nameProblem(name, BuilderInstance.NAME_LENGTH);
    if (nameProblem != null) {
      problems.put(InvalidInstanceException.NAME, nameProblem);
    } else if (instances
        .findByName(name)
        .filter(other -> !other.getId().equals(instance.getId()))
        .isPresent()) {
      problems.put(
          InvalidInstanceException.NAME, "An instance named '" + name + "' already exists.");
    }
    Integer max = draft.maxConcurrent();
    if (max != null && (max < 1 || max > InstanceDraft.MAX_CONCURRENT)) {
      problems.put(
          InvalidInstanceException.MAX_CONCURRENT,
          "Give from 1 to "
              + InstanceDraft.MAX_CONCURRENT
              + " builds at once, or leave it empty for no limit.");
    }
    problems.putAll(
        SettingsValidator.problems(builder, Scope.INSTANCE, draft.settings(), Map.of()));
    Map<String, String> settings =
        SettingsValidator.clean(builder, Scope.INSTANCE, draft.settings());
    Set<String> globalSecrets =
        secrets.list(null).stream().map(SecretInfo::name).collect(Collectors.toSet());
    for (SettingField field : BuilderInstances.instanceFields(builder)) {
      String value = settings.get(field.key());
      if (field.type() == FieldType.SECRET_REF && value != null && !globalSecrets.contains(value)) {
        problems.putIfAbsent(
            field.key(),
            "There is no global secret named '"
                + value
                + "'. Create it on the Secrets screen first; an instance uses global secrets only.");
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInstanceException(problems);
    }
    return settings;
  }
}
