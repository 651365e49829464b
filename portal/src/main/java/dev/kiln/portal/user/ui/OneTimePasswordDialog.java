package dev.kiln.portal.user.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

/** Shows a one-time password once; it is not stored in clear and cannot be shown again. */
class OneTimePasswordDialog extends Dialog {

  OneTimePasswordDialog(String username, String password) {
    setHeaderTitle("One-time password for " + username);
    var value = new Span(password);
    value.setId("one-time-password");
    value.addClassName("script");
    add(
        new Paragraph(
            "Give this password to "
                + username
                + ". They must choose their own when they log in."
                + " It is shown only now."),
        value);
    var done = new Button("Done", e -> close());
    done.addThemeVariants(ButtonVariant.PRIMARY);
    getFooter().add(done);
  }
}
