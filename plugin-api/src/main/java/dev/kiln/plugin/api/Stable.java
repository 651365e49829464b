package dev.kiln.plugin.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a type whose binary and source compatibility Kiln keeps for the whole major version of the
 * plugin API: a minor version only adds to it (new {@code default} methods, new factories, new
 * record components with the old constructors kept), and the build's compatibility check fails on
 * anything else. The type's Javadoc {@code @since} tag gives the API version it appeared in.
 *
 * @since 1.3
 */
@Stable
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Stable {}
