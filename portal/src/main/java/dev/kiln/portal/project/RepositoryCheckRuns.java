package dev.kiln.portal.project;

import dev.kiln.portal.base.SystemOnly;
import dev.kiln.portal.node.NodeProperties;
import dev.kiln.portal.secret.MissingSecretsException;
import dev.kiln.portal.secret.SecretVault;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Answers an access check on the runner node that took its job: opens the credential (the project's
 * secret of that name, else the global one), lets the {@link RepositoryProbe} try the repository,
 * and records the answer with the credential's value taken out of it.
 */
@SystemOnly
@Component
class RepositoryCheckRuns {

  private static final Logger log = LoggerFactory.getLogger(RepositoryCheckRuns.class);

  private final RepositoryCheckRows rows;
  private final SecretVault vault;
  private final RepositoryProbe probe;
  private final NodeProperties node;
  private final Clock clock;

  RepositoryCheckRuns(
      RepositoryCheckRows rows,
      SecretVault vault,
      RepositoryProbe probe,
      NodeProperties node,
      Clock clock) {
    this.rows = rows;
    this.vault = vault;
    this.probe = probe;
    this.node = node;
    this.clock = clock;
  }

  void run(long checkId) {
    var row = rows.find(checkId).orElse(null);
    if (row == null || row.answer() != null) {
      return; // removed meanwhile, or answered by another runner after a misfire
    }
    RepositoryAccess answer;
    String credential = "";
    try {
      credential = open(row);
      answer = probe.check(row.repository(), row.branch(), credential, row.submodules());
    } catch (MissingSecretsException e) {
      answer =
          RepositoryAccess.problem(
              "Secret "
                  + row.credentialSecret()
                  + (row.projectId() == null
                      ? " is not a global secret (a new project has no secrets of its own yet)."
                      : " is neither this project's secret nor a global one."));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer = RepositoryAccess.problem("The runner node stopped during the check; try again.");
    } catch (RuntimeException e) {
      log.warn("Access check {} failed: {}", checkId, redact(e.toString(), credential));
      answer =
          RepositoryAccess.problem(
              "The check failed on node " + node.name() + ": " + e.getClass().getSimpleName());
    }
    String words = redact(answer.words(), credential);
    rows.answer(
        checkId, new RepositoryAccess(answer.reachable(), words), node.name(), clock.instant());
  }

  private String open(RepositoryCheckRows.Row row) {
    String name = row.credentialSecret();
    if (name.isEmpty()) {
      return "";
    }
    return row.projectId() == null
        ? vault.openGlobal(List.of(name)).get(name)
        : vault.open(row.projectId(), List.of(name)).get(name);
  }

  /** The text with the credential, and each of its lines, taken out: a probe may echo it. */
  static String redact(String text, String credential) {
    String result = text == null ? "" : text;
    if (credential.isBlank()) {
      return result;
    }
    result = result.replace(credential, "[credential]");
    for (String line : credential.split("\\R")) {
      if (line.strip().length() >= 8) {
        result = result.replace(line.strip(), "[credential]");
      }
    }
    return result.length() > 2000 ? result.substring(0, 1997) + "…" : result;
  }
}
