package dev.kiln.portal.build;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Fetches a build's sources on the runner that runs it; the source feature implements it with git.
 * The credential is the opened secret (an SSH key or a token), given only for the fetch: nothing of
 * it may reach the workspace.
 */
public interface Checkouts {

  /**
   * The commit {@code asked} names now: its branch's or tag's tip, or the commit it gives by SHA.
   *
   * @throws CheckoutException in words a maintainer can act on (unknown host, refused credentials,
   *     no such branch…)
   */
  Revision resolve(BuildSource source, String credential, Revision asked)
      throws CheckoutException, InterruptedException;

  /**
   * Checks out the resolved commit into {@code workspace}, an empty folder.
   *
   * @param progress lines for the build's log
   * @param cancelled turns true when the build is cancelled; the checkout then stops
   */
  void checkout(
      BuildSource source,
      String credential,
      Revision commit,
      Path workspace,
      Consumer<String> progress,
      BooleanSupplier cancelled)
      throws CheckoutException, InterruptedException;
}
