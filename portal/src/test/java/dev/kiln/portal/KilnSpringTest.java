package dev.kiln.portal;

import dev.kiln.portal.instance.ProbePlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that boot the whole portal on its embedded default: a real PostgreSQL, local
 * storage and the shipped plugins, all under a fresh data folder. Subclasses share one context: a
 * subclass that changes properties would start a second Kiln on the same folder, which Kiln
 * refuses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class KilnSpringTest {

  private static final Path DATA_DIR;

  static {
    try {
      DATA_DIR = Files.createTempDirectory("kiln-test-");
      // A builder with instance settings, for the tests of builder instances.
      ProbePlugin.installInto(DATA_DIR.resolve("plugins"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) {
    registry.add("kiln.data-dir", DATA_DIR::toString);
    registry.add("kiln.node.name", () -> "test-node");
    // Short, so a test can stop the schedules' scheduler long enough for fires to count as missed.
    registry.add("kiln.schedules.misfire-threshold", () -> "3s");
    registry.add("kiln.auth.role-mapping", () -> "kiln-admins=ADMIN, kiln-maintainers=MAINTAINER");
    // Tests and builds exchange files through @TempDir folders (see BuildReachableTempDirs).
    registry.add("kiln.local-sandbox.writable", KilnSpringTest::temporaryFolder);
  }

  /** The host's temporary folder, as a real path: where every {@code @TempDir} is made. */
  public static String temporaryFolder() {
    try {
      return Path.of(System.getProperty("java.io.tmpdir")).toRealPath().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a service call as the given user with the given authorities (such as {@code ROLE_ADMIN}),
   * as a screen does for the logged-in user; tests need several users, more than one
   * {@code @WithMockUser} gives.
   */
  public static <T> T as(String username, List<String> authorities, Supplier<T> call) {
    var outer = SecurityContextHolder.getContext();
    var inner = SecurityContextHolder.createEmptyContext();
    inner.setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(
            username, null, AuthorityUtils.createAuthorityList(authorities)));
    SecurityContextHolder.setContext(inner);
    try {
      return call.get();
    } finally {
      SecurityContextHolder.setContext(outer);
    }
  }

  /** Polls {@code condition} until it holds, failing with {@code what} after {@code limit}. */
  public static void await(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + limit + " waiting for " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
