package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

  private static final String TOKEN = "s3cr3t-T0ken";

  @Test
  void textWithoutSecretsPassesUnchanged() {
    var masker = SecretMasker.of(List.of());
    assertThat(masker.push("hello " + TOKEN + "\n")).isEqualTo("hello " + TOKEN + "\n");
    assertThat(masker.isHolding()).isFalse();
  }

  @Test
  void plainValueIsMasked() {
    var masker = SecretMasker.of(List.of(TOKEN));
    assertThat(all(masker, "token=" + TOKEN + " used\n", "twice " + TOKEN + TOKEN + "\n"))
        .isEqualTo("token=*** used\ntwice ***\n");
  }

  @Test
  void eachLineOfAMultiLineValueIsMasked() {
    var masker = SecretMasker.of(List.of("first-line\nsecond-line\nab"));
    assertThat(all(masker, "x second-line y\n", "first-line\n", "ab stays: too short alone\n"))
        .isEqualTo("x *** y\n***\nab stays: too short alone\n");
  }

  @Test
  void base64EncodingsAreMasked() {
    // 13 bytes: the encodings need padding, and only the first 12 bytes encode the same whatever
    // follows.
    String value = "pa$$word>?~~x";
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    var masker = SecretMasker.of(List.of(value));
    for (String encoded :
        List.of(
            Base64.getEncoder().encodeToString(bytes),
            Base64.getUrlEncoder().encodeToString(bytes),
            Base64.getEncoder()
                .withoutPadding()
                .encodeToString((value + "!").getBytes(StandardCharsets.UTF_8)),
            Base64.getEncoder().encodeToString((value + "\n").getBytes(StandardCharsets.UTF_8)))) {
      String out = all(masker, "b64 " + encoded + "\n");
      assertThat(out).startsWith("b64 ***").doesNotContain(encoded.substring(0, 8));
    }
  }

  @Test
  void valueCutIntoTwoPiecesIsMaskedAndNothingOfItIsEmittedEarly() {
    var masker = SecretMasker.of(List.of(TOKEN));
    String first = masker.push("start " + TOKEN.substring(0, 5) + "\n");
    assertThat(first).isEqualTo("start ");
    assertThat(masker.isHolding()).isTrue();
    String second = masker.push(TOKEN.substring(5) + " end\n");
    assertThat(first + second).isEqualTo("start ***\n*** end\n");
  }

  @Test
  void heldTextThatIsNotASecretComesOutUnchanged() {
    var masker = SecretMasker.of(List.of(TOKEN));
    assertThat(masker.push("ends with s3c\n")).isEqualTo("ends with ");
    assertThat(masker.push("ond line\n")).isEqualTo("s3c\nond line\n");
    assertThat(masker.push("last s3\n")).isEqualTo("last ");
    assertThat(masker.release()).isEqualTo("s3\n");
    assertThat(masker.isHolding()).isFalse();
  }

  @Test
  void overlappingSecretsAreMaskedAsOneRun() {
    var masker = SecretMasker.of(List.of("abcdef", "defghi"));
    assertThat(all(masker, "x abcdefghi y\n")).isEqualTo("x *** y\n");
  }

  @Test
  void secretInsideAnotherSecretMasksTheLongerOneWhole() {
    var masker = SecretMasker.of(List.of("word", "password123"));
    assertThat(all(masker, "a password123 b word c\n")).isEqualTo("a *** b *** c\n");
    // The shorter one at the end of a piece must not be emitted before knowing if the longer
    // follows.
    assertThat(masker.push("pass")).isEmpty();
    assertThat(masker.push("word")).isEmpty();
    assertThat(masker.push("123 done\n")).isEqualTo("*** done\n");
  }

  @Test
  void valueSpreadOverManySmallPiecesIsMasked() {
    var masker = SecretMasker.of(List.of(TOKEN));
    StringBuilder out = new StringBuilder();
    for (char c : ("say " + TOKEN + "!").toCharArray()) {
      out.append(masker.push(String.valueOf(c)));
    }
    out.append(masker.release());
    assertThat(out.toString()).isEqualTo("say ***!");
  }

  @Test
  void wholeTextIsMaskedWithoutDisturbingTheStream() {
    var masker = SecretMasker.of(List.of(TOKEN));
    assertThat(masker.push("held s3cr")).isEqualTo("held ");
    assertThat(masker.maskWhole("reason: " + TOKEN + " s3cr")).isEqualTo("reason: *** s3cr");
    assertThat(masker.push("3t-T0ken\n")).isEqualTo("***\n");
  }

  @Test
  void aLineStartMasksTheRestOfItsLineSoWhatFollowsTellsNothing() {
    String line = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV80mKZlnN7";
    var masker = SecretMasker.of(List.of("-----BEGIN KEY-----\n" + line + "\n-----END KEY-----"));
    // Guessing the next character: right or wrong, longer or shorter, the output is the same.
    for (int shown = SecretMasker.MIN_PREFIX; shown < line.length(); shown += 7) {
      for (String next :
          List.of(line.substring(shown, shown + 1), "#", line.substring(shown) + "tail", "")) {
        assertThat(masker.maskWhole("k " + line.substring(0, shown) + next + " after\nnext line"))
            .as("%d shown, then %s", shown, next)
            .isEqualTo("k ***\nnext line");
      }
    }
  }

  @Test
  void aLineStartStreamedInPiecesMasksTheWholeRestOfTheLine() {
    String line = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV80mKZlnN7";
    var masker = SecretMasker.of(List.of("-----BEGIN KEY-----\n" + line + "\n-----END KEY-----"));
    assertThat(all(masker, "k " + line.substring(0, 20), "Xguess", " more", "\nnext\n"))
        .isEqualTo("k ***\nnext\n");
    // Released mid-line (the periodic flush): the rest of that line stays masked when it comes.
    String out = masker.push("k " + line.substring(0, 20)) + masker.release();
    assertThat(out + masker.push("Yguess and more\nnext\n") + masker.release())
        .isEqualTo("k ***\nnext\n");
  }

  private static String all(SecretMasker masker, String... pieces) {
    StringBuilder out = new StringBuilder();
    for (String piece : pieces) {
      out.append(masker.push(piece));
    }
    return out.append(masker.release()).toString();
  }
}
