package dev.kiln.portal.instance;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.portal.build.SystemBuilds;
import dev.kiln.portal.instance.domain.BuilderInstance;
import dev.kiln.portal.instance.domain.BuilderInstanceRepository;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginCalls;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsCodec;
import dev.kiln.portal.secret.MissingSecretsException;
import dev.kiln.portal.secret.SecretVault;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Health checks and clean-up for builder instances. Checks run as Quartz jobs, so a runner node
 * does them wherever the admin clicked: the periodic one for every instance, and one for a single
 * instance on demand. A builder's check is bounded in time, so a host that hangs shows as down.
 */
@Component
public class InstanceChecks {

  static final String GROUP = "instance-checks";

  private static final Logger log = LoggerFactory.getLogger(InstanceChecks.class);

  private final Scheduler scheduler;
  private final BuilderInstanceRepository instances;
  private final PluginHost plugins;
  private final SettingsCodec codec;
  private final SecretVault vault;
  private final SystemBuilds builds;
  private final TransactionTemplate transactions;
  private final String node;
  private final Clock clock;
  private final Duration interval;
  private final Duration limit;

  InstanceChecks(
      Scheduler scheduler,
      BuilderInstanceRepository instances,
      PluginHost plugins,
      SettingsCodec codec,
      SecretVault vault,
      SystemBuilds builds,
      TransactionTemplate transactions,
      NodeProperties node,
      Clock clock,
      @Value("${kiln.instances.check-interval:5m}") Duration interval,
      @Value("${kiln.instances.check-limit:60s}") Duration limit) {
    this.scheduler = scheduler;
    this.instances = instances;
    this.plugins = plugins;
    this.codec = codec;
    this.vault = vault;
    this.builds = builds;
    this.transactions = transactions;
    this.node = node.name();
    this.clock = clock;
    this.interval = interval;
    this.limit = limit;
  }

  /** Registers the periodic check once for the whole cluster; the first one runs at once. */
  @EventListener(ApplicationReadyEvent.class)
  void schedulePeriodicChecks() {
    var job =
        JobBuilder.newJob(InstanceCheckJob.class)
            .withIdentity(JobKey.jobKey("all", GROUP))
            .storeDurably()
            .build();
    var trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(TriggerKey.triggerKey("all", GROUP))
            .forJob(job)
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(interval.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build();
    try {
      if (!scheduler.checkExists(trigger.getKey())) {
        scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
      }
    } catch (ObjectAlreadyExistsException e) {
      // Another node registered it at the same moment.
    } catch (SchedulerException e) {
      log.warn("Could not schedule the periodic builder instance checks: {}", e.getMessage());
    }
  }

  /** Asks for one instance's check now; a runner node runs it. */
  void requestCheck(long instanceId) {
    var job =
        JobBuilder.newJob(InstanceCheckJob.class)
            .withIdentity(JobKey.jobKey("one-" + instanceId + "-" + UUID.randomUUID(), GROUP))
            .usingJobData(InstanceCheckJob.INSTANCE_ID, instanceId)
            .build();
    var trigger =
        TriggerBuilder.newTrigger()
            .startNow()
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      scheduler.scheduleJob(job, trigger);
    } catch (SchedulerException e) {
      throw new IllegalStateException("Could not ask for a check: " + e.getMessage(), e);
    }
  }

  /** Checks every instance, then asks each builder to remove what builds no longer live left. */
  void checkAllAndReap() {
    for (BuilderInstance instance : instances.findAllByName()) {
      try { // one instance that fails must not stop the others' checks
        check(instance.getId());
        reap(instance);
      } catch (RuntimeException e) {
        log.warn("Checking builder instance {} failed: {}", instance.getName(), e.toString());
      }
    }
  }

  /** Runs the builder's check for one instance and records what it found. */
  void check(long instanceId) {
    BuilderInstance instance = instances.findById(instanceId).orElse(null);
    if (instance == null) {
      return;
    }
    Result health = health(instance);
    BuilderInstance.Health state =
        health.up()
            ? BuilderInstance.Health.UP
            : health.proposal() != null
                ? BuilderInstance.Health.NEEDS_APPROVAL
                : BuilderInstance.Health.DOWN;
    transactions.executeWithoutResult(
        tx ->
            instances
                .findById(instanceId)
                .ifPresent(
                    current -> {
                      if (!current.getUpdatedAt().equals(instance.getUpdatedAt())) {
                        return; // changed while it was checked: the check that change asked for
                        // will say
                      }
                      current.checked(
                          state,
                          fit(health.message(), BuilderInstance.MESSAGE_LENGTH),
                          node,
                          clock.instant());
                      if (health.proposal() != null) {
                        current.propose(
                            health.proposal().key(),
                            health.proposal().value(),
                            fit(health.proposal().question(), BuilderInstance.MESSAGE_LENGTH));
                      }
                    }));
  }

  private record Result(boolean up, String message, Health.SettingProposal proposal) {}

  private Result health(BuilderInstance instance) {
    BuilderEntry builder = plugins.builder(instance.getBuilderId()).orElse(null);
    if (builder == null) {
      return new Result(
          false,
          "The builder '" + instance.getBuilderId() + "' is not installed on node " + node + ".",
          null);
    }
    if (!builder.isAvailable()) {
      return new Result(false, builder.unavailableReason(), null);
    }
    BuilderSettings settings;
    try {
      settings = settingsOf(builder, instance);
    } catch (MissingSecretsException e) {
      return new Result(
          false,
          "The instance names global secrets that do not exist: "
              + String.join(", ", e.missing())
              + ".",
          null);
    } catch (RuntimeException e) {
      return new Result(
          false,
          "The instance's secrets could not be opened on node " + node + ": " + e.getMessage(),
          null);
    }
    Result result = ask(builder, instance, settings);
    // What a builder says may quote its secrets; the result is stored and shown, so they are
    // masked.
    String message = masked(result.message(), settings);
    Health.SettingProposal proposal =
        result.proposal() == null
            ? null
            : new Health.SettingProposal(
                result.proposal().key(),
                result.proposal().value(),
                masked(result.proposal().question(), settings));
    return new Result(result.up(), message, proposal);
  }

  private static String masked(String text, BuilderSettings settings) {
    String masked = text == null || text.isBlank() ? "The check said nothing." : text;
    for (String value : settings.secrets().values()) {
      if (value != null && value.length() >= 4) {
        masked = masked.replace(value, "***");
      }
    }
    return masked;
  }

  private static String fit(String text, int limit) {
    return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
  }

  private Result ask(BuilderEntry builder, BuilderInstance instance, BuilderSettings settings) {
    PluginCalls.Answer<Health> answer =
        PluginCalls.call(
            "The check of instance " + instance.getName(),
            limit,
            () -> builder.builder().check(settings));
    if (!answer.answered()) {
      return new Result(false, answer.problem(), null);
    }
    Health health = answer.value();
    if (health == null) {
      return new Result(false, "The builder's check answered nothing.", null);
    }
    Health.SettingProposal proposal = validProposal(builder, health.proposal());
    return new Result(health.up(), health.message(), health.up() ? null : proposal);
  }

  /** A proposal counts only for a text setting of the instance; anything else is ignored. */
  private static Health.SettingProposal validProposal(
      BuilderEntry builder, Health.SettingProposal proposal) {
    if (proposal == null) {
      return null;
    }
    boolean known =
        BuilderInstances.instanceFields(builder).stream()
            .anyMatch(
                f ->
                    f.key().equals(proposal.key())
                        && (f.type() == FieldType.TEXT || f.type() == FieldType.MULTILINE));
    return known && proposal.value() != null && proposal.question() != null ? proposal : null;
  }

  private void reap(BuilderInstance instance) {
    BuilderEntry builder = plugins.builder(instance.getBuilderId()).orElse(null);
    if (builder == null || !builder.isAvailable()) {
      return;
    }
    try {
      BuilderSettings settings = settingsOf(builder, instance);
      PluginCalls.Answer<List<String>> answer =
          PluginCalls.call(
              "The clean-up of instance " + instance.getName(),
              limit,
              () -> builder.builder().reapOrphans(settings, builds::isLive));
      if (!answer.answered()) {
        log.warn("Instance {}: {}", instance.getName(), answer.problem());
        return;
      }
      for (String removed : answer.value() == null ? List.<String>of() : answer.value()) {
        log.info("Instance {}: removed what a dead build left: {}", instance.getName(), removed);
      }
    } catch (RuntimeException e) {
      log.warn(
          "Instance {}: removing what dead builds left failed: {}",
          instance.getName(),
          e.toString());
    }
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
