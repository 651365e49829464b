package dev.kiln.portal.plugin.trial;

import dev.kiln.portal.plugin.PluginHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * The command line of a trial JVM: Kiln's own JDK, a small heap and metaspace, exit at the first
 * {@code OutOfMemoryError} instead of limping on, nothing written to the shared temporary folder
 * ({@code -XX:-UsePerfData}, temporary files and home in the trial's own folder), no attach
 * listener, and only the trial's classes on the class path.
 *
 * @param java the {@code java} launcher, of the JDK Kiln runs on
 * @param maxHeap the heap the plugin gets
 */
record TrialJvm(Path java, DataSize maxHeap) {

  /**
   * Kiln's own JDK: {@code java.home}, or the command this process was started with; without
   * symbolic links, as the sandbox shows the JDK only under its real path.
   */
  static TrialJvm ofThisJdk(DataSize maxHeap) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    if (!Files.isExecutable(java)) {
      java = Path.of(ProcessHandle.current().info().command().orElse("java"));
    }
    try {
      return new TrialJvm(java.toRealPath(), maxHeap);
    } catch (IOException e) {
      return new TrialJvm(java, maxHeap);
    }
  }

  /** The JDK's home folder. */
  Path home() {
    return java.toAbsolutePath().getParent().getParent();
  }

  /**
   * The command that tries the plugin {@code pluginId} in {@code jar}, with the classes in {@code
   * classpath}, and {@code scratch} as its temporary and home folder.
   */
  List<String> command(String classpath, String jar, String scratch, String pluginId) {
    long heapMb = Math.max(16, maxHeap.toMegabytes());
    List<String> words =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-Xmx" + heapMb + "m",
                "-XX:MaxMetaspaceSize=" + heapMb + "m",
                "-XX:ReservedCodeCacheSize=32m",
                "-XX:MaxDirectMemorySize=" + heapMb + "m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-XX:+DisableAttachMechanism",
                "-Xshare:auto",
                "-Djava.io.tmpdir=" + scratch,
                "-Duser.home=" + scratch,
                "-Dfile.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8",
                "-Dstderr.encoding=UTF-8",
                // PF4J logs through SLF4J; the trial reports its failures itself, so no logger is
                // needed.
                "-Dslf4j.provider=org.slf4j.helpers.NOP_SLF4JServiceProvider"));
    words.addAll(
        List.of(
            "-cp",
            classpath,
            PluginTrialMain.class.getName(),
            jar,
            pluginId,
            PluginHost.API_VERSION));
    return words;
  }
}
