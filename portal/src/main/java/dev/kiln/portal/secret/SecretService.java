package dev.kiln.portal.secret;

import dev.kiln.plugin.api.EnvironmentPolicy;
import dev.kiln.portal.access.ProjectAccess;
import dev.kiln.portal.access.ProjectRole;
import dev.kiln.portal.audit.AuditAction;
import dev.kiln.portal.audit.AuditEvent;
import dev.kiln.portal.audit.AuditLog;
import dev.kiln.portal.base.ConstraintNames;
import dev.kiln.portal.base.TextRules;
import dev.kiln.portal.secret.domain.Secret;
import dev.kiln.portal.secret.domain.SecretRepository;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Secrets: create, replace a value, delete, list. Values go in and are sealed at once; nothing here
 * ever returns a value (only {@link SecretVault} opens them, on nodes allowed to).
 */
@Service
@Transactional
public class SecretService {

  /** Global secrets are the admins'; a project's own are its owners' (and admins'). */
  private static final String MAY_MANAGE =
      "#projectId == null ? hasRole('ADMIN') : @projectAccess.mayOwn(#projectId)";

  /**
   * Names are no secret to those who may change the project: they need them to write its
   * configuration.
   */
  private static final String MAY_LIST =
      "#projectId == null ? hasRole('ADMIN') : @projectAccess.mayChange(#projectId)";

  /** An upper-case environment variable name, since builds receive secrets as variables. */
  public static final Pattern NAME =
      Pattern.compile("[A-Z_][A-Z0-9_]{0," + (Secret.NAME_LENGTH - 1) + "}");

  static final int MIN_VALUE_LENGTH = 4;
  static final int MAX_VALUE_LENGTH = 64 * 1024;

  private final SecretRepository secrets;
  private final SecretSealer sealer;
  private final ProjectAccess access;
  private final Clock clock;
  private final AuditLog audit;

  SecretService(
      SecretRepository secrets,
      SecretSealer sealer,
      ProjectAccess access,
      Clock clock,
      AuditLog audit) {
    this.secrets = secrets;
    this.access = access;
    this.sealer = sealer;
    this.clock = clock;
    this.audit = audit;
  }

  /** The global secrets ({@code projectId} null) or a project's own, by name. */
  @Transactional(readOnly = true)
  @PreAuthorize(MAY_LIST)
  public List<SecretInfo> list(Long projectId) {
    List<Secret> found =
        projectId == null ? secrets.findGlobal() : secrets.findByProjectIdOrderByName(projectId);
    return found.stream().map(SecretService::info).toList();
  }

  /**
   * Creates a secret.
   *
   * @param projectId the project it belongs to, or {@code null} for a global secret
   * @throws InvalidSecretException when the name, description or value is refused; nothing is saved
   *     then
   */
  @PreAuthorize(MAY_MANAGE)
  public SecretInfo create(Long projectId, String name, String description, String value) {
    String cleanName = name == null ? "" : name.strip();
    if (!NAME.matcher(cleanName).matches()) {
      throw new InvalidSecretException(
          InvalidSecretException.NAME,
          "Name the secret like an environment variable:"
              + " upper-case letters, digits and _, not starting with a digit, at most "
              + Secret.NAME_LENGTH
              + " characters (for example PYPI_TOKEN).");
    }
    // A new name is held to the whole rule; names that exist keep working unless a shell or the
    // loader reads them (reservedNameProblem), so no secret whose value is lost has to be renamed.
    Optional<String> reserved = EnvironmentPolicy.nameProblem(cleanName);
    if (reserved.isPresent()) {
      throw new InvalidSecretException(InvalidSecretException.NAME, reserved.get());
    }
    String cleanDescription = description == null ? "" : description.strip();
    String descriptionProblem = TextRules.problem(cleanDescription, Secret.DESCRIPTION_LENGTH);
    if (descriptionProblem != null) {
      throw new InvalidSecretException(InvalidSecretException.DESCRIPTION, descriptionProblem);
    }
    checkValue(value);
    Optional<Secret> clash =
        projectId == null
            ? secrets.findGlobalByName(cleanName)
            : secrets.findByProjectIdAndNameIgnoreCase(projectId, cleanName);
    if (clash.isPresent()) {
      throw clash(projectId, cleanName);
    }
    Secret secret =
        new Secret(secrets.nextId(), projectId, cleanName, cleanDescription, clock.instant());
    sealer.seal(secret, value, clock.instant());
    try {
      return audited(AuditAction.SECRET_CREATED, info(secrets.saveAndFlush(secret)));
    } catch (DataIntegrityViolationException e) {
      throw switch (ConstraintNames.of(e).orElse("")) {
        // created by someone else in the meantime; the unique index caught it
        case "secrets_global_name_key", "secrets_project_name_key" -> clash(projectId, cleanName);
        case "secrets_project_id_fkey" ->
            new NoSuchElementException("Project " + projectId + " does not exist.");
        default -> e;
      };
    }
  }

  /** Replaces a secret's value; its name and scope stay. */
  @PreAuthorize("isAuthenticated()") // and may manage the secret's scope, checked once it is loaded
  public SecretInfo replaceValue(long id, String value) {
    Secret secret = manageable(id);
    checkValue(value);
    sealer.seal(secret, value, clock.instant());
    return audited(AuditAction.SECRET_REPLACED, info(secrets.saveAndFlush(secret)));
  }

  /**
   * Deletes a secret; builds that name it end as errors until a secret of that name exists again.
   */
  @PreAuthorize("isAuthenticated()") // and may manage the secret's scope, checked once it is loaded
  public void delete(long id) {
    Secret secret = manageable(id);
    secrets.delete(secret);
    audited(AuditAction.SECRET_DELETED, info(secret));
  }

  /** The secret, if the current user may manage its scope. */
  private Secret manageable(long id) {
    Secret secret =
        secrets.findById(id).orElseThrow(() -> new NoSuchElementException("No secret " + id));
    if (secret.getProjectId() != null) {
      access.require(secret.getProjectId(), ProjectRole.OWNER);
    } else if (!access.isAdmin()) {
      throw new AccessDeniedException("Only admins manage global secrets.");
    }
    return secret;
  }

  /**
   * Why no build may receive a secret of this name: a shell, the dynamic loader or the C library
   * reads it when any program starts ({@link EnvironmentPolicy#startupProblem}); empty when one
   * may.
   */
  public static Optional<String> reservedNameProblem(String name) {
    return EnvironmentPolicy.startupProblem(name);
  }

  /** Names only: nothing of a value goes into the audit log. */
  private SecretInfo audited(AuditAction action, SecretInfo secret) {
    audit.record(
        AuditEvent.of(action, "secret", secret.id(), secret.name())
            .inProject(secret.projectId())
            .detail(secret.scope()));
    return secret;
  }

  private static void checkValue(String value) {
    if (value == null || value.length() < MIN_VALUE_LENGTH || value.isBlank()) {
      throw new InvalidSecretException(
          InvalidSecretException.VALUE,
          "A secret's value must have at least "
              + MIN_VALUE_LENGTH
              + " characters:"
              + " Kiln replaces every secret value in build logs with ***, and masking a shorter value would hide too"
              + " much of every log.");
    }
    if (value.indexOf(0) >= 0) {
      throw new InvalidSecretException(
          InvalidSecretException.VALUE,
          "A secret's value cannot contain a NUL character:"
              + " builds receive it as an environment variable, which cannot hold one.");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new InvalidSecretException(
          InvalidSecretException.VALUE,
          "A secret's value may have at most " + MAX_VALUE_LENGTH + " characters.");
    }
    EnvironmentPolicy.valueProblem(value)
        .ifPresent(
            problem -> {
              throw new InvalidSecretException(
                  InvalidSecretException.VALUE,
                  "A build could not receive this secret: " + problem);
            });
  }

  private static InvalidSecretException clash(Long projectId, String name) {
    return new InvalidSecretException(
        InvalidSecretException.NAME,
        (projectId == null ? "A global secret" : "This project already has a secret")
            + " named "
            + name
            + (projectId == null ? " already exists." : ".")
            + " Choose another name, or replace"
            + " the existing secret's value.");
  }

  private static SecretInfo info(Secret s) {
    return new SecretInfo(
        s.getId(),
        s.getName(),
        s.getDescription(),
        s.getProjectId(),
        s.getCreatedAt(),
        s.getUpdatedAt());
  }
}
