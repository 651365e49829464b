package dev.kiln.portal.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttachmentHeaderTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "wheel-1.0.whl",
        "a\"; filename=\"evil.exe",
        "x\\\"y",
        "semi;colon",
        "crlf\r\nSet-Cookie: a=b",
        "résumé €.txt",
        "%22quoted%22",
        "bidi\u202etxt.exe",
        "emoji 😀.bin",
        "tab\tname"
      })
  void theHeaderHoldsTheExactNameAndAnAsciiStandInAndNothingElse(String name) {
    String header = AttachmentHeader.of(name);
    assertThat(header)
        .matches(
            "attachment; filename=\"[\\x20-\\x7e&&[^\"\\\\;%]]*\"; filename\\*=UTF-8''[A-Za-z0-9!#$&+.^_`|~%-]+");
    String encoded = header.substring(header.indexOf("''") + 2);
    assertThat(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8))
        .isEqualTo(name);
  }
}
