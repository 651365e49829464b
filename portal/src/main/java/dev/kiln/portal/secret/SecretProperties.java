package dev.kiln.portal.secret;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The key pair that seals and opens secrets.
 *
 * @param publicKeyFile the public keyset (Tink JSON); every node needs it to seal new values
 * @param privateKeyFile the private keyset (Tink JSON, readable by Kiln only); needed only on nodes
 *     with the runner or uploader role
 * @param generateKeys whether to create the pair when both files are missing; {@code null} means
 *     yes with the embedded database (a single machine) and no with an external one, where the
 *     nodes must share one pair
 */
@ConfigurationProperties("kiln.secrets")
public record SecretProperties(Path publicKeyFile, Path privateKeyFile, Boolean generateKeys) {}
