package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.kiln.portal.access.ProjectAccess;
import dev.kiln.portal.base.ui.AccessDeniedView;
import dev.kiln.portal.base.ui.Downloads;
import dev.kiln.portal.build.BuildEvents;
import dev.kiln.portal.build.BuildEvents.StateChanged;
import dev.kiln.portal.build.BuildInfo;
import dev.kiln.portal.build.BuildService;
import dev.kiln.portal.build.BuildState;
import dev.kiln.portal.build.LogReader;
import dev.kiln.portal.build.LogReaders;
import dev.kiln.portal.build.Rebuilder;
import dev.kiln.portal.plugin.PluginHost;
import jakarta.annotation.security.PermitAll;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * One build: {@link BuildHeader} (state, reason, cancel, rebuild), the {@link CommitSummary} of
 * what it builds, {@link BuildFacts}, the live {@link LogViewer} and the {@link ArtifactsGrid}. The
 * page reads the build again only when its state changes (and every few seconds while it is queued,
 * for its place in the queue).
 */
@Route("builds")
@PermitAll
public final class BuildPage extends VerticalLayout
    implements HasUrlParameter<Long>, HasDynamicTitle {

  /** How often the page looks at a queued build's place in the queue. */
  private static final int QUEUE_POLL_MILLIS = 3000;

  private final BuildService builds;
  private final BuildEvents events;
  private final LogReaders readers;
  private final AuthenticationContext auth;
  private final PluginHost plugins;
  private final ProjectAccess access;
  private final Rebuilder rebuilder;
  private final CommitSummary commit = new CommitSummary();
  private BuildInfo build;
  private BuildHeader header;
  private BuildFacts facts;
  private ArtifactsGrid artifacts;
  private AutoCloseable subscription;
  private Registration queuePolling;

  public BuildPage(
      BuildService builds,
      BuildEvents events,
      LogReaders readers,
      AuthenticationContext auth,
      PluginHost plugins,
      ProjectAccess access,
      Optional<Rebuilder> rebuilder) {
    this.builds = builds;
    this.events = events;
    this.readers = readers;
    this.auth = auth;
    this.plugins = plugins;
    this.access = access;
    this.rebuilder = rebuilder.orElse(null);
    addClassName("page");
  }

  @Override
  public void setParameter(BeforeEvent event, Long id) {
    LogReader reader;
    try {
      build = builds.find(id).orElse(null);
      reader = build == null ? null : readers.open(id).orElse(null);
    } catch (org.springframework.security.access.AccessDeniedException e) {
      event.rerouteToError(AccessDeniedException.class, AccessDeniedView.reasonFor(e));
      return;
    }
    if (build == null || reader == null) {
      event.rerouteToError(NoSuchElementException.class, "No such build.");
      return;
    }
    header =
        new BuildHeader(
            access.mayChangeBuild(id),
            () -> builds.cancel(id, auth.getPrincipalName().orElse("?")),
            rebuilder == null ? null : () -> rebuild(id));
    facts = new BuildFacts(builds, plugins, builds.parameters(id)); // fixed when queued
    artifacts = new ArtifactsGrid(builds, id);
    var log = new LogViewer(reader, events);
    log.setId("build-log");
    removeAll();
    // By address, not by view class: the project feature depends on builds, not the reverse.
    add(
        new Anchor("projects/" + build.projectId(), "← " + build.projectName()),
        header,
        header.reason(),
        commit,
        new SecretsApprovalBar(build),
        facts,
        new HorizontalLayout(new H3("Log"), download()),
        log,
        new H3("Artifacts"),
        artifacts);
    show();
  }

  /** Queues the build again and opens the new one (a full page load, like the other links). */
  private void rebuild(long id) {
    long again = rebuilder.rebuild(id, auth.getPrincipalName().orElse("?"));
    getUI().ifPresent(ui -> ui.getPage().setLocation("builds/" + again));
  }

  private Anchor download() {
    String name = build.projectName().replaceAll("[^A-Za-z0-9._-]", "_");
    long id = build.id();
    return new Anchor(
        Downloads.attachment(
            "%s-%d.log".formatted(name, build.number()),
            "text/plain; charset=utf-8",
            -1,
            () -> builds.openLog(id)),
        "Download log");
  }

  @Override
  public String getPageTitle() {
    return build == null ? "Build · Kiln" : build.projectName() + " #" + build.number() + " · Kiln";
  }

  @Override
  protected void onAttach(AttachEvent event) {
    UI ui = event.getUI();
    // Events arrive on other threads; the build is read as the user who opened the page.
    SecurityContext viewer = SecurityContextHolder.getContext();
    subscription =
        events.subscribe(
            build.id(),
            change -> {
              if (change instanceof StateChanged state) {
                new DelegatingSecurityContextRunnable(() -> stateChanged(ui, state), viewer).run();
              }
            });
    build = builds.find(build.id()).orElse(build); // it may have moved on while the page opened
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
    artifacts.load();
  }

  private void stateChanged(UI ui, StateChanged state) {
    try {
      var fresh = builds.find(build.id()).orElse(build);
      ui.access(
          () -> {
            build = fresh;
            show();
            if (state.state().isFinal()) {
              artifacts.load();
            }
          });
    } catch (RuntimeException e) { // a user who may not see the build any more sees no more of it
      LoggerFactory.getLogger(BuildPage.class)
          .info("Build {} not shown again: {}", build.id(), e.getMessage());
    }
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
    header.show(build);
    commit.show(build);
    facts.show(build);
    getUI()
        .ifPresent(
            ui -> ui.setPollInterval(build.state() == BuildState.QUEUED ? QUEUE_POLL_MILLIS : -1));
  }
}
