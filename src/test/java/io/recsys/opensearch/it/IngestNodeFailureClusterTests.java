package io.recsys.opensearch.it;

import io.recsys.opensearch.events.EventResult;
import io.recsys.opensearch.plugin.RecsysPlugin;
import io.recsys.opensearch.profile.ProfileState;
import org.opensearch.knn.plugin.KNNPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchIntegTestCase;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** A node stopped during ingestion: every acknowledged event is in its profile once the cluster recovers. */
@OpenSearchIntegTestCase.ClusterScope(scope = OpenSearchIntegTestCase.Scope.TEST, numDataNodes = 3, numClientNodes = 0, supportsDedicatedMasters = false)
public class IngestNodeFailureClusterTests extends OpenSearchIntegTestCase {

    @Override
    protected Collection<Class<? extends Plugin>> nodePlugins() {
        return List.of(KNNPlugin.class, RecsysPlugin.class);
    }

    public void testAcknowledgedEventsSurviveAStoppedNode() throws Exception {
        TestCatalog.create(client(), "products", 2, 3, 1);
        RecsysClient.indexItems(client(), "products", Map.of("a", new float[] { 1, 0 }, "b", new float[] { 0, 1 }), Map.of());
        // one replica of each own index, as a cluster that must survive a node asks for: the test framework's random
        // index template (which the plugin honours) may otherwise give them none
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}, \"indices\": {"
            + "\"profiles\": {\"number_of_replicas\": 1}, \"events\": {\"number_of_replicas\": 1}, \"identities\": {\"number_of_replicas\": 1},"
            + " \"feature_log\": {\"number_of_replicas\": 1}}}");
        ensureGreen();

        String clusterManager = internalCluster().getClusterManagerName();
        String victim = java.util.Arrays.stream(internalCluster().getNodeNames()).filter(n -> n.equals(clusterManager) == false).findFirst().orElseThrow();
        Map<String, Set<String>> acknowledged = new HashMap<>();
        AtomicBoolean stopped = new AtomicBoolean();
        int batches = 60;
        for (int b = 0; b < batches; b++) {
            if (b == batches / 3) {
                internalCluster().stopRandomNode(settings -> victim.equals(settings.get("node.name")));
                stopped.set(true);
            }
            StringBuilder body = new StringBuilder();
            for (int e = 0; e < 10; e++) {
                body.append(String.format(Locale.ROOT, "{\"event_id\": \"b%d-e%d\", \"user_id\": \"u%d\", \"item\": \"%s\", \"type\": \"view\"}%n", b, e, e % 5, e % 2 == 0 ? "a" : "b"));
            }
            List<EventResult> results;
            try {
                results = RecsysClient.ingest(client(clusterManager), "shop", body.toString());
            } catch (Exception requestFailed) {
                continue; // not acknowledged: the client would retry
            }
            for (int e = 0; e < results.size(); e++) {
                if (results.get(e).status() == 201) {
                    acknowledged.computeIfAbsent("u" + (e % 5), u -> new HashSet<>()).add(String.format(Locale.ROOT, "b%d-e%d", b, e));
                }
            }
        }
        assertTrue(stopped.get());
        ensureYellow();
        int total = 0;
        for (Map.Entry<String, Set<String>> user : acknowledged.entrySet()) {
            ProfileState profile = RecsysClient.storedProfile(client(clusterManager), "shop", user.getKey());
            for (String eventId : user.getValue()) {
                assertTrue(user.getKey() + " lost acknowledged event " + eventId, profile.hasApplied(eventId));
            }
            total += user.getValue().size();
        }
        assertTrue("most batches were acknowledged: " + total, total >= 400);
    }
}
