package dac.eslocal;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

/**
 * GET / and HEAD / (client info() and ping()). The distribution serves them from the rest-root module,
 * which is not published to Maven Central.
 */
public class RootInfoPlugin extends Plugin implements ActionPlugin {
  private final AtomicReference<ClusterService> clusterService = new AtomicReference<>();

  @Override
  public Collection<?> createComponents(PluginServices services) {
    clusterService.set(services.clusterService());
    return List.of();
  }

  @Override
  public Collection<RestHandler> getRestHandlers(
      RestHandlersServices services,
      Supplier<DiscoveryNodes> nodesInCluster,
      Predicate<NodeFeature> clusterSupportsFeature) {
    return List.of(new RootHandler());
  }

  private final class RootHandler extends BaseRestHandler {
    @Override
    public String getName() {
      return "dac_local_root_info";
    }

    @Override
    public List<Route> routes() {
      return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
    }

    @Override
    protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
      return channel -> {
        XContentBuilder body = channel.newBuilder();
        writeInfo(body);
        channel.sendResponse(new RestResponse(RestStatus.OK, body));
      };
    }
  }

  private void writeInfo(XContentBuilder body) throws java.io.IOException {
    ClusterService cluster = clusterService.get();
    Build build = Build.current();
    body.startObject();
    body.field("name", cluster.getNodeName());
    body.field("cluster_name", cluster.getClusterName().value());
    body.field("cluster_uuid", cluster.state().metadata().clusterUUID());
    body.startObject("version");
    body.field("number", build.qualifiedVersion());
    body.field("build_flavor", build.flavor());
    body.field("build_type", build.type().displayName());
    body.field("build_hash", build.hash());
    body.field("build_date", build.date());
    body.field("build_snapshot", build.isSnapshot());
    body.field("lucene_version", IndexVersion.current().luceneVersion().toString());
    body.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
    body.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
    body.endObject();
    body.field("tagline", "You Know, for Search");
    body.endObject();
  }
}
