package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildState;
import java.util.function.Supplier;

/**
 * The top of a build's page: project and number, its state, the cancel button for those who may
 * cancel, and the reason for the state (a paragraph of its own, below the row: {@link #reason()}).
 */
final class BuildHeader extends HorizontalLayout {

  private final H2 title = new H2();
  private final StateBadge state = new StateBadge(BuildState.QUEUED);
  private final Button cancel = new Button("Cancel", VaadinIcon.STOP.create());
  private final Paragraph reason = new Paragraph();
  private final boolean mayCancel;

  /**
   * @param cancelBuild cancels the build and says what happened
   */
  BuildHeader(boolean mayCancel, Supplier<String> cancelBuild) {
    this.mayCancel = mayCancel;
    state.setId("build-state");
    reason.setId("build-reason");
    reason.addClassName("reason");
    cancel.setId("cancel-build");
    cancel.addThemeVariants(ButtonVariant.ERROR);
    cancel.addClickListener(e -> Notification.show(cancelBuild.get()));
    add(title, state, cancel);
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
  }
}
