package dev.kiln.portal.schedule.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.RouterLink;
import dev.kiln.portal.build.ui.BuildPage;
import dev.kiln.portal.schedule.FireInfo;
import dev.kiln.portal.schedule.ScheduleInfo;
import dev.kiln.portal.schedule.ScheduleService;

/**
 * A schedule's latest recorded fires: when each was due, when and where it was handled, and what
 * came of it.
 */
class FiresDialog extends Dialog {

  /** How many of the latest fires it lists. */
  static final int SHOWN = 100;

  FiresDialog(ScheduleService schedules, ScheduleInfo schedule) {
    setHeaderTitle("Fires of " + schedule.name());
    setWidth("min(64rem, 95vw)");
    var grid = new Grid<FireInfo>(FireInfo.class, false);
    grid.addColumn(f -> ScheduleTimes.format(f.fireTime(), schedule.timeZone()))
        .setHeader("Fire time")
        .setAutoWidth(true);
    grid.addColumn(f -> ScheduleTimes.format(f.firedAt(), schedule.timeZone()))
        .setHeader("Fired at")
        .setAutoWidth(true);
    grid.addColumn(FireInfo::node).setHeader("Node").setAutoWidth(true);
    grid.addColumn(FireInfo::outcome).setHeader("Outcome").setFlexGrow(2);
    grid.addComponentColumn(this::buildLink).setHeader("Build").setAutoWidth(true);
    grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    grid.setItems(schedules.fires(schedule.id(), SHOWN));
    grid.setEmptyStateText("It has not fired yet.");
    grid.setId("schedule-fires");
    grid.setAllRowsVisible(true);
    add(
        new Span(
            "The latest "
                + SHOWN
                + " at most, newest first; times in "
                + schedule.timeZone()
                + "."),
        grid);
    var close = new Button("Close", e -> close());
    close.setId("close-fires");
    getFooter().add(close);
  }

  private Component buildLink(FireInfo fire) {
    if (fire.buildId() == null) {
      return new Span("–");
    }
    var link = new RouterLink("Open build", BuildPage.class, fire.buildId());
    link.getElement().addEventListener("click", e -> close());
    return link;
  }
}
