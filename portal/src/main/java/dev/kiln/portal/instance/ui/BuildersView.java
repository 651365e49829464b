package dev.kiln.portal.instance.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.base.ui.Polling;
import dev.kiln.portal.instance.BuilderInstances;
import dev.kiln.portal.instance.InstanceAdministration;
import dev.kiln.portal.instance.InstanceInfo;
import dev.kiln.portal.instance.domain.BuilderInstance.Health;
import dev.kiln.portal.plugin.PluginHost;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import org.springframework.orm.ObjectOptimisticLockingFailureException;

/**
 * Admins set up builder instances (an SSH host, a Docker engine, a GitHub repository), see whether
 * each is healthy, check one now, and approve what a check proposes, such as a new host's key.
 */
@Route("admin/builders")
@PageTitle("Builders · Kiln")
@RolesAllowed("ADMIN")
public final class BuildersView extends VerticalLayout {

  static final String CHANGED =
      "The instance changed meanwhile (a check just finished?). Look again and retry.";

  private final BuilderInstances instances;
  private final InstanceAdministration admin;
  private final PluginHost plugins;
  private final Grid<InstanceInfo> grid = new Grid<>(InstanceInfo.class, false);
  private final Div approvals = new Div();

  public BuildersView(
      BuilderInstances instances, InstanceAdministration admin, PluginHost plugins) {
    this.instances = instances;
    this.admin = admin;
    this.plugins = plugins;
    addClassName("page");
    setSizeFull();
    var create =
        new Button(
            "New instance", e -> new InstanceDialog(admin, plugins, null, this::saved).open());
    create.setId("new-instance");
    create.addThemeVariants(ButtonVariant.PRIMARY);
    var intro =
        new Paragraph(
            "Projects pick one of these to run their builds. Kiln checks each every few minutes"
                + " from a runner node; builders without settings of their own have one instance Kiln keeps.");
    intro.addClassName("muted");
    approvals.setId("instance-approvals");
    add(new HorizontalLayout(new H2("Builders"), create), intro, approvals, configureGrid());
    refresh();
    // Checks run on a runner node, so the screen looks again every few seconds while it is open.
    Polling.refreshEvery(this, 3000, this::refresh);
  }

  private Grid<InstanceInfo> configureGrid() {
    grid.setId("builder-instances");
    grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.addColumn(InstanceInfo::name).setHeader("Instance").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(InstanceInfo::builderName)
        .setHeader("Builder")
        .setAutoWidth(true)
        .setFlexGrow(0);
    // Wide enough for every state: the auto width is measured once, and a check may change the
    // badge.
    grid.addComponentColumn(InstanceHealthText::badge)
        .setHeader("Health")
        .setWidth("10rem")
        .setFlexGrow(0);
    grid.addComponentColumn(this::lastCheck).setHeader("Last check").setFlexGrow(2);
    grid.addComponentColumn(BuildersView::lastError).setHeader("Last error").setFlexGrow(1);
    grid.addColumn(InstanceInfo::usedBy).setHeader("Projects").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(i -> i.maxConcurrent() == null ? "no limit" : String.valueOf(i.maxConcurrent()))
        .setHeader("At once")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
    grid.setEmptyStateText("No builder instances yet.");
    grid.setAllRowsVisible(true);
    return grid;
  }

  private Component lastCheck(InstanceInfo instance) {
    if (instance.unavailableReason() != null) {
      var reason = clamped(instance.unavailableReason());
      reason.addClassName("error-text");
      return reason;
    }
    var when =
        new Div(
            instance.checkedAt() == null
                ? "not yet"
                : Formats.time(instance.checkedAt())
                    + (instance.checkNode() == null ? "" : " on " + instance.checkNode()));
    when.addClassName("muted");
    return new Div(when, clamped(instance.healthMessage()));
  }

  private static Component lastError(InstanceInfo instance) {
    if (instance.lastError() == null) {
      var none = new Span("none");
      none.addClassName("muted");
      return none;
    }
    var when = new Div(Formats.time(instance.lastErrorAt()));
    when.addClassName("muted");
    var text = clamped(instance.lastError());
    text.addClassName("error-text");
    return new Div(when, text);
  }

  /**
   * A message shown in three lines at most, so one long warning cannot stretch its row over the
   * screen; the whole text is its tooltip, and a click shows it all in place (and folds it again).
   */
  private static Div clamped(String text) {
    var message = new Div(text == null ? "" : text);
    message.addClassName("clamped");
    message.getElement().setAttribute("title", text == null ? "" : text);
    message.addClickListener(
        e -> message.setClassName("clamped", !message.hasClassName("clamped")));
    return message;
  }

  private Component actions(InstanceInfo instance) {
    var check =
        new Button(
            "Check now",
            e -> {
              admin.checkNow(instance.id());
              Notification.show(
                  "A runner node checks " + instance.name() + " now.",
                  3000,
                  Notification.Position.BOTTOM_START);
            });
    check.setId("check-" + instance.id());
    var edit =
        new Button("Edit", e -> new InstanceDialog(admin, plugins, instance, this::saved).open());
    edit.setId("edit-" + instance.id());
    var delete = new Button("Delete", e -> delete(instance));
    delete.addThemeVariants(ButtonVariant.ERROR);
    delete.setEnabled(!instance.automatic());
    var buttons = new HorizontalLayout(check, edit, delete);
    buttons.setSpacing(false);
    buttons.getThemeList().add("spacing-xs");
    buttons
        .getChildren()
        .forEach(b -> ((Button) b).addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY));
    return buttons;
  }

  private void delete(InstanceInfo instance) {
    try {
      admin.delete(instance.id());
      Notification.show(
              "Instance " + instance.name() + " deleted.", 3000, Notification.Position.BOTTOM_START)
          .addThemeVariants(NotificationVariant.SUCCESS);
    } catch (IllegalStateException e) {
      Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.ERROR);
    } catch (ObjectOptimisticLockingFailureException e) {
      Notification.show(CHANGED, 6000, Notification.Position.MIDDLE)
          .addThemeVariants(NotificationVariant.ERROR);
    }
    refresh();
  }

  private void saved(String message) {
    Notification.show(message, 3000, Notification.Position.BOTTOM_START)
        .addThemeVariants(NotificationVariant.SUCCESS);
    refresh();
  }

  private void refresh() {
    List<InstanceInfo> all = instances.list();
    grid.setItems(all);
    approvals.removeAll();
    for (InstanceInfo instance : all) {
      if (instance.health() == Health.NEEDS_APPROVAL && instance.proposalQuestion() != null) {
        approvals.add(approval(instance));
      }
    }
    approvals.setVisible(approvals.getChildren().findAny().isPresent());
  }

  private Component approval(InstanceInfo instance) {
    var approve =
        new Button(
            "Approve",
            e -> {
              try {
                admin.approve(instance.id(), instance.proposalQuestion());
                saved("Approved for " + instance.name() + "; a runner node checks it again now.");
              } catch (IllegalStateException ex) {
                Notification.show(ex.getMessage(), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.ERROR);
                refresh();
              } catch (ObjectOptimisticLockingFailureException ex) {
                Notification.show(CHANGED, 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.ERROR);
                refresh();
              }
            });
    approve.setId("approve-" + instance.id());
    approve.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.SMALL);
    var text = new Div(new Span(instance.name() + ": "), new Span(instance.proposalQuestion()));
    var box = new HorizontalLayout(text, approve);
    box.setAlignItems(Alignment.CENTER);
    box.addClassName("approval");
    return box;
  }
}
