package dev.kiln.builder.docker;

import com.github.dockerjava.api.exception.DockerException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import javax.net.ssl.SSLException;

/** Says in words why a call to the engine failed, from the exception docker-java threw. */
final class EngineProblem {

  private EngineProblem() {}

  /** The reason, such as "nothing listens there (connection refused): is dockerd running?". */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof NoSuchFileException || message.contains("No such file or directory")) {
        return "there is no socket at that path: is dockerd running, and is the address right?";
      }
      if (t instanceof AccessDeniedException || message.contains("Permission denied")) {
        return "permission denied on the socket: Kiln's user must be allowed to use it (the docker group)";
      }
      if (t instanceof ConnectException || message.contains("Connection refused")) {
        return "nothing accepts connections there (connection refused): is dockerd running?";
      }
      if (t instanceof SocketTimeoutException || message.contains("timed out")) {
        return "it did not answer in time";
      }
      if (t instanceof UnknownHostException) {
        return "the host name is unknown: " + t.getMessage();
      }
      if (t instanceof SSLException) {
        return "the TLS handshake failed (check the certificates): " + t.getMessage();
      }
      if (t instanceof DockerException docker) {
        return "the engine answered " + docker.getHttpStatus() + ": " + engineMessage(docker);
      }
    }
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** The engine's own message, without the JSON around it. */
  static String engineMessage(DockerException e) {
    String body = String.valueOf(e.getMessage()).strip();
    int start = body.indexOf("{\"message\":\"");
    if (start >= 0) {
      int end = body.lastIndexOf("\"}");
      if (end > start) {
        return body.substring(start + 12, end).replace("\\\"", "\"");
      }
    }
    return body.replaceFirst("^Status \\d+: ", "");
  }
}
