package dev.kiln.portal.e2e.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.portal.e2e.benchmarks.DispatchLoad.Result;
import dev.kiln.portal.e2e.benchmarks.DispatchLoad.Step;
import dev.kiln.portal.e2e.harness.KilnProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many scheduled builds per second Kiln starts, and how late, against bare Quartz on the same
 * PostgreSQL in the same run. One PostgreSQL holds two databases: bare Quartz's (the baseline, run
 * in this JVM, jobs that do nothing) and Kiln's (one, then three Kiln JVMs from the packaged jar,
 * builds of {@code true} with the local builder). Each holds 10,000 idle yearly schedules besides
 * the load. For each offered rate the baseline runs, then Kiln, back to back, so both see the same
 * machine; latency is from a fire's scheduled time to its job starting (baseline) or its build
 * turning RUNNING (Kiln: {@code builds.started_at}). A setup's ramp stops at the first rate it does
 * not sustain (95% of the rate, p99 under a second).
 *
 * <p>Run with {@code ./mvnw -Pbenchmark verify -pl portal -Dit.test=DispatchBenchmark}; it is not
 * part of the test suite.
 */
class DispatchBenchmark {

  static final int[] RATES = {5, 10, 25, 50, 100, 200};
  static final int SECONDS = 10;
  static final Duration DRAIN = Duration.ofSeconds(15);

  private static final String ENV = "kiln.benchmark.env.";

  @TempDir Path tmp;

  @Test
  @Timeout(value = 25, unit = TimeUnit.MINUTES)
  void kilnDispatchesScheduledBuildsAlmostAsFastAsBareQuartz() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    List<String> rows = new ArrayList<>();
    try (var postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(tmp.resolve("pg"))
            .setCleanDataDirectory(true)
            .start()) {
      try (Connection c = postgres.getPostgresDatabase().getConnection()) {
        c.createStatement().execute("create database kiln");
        c.createStatement().execute("create database baseline");
      }
      String kilnUrl = postgres.getJdbcUrl("postgres", "kiln");
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "KILN_DB_URL",
                  kilnUrl,
                  "KILN_DB_USER",
                  "postgres",
                  "KILN_DB_PASSWORD",
                  "",
                  "KILN_LOCAL_BUILDER_ENABLED",
                  "true",
                  "KILN_SECRETS_GENERATE_KEYS",
                  "true",
                  "KILN_NODE_NAME",
                  "node-1"));
      env.putAll(extraEnvironment());
      List<KilnProcess> nodes = new ArrayList<>();
      try (var baseline = new QuartzBaseline(postgres.getJdbcUrl("postgres", "baseline"))) {
        nodes.add(KilnProcess.start(tmp.resolve("node-1"), "dispatch-node-1", env));
        nodes.getFirst().awaitReady();
        try (var kiln = new KilnSchedules(kilnUrl)) {
          long t0 = System.nanoTime();
          baseline.registerIdle(DispatchLoad.IDLE_SCHEDULES, today);
          long t1 = System.nanoTime();
          kiln.registerIdle(DispatchLoad.IDLE_SCHEDULES, today);
          System.out.printf(
              Locale.ROOT,
              "Registered %,d idle schedules: baseline %.1f s, Kiln %.1f s%n",
              DispatchLoad.IDLE_SCHEDULES,
              (t1 - t0) / 1e9,
              (System.nanoTime() - t1) / 1e9);
          baseline.start();
          ramp("1 node", baseline, kiln, rows);

          // Two more nodes on the same database, sharing the first node's secrets key pair.
          Path keys = nodes.getFirst().dataDir().resolve("keys");
          env.put("KILN_SECRETS_GENERATE_KEYS", "false");
          env.put("KILN_SECRETS_PUBLIC_KEY_FILE", keys.resolve("secrets-public.json").toString());
          env.put("KILN_SECRETS_PRIVATE_KEY_FILE", keys.resolve("secrets-private.json").toString());
          for (int n = 2; n <= 3; n++) {
            env.put("KILN_NODE_NAME", "node-" + n);
            nodes.add(KilnProcess.start(tmp.resolve("node-" + n), "dispatch-node-" + n, env));
          }
          for (KilnProcess node : nodes.subList(1, 3)) {
            node.awaitReady();
          }
          ramp("3 nodes", baseline, kiln, rows);
        }
      } finally {
        for (KilnProcess node : nodes) {
          node.close();
        }
      }
    }
    System.out.println(
        "\nScheduled fires: offered rate, started per second, fire-to-start latency ("
            + SECONDS
            + " s per rate, "
            + DispatchLoad.IDLE_SCHEDULES
            + " idle schedules registered, Kiln's settings changed: "
            + extraEnvironment()
            + ")");
    System.out.println("| setup | offered /s | started /s | p50 | p99 | Kiln/Quartz | sustained |");
    System.out.println("|---|---:|---:|---:|---:|---:|---|");
    rows.forEach(System.out::println);
    assertThat(rows).isNotEmpty();
  }

  /**
   * Settings to try on the Kiln nodes: {@code -Dkiln.benchmark.env.KILN_RUNNER_THREADS=16} sets
   * {@code KILN_RUNNER_THREADS=16} in their environment.
   */
  private static Map<String, String> extraEnvironment() {
    Map<String, String> extra = new TreeMap<>();
    System.getProperties()
        .forEach(
            (key, value) -> {
              if (key.toString().startsWith(ENV)) {
                extra.put(key.toString().substring(ENV.length()), value.toString());
              }
            });
    return extra;
  }

  /**
   * Offers each rate to the baseline, then to Kiln; stops after the first rate Kiln does not
   * sustain.
   */
  private static void ramp(
      String setup, QuartzBaseline baseline, KilnSchedules kiln, List<String> rows)
      throws Exception {
    warmUp(baseline, kiln);
    Result lastKept = null;
    Result lastKeptBaseline = null;
    for (int rate : RATES) {
      Result quartz = baseline.run(step(rate), DRAIN);
      Result ours = kiln.run(step(rate), DRAIN);
      String quartzRow = quartz.row("Quartz (" + setup + " run)", null);
      String kilnRow = ours.row("Kiln, " + setup, quartz);
      System.out.println(quartzRow + "\n" + kilnRow);
      rows.add(quartzRow);
      rows.add(kilnRow);
      if (!ours.sustained()) {
        break;
      }
      lastKept = ours;
      lastKeptBaseline = quartz;
    }
    rows.add(
        lastKept == null
            ? "| Kiln, " + setup + ": sustained rate | none of the rates | | | | | |"
            : String.format(
                Locale.ROOT,
                "| **Kiln, %s: sustained** | %d | %.1f | %.0f ms | %.0f ms | %.2f | yes |",
                setup,
                lastKept.step().rate(),
                lastKept.throughput(),
                lastKept.latency(50),
                lastKept.latency(99),
                lastKept.throughput() / lastKeptBaseline.throughput()));
  }

  /** A few seconds of light load for both, not reported: class loading and the JIT. */
  private static void warmUp(QuartzBaseline baseline, KilnSchedules kiln) throws Exception {
    baseline.run(new Step(5, 3, start(15)), DRAIN);
    kiln.run(new Step(5, 3, start(15)), DRAIN);
  }

  /**
   * The rate's fires start a little after its triggers are stored: a few seconds plus 1 ms per
   * trigger.
   */
  private static Step step(int rate) {
    return new Step(rate, SECONDS, start(rate * SECONDS));
  }

  private static Instant start(int fires) {
    return Instant.now().plusMillis(3000 + fires).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
  }
}
