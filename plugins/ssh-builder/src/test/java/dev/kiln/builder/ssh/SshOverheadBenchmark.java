package dev.kiln.builder.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.testkit.TestBuildContext;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time the SSH builder adds to a trivial build ({@code true}, no artifacts) over a bare MINA
 * session that connects, logs in and runs {@code true}, both against the same local sshd in the
 * same run, interleaved so load on the machine hits both alike. Run with {@code ./mvnw -Pbenchmark
 * -pl plugin-api,plugins/ssh-builder verify}.
 */
class SshOverheadBenchmark {

  private static final int WARM_UP = 5;
  private static final int ROUNDS = 30;

  @TempDir Path workDirectory;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void builderOverheadOverABareSession() throws Exception {
    try (LocalSshd sshd = LocalSshd.start()) {
      SshSettings settings = SshSettings.of(sshd.settings());
      KeyPair key = ClientKey.load(settings.privateKey(), null);
      SshClient bare = SshClient.setUpDefaultClient();
      bare.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
      bare.start();
      try {
        List<Long> baseline = new ArrayList<>();
        List<Long> builder = new ArrayList<>();
        for (int i = 0; i < WARM_UP + ROUNDS; i++) {
          long bareNanos = timeBare(bare, settings, key);
          long builderNanos = timeBuilder(sshd);
          if (i >= WARM_UP) {
            baseline.add(bareNanos);
            builder.add(builderNanos);
          }
        }
        report(baseline, builder);
        assertThat(median(builder)).isPositive();
      } finally {
        bare.stop();
      }
    }
  }

  private static long timeBare(SshClient client, SshSettings settings, KeyPair key)
      throws Exception {
    long start = System.nanoTime();
    try (ClientSession session =
        client
            .connect(settings.user(), settings.host(), settings.port())
            .verify(Duration.ofSeconds(10))
            .getSession()) {
      session.addPublicKeyIdentity(key);
      session.auth().verify(Duration.ofSeconds(10));
      try (ChannelExec channel = session.createExecChannel("true")) {
        channel.open().verify(Duration.ofSeconds(10));
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(10));
        assertThat(channel.getExitStatus()).isZero();
      }
    }
    return System.nanoTime() - start;
  }

  private long timeBuilder(LocalSshd sshd) throws Exception {
    BuildRequest request = Builds.request("true", sshd.settings());
    long start = System.nanoTime();
    int exit = Builds.run(request, new TestBuildContext(workDirectory)).exitCode();
    long nanos = System.nanoTime() - start;
    assertThat(exit).isZero();
    return nanos;
  }

  private static void report(List<Long> baseline, List<Long> builder) {
    double baseMedian = median(baseline) / 1e6;
    double builderMedian = median(builder) / 1e6;
    System.out.printf("SSH builder overhead over a bare MINA session (%d rounds):%n", ROUNDS);
    System.out.printf(
        "  bare session: median %.1f ms, p90 %.1f ms%n",
        baseMedian, percentile(baseline, 90) / 1e6);
    System.out.printf(
        "  builder:      median %.1f ms, p90 %.1f ms%n",
        builderMedian, percentile(builder, 90) / 1e6);
    System.out.printf(
        "  overhead:     %.1f ms per build (median difference), ratio %.2f%n",
        builderMedian - baseMedian, builderMedian / baseMedian);
  }

  private static long median(List<Long> nanos) {
    return percentile(nanos, 50);
  }

  private static long percentile(List<Long> nanos, int percent) {
    List<Long> sorted = nanos.stream().sorted().toList();
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, index));
  }
}
