package dev.kiln.portal.database;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** True when no external database URL is configured: Kiln then runs its own PostgreSQL. */
public class EmbeddedDatabaseCondition implements Condition {

  /** Tells whether the embedded database is in use for this environment. */
  public static boolean isEmbedded(Environment environment) {
    return !StringUtils.hasText(environment.getProperty("spring.datasource.url"));
  }

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return isEmbedded(context.getEnvironment());
  }
}
