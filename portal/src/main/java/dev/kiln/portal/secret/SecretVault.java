package dev.kiln.portal.secret;

import com.google.crypto.tink.HybridDecrypt;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.node.NodeRole;
import dev.kiln.portal.secret.domain.Secret;
import dev.kiln.portal.secret.domain.SecretRepository;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opens secret values for one build. Only a node with the runner or uploader role is given the
 * private key when it is built; on any other node the vault has no key to open with, and {@link
 * #open} refuses.
 */
@Transactional(readOnly = true)
public class SecretVault {

  private final NodeProperties node;
  private final Supplier<HybridDecrypt> privateKeys;
  private final SecretRepository secrets;
  private final AuditLog audit;

  /**
   * @param privateKeys the current private keys (all of them, so that values sealed before a
   *     rotation still open), or {@code null} on a node whose roles do not open secrets
   */
  SecretVault(
      NodeProperties node,
      Supplier<HybridDecrypt> privateKeys,
      SecretRepository secrets,
      AuditLog audit) {
    this.node = node;
    this.privateKeys = privateKeys;
    this.secrets = secrets;
    this.audit = audit;
  }

  /** Whether this node holds the private key. */
  public boolean holdsPrivateKey() {
    return privateKeys != null;
  }

  /**
   * The values of the named secrets for a build of a project: the project's secret of a name if
   * there is one, else the global one.
   *
   * @return values by name, in the order of {@code names}
   * @throws MissingSecretsException when some name has neither; nothing is opened then
   * @throws IllegalStateException when this node's roles do not allow opening secrets
   */
  public Map<String, String> open(long projectId, Collection<String> names) {
    refuseUnlessAllowed(projectId, names);
    Map<String, Secret> chosen = new LinkedHashMap<>();
    for (Secret secret : secrets.findUsableBy(projectId, names)) {
      // The project's own secret wins over a global one of the same name.
      chosen.merge(secret.getName(), secret, (a, b) -> a.getProjectId() != null ? a : b);
    }
    List<String> missing =
        names.stream().distinct().filter(name -> !chosen.containsKey(name)).toList();
    if (!missing.isEmpty()) {
      throw new MissingSecretsException(missing);
    }
    return names.stream()
        .distinct()
        .collect(
            Collectors.toMap(
                name -> name, name -> open(chosen.get(name)), (a, b) -> a, LinkedHashMap::new));
  }

  /**
   * The values of the named global secrets, for a builder instance's settings (its SSH key, its
   * token), which belong to no project.
   *
   * @throws MissingSecretsException when some name is not a global secret; nothing is opened then
   * @throws IllegalStateException when this node's roles do not allow opening secrets
   */
  public Map<String, String> openGlobal(Collection<String> names) {
    refuseUnlessAllowed(null, names);
    Map<String, Secret> chosen = new LinkedHashMap<>();
    names.stream()
        .distinct()
        .forEach(name -> secrets.findGlobalByName(name).ifPresent(s -> chosen.put(name, s)));
    List<String> missing =
        names.stream().distinct().filter(name -> !chosen.containsKey(name)).toList();
    if (!missing.isEmpty()) {
      throw new MissingSecretsException(missing);
    }
    return chosen.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, e -> open(e.getValue()), (a, b) -> a, LinkedHashMap::new));
  }

  /** Opens one sealed value; fails when the ciphertext was sealed for another secret. */
  String open(Secret secret) {
    refuseUnlessAllowed(secret.getProjectId(), List.of(secret.getName()));
    try {
      return new String(
          privateKeys.get().decrypt(secret.getCiphertext(), secret.contextInfo()),
          StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      // The message names the secret, never the value.
      throw new IllegalStateException(
          "Secret "
              + secret.getName()
              + " cannot be opened: it was not sealed for"
              + " this secret, or with this key pair.",
          e);
    }
  }

  private void refuseUnlessAllowed(Long projectId, Collection<String> names) {
    if (privateKeys == null) {
      String roles =
          node.roles().stream()
              .map(NodeRole::name)
              .map(String::toLowerCase)
              .sorted()
              .collect(Collectors.joining(", "));
      // Audited before the refusal rolls the caller's transaction back; the entry has its own.
      audit.recordIndependently(
          AuditEvent.of(AuditAction.SECRET_OPEN_REFUSED, "node", null, node.name())
              .inProject(projectId)
              .detail("secrets " + String.join(", ", names) + "; node roles: " + roles));
      throw new IllegalStateException(
          "This node's roles ("
              + roles
              + ") do not allow opening secrets: only runner and uploader nodes hold the private key.");
    }
  }
}
