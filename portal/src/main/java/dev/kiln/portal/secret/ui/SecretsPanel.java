package dev.kiln.portal.secret.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.base.ui.Notices;
import dev.kiln.portal.secret.InvalidSecretException;
import dev.kiln.portal.secret.SecretInfo;
import dev.kiln.portal.secret.SecretService;
import java.util.NoSuchElementException;

/**
 * A list of secrets of one scope (global, or one project's) with add, replace a value and delete.
 * Values are write-only: typed into a password field, sealed by the service, and never shown again.
 */
public final class SecretsPanel extends VerticalLayout {

  private final SecretService secrets;
  private final Long projectId;
  private final Grid<SecretInfo> grid = new Grid<>(SecretInfo.class, false);
  private final TextField name = new TextField("Name");
  private final TextField description = new TextField("Description");
  private final PasswordField value = new PasswordField("Value");
  private final TextArea lines = new TextArea("Value");
  private final Checkbox multiline = new Checkbox("Several lines");

  /**
   * @param projectId the project whose own secrets to manage, or {@code null} for the global ones
   */
  public SecretsPanel(SecretService secrets, Long projectId) {
    this.secrets = secrets;
    this.projectId = projectId;
    setPadding(false);
    setSizeFull();
    add(configureForm(), configureGrid());
    refresh();
  }

  private FormLayout configureForm() {
    // The service judges these fields and says what is wrong under the one at fault; the
    // components'
    // own checks would clear its marks on blur.
    name.setManualValidation(true);
    description.setManualValidation(true);
    value.setManualValidation(true);
    lines.setManualValidation(true);
    name.setId("secret-name");
    name.setPlaceholder("PYPI_TOKEN");
    name.setHelperText("Upper-case letters, digits and _.");
    description.setId("secret-description");
    value.setId("secret-value");
    value.setRevealButtonVisible(false);
    value.setHelperText("At least 4 characters.");
    // Keys and certificates span lines, which a password field cannot hold; the text shows while
    // typed.
    lines.setId("secret-value-lines");
    lines.setHelperText("Shown while you type; never shown again.");
    lines.addClassName("monospace");
    lines.setVisible(false);
    multiline.setId("secret-multiline");
    multiline.setTooltipText("For an SSH key or a certificate");
    multiline.addValueChangeListener(
        e -> {
          value.clear();
          lines.clear();
          value.setVisible(!e.getValue());
          lines.setVisible(e.getValue());
        });
    var add = new Button("Add secret", e -> create());
    add.setId("add-secret");
    add.addThemeVariants(ButtonVariant.PRIMARY);
    var form = new FormLayout(name, description, value, lines, add, multiline);
    form.setResponsiveSteps(
        new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40em", 4));
    return form;
  }

  private Grid<SecretInfo> configureGrid() {
    grid.addColumn(SecretInfo::name).setHeader("Name").setFlexGrow(2);
    grid.addColumn(SecretInfo::description).setHeader("Description").setFlexGrow(3);
    grid.addColumn(s -> Formats.time(s.updatedAt())).setHeader("Value changed");
    grid.addComponentColumn(
            s -> {
              var replace = new Button("Replace value", e -> replace(s));
              var delete = new Button("Delete", e -> confirmDelete(s));
              delete.addThemeVariants(ButtonVariant.ERROR, ButtonVariant.TERTIARY);
              replace.addThemeVariants(ButtonVariant.TERTIARY);
              return new HorizontalLayout(replace, delete);
            })
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.setId("secrets");
    grid.setSizeFull();
    grid.setMinHeight("14rem"); // inside a project's tab the panel has no height of its own
    grid.setEmptyStateText(
        projectId == null
            ? "No global secrets yet."
            : "This project has no secrets of its own yet.");
    return grid;
  }

  private void create() {
    for (HasValidation field : new HasValidation[] {name, description, value, lines}) {
      field.setInvalid(false);
    }
    try {
      secrets.create(
          projectId,
          name.getValue(),
          description.getValue(),
          multiline.getValue() ? lines.getValue() : value.getValue());
      done("Secret " + name.getValue().strip() + " added.");
      name.clear();
      description.clear();
    } catch (InvalidSecretException e) {
      HasValidation field =
          switch (e.field()) {
            case InvalidSecretException.NAME -> name;
            case InvalidSecretException.DESCRIPTION -> description;
            default -> multiline.getValue() ? lines : value;
          };
      field.setErrorMessage(e.getMessage());
      field.setInvalid(true);
    } catch (NoSuchElementException e) {
      Notices.problem("This project was deleted in the meantime.");
    } finally {
      value.clear(); // never keep a typed value in the page longer than needed
      lines.clear();
    }
  }

  private void replace(SecretInfo secret) {
    var dialog = new Dialog();
    dialog.setHeaderTitle("Replace the value of " + secret.name());
    var newValue = new PasswordField("New value");
    newValue.setRevealButtonVisible(false);
    newValue.setWidthFull();
    var save =
        new Button(
            "Replace",
            e -> {
              try {
                secrets.replaceValue(secret.id(), newValue.getValue());
                dialog.close();
                done("The value of " + secret.name() + " was replaced.");
              } catch (InvalidSecretException ex) {
                newValue.clear();
                newValue.setInvalid(true);
                newValue.setErrorMessage(ex.getMessage());
              } catch (NoSuchElementException ex) {
                dialog.close();
                Notices.problem("Secret " + secret.name() + " was deleted in the meantime.");
                refresh();
              }
            });
    save.addThemeVariants(ButtonVariant.PRIMARY);
    dialog.add(newValue);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
    dialog.open();
  }

  private void confirmDelete(SecretInfo secret) {
    var dialog = new Dialog();
    dialog.setHeaderTitle("Delete " + secret.name() + "?");
    dialog.add(
        new Paragraph(
            "Builds of projects that name it will end with an error until a secret of that name"
                + " exists again."));
    var delete =
        new Button(
            "Delete",
            e -> {
              secrets.delete(secret.id());
              dialog.close();
              done("Secret " + secret.name() + " deleted.");
            });
    delete.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.ERROR);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), delete);
    dialog.open();
  }

  private void done(String message) {
    Notices.done(message);
    refresh();
  }

  private void refresh() {
    grid.setItems(secrets.list(projectId));
  }
}
