package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.portal.base.ui.SettingsForm;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.InstanceInfo;
import dev.kiln.portal.instance.ui.InstanceHealthText;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsValidator;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ProjectDraft;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The project form's builder part: the builder instance that runs the builds, a line on what it is
 * and how it is, and the settings its builder asks of each project, rendered from its schema.
 */
final class BuilderFields implements ProjectFormPart {

  private final PluginHost plugins;
  private final Select<InstanceInfo> builder = new Select<>();
  private final Paragraph builderInfo = new Paragraph();
  private final SettingsForm settings = new SettingsForm();
  private boolean settingsWrong;

  BuilderFields(PluginHost plugins, BuilderInstances instances) {
    this.plugins = plugins;
    builder.setId("project-builder");
    builder.setLabel("Builder");
    builder.setItems(instances.list());
    builder.setItemLabelGenerator(
        i -> i.label() + (i.unavailableReason() == null ? "" : " (unavailable)"));
    builder.setItemEnabledProvider(i -> i.unavailableReason() == null);
    builder.addValueChangeListener(e -> showBuilder(e.getValue(), Map.of()));
    builderInfo.addClassName("muted");
  }

  /** The instance a new project starts with: the first that can run builds, if any. */
  Optional<InstanceInfo> firstAvailable() {
    return available().findFirst();
  }

  /** The defaults of the settings {@code instance}'s builder asks of each project. */
  Map<String, String> defaultSettings(InstanceInfo instance) {
    return SettingsValidator.defaults(projectFields(instance));
  }

  String builderId() {
    return builder.getValue() == null ? null : builder.getValue().builderId();
  }

  Long instanceId() {
    return builder.getValue() == null ? null : builder.getValue().id();
  }

  Map<String, String> settings() {
    return settings.values();
  }

  @Override
  public List<Component> components() {
    return List.of(builder, builderInfo, settings);
  }

  @Override
  public void fill(ProjectDraft draft) {
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
  }

  /** The settings take theirs first: their keys are the builder's own and may repeat a field's. */
  @Override
  public void showProblems(Map<String, String> rest) {
    Map<String, String> afterSettings = settings.showProblems(rest);
    settingsWrong = afterSettings.size() < rest.size();
    rest.keySet().retainAll(afterSettings.keySet());
    ProjectFormPart.mark(builder, rest.remove(InvalidProjectException.BUILDER));
  }

  @Override
  public void clearProblems() {
    builder.setInvalid(false);
  }

  @Override
  public Optional<Component> firstAtFault() {
    if (builder.isInvalid()) {
      return Optional.of(builder);
    }
    return settingsWrong ? Optional.of(settings) : Optional.empty();
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
}
