package dev.kiln.portal.instance;

import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingField.Scope;
import dev.kiln.portal.instance.domain.BuilderInstance;
import dev.kiln.portal.instance.domain.BuilderInstanceRepository;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsCodec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Named instances of builders, as projects and screens see them. Admins create them with the
 * builder's instance settings ("arm64 box" for the SSH builder, with its host and key) through
 * {@link InstanceAdministration}; projects pick one. A builder without instance settings gets one
 * automatic instance, named after the builder ({@link AutomaticInstances}).
 */
@Service
public class BuilderInstances {

  private final BuilderInstanceRepository instances;
  private final PluginHost plugins;
  private final SettingsCodec codec;
  private final InstanceUsers users;

  BuilderInstances(
      BuilderInstanceRepository instances,
      PluginHost plugins,
      SettingsCodec codec,
      InstanceUsers users) {
    this.instances = instances;
    this.plugins = plugins;
    this.codec = codec;
    this.users = users;
  }

  /** Every instance, by name; settings only for admins, who manage them. */
  @Transactional(readOnly = true)
  @PreAuthorize("isAuthenticated()")
  public List<InstanceInfo> list() {
    Map<Long, Long> usage = users.projectCounts();
    boolean admin = isAdmin();
    return instances.findAllByName().stream()
        .map(i -> info(i, usage.getOrDefault(i.getId(), 0L), admin))
        .toList();
  }

  @Transactional(readOnly = true)
  @PreAuthorize("isAuthenticated()")
  public Optional<InstanceInfo> find(long id) {
    return instances
        .findById(id)
        .map(i -> info(i, users.projectCounts().getOrDefault(i.getId(), 0L), isAdmin()));
  }

  /** The builder's fields that an admin sets on an instance. */
  public static List<SettingField> instanceFields(BuilderEntry builder) {
    return builder.descriptor().settings().stream()
        .filter(f -> f.scope() == Scope.INSTANCE)
        .toList();
  }

  /**
   * The instance a project picks, checked to be usable by projects: the given one, or when none is
   * given the automatic instance of {@code builderId}.
   *
   * @return the instance's id, builder id and settings, or a problem in words
   */
  @Transactional(readOnly = true)
  public Choice choose(Long instanceId, String builderId) {
    Optional<BuilderInstance> found =
        instanceId != null
            ? instances.findById(instanceId)
            : builderId == null ? Optional.empty() : instances.findAutomatic(builderId);
    if (found.isEmpty()) {
      if (instanceId == null && builderId != null && plugins.builder(builderId).isPresent()) {
        return Choice.problem(
            "The "
                + plugins.builder(builderId).get().descriptor().name()
                + " builder runs on instances an admin sets up. Choose one of its instances.");
      }
      return Choice.problem("Choose a builder.");
    }
    BuilderInstance instance = found.get();
    return new Choice(
        instance.getId(),
        instance.getName(),
        instance.getBuilderId(),
        codec.read(instance.getSettingsJson()),
        null);
  }

  /**
   * An instance as a project uses it.
   *
   * @param problem why it cannot be used, or {@code null}
   */
  public record Choice(
      Long id, String name, String builderId, Map<String, String> settings, String problem) {

    static Choice problem(String problem) {
      return new Choice(null, null, null, Map.of(), problem);
    }
  }

  /**
   * The global secrets that builder instances name (SSH keys, tokens): they belong to the builder,
   * and no project may hand them to its builds, by name or through a project setting.
   *
   * @return secret name to the instance that names it
   */
  @Transactional(readOnly = true)
  public Map<String, String> instanceSecrets() {
    Map<String, String> named = new HashMap<>();
    for (BuilderInstance instance : instances.findAllByName()) {
      Map<String, String> values = codec.read(instance.getSettingsJson());
      plugins
          .builder(instance.getBuilderId())
          .ifPresent(
              builder ->
                  instanceFields(builder).stream()
                      .filter(f -> f.type() == FieldType.SECRET_REF && values.get(f.key()) != null)
                      .forEach(f -> named.putIfAbsent(values.get(f.key()), instance.getName())));
    }
    return named;
  }

  private InstanceInfo info(BuilderInstance i, long usedBy, boolean admin) {
    Optional<BuilderEntry> builder = plugins.builder(i.getBuilderId());
    String unavailable =
        builder.isPresent()
            ? builder.get().unavailableReason()
            : "The builder '" + i.getBuilderId() + "' is not installed on this node.";
    return new InstanceInfo(
        i.getId(),
        i.getName(),
        i.getBuilderId(),
        builder.map(b -> b.descriptor().name()).orElse(i.getBuilderId()),
        i.isAutomatic(),
        admin ? codec.read(i.getSettingsJson()) : Map.of(),
        i.getHealth(),
        admin ? i.getHealthMessage() : "",
        i.getCheckedAt(),
        i.getCheckNode(),
        admin ? i.getLastError() : null,
        admin ? i.getLastErrorAt() : null,
        unavailable,
        admin ? i.getProposalQuestion() : null,
        usedBy,
        i.getUpdatedAt(),
        i.getMaxConcurrent());
  }

  private static boolean isAdmin() {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null
        && auth.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
  }
}
