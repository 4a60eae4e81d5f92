package io.recsys.opensearch.integ;

import org.apache.logging.log4j.LogManager;
import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.test.rest.OpenSearchRestTestCase;
import org.junit.After;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared helpers for the Java REST tests against the 3-node cluster that {@code cluster.sh} runs. */
public abstract class RecsysRestTestCase extends OpenSearchRestTestCase {

    protected static final String RECOMMENDERS = "/_plugins/_recsys/recommenders";
    protected static final String STATS = "/_plugins/_recsys/_stats";

    /**
     * Recommenders live in the cluster state, which the framework's wipe (indices, templates, settings) does not touch:
     * delete them before it runs, so no test sees another's recommenders. Subclass {@code @After} methods run before this.
     */
    @After
    public void deleteRecommenders() throws IOException {
        Map<String, Object> all = entityAsMap(adminClient().performRequest(new Request("GET", RECOMMENDERS)));
        for (String name : all.keySet()) {
            adminClient().performRequest(new Request("DELETE", RECOMMENDERS + "/" + name));
        }
    }

    /** A catalog with a 4-dimensional {@code knn_vector} on the Lucene engine (the only engine without native libraries). */
    protected static void createCatalog(String index, int shards, int replicas) throws IOException {
        Request request = new Request("PUT", "/" + index);
        request.setJsonEntity(String.format(Locale.ROOT, """
            {"settings": {"index.knn": true, "number_of_shards": %d, "number_of_replicas": %d},
             "mappings": {"properties": {
               "embedding": {"type": "knn_vector", "dimension": 4,
                             "method": {"name": "hnsw", "engine": "lucene", "space_type": "l2"}},
               "title": {"type": "text"}, "category": {"type": "keyword"},
               "price": {"type": "float"}, "in_stock": {"type": "boolean"}}}}""", shards, replicas));
        assertOK(client().performRequest(request));
    }

    protected static Response putRecommender(String name, String json) throws IOException {
        Request request = new Request("PUT", RECOMMENDERS + "/" + name);
        request.setJsonEntity(json);
        return client().performRequest(request);
    }

    /** The recommender's configuration as GET returns it (the object under its name). */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> getRecommender(String name) throws IOException {
        return (Map<String, Object>) entityAsMap(client().performRequest(new Request("GET", RECOMMENDERS + "/" + name))).get(name);
    }

    /** The error object of a failed request, after checking its status. */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> error(ResponseException e, int expectedStatus) throws IOException {
        assertEquals(e.getMessage(), expectedStatus, e.getResponse().getStatusLine().getStatusCode());
        return (Map<String, Object>) entityAsMap(e.getResponse()).get("error");
    }

    /** Directory of node N (its home copy, pid file and logs), as laid out by cluster.sh. */
    protected static Path nodeDir(int node) {
        return clusterScript().getParent().resolve("target/cluster/node-" + node);
    }

    protected static Path clusterScript() {
        String script = System.getProperty("recsys.cluster.script");
        assertNotNull("system property recsys.cluster.script (path of integ-test/cluster.sh) is required", script);
        return Paths.get(script);
    }

    /**
     * Runs {@code cluster.sh <args>} and fails unless it exits with 0. Its output is logged (on failure it is in the
     * assertion message): writing it straight to this JVM's stdout would corrupt failsafe's channel to the fork.
     */
    protected static void runClusterScript(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", clusterScript().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // cluster.sh prints a few lines at most, so reading to the end before waiting cannot block it.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);
        if (finished == false) {
            process.destroyForcibly();
        }
        LogManager.getLogger(RecsysRestTestCase.class).info("{}:\n{}", command, output);
        assertTrue(command + " did not finish within 5 minutes:\n" + output, finished);
        assertEquals(command + " failed:\n" + output, 0, process.exitValue());
    }

    protected static long pidOfNode(int node) throws IOException {
        return Long.parseLong(Files.readString(nodeDir(node).resolve("pid")).trim());
    }
}
