package dev.kiln.plugin.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values a trigger might send to break out of data: quotes, substitutions, separators, newlines,
 * control bytes, format directives. The script prints each variable's bytes in hex, and whether a
 * file named {@code pwned} appeared in its folder, which any evaluation of the values would make.
 * Every shipped builder's {@code BuildEnvironmentTest} runs it; a builder of your own can too.
 */
public final class HostileValues {

  public static final Map<String, String> VALUES =
      new TreeMap<>(
          Map.of(
              "QUOTES", "it's \"quoted\" \\ and 'single' '\\''",
              "SUBSTITUTION", "$(touch pwned)${IFS}`touch pwned`$(</etc/hostname)",
              "SEPARATORS",
                  "; touch pwned; # && touch pwned || touch pwned | touch pwned & touch pwned",
              "NEWLINES", "first\nsecond\r\nthird\n\ntouch pwned\n",
              "CONTROLS", "\u0001\u0007\u001b[31mred\u007f\t\u0085",
              "UNICODE", "é ☃ 😀 \u00a0 \u202e",
              "FORMATS", "%q %s %n %% -e -- \\n \\x41 \\0",
              "EXPANSIONS", "~ * ? [a] {a,b} $HOME ${PATH} $((1+1)) !! !$ \\$(touch pwned)",
              "TRAILING", "ends with a backslash \\",
              "LONG", "'$(touch pwned)'".repeat(256)));

  static {
    VALUES.put("EMPTY", "");
  }

  /** Prints NAME=hex for every value, then whether anything ran. */
  public static final String SCRIPT =
      "for name in "
          + String.join(" ", VALUES.keySet())
          + "; do\n"
          + "  printf '%s=%s\\n' \"$name\" \"$(printf '%s' \"${!name}\" | od -An -v -tx1 | tr -d ' \\n')\"\n"
          + "done\n"
          + "if [ -e pwned ]; then echo PWNED; else echo clean; fi\n";

  private HostileValues() {}

  /** Every value arrived byte for byte, and nothing it holds ran. */
  public static void assertArrived(List<String> lines) {
    for (var value : VALUES.entrySet()) {
      String hex = HexFormat.of().formatHex(value.getValue().getBytes(StandardCharsets.UTF_8));
      assertThat(lines).as("%s's bytes", value.getKey()).contains(value.getKey() + "=" + hex);
    }
    assertThat(lines).contains("clean").doesNotContain("PWNED");
  }
}
