package dev.kiln.portal.instance.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.plugin.api.SettingField;
import dev.kiln.portal.base.ui.SettingsForm;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.InstanceAdministration;
import dev.kiln.portal.instance.InstanceDraft;
import dev.kiln.portal.instance.InstanceInfo;
import dev.kiln.portal.instance.InvalidInstanceException;
import dev.kiln.portal.plugin.BuilderEntry;
import dev.kiln.portal.plugin.PluginHost;
import dev.kiln.portal.plugin.SettingsValidator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.orm.ObjectOptimisticLockingFailureException;

/** Creates a builder instance, or edits one: its name and the builder's instance settings. */
class InstanceDialog extends Dialog {

  private final InstanceAdministration instances;
  private final PluginHost plugins;
  private final InstanceInfo editing;
  private final Consumer<String> saved;
  private final TextField name = new TextField("Name");
  private final Select<BuilderEntry> builder = new Select<>();
  private final IntegerField maxConcurrent = new IntegerField("Max concurrent builds");
  private final Paragraph about = new Paragraph();
  private final SettingsForm settings = new SettingsForm();

  InstanceDialog(
      InstanceAdministration instances,
      PluginHost plugins,
      InstanceInfo editing,
      Consumer<String> saved) {
    this.instances = instances;
    this.plugins = plugins;
    this.editing = editing;
    this.saved = saved;
    setHeaderTitle(editing == null ? "New builder instance" : "Edit " + editing.name());
    setWidth("40rem");
    name.setId("instance-name");
    name.setWidthFull();
    name.setHelperText("What projects see, for example \"arm64 box\" or \"docker on build-1\".");
    builder.setId("instance-builder");
    builder.setLabel("Builder");
    builder.setWidthFull();
    builder.setItems(
        plugins.builders().stream()
            .filter(b -> !BuilderInstances.instanceFields(b).isEmpty())
            .toList());
    builder.setItemLabelGenerator(
        b -> b.descriptor().name() + (b.isAvailable() ? "" : " (unavailable)"));
    builder.setItemEnabledProvider(BuilderEntry::isAvailable);
    builder.addValueChangeListener(e -> show(e.getValue(), Map.of()));
    about.addClassName("muted");
    maxConcurrent.setId("instance-max-concurrent");
    maxConcurrent.setMin(1);
    maxConcurrent.setMax(InstanceDraft.MAX_CONCURRENT);
    maxConcurrent.setStepButtonsVisible(true);
    maxConcurrent.setClearButtonVisible(true);
    maxConcurrent.setManualValidation(true); // Kiln's own message, from the service
    maxConcurrent.setPlaceholder("no limit");
    maxConcurrent.setWidth("18rem");
    maxConcurrent.addValueChangeListener(
        e -> maxConcurrent.setInvalid(false)); // the old message is stale
    maxConcurrent.setHelperText(
        "How many builds may run on this instance at once, across all nodes. Empty: no"
            + " limit. Builds over the limit wait in the queue.");
    add(name, builder, maxConcurrent, about, settings);
    if (editing != null) {
      name.setValue(editing.name());
      maxConcurrent.setValue(editing.maxConcurrent());
      BuilderEntry current = plugins.builder(editing.builderId()).orElse(null);
      if (current != null && BuilderInstances.instanceFields(current).isEmpty()) {
        builder.setItems(current); // an automatic instance: its builder has no instance settings
      }
      builder.setValue(current);
      builder.setReadOnly(true);
      show(current, editing.settings());
    } else {
      show(null, Map.of());
    }
    var save = new Button("Save", e -> save());
    save.setId("save-instance");
    save.addThemeVariants(ButtonVariant.PRIMARY);
    getFooter().add(new Button("Cancel", e -> close()), save);
  }

  private void show(BuilderEntry entry, Map<String, String> values) {
    if (entry == null) {
      about.setText("Choose the builder this is an instance of.");
      settings.show(List.of(), Map.of());
      return;
    }
    List<SettingField> fields = BuilderInstances.instanceFields(entry);
    about.setText(
        entry.descriptor().description() + " Secret settings take the name of a global secret.");
    settings.show(fields, values.isEmpty() ? SettingsValidator.defaults(fields) : values);
  }

  private void save() {
    name.setInvalid(false);
    builder.setInvalid(false);
    maxConcurrent.setInvalid(false);
    var draft =
        new InstanceDraft(
            name.getValue(),
            builder.getValue() == null ? null : builder.getValue().id(),
            settings.values(),
            maxConcurrent.getValue());
    try {
      if (editing == null) {
        instances.create(draft);
      } else {
        instances.update(editing.id(), editing.updatedAt(), draft);
      }
      close();
      // An edit that changed only the limit asks for no check, so only a new instance promises one.
      saved.accept(
          "Instance "
              + draft.name().strip()
              + " saved"
              + (editing == null ? "; a runner node checks it now." : "."));
    } catch (ObjectOptimisticLockingFailureException | IllegalStateException e) {
      about.setText(e instanceof IllegalStateException ? e.getMessage() : BuildersView.CHANGED);
      about.setClassName("error-text", true);
    } catch (InvalidInstanceException e) {
      Map<String, String> rest = settings.showProblems(e.problems());
      mark(name, rest.remove(InvalidInstanceException.NAME));
      mark(builder, rest.remove(InvalidInstanceException.BUILDER));
      mark(maxConcurrent, rest.remove(InvalidInstanceException.MAX_CONCURRENT));
      about.setText(rest.isEmpty() ? about.getText() : String.join(" ", rest.values()));
      about.setClassName("error-text", !rest.isEmpty());
    }
  }

  private static void mark(HasValidation field, String problem) {
    field.setErrorMessage(problem);
    field.setInvalid(problem != null);
  }
}
