package dev.kiln.portal.base;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entry point that acts without a user's permission check: for schedule fires, verified
 * webhook deliveries and the recovery of dead nodes' builds, whose callers answer for who may act.
 * Views ({@code ..ui..}) and the REST API ({@code ..api..}) never reach such a class, which {@code
 * ArchitectureTest} enforces; they go through the secured services.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SystemOnly {}
