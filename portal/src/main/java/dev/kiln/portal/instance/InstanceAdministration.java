package dev.kiln.portal.instance;

import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.ConstraintNames;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.instance.domain.BuilderInstance;
import dev.kiln.portal.instance.domain.BuilderInstanceRepository;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsCodec;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin's changes to builder instances: create, edit, delete, approve a proposed value, and ask
 * for a check. Each change is audited; a changed name or settings asks a runner node for a new
 * health check ({@link InstanceCheckRequests}).
 */
@Service
public class InstanceAdministration {

  private final BuilderInstanceRepository instances;
  private final PluginHost plugins;
  private final SettingsCodec codec;
  private final InstanceDraftCheck draftCheck;
  private final InstanceCheckRequests checks;
  private final InstanceUsers users;
  private final AuditLog audit;
  private final BuildService builds;
  private final Clock clock;

  InstanceAdministration(
      BuilderInstanceRepository instances,
      PluginHost plugins,
      SettingsCodec codec,
      InstanceDraftCheck draftCheck,
      InstanceCheckRequests checks,
      InstanceUsers users,
      AuditLog audit,
      BuildService builds,
      Clock clock) {
    this.instances = instances;
    this.plugins = plugins;
    this.codec = codec;
    this.draftCheck = draftCheck;
    this.checks = checks;
    this.users = users;
    this.audit = audit;
    this.builds = builds;
    this.clock = clock;
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
    if (BuilderInstances.instanceFields(builder).isEmpty()) {
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

  /**
   * Asks a runner node to check the instance now; the result shows up in {@link
   * BuilderInstances#find}.
   */
  @PreAuthorize("hasRole('ADMIN')")
  public void checkNow(long id) {
    load(id);
    checks.requestCheck(id);
  }

  private long save(BuilderInstance instance, BuilderEntry builder, InstanceDraft draft) {
    String name = draft.name() == null ? "" : draft.name().strip();
    Map<String, String> settings = draftCheck.check(instance, builder, draft);
    Integer max = draft.maxConcurrent();
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

  private static String limitText(BuilderInstance i) {
    return i.getMaxConcurrent() == null
        ? "; no limit"
        : "; at most " + i.getMaxConcurrent() + " at once";
  }

  private void audited(AuditAction action, BuilderInstance i, String detail) {
    audit.record(AuditEvent.of(action, "builder-instance", i.getId(), i.getName()).detail(detail));
  }
}
