package dev.kiln.portal.base.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/** The page shell: Lumo, Kiln's stylesheet, and server push for live logs and states. */
@Push
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet("styles/kiln.css")
public class AppShell implements AppShellConfigurator {

  @Override
  public void configurePage(AppShellSettings settings) {
    settings.setPageTitle("Kiln");
  }
}
