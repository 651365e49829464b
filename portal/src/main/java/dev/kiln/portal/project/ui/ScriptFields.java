package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.plugin.api.ArtifactMatcher;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ProjectDraft;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project form's script part: the bash script a build runs, the artifacts kept from its
 * workspace, and the secrets it receives.
 */
final class ScriptFields implements ProjectFormPart {

  private final TextArea script = new TextArea("Build script (bash)");
  private final TextArea patterns = new TextArea("Artifacts to keep");
  private final TextField secrets = new TextField("Secrets");

  ScriptFields() {
    script.setId("project-script");
    patterns.setId("project-artifacts");
    secrets.setId("project-secrets");
    secrets.setHelperText(
        "Names of secrets passed to the build as environment variables, separated by commas:"
            + " the project's own secret of a name, else the global one.");
    script.addClassName("monospace");
    script.setMinHeight("12rem");
    script.setHelperText(
        "Runs with bash -eo pipefail in the workspace: the checkout of the commit it builds, or"
            + " empty without a repository. KILN_BUILD_ID, KILN_BUILD_NUMBER and KILN_WORKSPACE"
            + " are set, and KILN_GIT_REF and KILN_GIT_COMMIT with a repository.");
    patterns.addClassName("monospace");
    patterns.setHelperText(
        "One glob per line, relative to the workspace, e.g. dist/*.whl or **/*.tar.gz; at most "
            + ArtifactMatcher.MAX_PATTERNS
            + " patterns of up to "
            + ArtifactMatcher.MAX_PATTERN_LENGTH
            + " characters and "
            + ArtifactMatcher.MAX_WILDCARDS
            + " wildcards each.");
  }

  String script() {
    return script.getValue();
  }

  /** The patterns as typed, one a line; the service drops blank ones. */
  List<String> artifactPatterns() {
    return Arrays.asList(patterns.getValue().split("\\R"));
  }

  /** The names as typed, between commas; the service trims them. */
  List<String> secretNames() {
    return Arrays.asList(secrets.getValue().split(","));
  }

  @Override
  public List<Component> components() {
    return List.of(script, patterns, secrets);
  }

  @Override
  public void fill(ProjectDraft draft) {
    script.setValue(draft.script());
    patterns.setValue(String.join("\n", draft.artifactPatterns()));
    secrets.setValue(String.join(", ", draft.secretNames()));
  }

  @Override
  public void showProblems(Map<String, String> rest) {
    ProjectFormPart.mark(script, rest.remove(InvalidProjectException.SCRIPT));
    ProjectFormPart.mark(patterns, rest.remove(InvalidProjectException.PATTERNS));
    ProjectFormPart.mark(secrets, rest.remove(InvalidProjectException.SECRETS));
  }

  @Override
  public void clearProblems() {
    script.setInvalid(false);
    patterns.setInvalid(false);
    secrets.setInvalid(false);
  }

  @Override
  public Optional<Component> firstAtFault() {
    return ProjectFormPart.firstInvalid(script, patterns, secrets);
  }
}
