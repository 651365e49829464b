package dev.kiln.portal.webhook.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.spring.annotation.SpringComponent;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.project.ProjectInfo;
import dev.kiln.portal.project.ui.ProjectTab;
import dev.kiln.portal.webhook.WebhookService;
import java.util.Optional;

/** The project page's Webhook tab: every member sees it; owners and admins manage the key. */
@SpringComponent
class WebhookTab implements ProjectTab {

  private final WebhookService webhooks;

  WebhookTab(WebhookService webhooks) {
    this.webhooks = webhooks;
  }

  @Override
  public String label() {
    return "Webhook";
  }

  @Override
  public String id() {
    return "tab-webhook";
  }

  @Override
  public int order() {
    return 20;
  }

  @Override
  public Optional<Component> content(
      ProjectInfo project, Optional<ProjectRole> role, boolean admin) {
    boolean owns = admin || role.filter(r -> r.includes(ProjectRole.OWNER)).isPresent();
    return Optional.of(new WebhookPanel(webhooks, project.id(), owns));
  }
}
