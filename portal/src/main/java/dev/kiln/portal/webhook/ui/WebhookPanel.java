package dev.kiln.portal.webhook.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.RouterLink;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.build.ui.BuildPage;
import dev.kiln.portal.webhook.DeliveryInfo;
import dev.kiln.portal.webhook.WebhookInfo;
import dev.kiln.portal.webhook.WebhookService;

/**
 * A project's webhook: its address, whether it is on, the key (shown once, when made) with what to
 * enter in GitHub, and the latest deliveries.
 */
class WebhookPanel extends VerticalLayout {

  static final int SHOWN_DELIVERIES = 50;

  private final WebhookService webhooks;
  private final long projectId;
  private final boolean owns;
  private final Paragraph status = new Paragraph();
  private final TextField url = new TextField("Payload URL");
  private final Div newKey = new Div();
  private final Button enable =
      new Button("Enable webhook", VaadinIcon.PLUG.create(), e -> makeKey());
  private final Button rotate =
      new Button("Rotate secret", VaadinIcon.REFRESH.create(), e -> confirmRotate());
  private final Button delete =
      new Button("Delete webhook", VaadinIcon.TRASH.create(), e -> confirmDelete());
  private final Grid<DeliveryInfo> deliveries = new Grid<>(DeliveryInfo.class, false);

  WebhookPanel(WebhookService webhooks, long projectId, boolean owns) {
    this.webhooks = webhooks;
    this.projectId = projectId;
    this.owns = owns;
    setPadding(false);
    status.setId("webhook-status");
    newKey.setId("webhook-new-key");
    newKey.setVisible(false);
    add(status, configureUrl(), configureButtons(), newKey, configureDeliveries());
    refresh();
  }

  private HorizontalLayout configureUrl() {
    url.setId("webhook-url");
    url.setReadOnly(true);
    url.setWidth("36rem");
    url.setValue("/hooks/projects/" + projectId);
    // The address as this browser reaches Kiln, which is what a sender on the same network needs.
    UI.getCurrent()
        .getPage()
        .fetchCurrentURL(
            here ->
                url.setValue(
                    here.getProtocol()
                        + "://"
                        + here.getAuthority()
                        + "/hooks/projects/"
                        + projectId));
    var copy = new Button("Copy URL", VaadinIcon.COPY.create(), e -> copy(url.getValue(), "URL"));
    copy.setId("webhook-copy-url");
    var row = new HorizontalLayout(url, copy);
    row.setAlignItems(Alignment.BASELINE);
    return row;
  }

  private HorizontalLayout configureButtons() {
    enable.setId("webhook-enable");
    enable.addThemeVariants(ButtonVariant.PRIMARY);
    rotate.setId("webhook-rotate");
    delete.setId("webhook-delete");
    delete.addThemeVariants(ButtonVariant.ERROR, ButtonVariant.TERTIARY);
    return new HorizontalLayout(enable, rotate, delete);
  }

  private Grid<DeliveryInfo> configureDeliveries() {
    deliveries.setId("webhook-deliveries");
    deliveries
        .addColumn(d -> Formats.time(d.receivedAt()))
        .setHeader("Received")
        .setAutoWidth(true)
        .setFlexGrow(0);
    deliveries.addColumn(DeliveryInfo::event).setHeader("Event").setAutoWidth(true).setFlexGrow(0);
    deliveries.addColumn(DeliveryInfo::summary).setHeader("What").setFlexGrow(2);
    deliveries
        .addColumn(DeliveryInfo::deliveryId)
        .setHeader("Delivery")
        .setAutoWidth(true)
        .setFlexGrow(0);
    deliveries
        .addComponentColumn(
            d ->
                d.buildId() != null
                    ? new RouterLink("build #" + d.buildNumber(), BuildPage.class, d.buildId())
                    : new Span(d.event().equals("ping") ? "answered, no build" : "build deleted"))
        .setHeader("Outcome")
        .setAutoWidth(true)
        .setFlexGrow(0);
    deliveries.setEmptyStateText(
        "No delivery yet. Refused deliveries (a bad signature, a replay) are not listed.");
    deliveries.setWidthFull();
    deliveries.setMinHeight("14rem");
    return deliveries;
  }

  private void refresh() {
    WebhookInfo info = webhooks.find(projectId);
    status.setText(
        info.enabled()
            ? "The webhook is on. Its secret was made at "
                + Formats.time(info.createdAt())
                + " by "
                + info.createdBy()
                + "; deliveries signed with it queue a build."
            : "The webhook is off: deliveries to this project are refused."
                + (owns
                    ? " Enable it to get a secret for GitHub or another sender."
                    : " An owner can enable it."));
    enable.setVisible(owns && !info.enabled());
    rotate.setVisible(owns && info.enabled());
    delete.setVisible(owns && info.enabled());
    deliveries.setItems(webhooks.deliveries(projectId, SHOWN_DELIVERIES));
  }

  private void makeKey() {
    showKey(webhooks.createKey(projectId));
    refresh();
  }

  /** The key, once: it is not kept anywhere the portal can show it again. */
  private void showKey(String key) {
    var secret = new TextField("Secret");
    secret.setId("webhook-key");
    secret.setReadOnly(true);
    secret.setValue(key);
    secret.setWidth("36rem");
    var copy = new Button("Copy secret", VaadinIcon.COPY.create(), e -> copy(key, "Secret"));
    copy.setId("webhook-copy-key");
    var keyRow = new HorizontalLayout(secret, copy);
    keyRow.setAlignItems(Alignment.BASELINE);
    var steps =
        new UnorderedList(
            new ListItem("In GitHub: the repository's Settings > Webhooks > Add webhook."),
            new ListItem("Payload URL: the URL above. Content type: application/json."),
            new ListItem(
                "Secret: the value above. Events: \"Just the push event\", or the ones that should build."),
            new ListItem(
                "Other senders: POST JSON with X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body, in hex>."));
    var warning =
        new Paragraph(
            "This secret is shown only now. Copy it into the sender before you leave this page;"
                + " if it is lost, rotate it.");
    warning.addClassName("notice");
    newKey.removeAll();
    newKey.add(warning, keyRow, steps);
    newKey.setVisible(true);
  }

  private void confirmRotate() {
    confirm(
        "Rotate the webhook's secret?",
        "Deliveries signed with the old secret are refused from now on, until"
            + " the sender has the new one.",
        "Rotate",
        this::makeKey);
  }

  private void confirmDelete() {
    confirm(
        "Delete the webhook?",
        "Deliveries are refused from now on. The list of past deliveries stays.",
        "Delete",
        () -> {
          webhooks.deleteKey(projectId);
          newKey.removeAll();
          newKey.setVisible(false);
          Notification.show("Webhook deleted.");
          refresh();
        });
  }

  private void confirm(String title, String text, String action, Runnable then) {
    var dialog = new Dialog();
    dialog.setHeaderTitle(title);
    dialog.add(new Paragraph(text));
    var go =
        new Button(
            action,
            e -> {
              dialog.close();
              then.run();
            });
    go.setId("webhook-confirm");
    go.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.ERROR);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), go);
    dialog.open();
  }

  private void copy(String text, String what) {
    getUI()
        .ifPresent(
            ui ->
                ui.getPage()
                    .executeJs("return navigator.clipboard.writeText($0)", text)
                    .then(
                        ok -> Notification.show(what + " copied."),
                        failed ->
                            Notification.show(
                                "This browser did not allow copying: select the "
                                    + what.toLowerCase()
                                    + " and copy it.")));
  }
}
