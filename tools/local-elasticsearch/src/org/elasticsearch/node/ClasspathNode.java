package org.elasticsearch.node;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

/**
 * A node whose plugins are classes on the classpath. Lives in this package because NodeConstruction,
 * NodeServiceProvider and the Node(NodeConstruction) constructor are package-private.
 */
public class ClasspathNode extends Node {
  public ClasspathNode(Environment environment, List<Class<? extends Plugin>> pluginClasses) {
    super(construct(environment, pluginClasses));
  }

  private static NodeConstruction construct(Environment environment, List<Class<? extends Plugin>> pluginClasses) {
    PluginsLoader emptyLoader = PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false);
    NodeServiceProvider provider = new NodeServiceProvider() {
      @Override
      PluginsService newPluginService(Environment env, PluginsLoader loader) {
        return new ClasspathPluginsService(env.settings(), env.configDir(), loader, pluginClasses);
      }
    };
    return NodeConstruction.prepareConstruction(environment, emptyLoader, provider, true);
  }
}
