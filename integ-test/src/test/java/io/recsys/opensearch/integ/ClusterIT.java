package io.recsys.opensearch.integ;

import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.Request;
import org.opensearch.client.RestClient;
import org.opensearch.test.rest.yaml.ObjectPath;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The cluster under test is what it claims to be: three separate node processes, each with k-NN and opensearch-recsys. */
public class ClusterIT extends RecsysRestTestCase {

    @SuppressWarnings("unchecked")
    public void testThreeNodesEachWithKnnAndRecsys() throws IOException {
        Map<String, Object> nodes = ObjectPath.createFromResponse(client().performRequest(new Request("GET", "/_nodes/plugins,process")))
            .evaluate("nodes");
        assertEquals("nodes in the cluster", 3, nodes.size());

        Set<String> names = new TreeSet<>();
        Map<String, Long> pidByName = new HashMap<>();
        for (Object value : nodes.values()) {
            Map<String, Object> node = (Map<String, Object>) value;
            String name = (String) node.get("name");
            names.add(name);
            pidByName.put(name, ((Number) ObjectPath.evaluate(node, "process.id")).longValue());
            Map<String, Map<String, Object>> plugins = ((List<Map<String, Object>>) node.get("plugins")).stream()
                .collect(Collectors.toMap(p -> (String) p.get("name"), p -> p));
            assertEquals("plugins on " + name, Set.of("opensearch-knn", "opensearch-recsys"), plugins.keySet());
            Map<String, Object> recsys = plugins.get("opensearch-recsys");
            assertEquals(System.getProperty("recsys.version"), recsys.get("version"));
            assertEquals(List.of("opensearch-knn"), recsys.get("extended_plugins"));
            assertEquals("3.5.0.0", plugins.get("opensearch-knn").get("version"));
        }
        assertEquals(Set.of("node-1", "node-2", "node-3"), names);

        // Separate processes: each node reports the pid that cluster.sh recorded when it launched it.
        for (int n = 1; n <= 3; n++) {
            assertEquals("pid of node-" + n, Long.valueOf(pidOfNode(n)), pidByName.get("node-" + n));
        }
    }

    /** Every host in tests.rest.cluster answers HTTP itself, as a different node of the same cluster. */
    public void testEveryHostServesHttp() throws IOException {
        Set<String> seen = new TreeSet<>();
        for (HttpHost host : getClusterHosts()) {
            try (RestClient single = RestClient.builder(host).build()) {
                Map<String, Object> root = entityAsMap(single.performRequest(new Request("GET", "/")));
                assertEquals("recsys-integ", root.get("cluster_name"));
                seen.add((String) root.get("name"));
            }
        }
        assertEquals(Set.of("node-1", "node-2", "node-3"), seen);
    }
}
