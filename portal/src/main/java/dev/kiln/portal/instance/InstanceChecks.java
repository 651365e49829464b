package dev.kiln.portal.instance;

import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.api.SettingField.FieldType;
import dev.kiln.portal.instance.domain.BuilderInstance;
import dev.kiln.portal.instance.domain.BuilderInstanceRepository;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginCalls;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsCodec;
import dev.kiln.portal.secret.MissingSecretsException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Health checks of builder instances, run on a runner node by {@link InstanceCheckJob} (asked for
 * by {@link InstanceCheckRequests}): the builder's check, bounded in time so a host that hangs
 * shows as down, its answer masked and recorded; the periodic run also reaps what dead builds left
 * ({@link OrphanReaper}).
 */
@Component
class InstanceChecks {

  private static final Logger log = LoggerFactory.getLogger(InstanceChecks.class);

  private final BuilderInstanceRepository instances;
  private final PluginHost plugins;
  private final SettingsCodec codec;
  private final InstanceSettingsOpener opener;
  private final OrphanReaper reaper;
  private final TransactionTemplate transactions;
  private final String node;
  private final Clock clock;
  private final Duration limit;

  InstanceChecks(
      BuilderInstanceRepository instances,
      PluginHost plugins,
      SettingsCodec codec,
      InstanceSettingsOpener opener,
      OrphanReaper reaper,
      TransactionTemplate transactions,
      NodeProperties node,
      Clock clock,
      @Value("${kiln.instances.check-limit:60s}") Duration limit) {
    this.instances = instances;
    this.plugins = plugins;
    this.codec = codec;
    this.opener = opener;
    this.reaper = reaper;
    this.transactions = transactions;
    this.node = node.name();
    this.clock = clock;
    this.limit = limit;
  }

  /** Checks every instance, then asks each builder to remove what builds no longer live left. */
  void checkAllAndReap() {
    for (BuilderInstance instance : instances.findAllByName()) {
      try { // one instance that fails must not stop the others' checks
        check(instance.getId());
        reaper.reap(instance);
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
      settings = opener.settingsOf(builder, instance);
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
}
