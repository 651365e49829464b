package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.portal.base.ui.AccessDeniedView;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.InstanceInfo;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.project.RepositoryChecks;
import dev.kiln.portal.secret.SecretService;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;

/**
 * Creates a project ({@code projects/edit}) or changes one ({@code projects/edit/ID}): loads the
 * draft into the form's parts, saves it through the service, and shows the service's problems on
 * the fields at fault.
 */
@Route("projects/edit")
@PermitAll
public final class ProjectEditView extends VerticalLayout
    implements HasUrlParameter<Long>, HasDynamicTitle {

  private final ProjectService projects;
  private final AuthenticationContext auth;
  private final H2 title = new H2();
  private final NameFields naming = new NameFields();
  private final SourceFields source;
  private final BuilderFields builder;
  private final ScriptFields script = new ScriptFields();
  private final QueueFields queue = new QueueFields();
  private final ParametersEditor parameters = new ParametersEditor();
  private Long projectId;
  private Instant changedAt;

  public ProjectEditView(
      ProjectService projects,
      PluginHost plugins,
      BuilderInstances instances,
      SecretService secrets,
      RepositoryChecks checks,
      AuthenticationContext auth) {
    this.projects = projects;
    this.auth = auth;
    var access = new AccessCheck(checks);
    this.source = new SourceFields(secrets, access);
    access.connect(() -> projectId, source::source, this::showCheckProblems);
    this.builder = new BuilderFields(plugins, instances);
    addClassName("page");
    setMaxWidth("60rem");
    add(title, configureForm(), parameters, configureButtons());
  }

  @Override
  public void setParameter(BeforeEvent event, @OptionalParameter Long id) {
    projectId = id;
    if (id == null && !auth.hasAnyRole("ADMIN", "MAINTAINER")) {
      event.rerouteToError(
          com.vaadin.flow.router.AccessDeniedException.class,
          "Creating projects needs the maintainer or admin role. Ask an admin if you need it.");
      return;
    }
    try {
      ProjectDraft draft = id == null ? newDraft() : projects.draft(id);
      changedAt = id == null ? null : projects.find(id).orElseThrow().updatedAt();
      title.setText(id == null ? "New project" : "Edit " + draft.name());
      source.offerCredentials(id);
      parts().forEach(part -> part.fill(draft));
      parameters.show(draft.parameters());
    } catch (NoSuchElementException e) {
      event.rerouteToError(NoSuchElementException.class, "No such project.");
    } catch (AccessDeniedException e) {
      event.rerouteToError(
          com.vaadin.flow.router.AccessDeniedException.class, AccessDeniedView.reasonFor(e));
    }
  }

  @Override
  public String getPageTitle() {
    return title.getText() + " · Kiln";
  }

  /** The form's parts, in the order it shows them. */
  private List<ProjectFormPart> parts() {
    return List.of(naming, source, builder, script, queue);
  }

  private FormLayout configureForm() {
    var form = new FormLayout();
    parts().forEach(part -> part.components().forEach(form::add));
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
    return form;
  }

  private HorizontalLayout configureButtons() {
    var save = new Button("Save", e -> save());
    save.setId("save-project");
    save.addThemeVariants(ButtonVariant.PRIMARY);
    var cancel = new Button("Cancel", e -> leave(projectId));
    return new HorizontalLayout(save, cancel);
  }

  private ProjectDraft newDraft() {
    InstanceInfo first = builder.firstAvailable().orElse(null);
    return new ProjectDraft(
        "",
        "",
        first == null ? null : first.builderId(),
        first == null ? Map.of() : builder.defaultSettings(first),
        "#!/bin/bash\necho \"Hello from build $KILN_BUILD_ID\"\n",
        List.of(),
        Duration.ofHours(1),
        List.of(),
        first == null ? null : first.id(),
        ProjectDraft.DEFAULT_PRIORITY,
        ProjectDraft.DEFAULT_RETRIES,
        List.of(),
        ProjectSource.NONE);
  }

  private void save() {
    parts().forEach(ProjectFormPart::clearProblems);
    var draft =
        new ProjectDraft(
            naming.name(),
            naming.description(),
            builder.builderId(),
            builder.settings(),
            script.script(),
            script.artifactPatterns(),
            queue.timeout(),
            script.secretNames(),
            builder.instanceId(),
            queue.priority(),
            queue.retries(),
            parameters.declarations(),
            source.source());
    try {
      long id = projectId == null ? projects.create(draft) : projectId;
      if (projectId != null) {
        projects.update(projectId, changedAt, draft);
      }
      Notification.show("Project saved.", 3000, Notification.Position.BOTTOM_START)
          .addThemeVariants(NotificationVariant.SUCCESS);
      leave(id);
    } catch (InvalidProjectException e) {
      showProblems(e.problems());
    }
  }

  private void showProblems(Map<String, String> problems) {
    Map<String, String> rest = new LinkedHashMap<>(problems);
    builder.showProblems(rest); // first: its settings' keys are the plugin's, and may be a field's
    Map<String, String> afterParameters = parameters.showProblems(rest);
    boolean parametersWrong = afterParameters.size() < rest.size();
    rest.keySet().retainAll(afterParameters.keySet());
    naming.showProblems(rest);
    source.showProblems(rest);
    script.showProblems(rest);
    queue.showProblems(rest);
    if (!rest.isEmpty()) {
      Notification.show(String.join(" ", rest.values()), 6000, Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.ERROR);
    }
    // Save is at the bottom of a long form: bring the first field at fault into view, or it looks
    // as if Save did nothing.
    parts().stream()
        .map(ProjectFormPart::firstAtFault)
        .flatMap(Optional::stream)
        .findFirst()
        .or(() -> parametersWrong ? Optional.of(parameters) : Optional.empty())
        .ifPresent(Component::scrollIntoView);
  }

  /** Marks the source fields a check refused, or clears them. */
  private void showCheckProblems(Map<String, String> problems) {
    source.clearProblems();
    source.showProblems(new LinkedHashMap<>(problems));
  }

  private void leave(Long id) {
    getUI()
        .ifPresent(
            ui -> {
              if (id == null) {
                ui.navigate(ProjectsView.class);
              } else {
                ui.navigate(ProjectView.class, id);
              }
            });
  }
}
