package dev.kiln.portal.user.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokens;
import dev.kiln.portal.user.CredentialsChangedException;

/** Asks for a new token's name, scope and lifetime. */
class NewApiTokenDialog extends Dialog {

  /**
   * Creates the token and shows its value; throws IllegalArgumentException with a message
   * otherwise.
   */
  @FunctionalInterface
  interface Create {
    void apply(String name, ApiScope scope, int days);
  }

  NewApiTokenDialog(Create create) {
    setHeaderTitle("New API token");
    var name = new TextField("Name");
    name.setId("new-token-name");
    name.setHelperText("What uses it, for example 'release script'.");
    var scope = new Select<ApiScope>();
    scope.setLabel("Scope");
    scope.setItems(ApiScope.values());
    scope.setValue(ApiScope.READ);
    scope.setItemLabelGenerator(
        s ->
            switch (s) {
              case READ -> "read: list projects, see builds";
              case TRIGGER -> "trigger: read, and start builds";
              case ADMIN -> "admin: everything your role allows";
            });
    scope.setId("new-token-scope");
    var days = new IntegerField("Expires in (days)");
    days.setMin(1);
    days.setMax(ApiTokens.MAX_DAYS);
    days.setValue(30);
    days.setStepButtonsVisible(true);
    days.setId("new-token-days");
    add(name, scope, days);
    days.setErrorMessage("Use 1 to " + ApiTokens.MAX_DAYS + " days.");
    var save =
        new Button(
            "Create",
            e -> {
              // The field's own check covers the range, so the service's message below is about the
              // name.
              if (days.isInvalid() || days.getValue() == null) {
                days.setInvalid(true);
                return;
              }
              try {
                create.apply(name.getValue(), scope.getValue(), days.getValue());
                close();
              } catch (IllegalArgumentException | CredentialsChangedException ex) {
                name.setErrorMessage(ex.getMessage());
                name.setInvalid(true);
              }
            });
    save.setId("create-token");
    save.addThemeVariants(ButtonVariant.PRIMARY);
    getFooter().add(new Button("Cancel", e -> close()), save);
  }
}
