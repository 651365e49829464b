package dev.kiln.portal.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fetches a checked-out commit's submodules (one level) when the project asks for them, under the
 * same rules as the repository itself: every submodule address is checked as a project's address
 * would be, its host must be the repository's own or one listed in {@code
 * kiln.sources.submodule-hosts}, and the credential goes only where it went for the repository (a
 * token's header is scoped to the repository's origin). A submodule not followed is named in the
 * log with the reason.
 */
final class Submodules {

  private final GitProcess git;
  private final SourceProperties rules;

  Submodules(GitProcess git, SourceProperties rules) {
    this.git = git;
    this.rules = rules;
  }

  /** Updates the allowed submodules of the commit checked out in {@code workspace}. */
  void update(
      Path workspace,
      GitUrl project,
      GitCredential credential,
      GitAccess access,
      Consumer<String> log,
      GitProcess.Limits limits)
      throws SourceException, InterruptedException {
    if (!Files.isRegularFile(workspace.resolve(".gitmodules"))) {
      return;
    }
    GitProcess.Result listed =
        git.run(
            workspace,
            Map.of(),
            "",
            limits,
            List.of(
                "config", "-f", ".gitmodules", "--get-regexp", "^submodule\\..*\\.(path|url)$"));
    Map<String, String[]> modules = new LinkedHashMap<>();
    for (String line : listed.out().split("\n")) {
      int space = line.indexOf(' ');
      if (line.startsWith("submodule.") && space > 0) {
        String key = line.substring(0, space);
        String name = key.substring("submodule.".length(), key.lastIndexOf('.'));
        String[] pathAndUrl = modules.computeIfAbsent(name, n -> new String[2]);
        pathAndUrl[key.endsWith(".path") ? 0 : 1] = line.substring(space + 1);
      }
    }
    List<String> follow = new ArrayList<>();
    for (var module : modules.entrySet()) {
      String path = module.getValue()[0];
      String url = module.getValue()[1];
      String refusal = refusal(path, url, project);
      if (refusal != null) {
        log.accept("Skipped submodule " + GitRefs.printable(module.getKey()) + ": " + refusal);
      } else {
        follow.add(path);
      }
    }
    if (follow.isEmpty()) {
      return;
    }
    List<String> args =
        new ArrayList<>(List.of("submodule", "update", "--init", "--depth", "1", "--"));
    args.addAll(follow);
    GitProcess.Result result = git.run(workspace, access.env(), protocols(), limits, args);
    if (result.exit() != 0) {
      SourceException cause = GitErrors.of(result, project, credential, null, access);
      throw new SourceException(
          cause.problem(), "A submodule could not be fetched: " + cause.getMessage());
    }
    log.accept("Fetched submodule(s) " + String.join(", ", follow) + ".");
  }

  /** Why a submodule is not followed, or null when it is. */
  private String refusal(String path, String url, GitUrl project) {
    if (path == null || url == null) {
      return "its path or address is missing in .gitmodules.";
    }
    try {
      GitRefs.checkName(path.replace("\\", "/"), "submodule path");
      if (url.startsWith("./") || url.startsWith("../")) {
        return null; // relative: on the repository's own host, resolved by git
      }
      GitUrl parsed = GitUrl.parse(url, rules);
      if (!parsed.host().equals(project.host())
          && !rules.submoduleHosts().contains(parsed.host())) {
        return "its address "
            + GitRefs.printable(url)
            + " is on another host ("
            + parsed.host()
            + ") than the repository; an admin may allow that host in"
            + " kiln.sources.submodule-hosts.";
      }
      OutboundGuard.check(parsed, rules);
      return null;
    } catch (SourceException e) {
      return e.getMessage();
    }
  }

  private String protocols() {
    return "https:ssh"
        + (rules.allowedInternalHosts().isEmpty() ? "" : ":http")
        + (rules.localPathsAllowed() ? ":file" : "");
  }
}
