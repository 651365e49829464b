package dev.kiln.portal.schedule.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.kiln.portal.base.ui.Notices;
import dev.kiln.portal.project.ParameterDeclaration;
import dev.kiln.portal.schedule.MisfirePolicy;
import dev.kiln.portal.schedule.ScheduleInfo;
import dev.kiln.portal.schedule.ScheduleRefusedException;
import dev.kiln.portal.schedule.ScheduleService;
import java.time.ZoneId;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A project's schedules: a grid everyone who sees the project sees, with add, edit, pause/resume
 * and delete for those who may change the project, and each schedule's recorded fires.
 */
class SchedulesPanel extends VerticalLayout {

  private final ScheduleService schedules;
  private final long projectId;
  private final List<ParameterDeclaration> declared;
  private final boolean mayChange;
  private final Grid<ScheduleInfo> grid = new Grid<>(ScheduleInfo.class, false);

  /** The browser's zone, the default of a new schedule, once the browser has told it. */
  private String browserZone = "UTC";

  SchedulesPanel(
      ScheduleService schedules,
      long projectId,
      List<ParameterDeclaration> declared,
      boolean mayChange) {
    this.declared = declared;
    this.schedules = schedules;
    this.projectId = projectId;
    this.mayChange = mayChange;
    setPadding(false);
    var intro =
        new Paragraph(
            "Schedules start builds at fixed times, like cron. Each has its own time zone;"
                + " H in an expression spreads projects over the hour so they do not all start at once.");
    intro.addClassName("muted");
    var add = new Button("Add schedule", VaadinIcon.PLUS.create(), e -> edit(null));
    add.setId("add-schedule");
    add.addThemeVariants(ButtonVariant.PRIMARY);
    add.setVisible(mayChange);
    add(new HorizontalLayout(intro, add), configureGrid());
    refresh();
  }

  @Override
  protected void onAttach(AttachEvent event) {
    // The browser sends these when the UI starts; Vaadin keeps them.
    var details = event.getUI().getPage().getExtendedClientDetails();
    String zone = details == null ? null : details.getTimeZoneId();
    if (zone != null && ZoneId.getAvailableZoneIds().contains(zone)) {
      browserZone = zone;
    }
  }

  private Grid<ScheduleInfo> configureGrid() {
    grid.addColumn(ScheduleInfo::name).setHeader("Name").setFlexGrow(1);
    grid.addComponentColumn(SchedulesPanel::when).setHeader("Expression, in words").setFlexGrow(2);
    grid.addComponentColumn(SchedulesPanel::next)
        .setHeader("Time zone, next fire")
        .setWidth("11rem")
        .setFlexGrow(0);
    grid.addComponentColumn(SchedulesPanel::state)
        .setHeader("State")
        .setWidth("7rem")
        .setFlexGrow(0);
    grid.addComponentColumn(SchedulesPanel::policies)
        .setHeader("Policies")
        .setWidth("9.5rem")
        .setFlexGrow(0);
    grid.addComponentColumn(this::actions).setWidth(mayChange ? "11rem" : "4rem").setFlexGrow(0);
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.setId("schedules");
    grid.setAllRowsVisible(true);
    grid.setEmptyStateText(
        mayChange
            ? "No schedules yet. Add one to build at fixed times."
            : "This project has no schedules.");
    return grid;
  }

  private static Div state(ScheduleInfo s) {
    var state = new Span(s.enabled() ? "Enabled" : "Paused");
    state.addClassNames("state", s.enabled() ? "state-started" : "state-stopped");
    state.setId("schedule-state-" + s.id());
    var both = new Div(state);
    if (s.note() != null) {
      var note = new Div(s.note());
      note.addClassName("error-text");
      note.setId("schedule-note-" + s.id());
      both.add(note);
    }
    return both;
  }

  /** The expression as written, and in words below it. */
  private static Div when(ScheduleInfo s) {
    var expression = new Div(s.expression());
    expression.addClassName("schedule-expression");
    var words = new Div(s.description());
    words.addClassName("muted");
    return new Div(expression, words);
  }

  /** The zone, and below it the next fire time in that zone. */
  private static Div next(ScheduleInfo s) {
    var next = new Div(s.enabled() ? ScheduleTimes.format(s.nextFire(), s.timeZone()) : "paused");
    next.addClassName("muted");
    next.setId("schedule-next-" + s.id());
    return new Div(new Div(s.timeZone()), next);
  }

  /** Both policies, short; the full words are in the tooltip. */
  private static Div policies(ScheduleInfo s) {
    var missed = new Div("Missed: " + (s.misfire() == MisfirePolicy.SKIP ? "skip" : "run once"));
    var overlap =
        new Div(
            "Overlap: "
                + switch (s.overlap()) {
                  case SKIP -> "skip";
                  case QUEUE -> "queue";
                  case CANCEL_RUNNING -> "cancel running";
                });
    var both = new Div(missed, overlap);
    both.getElement().setAttribute("title", s.misfire().label() + ". " + s.overlap().label() + ".");
    return both;
  }

  private HorizontalLayout actions(ScheduleInfo s) {
    var fires =
        iconButton(
            VaadinIcon.LIST,
            "Recorded fires",
            "fires-schedule-" + s.id(),
            () -> new FiresDialog(schedules, s).open());
    var row = new HorizontalLayout(fires);
    row.setSpacing(false);
    if (mayChange) {
      row.addComponentAsFirst(
          iconButton(VaadinIcon.EDIT, "Edit", "edit-schedule-" + s.id(), () -> edit(s)));
      row.add(
          iconButton(
              s.enabled() ? VaadinIcon.PAUSE : VaadinIcon.PLAY,
              s.enabled() ? "Pause" : "Resume",
              "toggle-schedule-" + s.id(),
              () -> toggle(s)));
      var delete =
          iconButton(
              VaadinIcon.TRASH, "Delete", "delete-schedule-" + s.id(), () -> confirmDelete(s));
      delete.addThemeVariants(ButtonVariant.ERROR);
      row.add(delete);
    }
    return row;
  }

  private static Button iconButton(VaadinIcon icon, String label, String id, Runnable action) {
    var button = new Button(icon.create(), e -> action.run());
    button.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.LUMO_ICON);
    button.setTooltipText(label);
    button.setAriaLabel(label);
    button.setId(id);
    return button;
  }

  private void edit(ScheduleInfo existing) {
    new ScheduleDialog(schedules, projectId, declared, existing, browserZone, this::done).open();
  }

  private void toggle(ScheduleInfo s) {
    try {
      schedules.setEnabled(s.id(), !s.enabled());
      done("Schedule " + s.name() + (s.enabled() ? " paused." : " resumed."));
    } catch (ScheduleRefusedException e) {
      Notices.problem(
          e.getMessage()); // its zone vanished from the JDK since it was saved, for example
    } catch (NoSuchElementException e) {
      Notices.problem("Schedule " + s.name() + " was deleted in the meantime.");
      refresh();
    }
  }

  private void confirmDelete(ScheduleInfo s) {
    var dialog = new Dialog();
    dialog.setHeaderTitle("Delete schedule " + s.name() + "?");
    dialog.add(
        new Paragraph(
            "It stops firing at once. Builds it started are kept; its record of fires is deleted."));
    var delete =
        new Button(
            "Delete",
            e -> {
              dialog.close();
              try {
                schedules.delete(s.id());
                done("Schedule " + s.name() + " deleted.");
              } catch (NoSuchElementException ex) {
                refresh();
              }
            });
    delete.setId("confirm-delete-schedule");
    delete.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.ERROR);
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), delete);
    dialog.open();
  }

  private void done(String message) {
    Notices.done(message);
    refresh();
  }

  private void refresh() {
    grid.setItems(schedules.list(projectId));
  }
}
