package dev.kiln.portal.user.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.portal.user.Role;
import java.util.function.BiFunction;

/** Asks for a new user's name and role; the admin then hands over the one-time password. */
class NewUserDialog extends Dialog {

  NewUserDialog(BiFunction<String, Role, String> create) {
    setHeaderTitle("New user");
    var name = new TextField("Username");
    name.setId("new-user-name");
    var role = new Select<Role>();
    role.setLabel("Role");
    role.setItems(Role.values());
    role.setValue(Role.MAINTAINER);
    role.setId("new-user-role");
    add(name, role);
    var save =
        new Button(
            "Create",
            e -> {
              try {
                create.apply(name.getValue(), role.getValue());
                close();
              } catch (IllegalArgumentException ex) {
                name.setErrorMessage(ex.getMessage());
                name.setInvalid(true);
              }
            });
    save.setId("create-user");
    save.addThemeVariants(ButtonVariant.PRIMARY);
    getFooter().add(new Button("Cancel", e -> close()), save);
  }
}
