package dev.kiln.portal.plugin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import com.vaadin.flow.server.streams.UploadMetadata;
import dev.kiln.portal.plugin.PluginAdministration;
import dev.kiln.portal.plugin.PluginAlreadyInstalledException;
import dev.kiln.portal.plugin.PluginRefusedException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The upload area: a plugin jar is checked and installed on every node as soon as it arrives. When
 * the plugin is already installed, the admin must tick "Replace version X" to replace it.
 */
class PluginUploadPanel extends VerticalLayout {

  /** How an attempt ended: a message, and the installed version when the admin may replace it. */
  private record Outcome(String message, boolean ok, String replaceable) {}

  private final PluginAdministration administration;
  private final Runnable installed;
  private final Paragraph result = new Paragraph();
  private final Checkbox replace = new Checkbox();
  private final Button retry = new Button("Install, replacing it");
  private final HorizontalLayout replacing = new HorizontalLayout(replace, retry);
  // One temporary file per upload, removed by attempt() (or by Vaadin when the upload fails);
  // not toTempFile, whose folder per upload would stay behind.
  private final Upload upload =
      new Upload(
          UploadHandler.toFile(
              this::received,
              metadata -> Files.createTempFile("kiln-plugin-upload", ".jar").toFile()));
  private Path pending;
  private String pendingName;
  private String pendingVersion;

  PluginUploadPanel(PluginAdministration administration, long maxBytes, Runnable installed) {
    this.administration = administration;
    this.installed = installed;
    setPadding(false);
    upload.setId("plugin-upload");
    upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, maxBytes));
    upload.setAcceptedFileExtensions(".jar");
    upload.setDropLabel(
        new Span("Drop a plugin jar here (at most " + maxBytes / (1024 * 1024) + " MB)"));
    upload.addFileRejectedListener(
        e -> show(new Outcome("Refused: " + e.getErrorMessage(), false, null)));
    result.setId("plugin-upload-result");
    result.setVisible(false);
    replace.setId("plugin-replace");
    retry.setId("plugin-replace-install");
    retry.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    retry.setEnabled(false);
    replace.addValueChangeListener(e -> retry.setEnabled(e.getValue()));
    retry.addClickListener(e -> show(attempt(pendingName, pending, pendingVersion)));
    replacing.setDefaultVerticalComponentAlignment(Alignment.CENTER);
    replacing.setVisible(false);
    add(upload, result, replacing);
    addDetachListener(e -> discardPending()); // the admin left without ticking "Replace version X"
  }

  /**
   * Runs on the upload's own request, which carries the admin's log-in, so the service's security
   * check applies; only the screen's update waits for the UI's lock.
   */
  private void received(UploadMetadata metadata, File file) {
    Outcome outcome = attempt(metadata.fileName(), file.toPath(), null);
    getUI().ifPresent(ui -> ui.access(() -> show(outcome)));
  }

  /**
   * Tries to install the upload; the file is removed whatever happens, unless it waits for "Replace
   * version X".
   */
  private Outcome attempt(String name, Path file, String replacesVersion) {
    boolean kept = false;
    try {
      return new Outcome(administration.upload(name, file, replacesVersion), true, null);
    } catch (PluginAlreadyInstalledException e) {
      if (!file.equals(pending)) {
        discardPending(); // an upload still waiting for the tick is replaced by this one
      }
      pending = file;
      pendingName = name;
      pendingVersion = e.installedVersion();
      kept = true;
      return new Outcome(e.getMessage(), false, e.installedVersion());
    } catch (PluginRefusedException | IOException e) {
      return new Outcome("Refused " + name + ": " + e.getMessage(), false, null);
    } finally {
      if (!kept) {
        discard(file);
        if (file.equals(pending)) {
          pending = null;
        }
      }
    }
  }

  private void discardPending() {
    if (pending != null) {
      discard(pending);
      pending = null;
    }
  }

  private static void discard(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      file.toFile().deleteOnExit();
    }
  }

  private void show(Outcome outcome) {
    upload.clearFileList(); // the message below says how it went; a tick on a refused file would
    // mislead
    result.setText(outcome.message());
    result.setVisible(true);
    result.setClassName(outcome.ok() ? "success-text" : "error-text");
    replacing.setVisible(outcome.replaceable() != null);
    if (outcome.replaceable() != null) {
      replace.setLabel("Replace version " + outcome.replaceable());
      replace.setValue(false);
    }
    if (outcome.ok()) {
      installed.run();
    }
  }
}
