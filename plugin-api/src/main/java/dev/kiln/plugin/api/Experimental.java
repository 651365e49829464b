package dev.kiln.plugin.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type that may still change in a minor version of the plugin API, when its users (often
 * Kiln's own builders) show it needs to. The build's compatibility check skips it. A plugin that
 * uses one should accept only the minor versions it was tested with in {@code Plugin-Requires} (for
 * example {@code >=1.3.0 & <1.4.0}). Once settled, a type becomes {@link Stable}.
 *
 * @since 1.3
 */
@Stable
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Experimental {}
