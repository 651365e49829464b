package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.kiln.portal.build.BuildEvents;
import dev.kiln.portal.build.BuildService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A build's log that follows new output as it is stored (pushed to the browser). To stay responsive
 * on long logs it shows at most the last {@value #MAX_SHOWN_CHARS} characters or so; the whole log
 * is a download away. Scrolled to the bottom, it follows; scrolled up, it stays put.
 */
public final class LogViewer extends Div {

  static final int MAX_SHOWN_CHARS = 2_000_000;

  private static final Logger log = LoggerFactory.getLogger(LogViewer.class);

  private final long buildId;
  private final BuildService builds;
  private final BuildEvents events;
  private final AtomicBoolean pulling = new AtomicBoolean();
  private final AtomicBoolean pullAgain = new AtomicBoolean();
  private final Span hidden = new Span();
  private volatile int next = -1;
  private final java.util.ArrayDeque<Integer> shownSizes = new java.util.ArrayDeque<>();
  private long shownChars;
  private AutoCloseable subscription;

  public LogViewer(long buildId, BuildService builds, BuildEvents events) {
    this.buildId = buildId;
    this.builds = builds;
    this.events = events;
    addClassName("log");
    hidden.addClassName("log-hidden");
    hidden.setVisible(false);
    add(hidden);
  }

  @Override
  protected void onAttach(AttachEvent event) {
    UI ui = event.getUI();
    getElement()
        .executeJs(
            """
        const log = this;
        log.dataset.follow = 'true';
        log.addEventListener('scroll', () => {
          log.dataset.follow = String(log.scrollHeight - log.scrollTop - log.clientHeight < 40);
        });""");
    // Pulls run on event threads; they read as the user who opened the page, so the service's
    // checks apply.
    SecurityContext viewer = SecurityContextHolder.getContext();
    subscription =
        events.subscribe(
            buildId, kind -> new DelegatingSecurityContextRunnable(() -> pull(ui), viewer).run());
    Thread.ofVirtual().start(new DelegatingSecurityContextRunnable(() -> pull(ui), viewer));
  }

  @Override
  protected void onDetach(DetachEvent event) {
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("closing the log subscription failed", e);
    }
  }

  /**
   * Fetches the chunks stored since the last pull, off the UI lock, then shows them. One pull at a
   * time.
   */
  private void pull(UI ui) {
    // An event that arrives while another thread pulls sets pullAgain; whoever ends the pull looks
    // at it after letting go, so no wake-up is lost.
    do {
      if (!pulling.compareAndSet(false, true)) {
        pullAgain.set(true);
        return;
      }
      try {
        pullOnce(ui);
      } finally {
        pulling.set(false);
      }
    } while (pullAgain.getAndSet(false));
  }

  private void pullOnce(UI ui) {
    try {
      int total = builds.logChunks(buildId);
      List<String> texts = new ArrayList<>();
      boolean skipped = false;
      if (next < 0) {
        // First look: read back from the end only as far as the viewer shows.
        long chars = 0;
        int seq = total - 1;
        for (; seq >= 0 && chars < MAX_SHOWN_CHARS; seq--) {
          String text = builds.logChunk(buildId, seq);
          texts.addFirst(text);
          chars += text.length();
        }
        skipped = seq >= 0;
      } else {
        for (int seq = next; seq < total; seq++) {
          texts.add(builds.logChunk(buildId, seq));
        }
      }
      next = total;
      boolean hiddenBefore = skipped;
      if (!texts.isEmpty() || hiddenBefore) {
        ui.access(() -> show(texts, hiddenBefore));
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Could not read the log of build {}: {}", buildId, e.getMessage());
    }
  }

  private void show(List<String> texts, boolean skipped) {
    if (skipped) {
      hidden.setText("Earlier output is not shown here. Download the log to see all of it.");
      hidden.setVisible(true);
    }
    for (String text : texts) {
      add(new Span(text));
      shownSizes.addLast(text.length());
      shownChars += text.length();
    }
    while (shownChars > MAX_SHOWN_CHARS && shownSizes.size() > 1) {
      getElement().removeChild(1); // index 0 is the notice about hidden output
      shownChars -= shownSizes.removeFirst();
      hidden.setText("Earlier output is not shown here. Download the log to see all of it.");
      hidden.setVisible(true);
    }
    getElement()
        .executeJs("if (this.dataset.follow !== 'false') { this.scrollTop = this.scrollHeight; }");
  }
}
