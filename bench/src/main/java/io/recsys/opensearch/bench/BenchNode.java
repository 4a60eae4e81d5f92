package io.recsys.opensearch.bench;

import org.opensearch.Version;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.PluginInfo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One OpenSearch node in this JVM, HTTP on 127.0.0.1, with Netty, painless, k-NN and opensearch-recsys loaded from the
 * classpath (Node's protected constructor; its public one only loads plugins from disk).
 */
public final class BenchNode extends Node {

    private BenchNode(Environment environment) {
        super(environment, plugins(), true);
    }

    /** The plugins, described as their descriptors would: k-NN extends painless, ours extends k-NN. */
    private static List<PluginInfo> plugins() {
        return List.of(
            plugin("transport-netty4", "org.opensearch.transport.Netty4ModulePlugin", List.of()),
            plugin("lang-painless", "org.opensearch.painless.PainlessModulePlugin", List.of()),
            plugin("opensearch-knn", "org.opensearch.knn.plugin.KNNPlugin", List.of("lang-painless")),
            plugin("opensearch-recsys", "io.recsys.opensearch.plugin.RecsysPlugin", List.of("opensearch-knn"))
        );
    }

    private static PluginInfo plugin(String name, String classname, List<String> extended) {
        return new PluginInfo(name, name, Version.CURRENT.toString(), Version.CURRENT, "21", classname, null, extended, false);
    }

    /** A node with its home (data, logs) under {@code home}, HTTP on {@code httpPort}. */
    static BenchNode create(Path home, int httpPort) {
        return create(home, httpPort, Settings.EMPTY);
    }

    /** The same, with more node settings (they win over the defaults here). */
    public static BenchNode create(Path home, int httpPort, Settings extra) {
        Settings settings = Settings.builder()
            .put("cluster.name", "recsys-bench")
            .put("node.name", "recsys-bench-node")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", Integer.toString(httpPort))
            .put("transport.port", "9400-9499")
            .put("discovery.type", "single-node")
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put(extra)
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> "recsys-bench-node");
        return new BenchNode(environment);
    }
}
