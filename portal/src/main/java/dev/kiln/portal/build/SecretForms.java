package dev.kiln.portal.build;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The forms in which a build's output may show a secret value besides the value itself: what the
 * usual tools of a build script print for it. Each form is a needle {@link SecretMasker} looks for.
 *
 * <p>Covered: base64 (standard and URL-safe, padded or not, and inside a longer base64 text at any
 * byte offset), hex (either case), URL encoding (form, RFC 3986, {@code encodeURIComponent}, {@code
 * encodeURI}, Python's {@code quote} and {@code quote_plus}, PHP's {@code urlencode}, Go's {@code
 * PathEscape}; hex digits in either case), JSON string escapes (minimal, ASCII-only, HTML-safe as
 * Go writes them, .NET's; hex digits in either case), and bash's quoting ({@code printf %q}, {@code
 * ${v@Q}}, {@code set -x}: {@link ShellQuotedForms}). Not covered: other transformations (reversed,
 * compressed, encrypted, split over lines with a pause), which no masking can follow.
 */
final class SecretForms {

  /** The unreserved characters of RFC 3986, which every URL encoder keeps. */
  private static final String UNRESERVED = "-._~";

  /** What JavaScript's {@code encodeURIComponent} keeps besides letters and digits. */
  private static final String URI_COMPONENT = "-_.!~*'()";

  /** What the URL encoders of other common tools keep besides letters and digits. */
  private static final List<String> URL_KEPT =
      List.of(
          UNRESERVED + "/", // Python's urllib.parse.quote, whose default keeps /
          "-_.!~*'();/?:@&=+$,#", // JavaScript's encodeURI
          "-_.", // PHP's urlencode
          UNRESERVED + "$&+,:;=@"); // Go's url.PathEscape

  /**
   * Characters JSON encoders escape as <code>&#92;uXXXX</code> to be safe in HTML: Go's
   * encoding/json.
   */
  private static final String JSON_HTML = "<>&\u2028\u2029";

  /** What .NET's System.Text.Json escapes by default besides control and non-ASCII characters. */
  private static final String JSON_DOTNET = JSON_HTML + "'+`\"";

  private SecretForms() {}

  /** The encoded forms of {@code value}; the value itself is not among them. */
  static Set<String> of(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    Set<String> forms = new LinkedHashSet<>();
    base64(bytes, forms);
    forms.add(HexFormat.of().formatHex(bytes));
    forms.add(HexFormat.of().withUpperCase().formatHex(bytes));
    List<String> urlForms =
        new ArrayList<>(
            List.of(
                URLEncoder.encode(value, StandardCharsets.UTF_8),
                percentEncoded(bytes, UNRESERVED),
                percentEncoded(bytes, URI_COMPONENT)));
    URL_KEPT.forEach(kept -> urlForms.add(percentEncoded(bytes, kept)));
    for (String encoded : urlForms) {
      // A form encoder writes a space as +, the others as %20.
      for (String spaced : List.of(encoded, encoded.replace("%20", "+"))) {
        forms.add(spaced);
        forms.add(lowerCaseEscapes(spaced));
      }
    }
    json(value, forms);
    forms.addAll(ShellQuotedForms.of(value));
    forms.remove(value);
    return forms;
  }

  /**
   * Every base64 text in which the value appears: encoded on its own, and as part of a longer text
   * at each of the three byte offsets, where only the characters that depend on the value alone are
   * the same whatever surrounds it.
   */
  private static void base64(byte[] bytes, Set<String> forms) {
    for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
      forms.add(encoder.encodeToString(bytes));
      for (int offset = 0; offset < 3; offset++) {
        byte[] shifted = new byte[offset + bytes.length];
        System.arraycopy(bytes, 0, shifted, offset, bytes.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        // Character i holds bits 6i to 6i+6 of the text; keep those inside the value's bits.
        int first = (8 * offset + 5) / 6;
        int end = 8 * (offset + bytes.length) / 6;
        if (end > first) {
          forms.add(encoded.substring(first, end));
        }
      }
    }
  }

  private static String percentEncoded(byte[] bytes, String kept) {
    StringBuilder out = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || kept.indexOf(c) >= 0)) {
        out.append(c);
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    return out.toString();
  }

  /** {@code %2F} as {@code %2f}: some encoders write lower-case hex digits. */
  private static String lowerCaseEscapes(String encoded) {
    StringBuilder out = new StringBuilder(encoded);
    for (int i = encoded.indexOf('%');
        i >= 0 && i + 2 < out.length();
        i = encoded.indexOf('%', i + 1)) {
      out.replace(i + 1, i + 3, out.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  /**
   * The inside of a JSON string holding the value, as the usual encoders write it: minimal
   * (JavaScript's {@code JSON.stringify}, jq), ASCII-only (Python's {@code json.dumps}, Jackson's
   * {@code ESCAPE_NON_ASCII}), HTML-safe (Go's encoding/json: <code>&#92;u003c</code>), and .NET's
   * System.Text.Json (<code>&#92;u002B</code>, <code>&#92;u0022</code>); hex digits in either case,
   * {@code \b} and {@code \f} short or as <code>&#92;u0008</code>, and {@code /} as it is or as
   * {@code \/}.
   */
  private static void json(String value, Set<String> forms) {
    for (String escaped : List.of("", JSON_HTML, JSON_DOTNET)) {
      for (boolean asciiOnly : List.of(false, true)) {
        for (boolean upper : List.of(false, true)) {
          for (boolean shortBf : List.of(true, false)) {
            String form =
                json(value, escaped, asciiOnly || escaped.equals(JSON_DOTNET), upper, shortBf);
            forms.add(form);
            forms.add(form.replace("/", "\\/"));
          }
        }
      }
    }
  }

  /**
   * The inside of a JSON string holding the value; {@code asciiOnly} escapes all but ASCII, as
   * Python does.
   */
  static String json(String value, boolean asciiOnly) {
    return json(value, "", asciiOnly, false, true);
  }

  private static String json(
      String value, String escaped, boolean asciiOnly, boolean upperHex, boolean shortBf) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (char c : value.toCharArray()) {
      if (escaped.indexOf(c) >= 0
          || (c > 0x7e && asciiOnly)
          || (c < 0x20 && !shortEscape(c, shortBf))) {
        String hex = String.format("\\u%04x", (int) c);
        out.append(upperHex ? hex.toUpperCase(Locale.ROOT).replace("\\U", "\\u") : hex);
        continue;
      }
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Whether a control character has a short JSON escape ({@code \n}); {@code \b} and {@code \f}
   * only when asked.
   */
  private static boolean shortEscape(char c, boolean shortBf) {
    return c == '\n' || c == '\r' || c == '\t' || (shortBf && (c == '\b' || c == '\f'));
  }
}
