package dev.kiln.portal.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.plugin.api.EnvironmentPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Declarations and the values triggers give for them, without a database. */
@Timeout(
    value = 60,
    unit = TimeUnit.SECONDS) // a backtracking matcher would hang on the patterns below
class ParameterValuesTest {

  private static final ParameterDeclaration CHANNEL =
      new ParameterDeclaration("CHANNEL", "where it goes", "beta", List.of("stable", "beta"), null);
  private static final ParameterDeclaration VERSION =
      new ParameterDeclaration("VERSION", "", "", List.of(), "[0-9]+\\.[0-9]+\\.[0-9]+");
  private static final ParameterDeclaration NOTE = ParameterDeclaration.free("NOTE");

  static Stream<String> reservedNames() {
    return Stream.concat(
        EnvironmentPolicy.reservedNames().stream(), Stream.of("WEBHOOK_REF", "WEBHOOK_X"));
  }

  @Test
  void givenValuesPassAndLeftOutOnesTakeTheirDefaults() {
    var values =
        ParameterValues.resolve(List.of(CHANNEL, VERSION, NOTE), Map.of("VERSION", "1.2.3"));

    assertThat(values)
        .containsExactly(
            Map.entry("CHANNEL", "beta"), Map.entry("NOTE", ""), Map.entry("VERSION", "1.2.3"));
  }

  @Test
  void anUndeclaredNameIsRefusedNamingItAndWhatIsDeclared() {
    assertThatThrownBy(
            () ->
                ParameterValues.resolve(
                    List.of(CHANNEL), Map.of("RELEASE", "1", "CHANNEL", "beta")))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e ->
                assertThat(e.problems())
                    .containsOnlyKeys("RELEASE")
                    .containsEntry(
                        "RELEASE",
                        "RELEASE is not a parameter of this project. It declares CHANNEL."));
  }

  @ParameterizedTest
  @MethodSource("reservedNames")
  void aReservedNameIsRefusedAsATriggersParameterAndAsADeclaration(String name) {
    assertThatThrownBy(() -> ParameterValues.resolve(List.of(), Map.of(name, "$(id)")))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e -> assertThat(e.problems().get(name)).contains(name + " is reserved"));
    assertThat(ParameterDeclarations.problems(List.of(ParameterDeclaration.free(name)), List.of()))
        .hasEntrySatisfying(
            "parameters[0].name", p -> assertThat(p).startsWith(name + " is reserved"));
  }

  @Test
  void aValueOutsideTheChoicesOrNotMatchingThePatternIsRefusedSayingWhatIsAllowed() {
    assertThatThrownBy(
            () ->
                ParameterValues.resolve(
                    List.of(CHANNEL, VERSION),
                    Map.of("CHANNEL", "nightly", "VERSION", "1.2.3; rm -rf /")))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e ->
                assertThat(e.problems())
                    .containsEntry("CHANNEL", "CHANNEL: choose one of stable, beta.")
                    .containsEntry(
                        "VERSION",
                        "VERSION: the whole value must match the pattern [0-9]+\\.[0-9]+\\.[0-9]+."));
  }

  @Test
  void aParameterWhoseEmptyDefaultFailsItsPatternMustBeGiven() {
    assertThatThrownBy(() -> ParameterValues.resolve(List.of(VERSION), Map.of()))
        .isInstanceOfSatisfying(
            InvalidParametersException.class,
            e -> assertThat(e.problems().get("VERSION")).startsWith("VERSION: give a value"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "lone \ud800 surrogate"})
  void aValueNoEnvironmentCanHoldIsRefused(String value) {
    assertThatThrownBy(() -> ParameterValues.resolve(List.of(NOTE), Map.of("NOTE", value)))
        .isInstanceOf(InvalidParametersException.class);
  }

  @Test
  void hostileValuesAreDataAndPassWhenTheDeclarationAllowsAnything() {
    String value = "$(id) `id` ; rm -rf / \n'\"\\ %q %n \u0001\u001b[31m";
    assertThat(ParameterValues.resolve(List.of(NOTE), Map.of("NOTE", value)))
        .containsEntry("NOTE", value);
  }

  /** What backtracks for ever in java.util.regex matches in linear time here. */
  @ParameterizedTest
  @ValueSource(strings = {"(a+)+$", "(a|a)*b", "(a|aa)+$", "(.*a){20}", "(\\w+\\s?)*$"})
  void aCatastrophicPatternMeetsALongHostileValueInLinearTime(String pattern) {
    var declaration = new ParameterDeclaration("INPUT", "", "b", List.of(), pattern);
    assertThat(ParameterPatterns.problem(pattern)).isEmpty();
    String value = "a".repeat(ParameterDeclarations.MAX_VALUE_LENGTH - 1) + "!";

    assertThatThrownBy(() -> ParameterValues.resolve(List.of(declaration), Map.of("INPUT", value)))
        .isInstanceOf(InvalidParametersException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"(a{1000}){1000}", "((a{100}){100}){100}", "((a|aa){0,30}){0,30}x", "[a-z]{2000}"})
  void aPatternThatRe2WouldBlowUpIsRefusedBeforeItIsCompiled(String pattern) {
    assertThat(ParameterPatterns.problem(pattern))
        .hasValueSatisfying(p -> assertThat(p).contains("steps"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a)\\1", "(?=a)a", "(?<!a)b", "[", "a{2,1}"})
  void aPatternRe2CannotRunIsRefusedSayingSo(String pattern) {
    assertThat(ParameterPatterns.problem(pattern))
        .hasValueSatisfying(p -> assertThat(p).contains("RE2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[0-9]+\\.[0-9]+",
        "v[0-9]{1,3}(\\.[0-9]{1,3}){2}",
        "[0-9a-f]{40}",
        "\\p{L}+",
        "[]a]+",
        "(stable|beta)"
      })
  void ordinaryPatternsAreAccepted(String pattern) {
    assertThat(ParameterPatterns.problem(pattern)).isEmpty();
  }

  @Test
  void declarationsAreCheckedFieldByField() {
    var problems =
        ParameterDeclarations.problems(
            List.of(
                new ParameterDeclaration("CHANNEL", "", "nightly", List.of("stable", "beta"), null),
                new ParameterDeclaration("CHANNEL", "", "", List.of(), null),
                new ParameterDeclaration("BOTH", "", "", List.of("a"), "a"),
                new ParameterDeclaration("DEPLOY_KEY", "", "", List.of(), null),
                new ParameterDeclaration("BAD_DEFAULT", "", "x", List.of(), "[0-9]+")),
            List.of("DEPLOY_KEY"));

    assertThat(problems)
        .containsOnlyKeys(
            "parameters[0].defaultValue",
            "parameters[1].name",
            "parameters[2].pattern",
            "parameters[3].name",
            "parameters[4].defaultValue");
    assertThat(problems.get("parameters[3].name")).contains("one of the project's secrets");
  }

  @Test
  void choicesWithoutADefaultTakeTheFirstAndSurviveTheirJson() {
    var stored =
        ParameterDeclarations.normalized(
            List.of(
                new ParameterDeclaration("CHANNEL", "d", "", List.of("stable", "beta"), null),
                VERSION));

    assertThat(stored.getFirst().defaultValue()).isEqualTo("stable");
    assertThat(ParameterDeclarations.read(ParameterDeclarations.write(stored))).isEqualTo(stored);
  }
}
