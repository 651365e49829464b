package dev.kiln.portal.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded PostgreSQL used when no external database is configured.
 *
 * @param embeddedDir where its data lives; kept across restarts
 */
@ConfigurationProperties("kiln.database")
public record DatabaseProperties(Path embeddedDir) {}
