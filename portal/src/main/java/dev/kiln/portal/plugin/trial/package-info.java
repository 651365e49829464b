/**
 * The plugin trial: before an uploaded jar is stored, {@link PluginTrial} loads it, starts it, has
 * its builders describe themselves and stops it again, in a short-lived JVM of its own ({@link
 * PluginTrialMain}), inside a bubblewrap sandbox where that works ({@link TrialSandbox}).
 *
 * <p>Why a JVM of its own: a plugin's static initializer, constructor, {@code start()} or {@code
 * describe()} runs arbitrary code, and a broken one can call {@code System.exit}, spin, fill the
 * heap or leave threads behind. In Kiln's JVM that would take the node down; in the trial's small
 * JVM it only ends the trial, and the admin is told what the plugin did ({@link TrialVerdict}).
 *
 * <p>The package's one door is {@link PluginTrial#builderIds}, which {@code PluginAdministration}
 * calls at upload; the rest (the child's command line, class path, report format, output reading
 * and clean-up) is internal to it.
 */
package dev.kiln.portal.plugin.trial;
