package dev.kiln.portal.secret.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kiln.portal.secret.SecretService;
import jakarta.annotation.security.RolesAllowed;

/**
 * Global secrets, available to every project that names them. A project's own are on its Secrets
 * tab.
 */
@Route("admin/secrets")
@PageTitle("Secrets · Kiln")
@RolesAllowed("ADMIN")
public final class SecretsView extends VerticalLayout {

  public SecretsView(SecretService secrets) {
    addClassName("page");
    setSizeFull();
    add(
        new H2("Secrets"),
        new Paragraph(
            "Global secrets, available to every project that names them. Builds"
                + " receive them as environment variables; their values are never shown again and are replaced by ***"
                + " in build logs. A project's own secrets are on its Secrets tab."),
        new SecretsPanel(secrets, null));
  }
}
