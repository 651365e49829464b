package dev.kiln.portal.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {

  /** The example in GitHub's "Validating webhook deliveries". */
  private static final String KEY = "It's a Secret to Everybody";

  private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
  private static final String GITHUB =
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

  @Test
  void signsAsGitHubDoes() {
    assertThat(Signature.of(KEY, BODY)).isEqualTo(GITHUB);
  }

  @Test
  void acceptsGitHubsSignatureInEitherCase() {
    assertThat(Signature.matches(KEY, BODY, GITHUB)).isTrue();
    assertThat(Signature.matches(KEY, BODY, GITHUB.toUpperCase())).isTrue();
  }

  @Test
  void refusesAnotherKeyBodyOrAlteredSignature() {
    assertThat(Signature.matches("another key", BODY, GITHUB)).isFalse();
    assertThat(Signature.matches(KEY, "Hello, World?".getBytes(StandardCharsets.UTF_8), GITHUB))
        .isFalse();
    String lastDigitChanged = GITHUB.substring(0, GITHUB.length() - 1) + "f";
    assertThat(Signature.matches(KEY, BODY, lastDigitChanged)).isFalse();
    assertThat(Signature.matches(KEY, BODY, GITHUB.substring(0, GITHUB.length() - 2))).isFalse();
  }

  @Test
  void refusesMalformedHeaders() {
    assertThat(Signature.matches(KEY, BODY, null)).isFalse();
    assertThat(Signature.matches(KEY, BODY, "")).isFalse();
    assertThat(Signature.matches(KEY, BODY, GITHUB.substring("sha256=".length()))).isFalse();
    assertThat(Signature.matches(KEY, BODY, "sha1=757107ea0eb2509fc211221cce984b8a37570b6d"))
        .isFalse();
    assertThat(Signature.matches(KEY, BODY, "sha256=not-hex")).isFalse();
    assertThat(Signature.matches(KEY, BODY, "sha256=")).isFalse();
  }

  @Test
  void hashesTheBodyForReplays() {
    assertThat(Signature.sha256(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }
}
