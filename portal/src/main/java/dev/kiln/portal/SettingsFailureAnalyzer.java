package dev.kiln.portal;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Names a setting that stopped the start the way an admin wrote it. Spring names the Java field
 * ({@code kiln.web.hooksAtOnce}) and, as its origin, the line of {@code application.yml} that reads
 * the variable, not the {@code KILN_HOOKS_AT_ONCE} the admin actually set; this says both.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class SettingsFailureAnalyzer
    extends AbstractFailureAnalyzer<BindValidationException> {

  /**
   * A value of {@code application.yml} that comes from an environment variable: {@code
   * ${KILN_X:default}}.
   */
  private static final Pattern FROM_VARIABLE =
      Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*)(?::.*)?}$", Pattern.DOTALL);

  private final Environment environment;

  /** Spring Boot passes the application's environment when the start fails. */
  public SettingsFailureAnalyzer(Environment environment) {
    this.environment = environment;
  }

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
    ValidationErrors errors = cause.getValidationErrors();
    StringBuilder description = new StringBuilder("Kiln's settings hold values it cannot use:\n");
    for (ObjectError error : errors) {
      if (error instanceof FieldError field) {
        String name = errors.getName() + "." + kebab(field.getField());
        description
            .append("\n  ")
            .append(name)
            .append(source(name, errors))
            .append(" = \"")
            .append(field.getRejectedValue())
            .append("\": ")
            .append(field.getDefaultMessage());
      } else {
        description
            .append("\n  ")
            .append(errors.getName())
            .append(": ")
            .append(error.getDefaultMessage());
      }
    }
    return new FailureAnalysis(
        description.toString(),
        "Change each value named above (README.md, Configuration, lists the settings and their ranges), then start"
            + " Kiln again.",
        cause);
  }

  /**
   * Where the value was set: the environment variable that {@code application.yml} reads, else
   * Spring's origin.
   */
  private String source(String name, ValidationErrors errors) {
    if (environment instanceof ConfigurableEnvironment configurable) {
      for (PropertySource<?> source : configurable.getPropertySources()) {
        if (source.getProperty(name) instanceof CharSequence raw) {
          Matcher variable = FROM_VARIABLE.matcher(raw.toString().strip());
          if (variable.matches()) {
            return " (environment variable " + variable.group(1) + ")";
          }
          break;
        }
      }
    }
    return errors.getBoundProperties().stream()
        .filter(p -> p.getName().toString().equals(name))
        .map(ConfigurationProperty::getOrigin)
        .filter(Objects::nonNull)
        .findFirst()
        .map(origin -> " (from " + origin + ")")
        .orElse("");
  }

  /** {@code hooksAtOnce} as written in settings: {@code hooks-at-once}. */
  static String kebab(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
