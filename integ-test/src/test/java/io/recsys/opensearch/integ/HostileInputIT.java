package io.recsys.opensearch.integ;

import io.recsys.opensearch.integ.HostileCase.Accepted;
import io.recsys.opensearch.integ.HostileCase.EventAccepted;
import io.recsys.opensearch.integ.HostileCase.EventRefused;
import io.recsys.opensearch.integ.HostileCase.Refused;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.opensearch.client.Request;
import org.opensearch.client.RequestOptions;
import org.opensearch.client.Response;
import org.opensearch.client.ResponseException;
import org.opensearch.client.WarningsHandler;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.opensearch.test.rest.OpenSearchRestTestCase.entityAsList;

/**
 * Several hundred hostile requests across every endpoint, generated from a seed ({@code -Dtests.hostile.seed=N}, default
 * below), sent to the real 3-node cluster: each must be a 4xx whose reason names the field, or a documented 2xx (see
 * {@link HostileRequests}). Afterwards the cluster is green with all nodes, the data written before is unchanged, no
 * refused recommender left an index behind. Failures are listed with their exact request.
 */
public class HostileInputIT extends RecsysRestTestCase {

    private static final long DEFAULT_SEED = 0x18_2026_1206L;
    /** Warnings (deprecations a hostile request may trigger) are not what this test checks. */
    private static final RequestOptions LENIENT;

    static {
        RequestOptions.Builder options = RequestOptions.DEFAULT.toBuilder();
        options.setWarningsHandler(WarningsHandler.PERMISSIVE);
        LENIENT = options.build();
    }

    public void testGeneratedHostileRequestsAreRefusedByField() throws Exception {
        long seed = Long.getLong("tests.hostile.seed", DEFAULT_SEED);
        Path config = clusterScript().getParent().getParent().resolve("config");
        byte[] model = Files.readAllBytes(config.resolve("fusion-default.onnx"));
        List<?> names = (List<?>) XContentHelper.convertToMap(JsonXContent.jsonXContent, Files.readString(config.resolve("fusion-default.json")), false)
            .get("features");
        String features = names.stream().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        setUpData(model, features);
        Map<String, Object> before = snapshot();

        List<HostileCase> cases = new HostileRequests(seed, model, features).generate();
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        int refused = 0;
        int accepted = 0;
        List<String> refusedRecommenders = new ArrayList<>();
        for (HostileCase c : cases) {
            if (c.expect() instanceof Accepted || c.expect() instanceof EventAccepted) {
                accepted++;
            } else {
                refused++;
            }
            String failure = check(c);
            if (failure != null) {
                failures.add(failure);
            } else if (c.method().equals("PUT") && c.path().startsWith(RECOMMENDERS + "/")) {
                refusedRecommenders.add(c.path().substring(RECOMMENDERS.length() + 1));
            }
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        logger.info("hostile input (seed {}): {} requests generated, {} expected 4xx naming the field, {} documented 2xx; {} answered as expected, {} not, in {} s",
            seed, cases.size(), refused, accepted, cases.size() - failures.size(), failures.size(), seconds);
        failures.forEach(f -> logger.info("hostile input failure: {}", f));

        // The cluster survived, with all its nodes, and nothing written before changed.
        Map<String, Object> health = entityAsMap(client().performRequest(
            new Request("GET", "/_cluster/health?wait_for_status=green&wait_for_nodes=3&timeout=60s")));
        assertEquals("cluster health after the hostile requests: " + health, "green", health.get("status"));
        assertEquals(snapshot(), before);
        // A refused recommender leaves neither a configuration nor an index behind.
        List<String> indices = new ArrayList<>();
        for (Object row : entityAsList(client().performRequest(new Request("GET", "/_cat/indices/recsys-*?format=json&h=index&expand_wildcards=all")))) {
            indices.add((String) ((Map<?, ?>) row).get("index"));
        }
        Map<String, Object> recommenders = entityAsMap(client().performRequest(new Request("GET", RECOMMENDERS)));
        for (String name : refusedRecommenders) {
            String decoded = java.net.URLDecoder.decode(name, StandardCharsets.UTF_8);
            assertFalse("refused recommender [" + decoded + "] was stored", recommenders.containsKey(decoded));
            for (String index : indices) {
                assertFalse("refused recommender [" + decoded + "] left " + index, index.startsWith("recsys-" + decoded + "-"));
            }
        }

        assertTrue("at least 500 requests, got " + cases.size(), cases.size() >= 500);
        assertEquals(failures.size() + " of " + cases.size() + " hostile requests (seed " + seed + ") were not answered as expected:\n"
            + String.join("\n", failures), 0, failures.size());
    }

    /** null when the answer is the expected one, else what was sent and what came back. */
    private static String check(HostileCase c) {
        Request request = new Request(c.method(), c.path());
        if (c.body() != null) {
            request.setEntity(new StringEntity(c.body(), ContentType.create(c.contentType(), StandardCharsets.UTF_8)));
        }
        request.setOptions(LENIENT);
        int status;
        String body;
        try {
            Response response = client().performRequest(request);
            status = response.getStatusLine().getStatusCode();
            body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
        } catch (ResponseException e) {
            status = e.getResponse().getStatusLine().getStatusCode();
            try {
                body = EntityUtils.toString(e.getResponse().getEntity(), StandardCharsets.UTF_8);
            } catch (Exception unreadable) {
                body = "(unreadable: " + unreadable + ")";
            }
        } catch (Exception e) {
            return c.summary() + "\n    -> no answer: " + e;
        }
        String problem = problem(c, status, body);
        return problem == null ? null : c.summary() + "\n    -> " + problem + ": " + status + " " + (body.length() > 600 ? body.substring(0, 600) + "…" : body);
    }

    @SuppressWarnings("unchecked")
    private static String problem(HostileCase c, int status, String body) {
        Map<String, Object> json;
        try {
            json = XContentHelper.convertToMap(JsonXContent.jsonXContent, body, false);
        } catch (RuntimeException e) {
            json = Map.of("error", body);
        }
        switch (c.expect()) {
            case Refused r -> {
                if (status < 400 || status >= 500) {
                    return "expected a 4xx naming " + r.needle();
                }
                return matches(r.needle(), reasons(json.get("error"))) ? null : "the reason does not name " + r.needle();
            }
            case Accepted a -> {
                return status >= 200 && status < 300 ? null : "expected a documented 2xx";
            }
            case EventRefused r -> {
                if (status != 200) {
                    return "expected 200 with the hostile event refused alone";
                }
                List<Map<String, Object>> items = (List<Map<String, Object>>) json.get("items");
                int first = ((Number) items.get(0).get("status")).intValue();
                if (first < 400 || first >= 500 || matches(r.needle(), reasons(items.get(0).get("error"))) == false) {
                    return "expected the hostile event to be a 4xx naming " + r.needle();
                }
                return ((Number) items.get(1).get("status")).intValue() == 201 ? null : "the control event of the same user was not applied";
            }
            case EventAccepted a -> {
                if (status != 200) {
                    return "expected 200 with both events applied";
                }
                List<Map<String, Object>> items = (List<Map<String, Object>>) json.get("items");
                int first = ((Number) items.get(0).get("status")).intValue();
                int second = ((Number) items.get(1).get("status")).intValue();
                return first >= 200 && first < 300 && second == 201 ? null : "expected both events applied (documented 2xx)";
            }
        }
    }

    /** Every reason in an error (reason, root_cause, caused_by, failed shards), or the error itself when it is text. */
    private static List<String> reasons(Object error) {
        List<String> out = new ArrayList<>();
        collect(error, out);
        return out;
    }

    private static void collect(Object node, List<String> out) {
        if (node instanceof String s) {
            out.add(s);
        } else if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("reason".equals(k) && v instanceof String s) {
                    out.add(s);
                } else if (v instanceof Map || v instanceof List) {
                    collect(v, out);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        }
    }

    private static boolean matches(String needle, List<String> reasons) {
        Pattern pattern = Pattern.compile(needle, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return reasons.stream().anyMatch(r -> pattern.matcher(r).find());
    }

    // ---------------------------------------------------------------- the data the hostile requests must not change

    private static void setUpData(byte[] model, String features) throws IOException {
        createCatalog(HostileRequests.CATALOG, 3, 1);
        StringBuilder bulk = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            bulk.append(String.format(Locale.ROOT, "{\"index\": {\"_id\": \"k%d\"}}\n{\"title\": \"mug %d\", \"category\": \"kitchen\", \"price\": %d, \"in_stock\": true, \"embedding\": [1, %s, 0, 0.01]}\n",
                i, i, i, 0.05 * i));
            bulk.append(String.format(Locale.ROOT, "{\"index\": {\"_id\": \"g%d\"}}\n{\"title\": \"rake %d\", \"category\": \"garden\", \"price\": %d, \"in_stock\": true, \"embedding\": [0, 0.01, 1, %s]}\n",
                i, i, i, 0.05 * i));
        }
        Request request = new Request("POST", "/" + HostileRequests.CATALOG + "/_bulk?refresh=true");
        request.setJsonEntity(bulk.toString());
        assertEquals(false, entityAsMap(client().performRequest(request)).get("errors"));
        assertOK(putRecommender(HostileRequests.RECOMMENDER, "{\"catalog\": {\"index\": \"products\"}}"));

        Request events = new Request("POST", HostileRequests.EVENTS);
        events.setEntity(new StringEntity("""
            {"event_id": "b-1", "user_id": "u-base-1", "item": "k1", "type": "view", "ts": "2026-11-20T10:00:00Z", "platform": "web"}
            {"event_id": "b-2", "user_id": "u-base-1", "item": "k2", "type": "purchase", "ts": "2026-11-20T10:01:00Z", "price": 3, "request_id": "r-base"}
            {"event_id": "b-3", "user": {"platform": "app", "id": "dev-base"}, "item": "g3", "type": "cart", "ts": "2026-11-20T10:02:00Z"}
            {"event_id": "b-4", "user_id": "u-base-2", "item": "g4", "type": "view", "ts": "2026-11-20T10:03:00Z", "session": "s-1"}
            """, ContentType.create(HostileRequests.NDJSON)));
        assertEquals(false, entityAsMap(client().performRequest(events)).get("errors"));
        Request link = new Request("POST", RECOMMENDERS + "/shop/identities/_link");
        link.setJsonEntity("{\"user_id\": \"u-base-2\", \"identities\": [{\"platform\": \"app\", \"id\": \"dev-base\"}]}");
        assertOK(client().performRequest(link));
        Request put = new Request("PUT", "/_plugins/_recsys/models/base-model");
        put.setJsonEntity("{\"features\": " + features + ", \"model_base64\": \"" + Base64.getEncoder().encodeToString(model) + "\", \"description\": \"baseline\"}");
        assertOK(client().performRequest(put));
        Request alias = new Request("POST", "/_plugins/_recsys/models/_aliases");
        alias.setJsonEntity("{\"actions\": [{\"add\": {\"alias\": \"base-alias\", \"model_id\": \"base-model\"}}]}");
        assertOK(client().performRequest(alias));
    }

    /** What a user would look at to see their data: the configuration, both profiles, the model, the catalog, the stored events. */
    private static Map<String, Object> snapshot() throws IOException {
        assertOK(client().performRequest(new Request("POST", "/products,recsys-shop-*/_refresh")));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("recommender", getRecommender(HostileRequests.RECOMMENDER));
        for (String user : List.of("u-base-1", "u-base-2")) {
            state.put("profile " + user, entityAsMap(client().performRequest(new Request("GET", RECOMMENDERS + "/shop/profiles/" + user))));
        }
        state.put("models", entityAsMap(client().performRequest(new Request("GET", "/_plugins/_recsys/models/base-model"))));
        state.put("catalog", entityAsMap(client().performRequest(new Request("GET", "/products/_search?size=100&sort=price,category"))).get("hits"));
        Request events = new Request("POST", "/recsys-shop-events/_search?size=100");
        events.setJsonEntity("{\"query\": {\"terms\": {\"user_id\": [\"u-base-1\", \"u-base-2\", \"anon:app:dev-base\"]}}, \"sort\": [{\"ts\": \"asc\"}]}");
        state.put("events", entityAsMap(client().performRequest(events)).get("hits"));
        Request identities = new Request("POST", "/recsys-shop-identities/_search");
        identities.setJsonEntity("{\"query\": {\"term\": {\"user_id\": \"u-base-2\"}}}");
        state.put("identities", entityAsMap(client().performRequest(identities)).get("hits"));
        return state;
    }
}
