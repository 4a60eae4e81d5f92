package io.recsys.opensearch.demo;

import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.PluginInfo;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * A single OpenSearch node inside this JVM, with its plugins on the classpath rather than in plugins/.
 *
 * <p>{@link Node}'s public constructor only loads plugins from disk; the protected one takes classpath plugins,
 * which is why this subclass exists. A node built this way skips the bootstrap checks of {@code bin/opensearch}
 * (and its refusal to run as root): fine on loopback, which is all the demo binds to.
 */
final class DemoNode extends Node {

    static final String CLUSTER_NAME = "recsys-demo";
    static final String NODE_NAME = "recsys-demo-node";

    private DemoNode(Environment environment, Collection<PluginInfo> plugins) {
        // forbidPrivateIndexSettings=true is the production behaviour
        super(environment, plugins, true);
    }

    static DemoNode create(DemoConfig config, Collection<PluginInfo> plugins) {
        Path home = config.homeDir();
        Settings settings = Settings.builder()
            .put("cluster.name", CLUSTER_NAME)
            .put("node.name", NODE_NAME)
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", config.httpHost())
            // one port exactly: a taken 9200 must fail, not silently move to 9201
            .put("http.port", Integer.toString(config.httpPort()))
            // a range: other nodes on this machine (tests) may hold 9300
            .put("transport.port", "9300-9399")
            .put("discovery.type", "single-node")
            // a laptop with a nearly full disk would otherwise leave the shards unassigned (red) without saying why
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> NODE_NAME);
        return new DemoNode(environment, plugins);
    }
}
