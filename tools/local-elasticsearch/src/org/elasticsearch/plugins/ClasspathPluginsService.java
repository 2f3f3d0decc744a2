package org.elasticsearch.plugins;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elasticsearch.Build;
import org.elasticsearch.common.settings.Settings;

/**
 * Plugins taken from the classpath instead of a plugins/ or modules/ directory. Lives in this package
 * because loadPlugin, loadExtensions and LoadedPlugin are package-private.
 */
public class ClasspathPluginsService extends PluginsService {
  private final List<LoadedPlugin> classpathPlugins;

  public ClasspathPluginsService(
      Settings settings, Path configDir, PluginsLoader emptyLoader, List<Class<? extends Plugin>> pluginClasses) {
    super(settings, configDir, emptyLoader);
    List<LoadedPlugin> loaded = new ArrayList<>();
    for (Class<? extends Plugin> pluginClass : pluginClasses) {
      Plugin instance = loadPlugin(pluginClass, settings, configDir);
      loaded.add(new LoadedPlugin(describe(pluginClass), instance, pluginClass.getClassLoader()));
    }
    loadExtensions(loaded);
    this.classpathPlugins = List.copyOf(loaded);
  }

  private static PluginDescriptor describe(Class<? extends Plugin> pluginClass) {
    String esVersion = Build.current().version();
    return new PluginDescriptor(
        pluginClass.getSimpleName(),
        "classpath plugin " + pluginClass.getName(),
        esVersion,
        esVersion,
        Integer.toString(Runtime.version().feature()),
        pluginClass.getName(),
        null,
        List.of(),
        false,
        false,
        false,
        false,
        PluginDescriptor.DeploymentTarget.ALL);
  }

  @Override
  protected List<LoadedPlugin> plugins() {
    return classpathPlugins;
  }
}
