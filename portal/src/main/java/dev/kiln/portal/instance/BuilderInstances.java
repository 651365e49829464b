package dev.kiln.portal.instance;

import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.plugin.api.SettingField.Scope;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.ConstraintNames;
import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.instance.domain.BuilderInstance;
import dev.kiln.portal.instance.domain.BuilderInstanceRepository;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsCodec;
import dev.kiln.portal.plugin.SettingsValidator;
import dev.kiln.portal.secret.SecretInfo;
import dev.kiln.portal.secret.SecretService;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Named instances of builders. Admins create them with the builder's instance settings ("arm64 box"
 * for the SSH builder, with its host and key); projects pick one. A builder without instance
 * settings gets one automatic instance, named after the builder.
 */
@Service
public class BuilderInstances {

  private final BuilderInstanceRepository instances;
  private final PluginHost plugins;
  private final SettingsCodec codec;
  private final SecretService secrets;
  private final InstanceChecks checks;
  private final InstanceUsers users;
  private final AuditLog audit;
  private final BuildService builds;
  private final Clock clock;

  BuilderInstances(
      BuilderInstanceRepository instances,
      PluginHost plugins,
      SettingsCodec codec,
      SecretService secrets,
      InstanceChecks checks,
      InstanceUsers users,
      AuditLog audit,
      BuildService builds,
      Clock clock) {
    this.builds = builds;
    this.instances = instances;
    this.plugins = plugins;
    this.codec = codec;
    this.secrets = secrets;
    this.checks = checks;
    this.users = users;
    this.audit = audit;
    this.clock = clock;
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
   * Creates an instance and asks for its first health check.
   *
   * @throws InvalidInstanceException when something is wrong; nothing is saved then
   */
  @PreAuthorize("hasRole('ADMIN')")
  @Transactional
  public long create(InstanceDraft draft) {
    BuilderEntry builder =
        draft.builderId() == null ? null : plugins.builder(draft.builderId()).orElse(null);
    if (builder == null) {
      throw new InvalidInstanceException(
          Map.of(InvalidInstanceException.BUILDER, "Choose a builder."));
    }
    if (instanceFields(builder).isEmpty()) {
      throw new InvalidInstanceException(
          Map.of(
              InvalidInstanceException.BUILDER,
              "The "
                  + builder.descriptor().name()
                  + " builder has no instance settings: Kiln keeps one instance of it, and projects pick that."));
    }
    BuilderInstance instance = new BuilderInstance(builder.id(), false, clock.instant());
    long id = save(instance, builder, draft);
    audited(
        AuditAction.INSTANCE_CREATED, instance, "builder " + builder.id() + limitText(instance));
    checks.requestCheck(id);
    return id;
  }

  /**
   * Renames an instance, changes its settings (its health is then unknown until the check this asks
   * for) or its limit of builds at once.
   *
   * @param changedAt when the instance the admin edited was last changed; if it changed since,
   *     nothing is saved
   */
  @PreAuthorize("hasRole('ADMIN')")
  @Transactional
  public void update(long id, Instant changedAt, InstanceDraft draft) {
    BuilderInstance instance = load(id);
    if (!instance.getUpdatedAt().equals(changedAt)) {
      throw new InvalidInstanceException(
          Map.of(
              InvalidInstanceException.GENERAL,
              "Someone else changed this instance since you opened it. Reload the page to see their changes."));
    }
    BuilderEntry builder =
        plugins
            .builder(instance.getBuilderId())
            .orElseThrow(
                () ->
                    new InvalidInstanceException(
                        Map.of(
                            InvalidInstanceException.BUILDER,
                            "The builder '" + instance.getBuilderId() + "' is not installed.")));
    String name = instance.getName();
    String settings = instance.getSettingsJson();
    save(
        instance,
        builder,
        new InstanceDraft(
            draft.name(), instance.getBuilderId(), draft.settings(), draft.maxConcurrent()));
    audited(
        AuditAction.INSTANCE_UPDATED,
        instance,
        "builder " + instance.getBuilderId() + limitText(instance));
    builds.offerWaiting(id); // a raised or removed limit starts waiting builds now
    if (!name.equals(instance.getName()) || !settings.equals(instance.getSettingsJson())) {
      checks.requestCheck(id); // a new limit alone changes nothing a check would see
    }
  }

  /**
   * Deletes an instance.
   *
   * @throws IllegalStateException when projects use it, or Kiln made it; nothing is deleted then
   */
  @PreAuthorize("hasRole('ADMIN')")
  @Transactional
  public void delete(long id) {
    BuilderInstance instance = load(id);
    if (instance.isAutomatic()) {
      throw new IllegalStateException(
          "Kiln keeps this instance for the "
              + instance.getName()
              + " builder; disable its plugin instead.");
    }
    List<String> usedBy = users.projectsUsing(id);
    if (!usedBy.isEmpty()) {
      throw new IllegalStateException(
          "Projects use this instance: "
              + String.join(", ", usedBy)
              + ". Move them to another instance first.");
    }
    instances.delete(instance);
    try {
      instances.flush();
    } catch (DataIntegrityViolationException e) {
      throw new IllegalStateException(
          "A project started using this instance meanwhile. Reload the page.");
    }
    audited(AuditAction.INSTANCE_DELETED, instance, "builder " + instance.getBuilderId());
  }

  /**
   * Stores the value the instance's builder proposed (a host key seen for the first time) in its
   * setting, and asks for a new check.
   *
   * @param question the question the admin saw; if the proposal changed since, nothing is stored
   */
  @PreAuthorize("hasRole('ADMIN')")
  @Transactional
  public void approve(long id, String question) {
    BuilderInstance instance = load(id);
    if (instance.getProposalKey() == null || !instance.getProposalQuestion().equals(question)) {
      throw new IllegalStateException(
          "The instance's check proposes something else now. Reload the page.");
    }
    Map<String, String> settings = new HashMap<>(codec.read(instance.getSettingsJson()));
    settings.put(instance.getProposalKey(), instance.getProposalValue());
    instance.configure(instance.getName(), codec.write(settings), clock.instant());
    audited(AuditAction.INSTANCE_VALUE_APPROVED, instance, question);
    checks.requestCheck(id);
  }

  /** Asks a runner node to check the instance now; the result shows up in {@link #find}. */
  @PreAuthorize("hasRole('ADMIN')")
  public void checkNow(long id) {
    load(id);
    checks.requestCheck(id);
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

  /**
   * Makes sure each loaded builder without instance settings has its automatic instance, and
   * attaches projects that have none yet (made before instances existed) to it.
   */
  @Transactional
  public void ensureAutomatic() {
    for (BuilderEntry builder : plugins.builders()) {
      if (!instanceFields(builder).isEmpty() || instances.findAutomatic(builder.id()).isPresent()) {
        continue;
      }
      BuilderInstance instance = new BuilderInstance(builder.id(), true, clock.instant());
      instance.configure(
          freeName(builder.descriptor().name()), codec.write(Map.of()), clock.instant());
      instances.saveAndFlush(instance);
    }
    for (BuilderInstance automatic : instances.findAllByName()) {
      if (automatic.isAutomatic()) {
        users.attachUnassigned(automatic.getBuilderId(), automatic.getId());
      }
    }
  }

  private String freeName(String wanted) {
    String name = wanted;
    for (int n = 2; instances.findByName(name).isPresent(); n++) {
      name = wanted + " " + n;
    }
    return name;
  }

  private long save(BuilderInstance instance, BuilderEntry builder, InstanceDraft draft) {
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
    for (SettingField field : instanceFields(builder)) {
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
    String json = codec.write(settings);
    if (instance.getId() == null
        || !name.equals(instance.getName())
        || !json.equals(instance.getSettingsJson())) {
      instance.configure(name, json, clock.instant()); // its health is unknown until checked again
    }
    instance.limit(max, clock.instant()); // a new limit alone leaves the health as it was
    try {
      return instances.saveAndFlush(instance).getId();
    } catch (DataIntegrityViolationException e) {
      if (ConstraintNames.of(e).filter("builder_instances_name_key"::equals).isEmpty()) {
        throw e; // unforeseen: an error with a correlation id rather than a guess
      }
      throw new InvalidInstanceException(
          Map.of(
              InvalidInstanceException.NAME, "An instance named '" + name + "' already exists."));
    }
  }

  private BuilderInstance load(long id) {
    return instances
        .findById(id)
        .orElseThrow(() -> new NoSuchElementException("No builder instance " + id));
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

  private static String limitText(BuilderInstance i) {
    return i.getMaxConcurrent() == null
        ? "; no limit"
        : "; at most " + i.getMaxConcurrent() + " at once";
  }

  private void audited(AuditAction action, BuilderInstance i, String detail) {
    audit.record(AuditEvent.of(action, "builder-instance", i.getId(), i.getName()).detail(detail));
  }

  private static boolean isAdmin() {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null
        && auth.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
  }
}
