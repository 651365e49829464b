package dev.kiln.portal.plugin;

import dev.kiln.plugin.api.Builder;
import dev.kiln.plugin.api.BuilderDescriptor;
import dev.kiln.plugin.api.NodeContext;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pf4j.PluginAlreadyLoadedException;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

/**
 * Loads and starts one plugin jar in a pf4j manager and creates its builders, turning each way a
 * jar can be broken into a reason in words. A plugin that fails is unloaded again, so nothing of it
 * stays in the manager. Public for the trial JVM ({@code plugin.trial}), which starts a jar the
 * same way.
 */
public final class PluginStarter {

  /** A builder a plugin provides, with what it said of itself. */
  public record Described(BuilderDescriptor descriptor, Builder builder) {}

  private PluginStarter() {}

  /**
   * Starts a jar only to describe its builders, telling them nothing of the node: what the trial
   * JVM ({@code plugin.trial}) does.
   */
  public static List<Described> start(PluginManager manager, Path jar, String id) {
    return start(manager, jar, id, NodeContext.unknown());
  }

  /**
   * Loads {@code jar}, starts it, creates each of its builders, tells it about the node and has it
   * describe itself.
   *
   * @return the builders, never empty
   * @throws PluginRefusedException with the reason when any step fails
   */
  static List<Described> start(PluginManager manager, Path jar, String id, NodeContext node) {
    try {
      String loaded = manager.loadPlugin(jar);
      if (loaded == null) {
        throw new PluginRefusedException("not a Kiln plugin: pf4j found no plugin in it");
      }
    } catch (PluginAlreadyLoadedException e) {
      throw new PluginRefusedException(
          "a plugin with id " + id + " is already loaded from another jar");
    } catch (RuntimeException e) {
      throw new PluginRefusedException("it could not be loaded: " + reason(e));
    }
    try {
      return describe(manager, id, node);
    } catch (RuntimeException | LinkageError e) {
      manager.unloadPlugin(id);
      throw e instanceof PluginRefusedException refused
          ? refused
          : new PluginRefusedException(reason(e));
    }
  }

  private static List<Described> describe(PluginManager manager, String id, NodeContext node) {
    PluginState state = manager.startPlugin(id);
    if (state != PluginState.STARTED) {
      Throwable cause = manager.getPlugin(id).getFailedException();
      throw new PluginRefusedException(
          "plugin " + id + " did not start: " + (cause != null ? reason(cause) : state));
    }
    List<Described> builders = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String className : manager.getExtensionClassNames(id)) {
      Builder builder = create(manager.getPluginClassLoader(id), className);
      if (builder == null) {
        continue;
      }
      BuilderDescriptor descriptor;
      try {
        builder.attach(node);
      } catch (RuntimeException | LinkageError e) {
        throw new PluginRefusedException(
            className + " failed to attach to this node: " + reason(e));
      }
      try {
        descriptor = builder.describe();
      } catch (RuntimeException | LinkageError e) {
        throw new PluginRefusedException(className + " failed to describe itself: " + reason(e));
      }
      if (descriptor == null || descriptor.id() == null) {
        throw new PluginRefusedException(className + " described itself without an id");
      }
      if (!ids.add(descriptor.id())) {
        throw new PluginRefusedException(
            "plugin " + id + " has two builders with id '" + descriptor.id() + "'");
      }
      builders.add(new Described(descriptor, builder));
    }
    if (builders.isEmpty()) {
      throw new PluginRefusedException(
          "plugin "
              + id
              + " has no Builder extension (is its class marked @Extension,"
              + " and is kiln-plugin-api a provided dependency?)");
    }
    return builders;
  }

  /** Creates the extension, or returns {@code null} when it is not a builder. */
  private static Builder create(ClassLoader loader, String className) {
    Class<?> type;
    try {
      type = loader.loadClass(className);
    } catch (ClassNotFoundException e) {
      throw new PluginRefusedException(
          "its extension index names " + className + ", which is not in the jar");
    } catch (LinkageError e) {
      throw missing(className, e);
    }
    if (!Builder.class.isAssignableFrom(type)) {
      return null;
    }
    try {
      return (Builder) type.getDeclaredConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new PluginRefusedException(
          "the constructor of " + className + " failed: " + reason(e.getCause()));
    } catch (NoSuchMethodException e) {
      throw new PluginRefusedException(className + " has no constructor without arguments");
    } catch (ReflectiveOperationException e) {
      throw new PluginRefusedException(className + " could not be created: " + reason(e));
    } catch (LinkageError e) {
      throw missing(className, e);
    }
  }

  /** A class the extension needs is absent (or broken): names it, as the admin must find it. */
  private static PluginRefusedException missing(String className, LinkageError e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof NoClassDefFoundError || root instanceof ClassNotFoundException) {
      return new PluginRefusedException(
          className
              + " needs class "
              + String.valueOf(root.getMessage()).replace('/', '.')
              + ", which is not in the jar");
    }
    return new PluginRefusedException(className + " could not be linked: " + reason(e));
  }

  /** The innermost cause's message, with its type when it has none. */
  public static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : "";
    String type = root.getClass().getSimpleName();
    return message.isBlank() ? type : type + ": " + message;
  }
}
