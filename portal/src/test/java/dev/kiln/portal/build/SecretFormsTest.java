package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each secret, printed by the real tools a build script uses (bash, coreutils, Python), comes out
 * of the masker hidden: the forms {@link SecretForms} derives are checked against what those tools
 * write, not against a copy of their rules.
 */
class SecretFormsTest {

  /** Shell commands that print {@code $S} in one form each, one line per command. */
  private static final Map<String, String> PRINTERS =
      Map.ofEntries(
          Map.entry("printf %q", "printf '%q\\n' \"$S\""),
          Map.entry("printf %q in the C locale", "LC_ALL=C printf '%q\\n' \"$S\""),
          Map.entry("printf %q inside a word", "printf '%q\\n' \"token=$S\""),
          Map.entry("${S@Q}", "echo \"${S@Q}\""),
          Map.entry("set -x", "( set -x; : \"$S\" ) 2>&1"),
          Map.entry("hex", "printf %s \"$S\" | xxd -p"),
          Map.entry("hex upper", "printf %s \"$S\" | xxd -p -u"),
          Map.entry("base64", "printf %s \"$S\" | base64"),
          Map.entry("base64 of a line", "echo \"$S\" | base64"),
          Map.entry("json", "python3 -c 'import json,os; print(json.dumps(os.environ[\"S\"]))'"),
          Map.entry(
              "json utf-8",
              "python3 -c 'import json,os; print(json.dumps(os.environ[\"S\"], ensure_ascii=False))'"),
          Map.entry("jq", "jq -n 'env.S'"),
          Map.entry(
              "url",
              "python3 -c 'import urllib.parse as u,os; print(u.quote(os.environ[\"S\"], safe=\"\"))'"),
          Map.entry(
              "url form",
              "python3 -c 'import urllib.parse as u,os; print(u.quote_plus(os.environ[\"S\"]))'"),
          Map.entry("url jq", "jq -rn 'env.S|@uri'"),
          Map.entry(
              "url path",
              "python3 -c 'import urllib.parse as u,os; print(u.quote(os.environ[\"S\"]))'"),
          Map.entry("json node", "node -e 'console.log(JSON.stringify(process.env.S))'"),
          Map.entry("encodeURI", "node -e 'console.log(encodeURI(process.env.S))'"),
          Map.entry(
              "encodeURIComponent", "node -e 'console.log(encodeURIComponent(process.env.S))'"),
          Map.entry(
              "url lower",
              "python3 -c 'import urllib.parse as u,os,re; print(re.sub(\"%[0-9A-F]{2}\", lambda m: m.group(0).lower(), u.quote(os.environ[\"S\"], safe=\"\")))'"));

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3cr3t-T0ken",
        "it's a \"test\" $HOME `x` ~/#!",
        "#starts~with-hash &|;<>(){}[]*?^,",
        "pässwörd-ünïcode-€",
        "tab\there\\back\\slash",
        "ctl\u0001\u001b\u007fend",
        "url/+?=&%20#frag"
      })
  void everyToolFormIsMasked(String secret) throws Exception {
    var masker = SecretMasker.of(List.of(secret));
    for (var printer : PRINTERS.entrySet()) {
      String printed = run(printer.getValue(), secret).strip();
      String masked = masker.maskWhole(printed);
      assertThat(masked)
          .as("%s of %s printed %s", printer.getKey(), secret, printed)
          .contains(SecretMasker.MASK)
          .doesNotContain(secret);
      // What is left besides the mask is only the tool's own quoting around it.
      assertThat(masked.replace(SecretMasker.MASK, "").length())
          .as("%s left %s", printer.getKey(), masked)
          .isLessThanOrEqualTo(printer.getKey().contains("word") ? 9 : 7);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab12", "s3cr3t-T0ken", "a-much-longer-secret-value-0123456789"})
  void base64OfALongerTextHidesTheSecretAtEveryByteOffset(String secret) throws Exception {
    var masker = SecretMasker.of(List.of(secret));
    Random random = new Random(12);
    for (int before = 0; before < 7; before++) {
      for (int after = 0; after < 4; after++) {
        byte[] text = new byte[before + secret.length() + after];
        random.nextBytes(text);
        System.arraycopy(
            secret.getBytes(StandardCharsets.US_ASCII), 0, text, before, secret.length());
        for (var encoder : List.of(Base64.getMimeEncoder(), Base64.getUrlEncoder())) {
          String encoded = encoder.encodeToString(text);
          String masked = masker.maskWhole(encoded);
          // Only the characters that also hold bits of the bytes around the secret may stay.
          int aroundChars = (8 * before + 5) / 6 + (8 * after + 5) / 6 + 3;
          assertThat(masked)
              .as("%d bytes before, %d after: %s", before, after, encoded)
              .contains(SecretMasker.MASK);
          assertThat(masked.replace(SecretMasker.MASK, "").length())
              .isLessThanOrEqualTo(aroundChars);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 20, 40, 64})
  void theStartOfAMultiLineSecretsLineIsMaskedOnceLongEnough(int shown) {
    String line = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV80mKZlnN7";
    String key =
        "-----BEGIN RSA PRIVATE KEY-----\n"
            + line
            + "\n"
            + line.toLowerCase()
            + "\n-----END RSA PRIVATE KEY-----";
    var masker = SecretMasker.of(List.of(key));
    assertThat(masker.maskWhole("key starts " + line.substring(0, shown) + " and so on"))
        .isEqualTo("key starts ***");
    assertThat(
            masker.maskWhole("short " + line.substring(0, SecretMasker.MIN_PREFIX - 1) + " stays"))
        .contains(line.substring(0, SecretMasker.MIN_PREFIX - 1));
  }

  /** Jackson, the JSON library on Kiln's own class path, as plugins and Java build tools use it. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "s3cr3t-T0ken",
        "it's a \"test\" <b>&amp; +1",
        "pässwörd-ünïcode-€",
        "ctl\u0001\u001b\u007fend"
      })
  void jacksonsFormsAreMasked(String secret) {
    var masker = SecretMasker.of(List.of(secret));
    for (var mapper :
        List.of(
            JsonMapper.builder().build(),
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build())) {
      String printed = mapper.writeValueAsString(secret);
      assertThat(masker.maskWhole(printed)).as(printed).isEqualTo("\"***\"");
    }
  }

  /**
   * Forms of tools not installed here, as their documentation shows them: Go's encoding/json ("<",
   * ">", "&", U+2028 and U+2029 as \\u003c…) and .NET's System.Text.Json (its default encoder
   * writes "+", "'", "\"" and non-ASCII as \\u002B, \\u0027, \\u0022, \\u00E4).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\\u003cb\\u003e\\u0026c\\u2028d", // what Go prints
        "a\\u003Cb\\u003E\\u0026c\\u2028d", // the same, upper-case hex
        "it\\u0027s \\u0022q\\u0022 1\\u002B1 p\\u00E4ss"
      }) // .NET of: it's "q" 1+1 päss
  void htmlSafeAndDotNetJsonFormsAreMasked(String printed) {
    String secret = printed.contains("\\u0027") ? "it's \"q\" 1+1 päss" : "a<b>&c\u2028d";
    var masker = SecretMasker.of(List.of(secret));
    assertThat(masker.maskWhole("value: \"" + printed + "\"")).isEqualTo("value: \"***\"");
  }

  /** Runs a bash command with {@code S} set to the secret and returns what it printed. */
  private static String run(String command, String secret)
      throws IOException, InterruptedException {
    var builder =
        new ProcessBuilder("bash", "--noprofile", "--norc", "-c", command)
            .redirectErrorStream(true);
    builder.environment().put("S", secret);
    builder.environment().put("LANG", "C.UTF-8");
    builder.environment().remove("LC_ALL");
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit code of %s", command).isZero();
    List<String> lines = new ArrayList<>(new String(out, StandardCharsets.UTF_8).lines().toList());
    return String.join("\n", lines);
  }
}
