package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.portal.access.ProjectAccess;
import dev.kiln.portal.base.Formats;
import dev.kiln.portal.base.ui.AccessDeniedView;
import dev.kiln.portal.base.ui.Downloads;
import dev.kiln.portal.build.ArtifactInfo;
import dev.kiln.portal.build.BuildEvents;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.plugin.PluginHost;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/** One build: its state and why, timings, the live log, cancel, and its artifacts. */
@Route("builds")
@PermitAll
public final class BuildPage extends VerticalLayout
    implements HasUrlParameter<Long>, HasDynamicTitle {

  private final BuildService builds;
  private final BuildEvents events;
  private final AuthenticationContext auth;
  private final PluginHost plugins;
  private final H2 title = new H2();
  private final StateBadge state = new StateBadge(dev.kiln.portal.build.BuildState.QUEUED);
  private final Paragraph reason = new Paragraph();
  private final DescriptionList facts = new DescriptionList();
  private final Button cancel = new Button("Cancel", VaadinIcon.STOP.create());
  private final Grid<ArtifactInfo> artifacts = new Grid<>(ArtifactInfo.class, false);
  private final ProjectAccess access;
  private BuildInfo build;
  private java.util.Map<String, String> parameters = java.util.Map.of();
  private boolean mayCancel;
  private AutoCloseable subscription;
  private com.vaadin.flow.shared.Registration queuePolling;

  /** How often the page looks at a queued build's place in the queue. */
  private static final int QUEUE_POLL_MILLIS = 3000;

  public BuildPage(
      BuildService builds,
      BuildEvents events,
      AuthenticationContext auth,
      PluginHost plugins,
      ProjectAccess access) {
    this.builds = builds;
    this.access = access;
    this.events = events;
    this.auth = auth;
    this.plugins = plugins;
    addClassName("page");
    reason.addClassName("reason");
    facts.addClassName("facts");
    cancel.setId("cancel-build");
    state.setId("build-state");
    reason.setId("build-reason");
    artifacts.setId("artifacts");
    cancel.addThemeVariants(ButtonVariant.ERROR);
    cancel.addClickListener(
        e -> Notification.show(builds.cancel(build.id(), auth.getPrincipalName().orElse("?"))));
    configureArtifacts();
  }

  @Override
  public void setParameter(BeforeEvent event, Long id) {
    try {
      build = builds.find(id).orElse(null);
    } catch (AccessDeniedException e) {
      event.rerouteToError(
          com.vaadin.flow.router.AccessDeniedException.class, AccessDeniedView.reasonFor(e));
      return;
    }
    if (build == null) {
      event.rerouteToError(NoSuchElementException.class, "No such build.");
      return;
    }
    parameters = builds.parameters(id); // fixed when queued: read once
    // By address, not by view class: the project feature depends on builds, not the reverse.
    var project = new Anchor("projects/" + build.projectId(), "← " + build.projectName());
    var header = new HorizontalLayout(title, state, cancel);
    header.setAlignItems(FlexComponent.Alignment.BASELINE);
    mayCancel = access.mayChangeBuild(id);
    var log = new LogViewer(id, builds, events);
    log.setId("build-log");
    var download =
        new Anchor(
            Downloads.attachment(
                "%s-%d.log"
                    .formatted(
                        build.projectName().replaceAll("[^A-Za-z0-9._-]", "_"), build.number()),
                "text/plain; charset=utf-8",
                -1,
                () -> builds.openLog(id)),
            "Download log");
    removeAll();
    add(
        project,
        header,
        reason,
        facts,
        new HorizontalLayout(new H3("Log"), download),
        log,
        new H3("Artifacts"),
        artifacts);
    show();
  }

  @Override
  public String getPageTitle() {
    return build == null ? "Build · Kiln" : build.projectName() + " #" + build.number() + " · Kiln";
  }

  @Override
  protected void onAttach(AttachEvent event) {
    UI ui = event.getUI();
    // Events arrive on other threads; they read as the user who opened the page.
    SecurityContext viewer = SecurityContextHolder.getContext();
    subscription =
        events.subscribe(
            build.id(),
            kind -> {
              if (kind == BuildEvents.Kind.STATE) {
                new DelegatingSecurityContextRunnable(
                        () -> {
                          var fresh = builds.find(build.id()).orElse(build);
                          ui.access(
                              () -> {
                                build = fresh;
                                show();
                              });
                        },
                        viewer)
                    .run();
              }
            });
    build =
        builds.find(build.id()).orElse(build); // it may have moved on while the page was opening
    // A queued build's place changes as others start, which sends this page no event: look again.
    queuePolling =
        ui.addPollListener(
            e -> {
              if (build.state() == BuildState.QUEUED) {
                build = builds.find(build.id()).orElse(build);
                show();
              }
            });
    show();
  }

  @Override
  protected void onDetach(DetachEvent event) {
    event.getUI().setPollInterval(-1);
    queuePolling.remove();
    try {
      subscription.close();
    } catch (Exception e) {
      // nothing to release
    }
  }

  private void show() {
    title.setText(build.projectName() + " #" + build.number());
    state.set(build.state());
    reason.setText(build.reason());
    cancel.setVisible(!build.state().isFinal() && mayCancel);
    facts.removeAll();
    String builder =
        plugins
            .builder(build.builderId())
            .map(b -> b.descriptor().name())
            .orElse(build.builderId());
    fact(
        "Builder",
        build.instanceName() == null || build.instanceName().equalsIgnoreCase(builder)
            ? builder
            : build.instanceName() + " (" + builder + ")");
    fact("Node", build.node() == null ? "–" : build.node());
    fact("Triggered by", build.triggeredBy()).setId("build-trigger");
    if (!parameters.isEmpty()) {
      parameters(parameters);
    }
    if (build.attempt() > 1) {
      fact("Attempt", String.valueOf(build.attempt())).setId("build-attempt");
    }
    if (build.retryOf() != null) {
      builds
          .find(build.retryOf())
          .ifPresent(lost -> link("Retry of", lost).setId("build-retry-of"));
    }
    if (build.state() == BuildState.LOST) {
      builds
          .retriedAs(build.id())
          .ifPresent(again -> link("Retried as", again).setId("build-retried-as"));
    }
    getUI()
        .ifPresent(
            ui -> ui.setPollInterval(build.state() == BuildState.QUEUED ? QUEUE_POLL_MILLIS : -1));
    if (build.state() == BuildState.QUEUED) {
      fact(
              "Queue",
              builds
                  .queuePosition(build.id())
                  .map(
                      p ->
                          Formats.ordinal(p.position())
                              + " of "
                              + p.queued()
                              + (build.waiting() ? ", waiting for its instance's limit" : ""))
                  .orElse("–"))
          .setId("build-queue-position");
    }
    fact("Queued", Formats.time(build.queuedAt()));
    fact("Started", Formats.time(build.startedAt()));
    fact("Finished", Formats.time(build.finishedAt()));
    fact(
        "Duration",
        build.state().isFinal() ? Formats.duration(build.duration(Instant.now())) : "–");
    fact("Exit code", build.exitCode() == null ? "–" : build.exitCode().toString());
    artifacts.setItems(builds.artifacts(build.id()));
  }

  /** The values the script received, one per line, as data: never a link, never markup. */
  private void parameters(java.util.Map<String, String> values) {
    var list = new com.vaadin.flow.component.html.Div();
    list.addClassName("build-parameters");
    values.forEach(
        (name, value) -> {
          var line = new com.vaadin.flow.component.html.Div(name + "=" + value);
          line.addClassName("monospace");
          list.add(line);
        });
    var description = new DescriptionList.Description(list);
    description.setId("build-parameters");
    facts.add(new DescriptionList.Term("Parameters"), description);
  }

  /**
   * A fact that opens another build of the project (a full page load: this view shows one build).
   */
  private DescriptionList.Description link(String term, BuildInfo other) {
    var anchor =
        new Anchor(
            "builds/" + other.id(),
            "#" + other.number() + " (" + other.state().name().toLowerCase(Locale.ROOT) + ")");
    anchor.getElement().setAttribute("router-ignore", true);
    var description = new DescriptionList.Description(anchor);
    facts.add(new DescriptionList.Term(term), description);
    return description;
  }

  private DescriptionList.Description fact(String term, String value) {
    var description = new DescriptionList.Description(value);
    facts.add(new DescriptionList.Term(term), description);
    return description;
  }

  private void configureArtifacts() {
    artifacts
        .addComponentColumn(
            a ->
                new Anchor(
                    Downloads.attachment(
                        a.path().substring(a.path().lastIndexOf('/') + 1),
                        "application/octet-stream",
                        a.size(),
                        () -> builds.openArtifact(build.id(), a.path())),
                    a.path()))
        .setHeader("File")
        .setFlexGrow(3);
    artifacts.addColumn(a -> Formats.size(a.size())).setHeader("Size").setAutoWidth(true);
    artifacts.addColumn(ArtifactInfo::sha256).setHeader("SHA-256").setFlexGrow(2);
    artifacts.setEmptyStateText("No artifacts: none kept yet, or no file matched the patterns.");
    artifacts.setAllRowsVisible(true);
  }
}
