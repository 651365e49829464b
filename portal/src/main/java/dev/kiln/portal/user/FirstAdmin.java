package dev.kiln.portal.user;

import java.io.PrintStream;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * On the first start, creates the {@code admin} account and prints its one-time password to the
 * console, once. It goes to standard output, not to the log, so log files never hold it. This
 * happens before the web server opens its port, so the log-in page never shows before the password.
 */
@Component
class FirstAdmin implements SmartInitializingSingleton {

  private final UserService users;
  private final PrintStream console;

  @Autowired
  FirstAdmin(UserService users) {
    this(users, System.out);
  }

  FirstAdmin(UserService users, PrintStream console) {
    this.users = users;
    this.console = console;
  }

  @Override
  public void afterSingletonsInstantiated() {
    users
        .createFirstAdminIfNone()
        .ifPresent(
            password ->
                console.printf(
                    """

        ================================================================
          Kiln created its first admin account.
            user:      admin
            password:  %s
          This one-time password is shown only now. Log in with it and
          choose your own password.
        ================================================================

        """,
                    password));
  }
}
