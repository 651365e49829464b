package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildState;
import java.util.function.Supplier;

/**
 * The top of a build's page: project and number, its state, the cancel and rebuild buttons for
 * those who may change the build, and the reason for the state (a paragraph of its own, below the
 * row: {@link #reason()}).
 */
final class BuildHeader extends HorizontalLayout {

  private final H2 title = new H2();
  private final StateBadge state = new StateBadge(BuildState.QUEUED);
  private final Button cancel = new Button("Cancel", VaadinIcon.STOP.create());
  private final Button rebuild = new Button("Rebuild", VaadinIcon.REFRESH.create());
  private final Paragraph reason = new Paragraph();
  private final boolean mayCancel;
  private final boolean mayRebuild;

  /**
   * @param mayChange whether the user may cancel and rebuild the build
   * @param cancelBuild cancels the build and says what happened
   * @param rebuildBuild queues the build again and opens the new one; null where nothing can
   */
  BuildHeader(boolean mayChange, Supplier<String> cancelBuild, Runnable rebuildBuild) {
    this.mayRebuild = mayChange && rebuildBuild != null;
    this.mayCancel = mayChange;
    state.setId("build-state");
    reason.setId("build-reason");
    reason.addClassName("reason");
    cancel.setId("cancel-build");
    cancel.addThemeVariants(ButtonVariant.ERROR);
    cancel.addClickListener(e -> Notification.show(cancelBuild.get()));
    rebuild.setId("rebuild-build");
    rebuild.setTooltipText("Build the same commit with the same parameters again");
    rebuild.addClickListener(
        e -> {
          try {
            rebuildBuild.run();
          } catch (RuntimeException refused) { // not ended, builder gone, a parameter undeclared
            Notification.show(refused.getMessage(), 8000, Notification.Position.MIDDLE)
                .addThemeVariants(NotificationVariant.ERROR);
          }
        });
    add(title, state, cancel, rebuild);
    setAlignItems(FlexComponent.Alignment.BASELINE);
  }

  /** Why the build is in its state; the page places it. */
  Paragraph reason() {
    return reason;
  }

  void show(BuildInfo build) {
    title.setText(build.projectName() + " #" + build.number());
    state.set(build.state());
    reason.setText(build.reason());
    cancel.setVisible(!build.state().isFinal() && mayCancel);
    rebuild.setVisible(build.state().isFinal() && mayRebuild);
  }
}
