package dev.kiln.portal.user.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

/** Shows a new token's value once; only its hash is stored, so it cannot be shown again. */
class ApiTokenValueDialog extends Dialog {

  ApiTokenValueDialog(String name, String value) {
    setHeaderTitle("Token " + name);
    var shown = new Span(value);
    shown.setId("token-value");
    shown.addClassName("script");
    add(
        new Paragraph(
            "Copy the token now and keep it like a password: it is shown only this once."),
        shown);
    var done = new Button("Done", e -> close());
    done.setId("token-done");
    done.addThemeVariants(ButtonVariant.PRIMARY);
    getFooter().add(done);
  }
}
