package dev.kiln.portal.build;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this node runs builds.
 *
 * @param workDir where each running build gets its own folder, removed when it ends
 * @param runnerThreads how many builds this node runs at once (Quartz's thread pool)
 * @param maxLogBytes the most log one build keeps; output past it is dropped with a notice
 */
@ConfigurationProperties("kiln.builds")
public record BuildProperties(Path workDir, int runnerThreads, long maxLogBytes) {}
