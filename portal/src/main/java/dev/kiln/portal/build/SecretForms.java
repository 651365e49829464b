package dev.kiln.portal.build;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * byte offset), hex (either case), URL encoding (form, RFC 3986 and {@code encodeURIComponent}
 * styles, hex digits in either case), JSON string escapes (minimal, and ASCII-only as Python's
 * {@code json.dumps} writes them), and bash's quoting ({@code printf %q}, {@code ${v@Q}}, {@code set
 * -x}). Not covered: other transformations (reversed, compressed, encrypted, split over lines with
 * a pause), which no masking can follow.
 */
final class SecretForms {

  /** The unreserved characters of RFC 3986, which every URL encoder keeps. */
  private static final String UNRESERVED = "-._~";
  /** What JavaScript's {@code encodeURIComponent} keeps besides letters and digits. */
  private static final String URI_COMPONENT = "-_.!~*'()";
  /** Characters {@code printf %q} escapes with a backslash anywhere in a word (bash 5). */
  private static final String SHELL_SPECIAL = " !\"$&'()*,;<>?[\\]^`{|}\t";
  /** Characters {@code printf %q} escapes only at the start of a word. */
  private static final String SHELL_SPECIAL_FIRST = "#~";

  private SecretForms() {}

  /** The encoded forms of {@code value}; the value itself is not among them. */
  static Set<String> of(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    Set<String> forms = new LinkedHashSet<>();
    base64(bytes, forms);
    forms.add(HexFormat.of().formatHex(bytes));
    forms.add(HexFormat.of().withUpperCase().formatHex(bytes));
    for (String encoded : List.of(URLEncoder.encode(value, StandardCharsets.UTF_8),
        percentEncoded(bytes, UNRESERVED), percentEncoded(bytes, URI_COMPONENT))) {
      // A form encoder writes a space as +, the others as %20.
      for (String spaced : List.of(encoded, encoded.replace("%20", "+"))) {
        forms.add(spaced);
        forms.add(lowerCaseEscapes(spaced));
      }
    }
    forms.add(json(value, false));
    forms.add(json(value, true));
    forms.add(json(value, true).replace("/", "\\/"));
    forms.addAll(shellQuoted(value));
    forms.remove(value);
    return forms;
  }

  /**
   * Every base64 text in which the value appears: encoded on its own, and as part of a longer text
   * at each of the three byte offsets, where only the characters that depend on the value alone
   * are the same whatever surrounds it.
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
    for (int i = encoded.indexOf('%'); i >= 0 && i + 2 < out.length(); i = encoded.indexOf('%', i + 1)) {
      out.replace(i + 1, i + 3, out.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  /** The inside of a JSON string holding the value; {@code asciiOnly} escapes all but ASCII, as Python does. */
  static String json(String value, boolean asciiOnly) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || (asciiOnly && c > 0x7e)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /**
   * How bash quotes the value: {@code printf %q} (backslashes, or {@code $'…'} when the value has
   * control characters, whose multi-byte characters are kept or written as octal bytes depending on
   * the locale), and {@code ${v@Q}} and {@code set -x} (single quotes, {@code '\''} for a quote).
   * Only what stands between the quotes, since the value may be part of a longer quoted word.
   */
  static Set<String> shellQuoted(String value) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(value.replace("'", "'\\''"));
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      forms.add(ansiC(value, false));
      forms.add(ansiC(value, true));
    } else {
      forms.add(backslashed(value, true));
      forms.add(backslashed(value, false));
    }
    if (value.chars().anyMatch(c -> c > 0x7e)) {
      forms.add(ansiC(value, true)); // printf %q of non-ASCII text in the C locale
    }
    return forms;
  }

  private static String backslashed(String value, boolean atStart) {
    StringBuilder out = new StringBuilder(value.length() * 2);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (SHELL_SPECIAL.indexOf(c) >= 0 || (atStart && i == 0 && SHELL_SPECIAL_FIRST.indexOf(c) >= 0)) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String ansiC(String value, boolean octalNonAscii) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case 0x0b -> out.append("\\v");
        case 0x1b -> out.append("\\E");
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        default -> {
          if (c < 0x20 || c == 0x7f || (c > 0x7f && octalNonAscii)) {
            out.append('\\').append(String.format("%03o", c));
          } else {
            out.append((char) c); // an ASCII character, or a UTF-8 byte put back together below
          }
        }
      }
    }
    return octalNonAscii ? out.toString()
        : new String(out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }
}
