package dev.kiln.portal.source;

/**
 * Why a repository could not be read, in plain words for a maintainer; the message never contains a
 * credential. {@link #problem()} says which kind of problem it is, for callers that react to it.
 */
public class SourceException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The kinds of problem, from the maintainer's point of view. */
  public enum Problem {
    /** The address, a ref name or a setting was refused before git ran. */
    REFUSED_INPUT,
    /** DNS has no address for the host. */
    UNKNOWN_HOST,
    /** The host refused the connection or cannot be reached. */
    UNREACHABLE,
    /** The server's SSH host key changed since this node first saw it. */
    HOST_KEY_CHANGED,
    /** The server refused the credentials, or needs some. */
    CREDENTIALS_REFUSED,
    /** The address is not a git repository. */
    NOT_A_REPOSITORY,
    /** The branch, tag or ref asked for is not in the repository. */
    REF_MISSING,
    /** The commit is not (any more) in the repository. */
    COMMIT_MISSING,
    /** The repository is larger than this node allows. */
    TOO_LARGE,
    /** The build was cancelled while git ran. */
    CANCELLED,
    /** Anything else git reported. */
    FAILED
  }

  private final Problem problem;

  /** A problem of kind {@code problem} described by {@code message}. */
  public SourceException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  /** The kind of problem. */
  public Problem problem() {
    return problem;
  }
}
