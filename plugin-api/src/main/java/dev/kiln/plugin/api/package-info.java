/**
 * Kiln's builder plugin API. A plugin implements {@link dev.kiln.plugin.api.Builder}, marks the
 * class with pf4j's {@code @Extension}, and declares this module and pf4j as {@code provided}
 * dependencies: it must never bundle them. Only JDK types and the types here cross the boundary.
 */
package dev.kiln.plugin.api;
