package dev.kiln.portal.user.ui;

import static com.vaadin.flow.spring.data.VaadinSpringDataHelpers.toSpringPageRequest;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.user.Role;
import dev.kiln.portal.user.UserAdministration;
import dev.kiln.portal.user.UserSummary;
import jakarta.annotation.security.RolesAllowed;
import java.util.Locale;
import java.util.function.Supplier;

/** Admins manage users: create, role, enable or disable, reset a password. */
@Route("admin/users")
@PageTitle("Users · Kiln")
@RolesAllowed("ADMIN")
public final class UsersView extends VerticalLayout {

  private final UserAdministration users;
  private final Grid<UserSummary> grid = new Grid<>(UserSummary.class, false);

  public UsersView(UserAdministration users) {
    this.users = users;
    addClassName("page");
    setSizeFull();
    var create =
        new Button(
            "New user", VaadinIcon.PLUS.create(), e -> new NewUserDialog(this::create).open());
    create.setId("new-user");
    create.addThemeVariants(ButtonVariant.PRIMARY);
    var header = new HorizontalLayout(new H2("Users"), create);
    header.setAlignItems(Alignment.BASELINE);
    add(header, configureGrid());
  }

  private Grid<UserSummary> configureGrid() {
    grid.setId("users");
    grid.addColumn(UserSummary::username).setHeader("User").setAutoWidth(true);
    grid.addComponentColumn(this::roleSelect).setHeader("Role").setAutoWidth(true);
    grid.addColumn(u -> u.isLocal() ? "Kiln password" : u.provider())
        .setHeader("Logs in with")
        .setAutoWidth(true);
    grid.addColumn(u -> u.enabled() ? "active" : "disabled").setHeader("State").setAutoWidth(true);
    grid.addColumn(u -> Formats.time(u.createdAt())).setHeader("Created").setAutoWidth(true);
    grid.addComponentColumn(this::actions)
        .setHeader("")
        .setAutoWidth(true)
        .setFlexGrow(1); // both buttons in full
    grid.setItems(
        query -> users.list(toSpringPageRequest(query)).stream(), query -> (int) users.count());
    grid.setSizeFull();
    return grid;
  }

  private Component roleSelect(UserSummary user) {
    var role = new Select<Role>();
    role.setWidth("10rem");
    role.setItems(Role.values());
    role.setValue(user.role());
    role.addValueChangeListener(
        e -> {
          if (e.isFromClient()
              && !act(
                  () -> {
                    users.changeRole(user.id(), e.getValue());
                    return user.username()
                        + " is now "
                        + e.getValue().name().toLowerCase(Locale.ROOT)
                        + ".";
                  })) {
            role.setValue(e.getOldValue());
          }
        });
    return role;
  }

  private Component actions(UserSummary user) {
    var toggle =
        new Button(
            user.enabled() ? "Disable" : "Enable",
            e -> {
              if (user.enabled()) {
                confirmDisable(user);
              } else {
                act(
                    () -> {
                      users.setEnabled(user.id(), true);
                      return user.username() + " can log in again.";
                    });
              }
            });
    toggle.setId((user.enabled() ? "disable-" : "enable-") + user.username());
    toggle.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
    var actions = new HorizontalLayout(toggle);
    if (user.isLocal()) {
      var reset = new Button("Reset password", e -> confirmReset(user));
      reset.setId("reset-password-" + user.username());
      reset.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY);
      actions.add(reset);
    }
    return actions;
  }

  private void confirmDisable(UserSummary user) {
    confirm(
        "confirm-disable",
        "Disable " + user.username() + "?",
        user.username()
            + " is logged out at once, on"
            + " every node, and cannot log in again until enabled. Their API tokens stop working while they are disabled.",
        "Disable",
        () ->
            act(
                () -> {
                  users.setEnabled(user.id(), false);
                  return user.username() + " is logged out and can no longer log in.";
                }));
  }

  private void confirmReset(UserSummary user) {
    int tokens = users.activeTokens(user.id());
    confirm(
        "confirm-reset",
        "Reset the password of " + user.username() + "?",
        user.username()
            + " is logged out"
            + " at once, on every node, and their API tokens are revoked ("
            + (tokens == 0 ? "none" : tokens)
            + " working now). You get a one-time password to hand over; they must choose their own with it.",
        "Reset password",
        () -> {
          try {
            new OneTimePasswordDialog(user.username(), users.resetPassword(user.id())).open();
          } catch (IllegalArgumentException ex) {
            error(ex.getMessage());
          }
        });
  }

  private static void confirm(
      String id, String header, String text, String action, Runnable confirmed) {
    var dialog = new ConfirmDialog(header, text, action, e -> confirmed.run());
    dialog.setCancelable(true);
    dialog.setConfirmButtonTheme("error primary");
    dialog.setId(id);
    dialog.open();
  }

  private String create(String username, Role role) {
    String password = users.create(username, role);
    grid.getDataProvider().refreshAll();
    new OneTimePasswordDialog(username.strip(), password).open();
    return password;
  }

  /** Runs an admin action; shows its message, or the refusal. Returns whether it was done. */
  private boolean act(Supplier<String> action) {
    try {
      Notification.show(action.get(), 4000, Notification.Position.BOTTOM_START)
          .addThemeVariants(NotificationVariant.SUCCESS);
      grid.getDataProvider().refreshAll();
      return true;
    } catch (IllegalArgumentException e) {
      error(e.getMessage());
      return false;
    }
  }

  private static void error(String message) {
    Notification.show(message, 6000, Notification.Position.MIDDLE)
        .addThemeVariants(NotificationVariant.ERROR);
  }
}
