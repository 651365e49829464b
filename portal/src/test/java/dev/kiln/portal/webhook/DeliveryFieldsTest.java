package dev.kiln.portal.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a delivery may carry into a build's environment, checked against the real {@code git
 * check-ref-format}.
 */
class DeliveryFieldsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "refs/heads/main",
        "refs/tags/v1.2.3",
        "refs/pull/12/merge",
        "main",
        "feature/x-y_z",
        "refs/heads/a.b",
        "refs/heads/-x",
        "refs/heads/$(id)"
      })
  void refsGitHubSendsAreAcceptedAndGitAgrees(String ref) throws Exception {
    assertThat(DeliveryFields.refProblem(ref)).isNull();
    assertThat(gitAccepts(ref)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-main",
        "--upload-pack=touch /tmp/x",
        "refs/heads/a b",
        "refs/heads/a..b",
        "refs/heads/a.lock",
        "refs/heads/.hidden",
        "refs/heads/x/",
        "/refs/heads/x",
        "refs//heads",
        "refs/heads/x.",
        "refs/heads/a@{1}",
        "@",
        "refs/heads/a\\b",
        "refs/heads/a:b",
        "refs/heads/a~1",
        "refs/heads/a^",
        "refs/heads/a?",
        "refs/heads/a*",
        "refs/heads/a[",
        "refs/heads/a\nb",
        "refs/heads/ä",
        "refs/heads/\u202egnp.exe"
      })
  void refsThatAreNoRefNamesOrLookLikeOptionsAreRefused(String ref) {
    assertThat(DeliveryFields.refProblem(ref)).isNotNull();
    assertThatThrownBy(() -> DeliveryFields.checkRef(ref))
        .isInstanceOfSatisfying(
            WebhookRefusedException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.error()).isEqualTo("bad_ref");
              assertThat(e.fields()).containsKey("ref");
            });
  }

  @Test
  void aRefOverTheLengthBoundIsRefused() {
    assertThat(DeliveryFields.refProblem("refs/heads/" + "a".repeat(DeliveryFields.MAX_REF_LENGTH)))
        .contains("at most");
  }

  /**
   * Whatever Kiln accepts, git accepts: random names over an alphabet of the characters git's rules
   * name.
   */
  @Test
  void everyRefKilnAcceptsGitAccepts() throws Exception {
    Random random = new Random(42);
    String alphabet = "ab/.-_@{}~^:?*[\\ l ock\u00e4";
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < 3000 && accepted.size() < 150; i++) {
      StringBuilder ref = new StringBuilder();
      for (int n = 1 + random.nextInt(12); n > 0; n--) {
        ref.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (DeliveryFields.refProblem(ref.toString()) == null) {
        accepted.add(ref.toString());
      }
    }
    assertThat(accepted).hasSizeGreaterThan(50);
    for (String ref : accepted) {
      assertThat(gitAccepts(ref)).as(ref).isTrue();
    }
  }

  @Test
  void shasAreLowerCaseHexOfGitsTwoLengths() {
    DeliveryFields.checkSha("0".repeat(40));
    DeliveryFields.checkSha("ab".repeat(32));
    for (String bad :
        List.of(
            "AB".repeat(20),
            "a".repeat(39),
            "a".repeat(41),
            "g".repeat(40),
            "-" + "a".repeat(39),
            "a".repeat(40) + "\n")) {
      assertThatThrownBy(() -> DeliveryFields.checkSha(bad))
          .isInstanceOfSatisfying(
              WebhookRefusedException.class, e -> assertThat(e.fields()).containsKey("after"));
    }
  }

  @Test
  void deliveryIdsAndEventsAreShortSafeNames() {
    DeliveryFields.checkDeliveryId("72d3162e-cc78-11e3-81ab-4c9367dc0958");
    DeliveryFields.checkEvent("pull_request");
    for (String bad : List.of("-x", "a b", "a;b", "$(id)", "a'b", "x".repeat(101), "")) {
      assertThatThrownBy(() -> DeliveryFields.checkDeliveryId(bad))
          .isInstanceOfSatisfying(
              WebhookRefusedException.class,
              e -> assertThat(e.fields()).containsKey("X-GitHub-Delivery"));
      assertThatThrownBy(() -> DeliveryFields.checkEvent(bad))
          .isInstanceOfSatisfying(
              WebhookRefusedException.class,
              e -> assertThat(e.fields()).containsKey("X-GitHub-Event"));
    }
  }

  private static boolean gitAccepts(String ref) throws Exception {
    Process git =
        new ProcessBuilder("git", "check-ref-format", "--allow-onelevel", ref)
            .redirectErrorStream(true)
            .start();
    git.getInputStream().readAllBytes();
    assertThat(git.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return git.exitValue() == 0;
  }
}
