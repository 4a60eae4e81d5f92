package io.recsys.opensearch.integ;

import org.opensearch.client.Request;
import org.opensearch.client.Response;
import org.junit.After;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the recommend query tells the client besides its hits: a source cut off by its time budget and the fallback
 * taken come back in the {@code X-Recsys-Notes} response header, so even a result cut to nothing says why.
 */
public class RecommendNotesIT extends RecsysRestTestCase {

    private static final String CATALOG = "notes-catalog";

    @After
    public void restoreTimeBudget() throws IOException {
        Request reset = new Request("PUT", "/_cluster/settings");
        reset.setJsonEntity("{\"transient\": {\"recsys.recommend.source_timeout\": null}}");
        client().performRequest(reset);
    }

    public void testCutOffSourcesAndFallbacksAreNamedInAResponseHeader() throws IOException {
        createCatalog(CATALOG, 1, 0);
        Request doc = new Request("PUT", "/" + CATALOG + "/_doc/k1?refresh=true");
        doc.setJsonEntity("{\"title\": \"kitchen mug\", \"category\": \"kitchen\", \"embedding\": [1, 0, 0, 0]}");
        client().performRequest(doc);
        assertOK(putRecommender("notes", "{\"catalog\": {\"index\": \"" + CATALOG + "\"}}"));
        Request event = new Request("POST", "/_plugins/_recsys/recommenders/notes/events");
        event.setJsonEntity("[{\"user_id\": \"u1\", \"item\": \"k1\", \"type\": \"view\"}]");
        client().performRequest(event);

        List<String> unknownUser = notes(search("{\"query\": {\"recommend\": {\"recommender\": \"notes\", \"user\": {\"id\": \"nobody\"}}}}"));
        assertTrue(unknownUser.toString(), unknownUser.stream().anyMatch(n -> n.startsWith("fallback [no_profile")));

        // a budget of 0 cuts every source the request asks for before it reads: no race with a timer
        Request budget = new Request("PUT", "/_cluster/settings");
        budget.setJsonEntity("{\"transient\": {\"recsys.recommend.source_timeout\": \"0ms\"}}");
        assertEquals("every node applied the budget", true, entityAsMap(client().performRequest(budget)).get("acknowledged"));
        Response cut = search("{\"query\": {\"recommend\": {\"recommender\": \"notes\", \"user\": {\"id\": \"u1\"}, "
            + "\"sources\": {\"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}}}}");
        assertEquals(200, cut.getStatusLine().getStatusCode());
        List<String> notes = notes(cut);
        assertTrue("the cut-off k-NN source is named: " + notes, notes.stream().anyMatch(n -> n.startsWith("knn: cut off after its time budget")));
        assertFalse("sources turned off are not named: " + notes, notes.stream().anyMatch(n -> n.startsWith("cooccurrence") || n.startsWith("popular") || n.startsWith("neighbors")));
        Map<String, Object> body = entityAsMap(cut);
        assertEquals(0, ((Map<?, ?>) ((Map<?, ?>) body.get("hits")).get("total")).get("value"));
    }

    private Response search(String body) throws IOException {
        Request request = new Request("POST", "/" + CATALOG + "/_search");
        request.setJsonEntity(body);
        return client().performRequest(request);
    }

    private static List<String> notes(Response response) {
        return Arrays.stream(response.getHeaders()).filter(h -> h.getName().equalsIgnoreCase("X-Recsys-Notes")).map(h -> h.getValue()).toList();
    }
}
