package dev.kiln.portal.build;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The forms bash gives a secret value when a script quotes it, for {@link SecretForms}: {@code
 * printf %q}, {@code ${v@Q}} and {@code set -x}'s trace.
 */
final class ShellQuotedForms {

  /** Characters {@code printf %q} escapes with a backslash anywhere in a word (bash 5). */
  private static final String SHELL_SPECIAL = " !\"$&'()*,;<>?[\\]^`{|}\t";

  /** Characters {@code printf %q} escapes only at the start of a word. */
  private static final String SHELL_SPECIAL_FIRST = "#~";

  private ShellQuotedForms() {}

  /**
   * How bash quotes the value: {@code printf %q} (backslashes, or {@code $'…'} when the value has
   * control characters, whose multi-byte characters are kept or written as octal bytes depending on
   * the locale), and {@code ${v@Q}} and {@code set -x} (single quotes, {@code '\''} for a quote).
   * Only what stands between the quotes, since the value may be part of a longer quoted word.
   */
  static Set<String> of(String value) {
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
      if (SHELL_SPECIAL.indexOf(c) >= 0
          || (atStart && i == 0 && SHELL_SPECIAL_FIRST.indexOf(c) >= 0)) {
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
    return octalNonAscii
        ? out.toString()
        : new String(out.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }
}
