package dev.kiln.portal.plugin.trial;

import dev.kiln.portal.plugin.PluginClassLoading;
import dev.kiln.portal.plugin.PluginRefusedException;
import dev.kiln.portal.plugin.PluginStarter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * The trial JVM's program ({@link PluginTrial} starts it): loads one uploaded plugin jar, starts
 * it, creates and describes its builders, stops and unloads it, and reports each step on standard
 * output ({@link TrialReport}). Whatever the plugin does here (exit, halt, spin, fill the heap,
 * start threads, fork) ends or fills this small JVM only. Its classpath holds PF4J, SLF4J's API,
 * the plugin API and the few Kiln classes this needs; nothing else of Kiln.
 *
 * <p>Arguments: the jar, the plugin's id, the plugin API version Kiln offers.
 */
public final class PluginTrialMain {

  /** How long threads the plugin started may take to end once it has been stopped. */
  private static final long THREAD_GRACE_MILLIS = 5_000;

  private PluginTrialMain() {}

  public static void main(String[] args) {
    var report =
        new TrialReport.Writer(
            new PrintStream(
                new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8));
    System.setOut(System.err); // what the plugin prints must not mix with the report
    report.started();
    // Runs only when the plugin calls System.exit: the trial itself ends with halt, which runs no
    // hooks.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  report.exitCalled(exitCaller());
                  report.end();
                  endProcesses();
                },
                "trial-exit-report"));
    try {
      trial(Path.of(args[0]), args[1], args[2], report);
    } catch (PluginRefusedException e) {
      report.refused(e.getMessage());
    } catch (Throwable e) { // NOPMD: anything the plugin throws is its refusal, in words
      report.refused(PluginStarter.reason(e));
    }
    report.heap(Runtime.getRuntime().maxMemory());
    report.end();
    endProcesses();
    Runtime.getRuntime()
        .halt(0); // not exit: no shutdown hook of the plugin's runs, no thread of its holds us
  }

  private static void trial(Path jar, String id, String apiVersion, TrialReport.Writer report)
      throws IOException {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    var manager =
        PluginClassLoading.manager(Path.of(System.getProperty("java.io.tmpdir")), apiVersion);
    for (PluginStarter.Described builder : PluginStarter.start(manager, jar, id)) {
      report.builder(builder.descriptor());
    }
    manager.unloadPlugin(id); // stops it first
    String left = threadsLeft(before, classNames(jar));
    if (left != null) {
      throw new PluginRefusedException(left);
    }
  }

  /**
   * Threads that outlived the plugin's stop: non-daemon ones (they would keep a JVM from ending),
   * and daemon ones still running the plugin's classes. Waits a little for them to end first.
   */
  private static String threadsLeft(Set<Thread> before, Set<String> pluginClasses) {
    long deadline = System.nanoTime() + THREAD_GRACE_MILLIS * 1_000_000;
    Map<Thread, StackTraceElement[]> left;
    do {
      left =
          Thread.getAllStackTraces().entrySet().stream()
              .filter(
                  t ->
                      !before.contains(t.getKey())
                          && t.getKey() != Thread.currentThread()
                          && t.getKey().isAlive())
              .filter(
                  t -> !t.getKey().isDaemon() || pluginFrame(t.getValue(), pluginClasses) != null)
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      if (left.isEmpty()) {
        return null;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        break;
      }
    } while (System.nanoTime() < deadline);
    List<String> named =
        left.entrySet().stream()
            .map(
                t ->
                    "'"
                        + t.getKey().getName()
                        + "'"
                        + where(pluginFrame(t.getValue(), pluginClasses)))
            .sorted()
            .toList();
    return "it left "
        + (named.size() == 1 ? "a thread" : named.size() + " threads")
        + " running after it was"
        + " stopped: "
        + String.join(", ", named)
        + "; a plugin must end the threads it starts when it is stopped";
  }

  private static StackTraceElement pluginFrame(
      StackTraceElement[] stack, Set<String> pluginClasses) {
    for (StackTraceElement frame : stack) {
      if (pluginClasses.contains(frame.getClassName())) {
        return frame;
      }
    }
    return null;
  }

  private static String where(StackTraceElement frame) {
    return frame == null ? "" : " (in " + frame.getClassName() + "." + frame.getMethodName() + ")";
  }

  private static Set<String> classNames(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      return file.stream()
          .map(e -> e.getName())
          .filter(n -> n.endsWith(".class"))
          .map(n -> n.substring(0, n.length() - 6).replace('/', '.'))
          .collect(Collectors.toSet());
    }
  }

  /**
   * The method that called {@code System.exit} or {@code Runtime.exit}, from the thread that is
   * exiting.
   */
  private static String exitCaller() {
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      for (int i = 0; i + 1 < stack.length; i++) {
        boolean exit =
            stack[i].getMethodName().equals("exit")
                && (stack[i].getClassName().equals("java.lang.System")
                    || stack[i].getClassName().equals("java.lang.Runtime"));
        if (exit && !stack[i + 1].getClassName().equals("java.lang.System")) {
          return stack[i + 1].getClassName() + "." + stack[i + 1].getMethodName();
        }
      }
    }
    return "";
  }

  /** Processes the plugin started would otherwise outlive the trial. */
  private static void endProcesses() {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }
}
