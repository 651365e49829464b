package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Div;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.Parameters;
import dev.kiln.portal.plugin.PluginHost;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What there is to know about a build besides its state: builder, node, trigger, parameters,
 * attempts and retries, its place in the queue while queued, and its times. Each {@link #show}
 * reads only what can have changed: the queue position while queued, the retry of a lost build; the
 * build it retries is read once.
 */
final class BuildFacts extends DescriptionList {

  private final BuildService builds;
  private final PluginHost plugins;
  private final Map<String, String> parameters;
  private Optional<BuildInfo> retryOf;
  private Optional<BuildInfo> rebuildOf;

  /**
   * @param parameters what the script received, fixed when the build was queued
   */
  BuildFacts(BuildService builds, PluginHost plugins, Map<String, String> parameters) {
    this.builds = builds;
    this.plugins = plugins;
    this.parameters = parameters;
    addClassName("facts");
  }

  void show(BuildInfo build) {
    removeAll();
    String builder =
        plugins
            .builder(build.builderId())
            .map(b -> b.descriptor().name())
            .orElse(build.builderId());
    fact(
        "Builder",
        build.instanceName() == null || build.instanceName().equalsIgnoreCase(builder)
            ? builder
            : build.instanceName() + " (" + builder + ")");
    fact("Node", build.node() == null ? "–" : build.node());
    fact("Triggered by", build.triggeredBy()).setId("build-trigger");
    Map<String, String> declared = Parameters.declared(parameters);
    if (!declared.isEmpty()) {
      values("Parameters", declared).setId("build-parameters");
    }
    if (declared.size() < parameters.size()) {
      var variables = new TreeMap<>(parameters);
      variables.keySet().removeAll(declared.keySet());
      values("Trigger variables", variables).setId("build-variables");
    }
    if (build.attempt() > 1) {
      fact("Attempt", String.valueOf(build.attempt())).setId("build-attempt");
    }
    if (build.retryOf() != null) {
      if (retryOf == null) {
        retryOf = builds.find(build.retryOf());
      }
      retryOf.ifPresent(lost -> link("Retry of", lost).setId("build-retry-of"));
    }
    if (build.rebuildOf() != null) {
      if (rebuildOf == null) {
        rebuildOf = builds.find(build.rebuildOf());
      }
      rebuildOf.ifPresent(old -> link("Rebuild of", old).setId("build-rebuild-of"));
    }
    if (build.state().isFinal()) {
      rebuiltAs(build);
    }
    if (build.state() == BuildState.LOST) {
      builds
          .retriedAs(build.id())
          .ifPresent(again -> link("Retried as", again).setId("build-retried-as"));
    }
    if (build.state() == BuildState.QUEUED) {
      fact("Queue", queuePosition(build)).setId("build-queue-position");
    }
    fact("Queued", Formats.time(build.queuedAt()));
    fact("Started", Formats.time(build.startedAt()));
    fact("Finished", Formats.time(build.finishedAt()));
    fact(
        "Duration",
        build.state().isFinal() ? Formats.duration(build.duration(Instant.now())) : "–");
    fact("Exit code", build.exitCode() == null ? "–" : build.exitCode().toString());
  }

  /** The builds that rebuilt this one, read again only while there may be new ones. */
  private void rebuiltAs(BuildInfo build) {
    var again = builds.rebuiltAs(build.id());
    if (again.isEmpty()) {
      return;
    }
    var list = new Div();
    for (BuildInfo rebuild : again) {
      list.add(anchor(rebuild), new Text(" "));
    }
    var description = new Description(list);
    description.setId("build-rebuilt-as");
    add(new Term("Rebuilt as"), description);
  }

  private String queuePosition(BuildInfo build) {
    return builds
        .queuePosition(build.id())
        .map(
            p ->
                Formats.ordinal(p.position())
                    + " of "
                    + p.queued()
                    + (build.waiting() ? ", waiting for its instance's limit" : ""))
        .orElse("–");
  }

  /** Values the script received, one per line, as data: never a link, never markup. */
  private Description values(String term, Map<String, String> values) {
    var list = new Div();
    list.addClassName("build-parameters");
    values.forEach(
        (name, value) -> {
          var line = new Div(name + "=" + value);
          line.addClassName("monospace");
          list.add(line);
        });
    var description = new Description(list);
    add(new Term(term), description);
    return description;
  }

  /**
   * A fact that opens another build of the project (a full page load: this view shows one build).
   */
  private Description link(String term, BuildInfo other) {
    var description = new Description(anchor(other));
    add(new Term(term), description);
    return description;
  }

  private static Anchor anchor(BuildInfo other) {
    var anchor =
        new Anchor(
            "builds/" + other.id(),
            "#" + other.number() + " (" + other.state().name().toLowerCase(Locale.ROOT) + ")");
    anchor.getElement().setAttribute("router-ignore", true);
    return anchor;
  }

  private Description fact(String term, String value) {
    var description = new Description(value);
    add(new Term(term), description);
    return description;
  }
}
