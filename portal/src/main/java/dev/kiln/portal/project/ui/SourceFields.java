package dev.kiln.portal.project.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.kiln.portal.project.InvalidProjectException;
import dev.kiln.portal.project.ProjectDraft;
import dev.kiln.portal.project.ProjectSource;
import dev.kiln.portal.secret.SecretInfo;
import dev.kiln.portal.secret.SecretService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.security.access.AccessDeniedException;

/**
 * The project form's "Source" part: the git repository its builds check out, the branch they build
 * by default, the secret that opens the repository, and which pushes and pull requests build.
 */
final class SourceFields implements ProjectFormPart {

  private static final String NONE = "";

  private final SecretService secrets;
  private final H3 heading = new H3("Source");
  private final TextField repository = new TextField("Repository");
  private final TextField branch = new TextField("Default branch");
  private final ComboBox<String> credential = new ComboBox<>("Credential");
  private final Checkbox submodules = new Checkbox("Fetch submodules too");
  private final TextArea branchPatterns = new TextArea("Branches that build on a push");
  private final TextArea tagPatterns = new TextArea("Tags that build on a push");
  private final Checkbox pullRequests = new Checkbox("Build pull requests");
  private final AccessCheck check;

  SourceFields(SecretService secrets, AccessCheck check) {
    this.secrets = secrets;
    this.check = check;
    repository.setId("project-repository");
    repository.setPlaceholder("https://git.example.org/team/app.git");
    repository.setHelperText(
        "https://…, ssh://… or git@host:path. Leave empty for a script that fetches nothing: it"
            + " runs in an empty workspace.");
    branch.setId("project-branch");
    branch.setPlaceholder("main");
    branch.setHelperText(
        "Needed with a repository: what Run now, schedules and webhooks without a branch build.");
    credential.setId("project-credential");
    credential.setAllowCustomValue(true);
    // A global secret a maintainer may not list is typed; it joins the choices so it can be shown.
    credential.addCustomValueSetListener(e -> offer(e.getDetail().strip()));
    credential.setItemLabelGenerator(name -> name.isEmpty() ? "None (public repository)" : name);
    credential.setHelperText(
        "A secret by name: an SSH deploy key for ssh addresses, a token for https. Only the runner"
            + " that fetches opens it; the build's script never sees it.");
    submodules.setId("project-submodules");
    branchPatterns.setId("project-branch-patterns");
    branchPatterns.setHelperText(
        "One glob per line, e.g. main or release/**; empty = every branch.");
    tagPatterns.setId("project-tag-patterns");
    tagPatterns.setHelperText("One glob per line, e.g. v*; empty = every tag.");
    pullRequests.setId("project-pull-requests");
  }

  /** Offers the secrets the user may list: the project's own and, for admins, the global ones. */
  void offerCredentials(Long projectId) {
    var names = new TreeSet<String>();
    if (projectId != null) {
      secrets.list(projectId).stream().map(SecretInfo::name).forEach(names::add);
    }
    try {
      secrets.list(null).stream().map(SecretInfo::name).forEach(names::add);
    } catch (AccessDeniedException e) {
      // Only admins may list global secrets; others type a global secret's name.
    }
    var items = new ArrayList<String>(List.of(NONE));
    items.addAll(names);
    credential.setItems(items);
  }

  /** Chooses the secret of that name, adding it to the choices when it is not among them. */
  private void offer(String name) {
    var items = new ArrayList<String>(credential.getListDataView().getItems().toList());
    if (!items.contains(name)) {
      items.add(name);
      credential.setItems(items);
    }
    credential.setValue(name);
  }

  ProjectSource source() {
    return new ProjectSource(
        repository.getValue(),
        branch.getValue(),
        credential.getValue() == null ? NONE : credential.getValue(),
        submodules.getValue(),
        lines(branchPatterns),
        lines(tagPatterns),
        pullRequests.getValue());
  }

  private static List<String> lines(TextArea area) {
    return Arrays.stream(area.getValue().split("\\R"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  @Override
  public List<Component> components() {
    return List.of(
        heading,
        repository,
        branch,
        credential,
        check,
        submodules,
        branchPatterns,
        tagPatterns,
        pullRequests,
        pullRequestsNote());
  }

  private static Component pullRequestsNote() {
    var note =
        new Span(
            "Pull requests from forks never receive the project's secrets unless an owner approves"
                + " that build.");
    note.addClassNames("muted", "field-note");
    return note;
  }

  @Override
  public void fill(ProjectDraft draft) {
    ProjectSource s = draft.source();
    repository.setValue(s.repository());
    // A project without a repository yet gets the usual name, ready when one is given.
    branch.setValue(s.present() ? s.defaultBranch() : "main");
    offer(s.credentialSecret());
    submodules.setValue(s.submodules());
    branchPatterns.setValue(String.join("\n", s.branchPatterns()));
    tagPatterns.setValue(String.join("\n", s.tagPatterns()));
    pullRequests.setValue(s.pullRequests());
  }

  @Override
  public void showProblems(Map<String, String> rest) {
    ProjectFormPart.mark(repository, rest.remove(InvalidProjectException.REPOSITORY));
    ProjectFormPart.mark(branch, rest.remove(InvalidProjectException.DEFAULT_BRANCH));
    ProjectFormPart.mark(credential, rest.remove(InvalidProjectException.CREDENTIAL));
    ProjectFormPart.mark(branchPatterns, rest.remove(InvalidProjectException.BRANCH_PATTERNS));
    ProjectFormPart.mark(tagPatterns, rest.remove(InvalidProjectException.TAG_PATTERNS));
  }

  @Override
  public void clearProblems() {
    List.of(repository, branch, branchPatterns, tagPatterns).forEach(f -> f.setInvalid(false));
    credential.setInvalid(false);
  }

  @Override
  public Optional<Component> firstAtFault() {
    return ProjectFormPart.firstInvalid(
        repository, branch, credential, branchPatterns, tagPatterns);
  }
}
