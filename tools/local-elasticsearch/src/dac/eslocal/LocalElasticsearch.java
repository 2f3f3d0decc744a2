package dac.eslocal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

/**
 * Runs one Elasticsearch node in this JVM from the jars published on Maven Central. Arguments are node
 * settings as key=value; path.home is required. Runs until the process receives SIGTERM/SIGINT.
 */
public final class LocalElasticsearch {
  private LocalElasticsearch() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.builder()
        .put("cluster.name", "dac-local")
        .put("node.name", "dac-local-node")
        .put("discovery.type", "single-node")
        .put("network.host", "127.0.0.1")
        .put("http.port", "9200")
        .put("transport.port", "9300-9399")
        .put("cluster.routing.allocation.disk.threshold_enabled", false)
        .put("indices.breaker.total.use_real_memory", false)
        .put("action.destructive_requires_name", false)
        .put("logger.level", "info")
        .put(parseArgs(args))
        .build();
    if (!settings.hasValue("path.home")) {
      System.err.println("usage: LocalElasticsearch path.home=DIR [setting=value ...]");
      System.exit(2);
    }
    LogConfigurator.configureWithoutConfig(settings);
    Node node = new ClasspathNode(
        new Environment(settings, Path.of(settings.get("path.home"), "config")),
        List.of(Netty4Plugin.class, RootInfoPlugin.class));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close();
        node.awaitClose(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("error while stopping the node: " + e);
      } finally {
        stopped.countDown();
      }
    }, "dac-local-es-shutdown"));
    node.start();
    // Elasticsearch and netty threads are daemons: keep main alive until the shutdown hook has run.
    stopped.await();
  }

  private static Settings parseArgs(String[] args) {
    Settings.Builder builder = Settings.builder();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        System.err.println("expected setting=value, got: " + arg);
        System.exit(2);
      }
      builder.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return builder.build();
  }
}
