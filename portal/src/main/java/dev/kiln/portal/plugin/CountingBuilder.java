package dev.kiln.portal.plugin;

import dev.kiln.plugin.api.BuildContext;
import dev.kiln.plugin.api.BuildException;
import dev.kiln.plugin.api.BuildRequest;
import dev.kiln.plugin.api.BuildResult;
import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.BuilderSettings;
import dev.kiln.plugin.api.Health;
import dev.kiln.plugin.api.SettingProblem;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A plugin's builder as Kiln hands it out: counts the builds running on it on this node, so that a
 * plugin is never unloaded under a running build, and makes the plugin's class loader the thread's
 * context class loader during each call. Libraries that load classes by name through the context
 * loader (MINA SSHD, Jackson modules, JAXB, ServiceLoader users) would otherwise find the portal's
 * copy of a class and fail with a ClassCastException. When the plugin API gains a default method,
 * it must be passed through here too.
 */
final class CountingBuilder implements Builder {

  private final Builder builder;
  private final AtomicInteger running;
  private final Runnable idle;

  CountingBuilder(Builder builder, AtomicInteger running, Runnable idle) {
    this.builder = builder;
    this.running = running;
    this.idle = idle;
  }

  @Override
  public BuilderDescriptor describe() {
    return inPlugin(builder::describe);
  }

  @Override
  public List<SettingProblem> validate(BuilderSettings settings) {
    return inPlugin(() -> builder.validate(settings));
  }

  @Override
  public Health check(BuilderSettings settings) {
    return inPlugin(() -> builder.check(settings));
  }

  @Override
  public List<String> reapOrphans(BuilderSettings settings, Predicate<String> isLive) {
    return inPlugin(() -> builder.reapOrphans(settings, isLive));
  }

  @Override
  public BuildResult run(BuildRequest request, BuildContext context)
      throws BuildException, InterruptedException {
    running.incrementAndGet();
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(builder.getClass().getClassLoader());
    try {
      return builder.run(request, context);
    } finally {
      thread.setContextClassLoader(before);
      if (running.decrementAndGet() == 0) {
        idle.run();
      }
    }
  }

  private <T> T inPlugin(Supplier<T> call) {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(builder.getClass().getClassLoader());
    try {
      return call.get();
    } finally {
      thread.setContextClassLoader(before);
    }
  }
}
