package dev.kiln.portal.audit.ui;

import static com.vaadin.flow.spring.data.VaadinSpringDataHelpers.toSpringPageRequest;

import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEntry;
import dev.kiln.portal.audit.AuditFilter;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.Formats;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;

/** Admins read the audit log, newest first, filtered by actor, action, time and target. */
@Route("admin/audit")
@PageTitle("Audit log · Kiln")
@RolesAllowed("ADMIN")
public final class AuditView extends VerticalLayout {

  private final AuditLog audit;
  private final Grid<AuditEntry> grid = new Grid<>(AuditEntry.class, false);
  private final TextField actor = new TextField("Actor");
  private final Select<AuditAction> action = new Select<>();
  private final DatePicker from = new DatePicker("From");
  private final DatePicker to = new DatePicker("To");
  private final TextField target = new TextField("Project or target");

  public AuditView(AuditLog audit) {
    this.audit = audit;
    addClassName("page");
    setSizeFull();
    add(
        new H2("Audit log"),
        new Paragraph(
            "Who did what and when, newest first. Passwords, tokens and secret values"
                + " are never recorded."),
        configureFilters(),
        configureGrid());
  }

  private HorizontalLayout configureFilters() {
    actor.setId("audit-actor");
    actor.setPlaceholder("Name starts with");
    target.setId("audit-target");
    target.setPlaceholder("Name or id");
    for (TextField field : new TextField[] {actor, target}) {
      field.setClearButtonVisible(true);
      field.setValueChangeMode(ValueChangeMode.LAZY);
      field.addValueChangeListener(e -> refresh());
    }
    action.setId("audit-action");
    action.setLabel("Action");
    action.setItems(
        Arrays.stream(AuditAction.values())
            .sorted(Comparator.comparing(AuditAction::code))
            .toList());
    action.setItemLabelGenerator(a -> a == null ? "Any action" : a.code());
    action.setEmptySelectionAllowed(true);
    action.setEmptySelectionCaption("Any action");
    action.addValueChangeListener(e -> refresh());
    from.setId("audit-from");
    to.setId("audit-to");
    for (DatePicker date : new DatePicker[] {from, to}) {
      date.setI18n(
          new DatePicker.DatePickerI18n().setDateFormat("yyyy-MM-dd")); // as times are shown
      date.setClearButtonVisible(true);
      date.setPlaceholder("yyyy-mm-dd");
      date.addValueChangeListener(e -> refresh());
    }
    from.addValueChangeListener(e -> to.setMin(e.getValue()));
    to.addValueChangeListener(e -> from.setMax(e.getValue()));
    actor.setWidth("10em");
    from.setWidth("9.5em");
    to.setWidth("9.5em");
    var filters = new HorizontalLayout(actor, action, from, to, target);
    filters.setAlignItems(FlexComponent.Alignment.BASELINE);
    filters.setWidthFull();
    filters.expand(target);
    filters.setWrap(true);
    return filters;
  }

  private Grid<AuditEntry> configureGrid() {
    grid.setId("audit");
    grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
    grid.addColumn(e -> Formats.time(e.at())).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(AuditEntry::actor).setHeader("Actor").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(AuditEntry::action).setHeader("Action").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(AuditEntry::target).setHeader("Target").setAutoWidth(true).setFlexGrow(0);
    // The detail takes what is left, and shows whole in a tooltip when that is too little.
    grid.addColumn(AuditEntry::detail)
        .setHeader("Detail")
        .setFlexGrow(1)
        .setTooltipGenerator(AuditEntry::detail);
    grid.addColumn(e -> e.remoteAddress() == null ? "–" : e.remoteAddress())
        .setHeader("Address")
        .setAutoWidth(true)
        .setFlexGrow(0);
    grid.addColumn(AuditEntry::node).setHeader("Node").setAutoWidth(true).setFlexGrow(0);
    // Only a page at a time, and no count: the log only grows.
    grid.setItems(query -> audit.list(filter(), toSpringPageRequest(query)).stream());
    grid.setEmptyStateText("No entries match these filters.");
    grid.setSizeFull();
    return grid;
  }

  private AuditFilter filter() {
    return new AuditFilter(
        actor.getValue(),
        action.getValue(),
        startOf(from.getValue()),
        to.getValue() == null ? null : startOf(to.getValue().plusDays(1)),
        target.getValue());
  }

  /** Days are the server's, as every time on screen is ({@link Formats#time}). */
  private static Instant startOf(LocalDate day) {
    return day == null ? null : day.atStartOfDay(ZoneId.systemDefault()).toInstant();
  }

  private void refresh() {
    grid.getDataProvider().refreshAll();
  }
}
