package dev.kiln.portal.build.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.kiln.portal.build.BuildEvents;
import dev.kiln.portal.build.BuildEvents.AccessChanged;
import dev.kiln.portal.build.BuildEvents.Change;
import dev.kiln.portal.build.BuildEvents.LogGrew;
import dev.kiln.portal.build.BuildEvents.StateChanged;
import dev.kiln.portal.build.LogReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * A build's log that follows new output as it is stored (pushed to the browser). It reads through a
 * {@link LogReader} the page got when it checked the user may see the build: a log event says how
 * many chunks are stored, and the viewer reads the new ones from storage, without SQL. Access is
 * checked again when the project's members change and when the build ends. To stay responsive on
 * long logs it shows at most the last {@value #MAX_SHOWN_CHARS} characters or so; the whole log is
 * a download away. Scrolled to the bottom, it follows; scrolled up, it stays put.
 */
public final class LogViewer extends Div {

  static final int MAX_SHOWN_CHARS = 2_000_000;

  private static final Logger log = LoggerFactory.getLogger(LogViewer.class);
  private static final String HIDDEN =
      "Earlier output is not shown here. Download the log to see all of it.";

  private final LogReader reader;
  private final BuildEvents events;
  private final AtomicBoolean pulling = new AtomicBoolean();
  private final AtomicBoolean pullAgain = new AtomicBoolean();
  private final AtomicInteger stored = new AtomicInteger();
  private final Span hidden = new Span();
  private volatile int next = -1;
  private final ArrayDeque<Integer> shownSizes = new ArrayDeque<>();
  private long shownChars;
  private AutoCloseable subscription;

  public LogViewer(LogReader reader, BuildEvents events) {
    this.reader = reader;
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
    // Access is checked again on event threads, as the user who opened the page.
    SecurityContext viewer = SecurityContextHolder.getContext();
    subscription =
        events.subscribe(
            reader.buildId(),
            change -> new DelegatingSecurityContextRunnable(() -> on(change, ui), viewer).run());
    // Subscribed first, then read how far the log is: no chunk stored in between is missed.
    Thread.ofVirtual()
        .start(
            new DelegatingSecurityContextRunnable(
                () -> {
                  if (recheck(ui)) {
                    pull(ui);
                  }
                },
                viewer));
  }

  @Override
  protected void onDetach(DetachEvent event) {
    unsubscribe();
  }

  private void unsubscribe() {
    try {
      subscription.close();
    } catch (Exception e) {
      log.debug("closing the log subscription failed", e);
    }
  }

  private void on(Change change, UI ui) {
    boolean more =
        switch (change) {
          case LogGrew grew -> {
            stored.accumulateAndGet(grew.chunks(), Math::max);
            yield true;
          }
          // A log event lost on its way from another node is made good at the end; the end is
          // also a moment to check the user may still look.
          case StateChanged state when state.state().isFinal() -> recheck(ui);
          case AccessChanged access when access.projectId() == reader.projectId() -> recheck(ui);
          default -> false;
        };
    if (more) {
      pull(ui);
    }
  }

  /** Whether the user may still see the build; if not, the viewer stops and says so. */
  private boolean recheck(UI ui) {
    var chunks = reader.recheck();
    if (chunks.isEmpty()) {
      unsubscribe();
      ui.access(() -> add(notice("You may not see this build any more.")));
      return false;
    }
    stored.accumulateAndGet(chunks.get(), Math::max);
    return true;
  }

  private static Span notice(String text) {
    var notice = new Span(text);
    notice.addClassName("log-hidden");
    return notice;
  }

  /**
   * Reads the chunks stored since the last pull, off the UI lock, then shows them. One at a time.
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
      int total = stored.get();
      List<String> texts;
      boolean skipped = false;
      if (next < 0) { // first look: read back from the end only as far as the viewer shows
        var tail = reader.tail(total, MAX_SHOWN_CHARS);
        texts = tail.texts();
        skipped = tail.skipped();
      } else {
        texts = reader.logSince(next, total);
      }
      next = Math.max(next, total);
      boolean hiddenBefore = skipped;
      if (!texts.isEmpty() || hiddenBefore) {
        ui.access(() -> show(texts, hiddenBefore));
      }
    } catch (IOException | RuntimeException e) {
      log.warn("Could not read the log of build {}: {}", reader.buildId(), e.getMessage());
    }
  }

  private void show(List<String> texts, boolean skipped) {
    if (skipped) {
      hidden.setText(HIDDEN);
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
      hidden.setText(HIDDEN);
      hidden.setVisible(true);
    }
    getElement()
        .executeJs("if (this.dataset.follow !== 'false') { this.scrollTop = this.scrollHeight; }");
  }
}
