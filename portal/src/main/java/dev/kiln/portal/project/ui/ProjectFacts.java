package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.DescriptionList.Description;
import com.vaadin.flow.component.html.DescriptionList.Term;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.InstanceInfo;
import dev.kiln.portal.instance.ui.InstanceHealthText;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.project.ProjectInfo;
import java.util.Optional;

/**
 * A project's configuration at a glance, under its page's header: its description, its repository,
 * where its builds run and whether they can, what they keep and receive, and its script.
 */
final class ProjectFacts extends VerticalLayout {

  private final ProjectInfo project;
  private final PluginHost plugins;
  private final DescriptionList facts = new DescriptionList();

  ProjectFacts(ProjectInfo project, PluginHost plugins, BuilderInstances instances) {
    this.project = project;
    this.plugins = plugins;
    InstanceInfo instance =
        project.instanceId() == null ? null : instances.find(project.instanceId()).orElse(null);
    facts.addClassName("facts");
    if (project.source().present()) {
      var source = project.source();
      var repository =
          new Description(
              source.repository()
                  + " · "
                  + source.defaultBranch()
                  + (source.credentialSecret().isEmpty()
                      ? ""
                      : " · opened with " + source.credentialSecret()));
      repository.setId("project-repository-fact");
      facts.add(new Term("Repository"), repository);
    }
    addBuilder(instance);
    facts.add(
        new Term("Artifacts"),
        new Description(
            project.artifactPatterns().isEmpty()
                ? "none kept"
                : String.join(", ", project.artifactPatterns())));
    facts.add(
        new Term("Secrets"),
        new Description(
            project.secretNames().isEmpty() ? "none" : String.join(", ", project.secretNames())));
    if (!project.parameters().isEmpty()) {
      var names =
          new Description(
              String.join(
                  ", ", project.parameters().stream().map(ParameterDeclaration::name).toList()));
      names.setId("project-parameters");
      facts.add(new Term("Parameters"), names);
    }
    facts.add(new Term("Timeout"), new Description(Formats.duration(project.timeout())));
    var script = new Pre(project.script());
    script.addClassName("script");
    add(facts, script);
    setPadding(false);
    if (!project.description().isBlank()) {
      addComponentAsFirst(new Paragraph(project.description()));
    }
  }

  /** The builder, why its builds cannot run if they cannot, and an instance's health. */
  private void addBuilder(InstanceInfo instance) {
    String builder =
        instance != null
            ? instance.label()
            : plugins
                .builder(project.builderId())
                .map(b -> b.descriptor().name())
                .orElse(project.builderId() + " (not installed)");
    var builderText = new Description(builder);
    builderText.setId("project-builder-name");
    facts.add(new Term("Builder"), builderText);
    cannotRun(instance)
        .ifPresent(
            reason -> {
              var why = new Span("Builds cannot run: " + reason);
              why.setId("builder-unavailable");
              why.addClassName("error-text");
              facts.add(new Term(""), new Description(why));
            });
    if (instance != null && !instance.automatic() && cannotRun(instance).isEmpty()) {
      var health =
          new Description(
              InstanceHealthText.badge(instance), new Span(" " + InstanceHealthText.of(instance)));
      health.setId("builder-health");
      facts.add(new Term("Builder health"), health);
    }
  }

  /** Why the project's builds cannot start now (its plugin disabled or missing), if they cannot. */
  private Optional<String> cannotRun(InstanceInfo instance) {
    if (instance != null) {
      return Optional.ofNullable(instance.unavailableReason());
    }
    return plugins
        .builder(project.builderId())
        .map(BuilderEntry::unavailableReason)
        .or(() -> Optional.of("the builder '" + project.builderId() + "' is not installed."));
  }
}
