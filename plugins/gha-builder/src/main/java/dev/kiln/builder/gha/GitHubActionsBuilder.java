package dev.kiln.builder.gha;

import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.api.BuilderSettings;
import java.util.List;
import org.pf4j.Extension;

/**
 * The GitHub Actions builder. Loaded so that it shows in the portal, but it runs nothing yet: it says so
 * instead of pretending.
 */
@Extension
public class GitHubActionsBuilder implements Builder {

  static final String NOT_IMPLEMENTED =
      "The GitHub Actions builder is not implemented yet. Choose another builder for this project.";

  @Override
  public BuilderDescriptor describe() {
    return new BuilderDescriptor("github-actions", "GitHub Actions", "Dispatches a GitHub Actions workflow and collects its logs and artifacts.", List.of(), NOT_IMPLEMENTED);
  }

  @Override
  public Health check(BuilderSettings settings) {
    return Health.down(NOT_IMPLEMENTED);
  }

  @Override
  public BuildResult run(BuildRequest request, BuildContext context) throws BuildException {
    throw new BuildException(NOT_IMPLEMENTED);
  }
}
