package dev.kiln.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KilnVariablesTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
  private final BuildRequest request = BuildRequest.of("42", "app", "true", Duration.ofMinutes(1));

  @Test
  void aRequestWithoutNumberOrCommitGivesTheIdAlone() {
    assertThat(KilnVariables.of(request)).containsExactly(entry("KILN_BUILD_ID", "42"));
  }

  @Test
  void aBuildOfABranchGivesItsNumberRefAndCommit() {
    var of =
        request.withNumber(7).withSource(new Source("https://h/app.git", "refs/heads/main", SHA));
    assertThat(KilnVariables.of(of))
        .containsExactly(
            entry("KILN_BUILD_ID", "42"),
            entry("KILN_BUILD_NUMBER", "7"),
            entry("KILN_GIT_REF", "refs/heads/main"),
            entry("KILN_GIT_COMMIT", SHA));
  }

  @Test
  void aBuildOfACommitByItsShaHasNoRef() {
    var of = request.withSource(new Source("https://h/app.git", null, SHA));
    assertThat(KilnVariables.of(of))
        .containsOnlyKeys("KILN_BUILD_ID", "KILN_GIT_COMMIT")
        .containsEntry("KILN_GIT_COMMIT", SHA);
  }

  @Test
  void everyNameIsOneNoTriggerMayTake() {
    var of = request.withNumber(1).withSource(new Source("r", "refs/tags/v1", SHA));
    KilnVariables.of(of)
        .keySet()
        .forEach(name -> assertThat(EnvironmentPolicy.nameProblem(name)).as(name).isPresent());
  }
}
