package dev.kiln.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.kiln.builder.docker.DockerSettings.PullPolicy;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.LogSink;
import java.io.Closeable;
import java.util.function.Consumer;

/** Makes sure the build's image is on the engine, pulling it as the project's pull policy says. */
final class ImagePolicy {

  private ImagePolicy() {}

  /**
   * Pulls the image when the policy asks for it, with the engine's progress as notices.
   *
   * @param pulls receives the running pull, so a cancellation can close it
   * @throws BuildException when the image is absent and may not be pulled, or the pull failed
   */
  static void apply(
      DockerClient client,
      String image,
      PullPolicy policy,
      String engine,
      LogSink log,
      Consumer<Closeable> pulls)
      throws BuildException, InterruptedException {
    boolean present = isPresent(client, image);
    if (policy == PullPolicy.NEVER && !present) {
      throw new BuildException(
          "Image "
              + image
              + " is not on the engine and the pull policy is never: pull it on"
              + " the engine at "
              + engine
              + ", or choose the pull policy if-missing.");
    }
    if (policy == PullPolicy.ALWAYS || !present) {
      pull(client, image, log, pulls);
    }
  }

  private static boolean isPresent(DockerClient client, String image) {
    try {
      client.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static void pull(
      DockerClient client, String image, LogSink log, Consumer<Closeable> pulls)
      throws BuildException, InterruptedException {
    log.notice("Pulling image " + image);
    ImageReference reference = ImageReference.parse(image);
    Progress progress = new Progress(log);
    pulls.accept(progress);
    try {
      client
          .pullImageCmd(reference.repository())
          .withTag(reference.tag())
          .exec(progress)
          .awaitCompletion();
    } catch (RuntimeException e) {
      throw new BuildException(
          "Could not pull image " + image + ": " + EngineProblem.describe(e), e);
    }
    if (progress.error != null) {
      throw new BuildException("Could not pull image " + image + ": " + progress.error);
    }
    if (!isPresent(client, image)) {
      throw new BuildException(
          "The pull of image " + image + " ended, but the engine does not have it.");
    }
  }

  /**
   * Passes the engine's pull status lines on as notices: one per layer step, not the byte counts of
   * each download, which would flood the log.
   */
  private static final class Progress extends ResultCallback.Adapter<PullResponseItem> {

    private final LogSink log;
    private volatile String error;

    Progress(LogSink log) {
      this.log = log;
    }

    @Override
    public void onNext(PullResponseItem item) {
      if (item.isErrorIndicated()) {
        error =
            item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                ? item.getErrorDetail().getMessage()
                : "the engine reported an error without details";
        return;
      }
      boolean byteCount =
          item.getProgressDetail() != null && item.getProgressDetail().getCurrent() != null;
      if (item.getStatus() != null && !byteCount) {
        log.notice(
            item.getId() == null ? item.getStatus() : item.getId() + ": " + item.getStatus());
      }
    }
  }
}
