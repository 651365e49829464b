package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.plugin.api.ArtifactMatcher;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.portal.base.ui.AccessDeniedView;
import dev.kiln.portal.base.ui.SettingsForm;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.InstanceInfo;
import dev.kiln.portal.instance.ui.InstanceHealthText;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsValidator;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectService;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.springframework.security.access.AccessDeniedException;

/** Creates a project ({@code projects/edit}) or changes one ({@code projects/edit/ID}). */
@Route("projects/edit")
@PermitAll
public final class ProjectEditView extends VerticalLayout
    implements HasUrlParameter<Long>, HasDynamicTitle {

  private final ProjectService projects;
  private final PluginHost plugins;
  private final BuilderInstances instances;
  private final H2 title = new H2();
  private final TextField name = new TextField("Name");
  private final TextArea description = new TextArea("Description");
  private final Select<InstanceInfo> builder = new Select<>();
  private final Paragraph builderInfo = new Paragraph();
  private final SettingsForm settings = new SettingsForm();
  private final TextArea script = new TextArea("Build script (bash)");
  private final TextArea patterns = new TextArea("Artifacts to keep");
  private final TextField secrets = new TextField("Secrets");
  private final IntegerField timeout = new IntegerField("Timeout (minutes)");
  private final IntegerField priority = new IntegerField("Priority");
  private final IntegerField retries = new IntegerField("Retries");
  private final ParametersEditor parameters = new ParametersEditor();
  private Long projectId;
  private Instant changedAt;

  private final AuthenticationContext auth;

  public ProjectEditView(
      ProjectService projects,
      PluginHost plugins,
      BuilderInstances instances,
      AuthenticationContext auth) {
    this.projects = projects;
    this.instances = instances;
    this.auth = auth;
    this.plugins = plugins;
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
      fill(draft);
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

  private FormLayout configureForm() {
    name.setId("project-name");
    description.setId("project-description");
    builder.setId("project-builder");
    script.setId("project-script");
    patterns.setId("project-artifacts");
    secrets.setId("project-secrets");
    secrets.setHelperText(
        "Names of secrets passed to the build as environment variables, separated by commas:"
            + " the project's own secret of a name, else the global one.");
    timeout.setId("project-timeout");
    name.setRequired(true);
    builder.setLabel("Builder");
    builder.setItems(instances.list());
    builder.setItemLabelGenerator(
        i -> i.label() + (i.unavailableReason() == null ? "" : " (unavailable)"));
    builder.setItemEnabledProvider(i -> i.unavailableReason() == null);
    builder.addValueChangeListener(e -> showBuilder(e.getValue(), Map.of()));
    builderInfo.addClassName("muted");
    script.addClassName("monospace");
    script.setMinHeight("12rem");
    script.setHelperText(
        "Runs with bash -eo pipefail in an empty workspace. KILN_BUILD_ID and KILN_WORKSPACE are set.");
    patterns.addClassName("monospace");
    patterns.setHelperText(
        "One glob per line, relative to the workspace, e.g. dist/*.whl or **/*.tar.gz; at most "
            + ArtifactMatcher.MAX_PATTERNS
            + " patterns of up to "
            + ArtifactMatcher.MAX_PATTERN_LENGTH
            + " characters and "
            + ArtifactMatcher.MAX_WILDCARDS
            + " wildcards each.");
    timeout.setMin(1);
    timeout.setMax(24 * 60);
    timeout.setStepButtonsVisible(true);
    priority.setId("project-priority");
    priority.setMin(-10);
    priority.setMax(10);
    priority.setStepButtonsVisible(true);
    priority.setManualValidation(true); // Kiln's own messages, from the service
    priority.setHelperText(
        "From -10 to 10, 0 is normal. Queued builds of a higher priority start first, even"
            + " before older ones of a lower priority.");
    retries.setId("project-retries");
    retries.setMin(0);
    retries.setMax(5);
    retries.setStepButtonsVisible(true);
    retries.setManualValidation(true);
    priority.addValueChangeListener(e -> priority.setInvalid(false)); // the old message is stale
    retries.addValueChangeListener(e -> retries.setInvalid(false));
    retries.setHelperText(
        "From 0 to 5: how often a lost build is queued again (a build is lost when the node"
            + " running it stops).");
    var form =
        new FormLayout(
            name,
            description,
            builder,
            builderInfo,
            settings,
            script,
            patterns,
            secrets,
            timeout,
            priority,
            retries);
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
    InstanceInfo first = available().findFirst().orElse(null);
    Map<String, String> defaults =
        first == null ? Map.of() : SettingsValidator.defaults(projectFields(first));
    return new ProjectDraft(
        "",
        "",
        first == null ? null : first.builderId(),
        defaults,
        "#!/bin/bash\necho \"Hello from build $KILN_BUILD_ID\"\n",
        List.of(),
        Duration.ofHours(1),
        List.of(),
        first == null ? null : first.id(),
        ProjectDraft.DEFAULT_PRIORITY,
        ProjectDraft.DEFAULT_RETRIES);
  }

  private void fill(ProjectDraft draft) {
    name.setValue(draft.name());
    description.setValue(draft.description());
    InstanceInfo chosen =
        builder
            .getListDataView()
            .getItems()
            .filter(
                i ->
                    draft.instanceId() != null
                        ? i.id() == draft.instanceId()
                        : i.automatic() && i.builderId().equals(draft.builderId()))
            .findFirst()
            .orElse(null);
    builder.setValue(chosen);
    showBuilder(chosen, draft.settings());
    script.setValue(draft.script());
    patterns.setValue(String.join("\n", draft.artifactPatterns()));
    secrets.setValue(String.join(", ", draft.secretNames()));
    timeout.setValue((int) Math.max(1, draft.timeout().toMinutes()));
    priority.setValue(draft.priority());
    retries.setValue(draft.retries());
    parameters.show(draft.parameters());
  }

  private Stream<InstanceInfo> available() {
    return builder.getListDataView().getItems().filter(i -> i.unavailableReason() == null);
  }

  private List<SettingField> projectFields(InstanceInfo instance) {
    return plugins
        .builder(instance.builderId())
        .map(
            b ->
                b.descriptor().settings().stream()
                    .filter(f -> f.scope() == SettingField.Scope.PROJECT)
                    .toList())
        .orElse(List.of());
  }

  private void showBuilder(InstanceInfo instance, Map<String, String> values) {
    if (instance == null) {
      builderInfo.setText(
          available().findAny().isPresent()
              ? "Choose where builds run."
              : "No builder can run builds on this Kiln yet. An admin sets them up.");
      settings.show(List.of(), Map.of());
      return;
    }
    String description =
        plugins.builder(instance.builderId()).map(b -> b.descriptor().description()).orElse("");
    builderInfo.setText(
        instance.unavailableReason() != null
            ? instance.unavailableReason()
            : instance.automatic()
                ? description
                : description + " " + InstanceHealthText.of(instance));
    List<SettingField> fields = projectFields(instance);
    settings.show(fields, values.isEmpty() ? SettingsValidator.defaults(fields) : values);
  }

  private void save() {
    clearProblems();
    var draft =
        new ProjectDraft(
            name.getValue(),
            description.getValue(),
            builder.getValue() == null ? null : builder.getValue().builderId(),
            settings.values(),
            script.getValue(),
            Arrays.asList(patterns.getValue().split("\\R")),
            Duration.ofMinutes(timeout.getValue() == null ? 0 : timeout.getValue()),
            Arrays.asList(secrets.getValue().split(",")),
            builder.getValue() == null ? null : builder.getValue().id(),
            priority.getValue() == null ? Integer.MIN_VALUE : priority.getValue(),
            retries.getValue() == null ? Integer.MIN_VALUE : retries.getValue(),
            parameters.declarations());
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
    Map<String, String> afterSettings = settings.showProblems(problems);
    boolean settingsWrong = afterSettings.size() < problems.size();
    Map<String, String> rest = parameters.showProblems(afterSettings);
    boolean parametersWrong = rest.size() < afterSettings.size();
    mark(name, rest.remove(InvalidProjectException.NAME));
    mark(description, rest.remove(InvalidProjectException.DESCRIPTION));
    mark(builder, rest.remove(InvalidProjectException.BUILDER));
    mark(script, rest.remove(InvalidProjectException.SCRIPT));
    mark(patterns, rest.remove(InvalidProjectException.PATTERNS));
    mark(secrets, rest.remove(InvalidProjectException.SECRETS));
    mark(timeout, rest.remove(InvalidProjectException.TIMEOUT));
    mark(priority, rest.remove(InvalidProjectException.PRIORITY));
    mark(retries, rest.remove(InvalidProjectException.RETRIES));
    if (!rest.isEmpty()) {
      Notification.show(String.join(" ", rest.values()), 6000, Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.ERROR);
    }
    // Save is at the bottom of a long form: bring the first field at fault into view, or it looks
    // as
    // if Save did nothing.
    Stream.<Component>of(
            name,
            description,
            builder,
            settings,
            script,
            patterns,
            secrets,
            timeout,
            priority,
            retries,
            parameters)
        .filter(
            c ->
                c == settings
                    ? settingsWrong
                    : c == parameters ? parametersWrong : ((HasValidation) c).isInvalid())
        .findFirst()
        .ifPresent(Component::scrollIntoView);
  }

  private void clearProblems() {
    for (HasValidation field :
        new HasValidation[] {
          name, description, builder, script, patterns, secrets, timeout, priority, retries
        }) {
      field.setInvalid(false);
    }
  }

  private static void mark(HasValidation field, String problem) {
    field.setErrorMessage(problem);
    field.setInvalid(problem != null);
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
