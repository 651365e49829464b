package dev.kiln.portal.user.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.user.ApiScope;
import dev.kiln.portal.user.ApiTokenInfo;
import dev.kiln.portal.user.ApiTokens;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.Locale;

/** A user's personal API tokens: create one (its value is shown once), see them, revoke them. */
@Route("account/tokens")
@PageTitle("API tokens · Kiln")
@PermitAll
public final class ApiTokensView extends VerticalLayout {

  private final ApiTokens tokens;
  private final Clock clock;
  private final Grid<ApiTokenInfo> grid = new Grid<>(ApiTokenInfo.class, false);

  public ApiTokensView(ApiTokens tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
    addClassName("page");
    setSizeFull();
    var create =
        new Button(
            "New token", VaadinIcon.PLUS.create(), e -> new NewApiTokenDialog(this::create).open());
    create.setId("new-token");
    create.addThemeVariants(ButtonVariant.PRIMARY);
    var header = new HorizontalLayout(new H2("API tokens"), create);
    header.setAlignItems(Alignment.BASELINE);
    add(
        header,
        new Paragraph(
            "Tokens let scripts call Kiln's REST API as you, never with more rights than your"
                + " role. Send one as 'Authorization: Bearer <token>'; the API is described at /api/openapi.json."),
        configureGrid());
  }

  private Grid<ApiTokenInfo> configureGrid() {
    grid.setId("tokens");
    grid.addColumn(ApiTokenInfo::name).setHeader("Name").setAutoWidth(true);
    grid.addColumn(t -> t.scope().name().toLowerCase(Locale.ROOT))
        .setHeader("Scope")
        .setAutoWidth(true);
    grid.addColumn(t -> Formats.time(t.createdAt())).setHeader("Created").setAutoWidth(true);
    grid.addColumn(t -> Formats.time(t.expiresAt())).setHeader("Expires").setAutoWidth(true);
    grid.addColumn(t -> t.lastUsedAt() == null ? "never" : Formats.time(t.lastUsedAt()))
        .setHeader("Last used")
        .setAutoWidth(true);
    grid.addColumn(this::state).setHeader("State").setAutoWidth(true);
    grid.addComponentColumn(this::revokeButton).setHeader("").setFlexGrow(1);
    grid.setItems(tokens.mine());
    grid.setSizeFull();
    return grid;
  }

  private String state(ApiTokenInfo token) {
    if (token.revokedAt() != null) {
      return "revoked";
    }
    return token.isActive(clock.instant()) ? "active" : "expired";
  }

  private Component revokeButton(ApiTokenInfo token) {
    var revoke =
        new Button(
            "Revoke",
            e -> {
              tokens.revoke(token.id());
              refresh();
              Notification.show(
                      "Token '" + token.name() + "' revoked.",
                      4000,
                      Notification.Position.BOTTOM_START)
                  .addThemeVariants(NotificationVariant.SUCCESS);
            });
    revoke.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.TERTIARY, ButtonVariant.ERROR);
    revoke.setVisible(token.isActive(clock.instant()));
    return revoke;
  }

  private void create(String name, ApiScope scope, int days) {
    ApiTokens.Created created = tokens.create(name, scope, days);
    refresh();
    new ApiTokenValueDialog(created.token().name(), created.value()).open();
  }

  private void refresh() {
    grid.setItems(tokens.mine());
  }
}
