package dev.kiln.portal.plugin;

import java.nio.file.Path;
import java.util.List;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;

/**
 * How a plugin's classes are found, made explicit: the plugin API ({@code dev.kiln.plugin.api}),
 * pf4j ({@code org.pf4j}) and SLF4J ({@code org.slf4j}) always come from Kiln, so a plugin and Kiln
 * agree on the types they exchange and a plugin's log lines go to Kiln's log; every other class
 * comes from the plugin's own jar first and from Kiln only when the jar lacks it. A plugin can
 * therefore bring its own Jackson, Guava or HTTP client in any version without clashing with
 * Kiln's, or with another plugin's. Public for the trial JVM ({@code plugin.trial}), which loads a
 * jar the same way.
 */
public final class PluginClassLoading {

  /** Package prefixes Kiln shares with every plugin; everything else is the plugin's own first. */
  static final List<String> SHARED_PACKAGES =
      List.of("dev.kiln.plugin.api.", "org.pf4j.", "org.slf4j.");

  private PluginClassLoading() {}

  /** A pf4j plugin manager that loads plugin jars with {@link IsolatingClassLoader}s. */
  public static DefaultPluginManager manager(Path root, String apiVersion) {
    var manager =
        new DefaultPluginManager(List.of(root)) {
          @Override
          protected PluginLoader createPluginLoader() {
            return new IsolatingJarLoader(this);
          }
        };
    manager.setSystemVersion(apiVersion);
    return manager;
  }

  /** pf4j's jar loader with the class loader below. */
  private static final class IsolatingJarLoader extends JarPluginLoader {

    IsolatingJarLoader(PluginManager manager) {
      super(manager);
    }

    @Override
    protected PluginClassLoader createPluginClassLoader(
        Path pluginPath, PluginDescriptor descriptor) {
      return new IsolatingClassLoader(
          pluginManager, descriptor, PluginClassLoading.class.getClassLoader());
    }
  }

  /**
   * Plugin first ({@code PDA}: plugin, its dependencies, then Kiln), except for the shared
   * packages, which go to Kiln at once: a copy of the plugin API inside a plugin jar is ignored
   * rather than making its builders invisible to Kiln.
   */
  static final class IsolatingClassLoader extends PluginClassLoader {

    IsolatingClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader kiln) {
      super(manager, descriptor, kiln, ClassLoadingStrategy.PDA);
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
      return SHARED_PACKAGES.stream().anyMatch(className::startsWith);
    }
  }
}
