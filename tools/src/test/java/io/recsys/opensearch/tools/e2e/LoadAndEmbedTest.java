package io.recsys.opensearch.tools.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.OnlineRetailLog;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code load} and {@code embed} against a real node, on a slice of the real Online Retail data. */
class LoadAndEmbedTest {

    private static ClusterClient cluster;
    private static EventLog slice;

    @BeforeAll
    static void node() throws Exception {
        cluster = new ClusterClient(TestNode.get().url(), Duration.ofSeconds(60));
        slice = OnlineRetailLog.read(TestData.slice(), u -> true);
    }

    @Test
    void loadWithEmbeddingsBuildsCatalogRecommenderAndProfiles() {
        Tool.Run run = Tool.run("load", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-load",
            "--embed", "--replace");
        assertEquals(0, run.exitCode(), run::toString);

        // the catalog: every product of the slice, each with a 64-d unit vector
        assertEquals(slice.catalog().size(), cluster.expectOk("GET", "/t-load-catalog/_count", null).json().path("count").asInt());
        JsonNode doc = cluster.expectOk("GET", "/t-load-catalog/_doc/85123A", null).json().path("_source");
        assertEquals("WHITE HANGING HEART T-LIGHT HOLDER", doc.path("title").asText());
        assertEquals("candle holder", doc.path("category").asText());
        assertEquals(64, doc.path("embedding").size());
        double norm = 0;
        for (JsonNode v : doc.path("embedding")) {
            norm += v.asDouble() * v.asDouble();
        }
        assertEquals(1.0, norm, 1e-3);

        // the recommender points at it
        JsonNode recommender = cluster.expectOk("GET", "/_plugins/_recsys/recommenders/t-load", null).json().path("t-load");
        assertEquals("t-load-catalog", recommender.path("catalog").path("index").asText());

        // a customer's profile counts one purchase per distinct (invoice, item), and has a vector
        String customer = busiestCustomer();
        long expected = slice.interactions().stream().filter(i -> i.user().equals(customer)).count();
        JsonNode profile = cluster.expectOk("GET", "/_plugins/_recsys/recommenders/t-load/profiles/" + customer, null).json();
        assertEquals(expected, profile.path("event_count").asLong(), profile::toString);
        assertEquals(64, profile.path("vector").path("dimension").asInt(), profile::toString);

        // and the recommend query answers for that customer
        List<String> hits = recommend("t-load", customer);
        assertEquals(10, hits.size());
        assertTrue(run.out().contains("ingested " + String.format("%,d", slice.interactions().size()) + " events"), run.out());
    }

    @Test
    void loadingTheSameLogTwiceDoesNotCountEventsTwice() {
        assertEquals(0, Tool.run("load", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-twice", "--replace").exitCode());
        Tool.Run again = Tool.run("load", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-twice", "--only", "events");
        assertEquals(0, again.exitCode(), again::toString);
        // the plugin remembers the last 1,000 event ids of a profile (ProfileState.MAX_APPLIED_EVENT_IDS): a customer within that
        String customer = busiestCustomerUnder(1000);
        long expected = slice.interactions().stream().filter(i -> i.user().equals(customer)).count();
        assertEquals(expected, cluster.expectOk("GET", "/_plugins/_recsys/recommenders/t-twice/profiles/" + customer, null).json().path("event_count").asLong());
    }

    @Test
    void deviceIdentitiesAreSpreadOverPlatformsAndLinkedToTheCustomer() {
        Tool.Run run = Tool.run("load", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-devices",
            "--identities", "device", "--replace");
        assertEquals(0, run.exitCode(), run::toString);
        String customer = busiestCustomer();
        JsonNode profile = cluster.expectOk("GET", "/_plugins/_recsys/recommenders/t-devices/profiles/" + customer, null).json();
        // the customer's invoices went to 2 or 3 pseudo-platforms, each an anonymous device now linked to the customer
        JsonNode platforms = profile.path("counts").path("platform");
        assertTrue(platforms.size() >= 2 && platforms.size() <= 3, profile::toString);
        assertEquals(platforms.size(), profile.path("identities").size(), profile::toString);
        for (JsonNode identity : profile.path("identities")) {
            assertTrue(identity.toString().matches(".*(app|web|mini-program).*-[0-9a-f]{16}.*"), identity::toString);
        }
        long expected = slice.interactions().stream().filter(i -> i.user().equals(customer)).count();
        assertEquals(expected, profile.path("event_count").asLong(), "the link merged every device's events: " + profile);
    }

    @Test
    void embedWritesVectorsIntoACatalogLoadedWithoutThem() {
        assertEquals(0, Tool.run("load", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-embed",
            "--only", "catalog", "--replace").exitCode());
        assertFalse(cluster.expectOk("GET", "/t-embed-catalog/_doc/85123A", null).json().path("_source").has("embedding"));

        Tool.Run run = Tool.run("embed", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-embed");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("wrote " + String.format("%,d", slice.catalog().size()) + " vectors"), run.out());
        // a k-NN search on the stored vectors finds the item itself first
        JsonNode vector = cluster.expectOk("GET", "/t-embed-catalog/_doc/85123A", null).json().path("_source").path("embedding");
        assertEquals(64, vector.size());
        String knn = Json.write(Map.of("size", 3, "query", Map.of("knn", Map.of("embedding", Map.of("vector", vector, "k", 3)))));
        JsonNode hits = cluster.expectOk("POST", "/t-embed-catalog/_search", knn).json().path("hits").path("hits");
        assertEquals("85123A", hits.get(0).path("_id").asText());
    }

    @Test
    void embedRefusesAVectorDimensionTheCatalogDoesNotHave() {
        assertEquals(0, Tool.run("load", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-dim",
            "--only", "catalog", "--replace").exitCode());
        Tool.Run run = Tool.run("embed", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-dim", "--dimension", "32");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("holds 64-d vectors, not 32"), run.err());
        // a cosine field (load's default) and length-carrying vectors would not rank as measured: refused, the field named
        Tool.Run dot = Tool.run("embed", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-dim",
            "--item-vectors", "fold-in-dot");
        assertEquals(1, dot.exitCode());
        assertTrue(dot.err().contains("compares vectors by cosinesimil, and --item-vectors fold-in-dot needs innerproduct"), dot.err());
    }

    @Test
    void foldInDotVectorsGetAnInnerProductCatalog() {
        assertEquals(0, Tool.run("load", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-dot",
            "--only", "catalog", "--replace", "--embed", "--item-vectors", "fold-in-dot").exitCode());
        ClusterClient cluster = new ClusterClient(TestNode.get().url(), Duration.ofSeconds(60));
        JsonNode field = cluster.expectOk("GET", "/t-dot-catalog/_mapping", null).json().path("t-dot-catalog").path("mappings").path("properties")
            .path("embedding");
        assertEquals("innerproduct", field.path("method").path("space_type").asText(), field::toString);
        // and embed writes into it again without complaint
        assertEquals(0, Tool.run("embed", "--url", TestNode.get().url(), "--data", TestData.slice().toString(), "--recommender", "t-dot",
            "--item-vectors", "fold-in-dot").exitCode());
    }

    @Test
    void genericCsvLoadsWithItsOwnCategoriesAndPlatforms() throws Exception {
        Path csv = Files.createDirectories(Path.of("target", "test-data")).resolve("shop.csv");
        Files.writeString(csv, """
            user,item,timestamp,type,category,platform,session,price,title,extra
            u1,sku-1,2026-01-05T10:00:00Z,view,mugs,app,s1,9.5,"Mug, blue",x
            u1,sku-2,2026-01-05T10:01:00Z,purchase,mugs,app,s1,8,Mug red,x
            u2,sku-1,2026-01-06 09:00:00,purchase,mugs,web,s2,9.5,"Mug, blue",x
            u2,sku-3,1767690000000,cart,bags,web,s2,20,Tote bag,x
            """);
        Tool.Run run = Tool.run("load", "--url", TestNode.get().url(), "--data", csv.toString(), "--recommender", "t-csv", "--embed", "--replace");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("ignored columns: [extra]"), run.out());
        JsonNode doc = cluster.expectOk("GET", "/t-csv-catalog/_doc/sku-1", null).json().path("_source");
        assertEquals("Mug, blue", doc.path("title").asText());
        assertEquals("mugs", doc.path("category").asText());
        JsonNode profile = cluster.expectOk("GET", "/_plugins/_recsys/recommenders/t-csv/profiles/u2", null).json();
        assertEquals(2, profile.path("counts").path("platform").path("web").asInt(), profile::toString);
        assertEquals(1, profile.path("counts").path("type").path("cart").asInt(), profile::toString);
    }

    @Test
    void aBadLineIsReportedWithItsLineAndField() throws Exception {
        Path jsonl = Files.createDirectories(Path.of("target", "test-data")).resolve("bad.jsonl");
        Files.writeString(jsonl, """
            {"user": "u1", "item": "sku-1", "timestamp": "2026-01-05T10:00:00Z"}
            {"user": "u1", "item": "sku-2", "timestamp": "yesterday"}
            """);
        Tool.Run run = Tool.run("load", "--url", TestNode.get().url(), "--data", jsonl.toString(), "--recommender", "t-bad", "--replace");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("bad.jsonl:2: [timestamp] cannot read [yesterday] as a time"), run.err());
    }

    @Test
    void anUnreachableClusterIsAClearError() {
        Tool.Run run = Tool.run("load", "--url", "http://127.0.0.1:1", "--data", TestData.slice().toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("cannot connect to http://127.0.0.1:1"), run.err());
    }

    private static String busiestCustomer() {
        return busiestCustomerUnder(Integer.MAX_VALUE);
    }

    private static String busiestCustomerUnder(int events) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        slice.interactions().forEach(i -> counts.merge(i.user(), 1, Integer::sum));
        return counts.entrySet().stream().filter(e -> e.getValue() <= events)
            .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey())).orElseThrow().getKey();
    }

    static List<String> recommend(String recommender, String user) {
        String body = Json.write(Map.of("size", 10, "query", Map.of("recommend", Map.of("recommender", recommender, "user", Map.of("id", user)))));
        JsonNode hits = cluster.expectOk("POST", "/" + recommender + "-catalog/_search", body).json().path("hits").path("hits");
        Set<String> seen = new HashSet<>();
        hits.forEach(h -> seen.add(h.path("_id").asText()));
        return hits.findValuesAsText("_id");
    }
}
