package dev.kiln.portal.project;

import dev.kiln.plugin.api.ArtifactMatcher;
import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.project.domain.SourceColumns;
import dev.kiln.portal.secret.SecretService;
import dev.kiln.portal.source.GitMirrors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Checks the repository part of a project's draft, field by field, and gives it as stored. A
 * credential is never one of the secrets the script receives: only the runner that fetches opens
 * it.
 */
@Component
class SourceDraftCheck {

  private final GitMirrors git;

  SourceDraftCheck(GitMirrors git) {
    this.git = git;
  }

  /** Puts each problem under its field; returns what to store when there is none. */
  SourceColumns check(
      ProjectSource source, List<String> secretNames, Map<String, String> problems) {
    if (!source.present()) {
      if (!source.credentialSecret().isEmpty()) {
        problems.put(
            InvalidProjectException.CREDENTIAL,
            "A credential needs a repository: give its address.");
      }
      return SourceColumns.none();
    }
    String credential = source.credentialSecret();
    Optional.ofNullable(git.addressProblem(source.repository()))
        .ifPresent(problem -> problems.put(InvalidProjectException.REPOSITORY, problem));
    if (source.defaultBranch().isEmpty()) {
      problems.put(
          InvalidProjectException.DEFAULT_BRANCH,
          "Give the branch a build without a chosen ref builds, such as main.");
    } else {
      RefNames.problem(source.defaultBranch())
          .or(
              () ->
                  RefNames.isSha(source.defaultBranch())
                      ? Optional.of("Give a branch name, not a commit.")
                      : Optional.empty())
          .ifPresent(problem -> problems.put(InvalidProjectException.DEFAULT_BRANCH, problem));
    }
    if (!credential.isEmpty()) {
      if (!SecretService.NAME.matcher(credential).matches()) {
        problems.put(
            InvalidProjectException.CREDENTIAL,
            "'" + credential + "' is not a secret name: use upper-case letters, digits and _.");
      } else if (secretNames.contains(credential)) {
        problems.put(
            InvalidProjectException.CREDENTIAL,
            "Secret "
                + credential
                + " is also given to the build's script; remove it from the build's secrets, or"
                + " choose another secret as the credential.");
      } else if (git.isLocal(source.repository())) {
        problems.put(InvalidProjectException.CREDENTIAL, "A local repository takes no credential.");
      }
    }
    patternProblem(source.branchPatterns())
        .ifPresent(problem -> problems.put(InvalidProjectException.BRANCH_PATTERNS, problem));
    patternProblem(source.tagPatterns())
        .ifPresent(problem -> problems.put(InvalidProjectException.TAG_PATTERNS, problem));
    return new SourceColumns(
        source.repository(),
        source.defaultBranch().isEmpty() ? null : source.defaultBranch(),
        credential.isEmpty() ? null : credential,
        source.submodules(),
        clean(source.branchPatterns()),
        clean(source.tagPatterns()),
        source.pullRequests());
  }

  private static List<String> clean(List<String> patterns) {
    return patterns.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
  }

  private static Optional<String> patternProblem(List<String> patterns) {
    List<String> cleaned = clean(patterns);
    String joined = String.join("\n", cleaned);
    if (joined.length() > SourceColumns.PATTERNS_LENGTH) {
      return Optional.of("Too long: at most " + SourceColumns.PATTERNS_LENGTH + " characters.");
    }
    return Optional.ofNullable(TextRules.characterProblem(joined))
        .or(
            () ->
                cleaned.size() > ArtifactMatcher.MAX_PATTERNS
                    ? ArtifactMatcher.problem(cleaned)
                    : Optional.empty())
        .or(
            () ->
                cleaned.stream()
                    .map(ArtifactMatcher::problem)
                    .flatMap(Optional::stream)
                    .findFirst());
  }
}
