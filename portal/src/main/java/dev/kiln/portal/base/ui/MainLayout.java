package dev.kiln.portal.base.ui;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import java.util.Locale;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The frame around every page after log-in: navigation on the side, the user and log-out on top.
 */
@Layout
@PermitAll
public final class MainLayout extends AppLayout {

  public MainLayout(AuthenticationContext auth) {
    var title = new Span("Kiln");
    title.addClassName("app-title");
    String role =
        auth.getGrantedRoles().stream()
            .findFirst()
            .map(r -> " · " + r.toLowerCase(Locale.ROOT))
            .orElse("");
    var user = new Span(auth.getPrincipalName().orElse("") + role);
    user.setId("current-user");
    user.addClassName("app-user");
    var logout = new Button("Log out", e -> auth.logout());
    logout.addThemeVariants(ButtonVariant.TERTIARY);
    var bar = new Div(title, new Div(user, logout));
    bar.addClassName("app-bar");
    addToNavbar(new DrawerToggle(), bar);

    var nav = new SideNav();
    nav.addItem(new SideNavItem("Projects", "", VaadinIcon.CUBES.create()));
    if (auth.hasRole("ADMIN")) {
      nav.addItem(new SideNavItem("Users", "admin/users", VaadinIcon.USERS.create()));
      nav.addItem(new SideNavItem("Secrets", "admin/secrets", VaadinIcon.LOCK.create()));
      nav.addItem(new SideNavItem("Audit log", "admin/audit", VaadinIcon.RECORDS.create()));
      nav.addItem(new SideNavItem("Builders", "admin/builders", VaadinIcon.SERVER.create()));
      nav.addItem(new SideNavItem("Plugins", "admin/plugins", VaadinIcon.PLUG.create()));
      nav.addItem(new SideNavItem("Nodes", "admin/nodes", VaadinIcon.CLUSTER.create()));
    }
    nav.addItem(new SideNavItem("API tokens", "account/tokens", VaadinIcon.CODE.create()));
    if (auth.getAuthenticatedUser(Object.class).filter(UserDetails.class::isInstance).isPresent()) {
      // Only Kiln passwords change here; provider users change theirs at the provider.
      nav.addItem(new SideNavItem("Password", "account/password", VaadinIcon.KEY.create()));
    }
    addToDrawer(nav);
  }
}
