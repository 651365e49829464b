package dev.kiln.portal.project;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A repository's branches as {@code git ls-remote --symref} lists them, and git's errors in words.
 */
record RemoteRefs(String head, Map<String, String> branches, int tags) {

  private static final int SHOWN_BRANCHES = 5;

  static RemoteRefs parse(String listing) {
    String head = null;
    Map<String, String> branches = new LinkedHashMap<>();
    int tags = 0;
    for (String line : listing.split("\\R")) {
      String[] parts = line.split("\t", 2);
      if (parts.length < 2) {
        continue;
      }
      if (parts[0].startsWith("ref: refs/heads/") && parts[1].equals("HEAD")) {
        head = parts[0].substring("ref: refs/heads/".length());
      } else if (parts[1].startsWith("refs/heads/")) {
        branches.put(parts[1].substring("refs/heads/".length()), parts[0]);
      } else if (parts[1].startsWith("refs/tags/") && !parts[1].endsWith("^{}")) {
        tags++;
      }
    }
    return new RemoteRefs(head, branches, tags);
  }

  /** Whether the branch (or, when empty, the repository's default) is there, in words. */
  RepositoryAccess find(String branch) {
    if (branches.isEmpty()) {
      return RepositoryAccess.problem("The repository is reachable but empty: it has no branches.");
    }
    String name = branch.isEmpty() ? head : branch;
    if (name == null || !branches.containsKey(name)) {
      String some = String.join(", ", branches.keySet().stream().limit(SHOWN_BRANCHES).toList());
      return RepositoryAccess.problem(
          (name == null
                  ? "The repository names no default branch; give one."
                  : "Branch " + name + " is missing from the repository.")
              + " It has "
              + (branches.size() > SHOWN_BRANCHES ? branches.size() + " branches, such as " : "")
              + some
              + ".");
    }
    return RepositoryAccess.ok(
        "OK: "
            + name
            + " is at "
            + branches.get(name).substring(0, Math.min(7, branches.get(name).length()))
            + " ("
            + branches.size()
            + (branches.size() == 1 ? " branch, " : " branches, ")
            + tags
            + (tags == 1 ? " tag)." : " tags)."));
  }

  /** What git's error output means, in words, with git's own last line for the details. */
  static RepositoryAccess problem(String err) {
    String lower = err.toLowerCase(Locale.ROOT);
    String words;
    if (lower.contains("could not resolve host")
        || lower.contains("could not resolve hostname")
        || lower.contains("name or service not known")) {
      words = "Unknown host: its name could not be resolved. Check the address.";
    } else if (lower.contains("host key verification failed")) {
      words = "This node does not know the SSH host's key, so it refused to connect.";
    } else if (lower.contains("connection refused") || lower.contains("timed out")) {
      words = "The host did not accept a connection. Check the address and port.";
    } else if (lower.contains("permission denied")
        || lower.contains("authentication failed")
        || lower.contains("terminal prompts disabled")
        || lower.contains("could not read username")
        || lower.contains(" 401")
        || lower.contains(" 403")) {
      words = "The repository refused the credential (or needs one). Check the chosen secret.";
    } else if (lower.contains("not a git repository")
        || lower.contains("does not appear to be a git repository")
        || lower.contains("repository not found")
        || lower.contains("' not found")
        || lower.contains(" 404")
        || lower.contains("no such repository")) {
      words = "Not a git repository: nothing answers as one at that address.";
    } else {
      words = "git could not list the repository.";
    }
    String last = lastLine(err);
    return RepositoryAccess.problem(last.isEmpty() ? words : words + " git said: " + last);
  }

  private static String lastLine(String err) {
    String[] lines = err.strip().split("\\R");
    String last = lines[lines.length - 1].strip();
    return last.length() > 300 ? last.substring(0, 297) + "…" : last;
  }
}
