package io.recsys.opensearch.it;

import io.recsys.opensearch.events.EventResult;
import io.recsys.opensearch.events.Identity;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.transport.profile.DeleteProfileAction;
import io.recsys.opensearch.transport.profile.GetProfileAction;
import io.recsys.opensearch.transport.profile.ProfileRequest;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import io.recsys.opensearch.transport.recommender.GetRecommenderAction;
import io.recsys.opensearch.transport.recommender.GetRecommenderRequest;
import org.opensearch.ResourceNotFoundException;
import org.opensearch.action.admin.indices.template.delete.DeleteComposableIndexTemplateAction;
import org.opensearch.action.admin.indices.template.put.PutComposableIndexTemplateAction;
import org.opensearch.cluster.metadata.ComposableIndexTemplate;
import org.opensearch.cluster.metadata.IndexTemplateMetadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Shards and replicas of a recommender's own indices: from its configuration, else an index template, else the default. */
public class RecommenderIndicesSingleNodeTests extends RecsysSingleNodeTestCase {

    /** The test framework's legacy template for every index (one shard, no replica): it would hide the plugin's defaults. */
    private static final String FRAMEWORK_TEMPLATE = "one_shard_index_template";
    /** That template, kept to restore it after each test. */
    private IndexTemplateMetadata frameworkTemplate;

    @Override
    public void setUp() throws Exception {
        super.setUp();
        List<IndexTemplateMetadata> templates = client().admin().indices().prepareGetTemplates(FRAMEWORK_TEMPLATE).get().getIndexTemplates();
        frameworkTemplate = templates.isEmpty() ? null : templates.get(0);
        if (frameworkTemplate != null) {
            client().admin().indices().prepareDeleteTemplate(FRAMEWORK_TEMPLATE).get();
        }
        TestCatalog.create(client(), "products", 3, 1, 0);
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, String> categories = new HashMap<>();
        for (int i = 1; i <= 6; i++) {
            vectors.put("k" + i, new float[] { 1, 0.05f * i, 0 });
            categories.put("k" + i, "kitchen");
            vectors.put("g" + i, new float[] { 0, 0.05f * i, 1 });
            categories.put("g" + i, "garden");
        }
        RecsysClient.indexItems(client(), "products", vectors, categories);
    }

    @Override
    public void tearDown() throws Exception {
        for (String name : List.of("big", "tpl", "plain")) {
            try {
                client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest(name)).actionGet();
            } catch (ResourceNotFoundException e) {
                // this test did not create it
            }
        }
        if (frameworkTemplate != null) {
            client().admin().indices().preparePutTemplate(FRAMEWORK_TEMPLATE).setPatterns(frameworkTemplate.patterns())
                .setOrder(frameworkTemplate.order()).setSettings(frameworkTemplate.settings()).get();
        }
        super.tearDown();
    }

    /** The settings of an index, or of the only index behind an alias (the events alias over its one partition). */
    private Settings settingsOf(String index) {
        Map<String, Settings> settings = client().admin().indices().prepareGetSettings(index).get().getIndexToSettings();
        if (settings.containsKey(index) == false && settings.size() == 1) {
            return settings.values().iterator().next();
        }
        return settings.get(index);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> getRecommender(String name) throws IOException {
        XContentBuilder builder = JsonXContent.contentBuilder();
        client().execute(GetRecommenderAction.INSTANCE, new GetRecommenderRequest(name)).actionGet().toXContent(builder, ToXContent.EMPTY_PARAMS);
        return (Map<String, Object>) XContentHelper.convertToMap(BytesReference.bytes(builder), false, builder.contentType()).v2().get(name);
    }

    public void testWithoutAnIndicesSectionOrTemplateEachIndexHasOneShardAndAReplicaWhenASecondNodeExists() {
        RecsysClient.putRecommender(client(), "plain", "{\"catalog\": {\"index\": \"products\"}}");
        for (String index : RecommenderIndices.of("plain").all()) {
            assertEquals(index, "1", settingsOf(index).get("index.number_of_shards"));
            assertEquals(index, "0-1", settingsOf(index).get("index.auto_expand_replicas"));
        }
    }

    public void testALegacyTemplateIsHonouredToo() {
        client().admin().indices().preparePutTemplate("recsys-legacy").setPatterns(List.of("recsys-plain-*"))
            .setSettings(Settings.builder().put("index.number_of_shards", 2).put("index.number_of_replicas", 0)).get();
        try {
            RecsysClient.putRecommender(client(), "plain", "{\"catalog\": {\"index\": \"products\"}}");
            String profiles = RecommenderIndices.of("plain").profiles();
            assertEquals("2", settingsOf(profiles).get("index.number_of_shards"));
            assertEquals("0", settingsOf(profiles).get("index.number_of_replicas"));
            assertNull(settingsOf(profiles).get("index.auto_expand_replicas"));
        } finally {
            client().admin().indices().prepareDeleteTemplate("recsys-legacy").get();
        }
    }

    public void testTheIndicesSectionShapesTheNewIndicesAndGetShowsIt() throws IOException {
        RecsysClient.putRecommender(client(), "big", """
            {"catalog": {"index": "products"},
             "indices": {"profiles": {"number_of_shards": 3, "number_of_replicas": 0}, "identities": {"number_of_shards": 2}}}""");
        RecommenderIndices indices = RecommenderIndices.of("big");
        assertEquals("3", settingsOf(indices.profiles()).get("index.number_of_shards"));
        assertEquals("0", settingsOf(indices.profiles()).get("index.number_of_replicas"));
        assertEquals("a number asked is not auto-expanded", "false", settingsOf(indices.profiles()).get("index.auto_expand_replicas"));
        assertEquals("2", settingsOf(indices.identities()).get("index.number_of_shards"));
        assertEquals("replicas not asked keep the default", "0-1", settingsOf(indices.identities()).get("index.auto_expand_replicas"));
        assertEquals("1", settingsOf(indices.events()).get("index.number_of_shards"));

        Map<?, ?> shown = (Map<?, ?>) getRecommender("big").get("indices");
        assertEquals(Map.of("index", "recsys-big-profiles", "number_of_shards", 3, "number_of_replicas", 0), shown.get("profiles"));
        assertEquals(Map.of("index", "recsys-big-identities", "number_of_shards", 2), shown.get("identities"));
        assertEquals(Map.of("index", "recsys-big-feature-log"), shown.get("feature_log"));
    }

    public void testAnExistingIndexIsNeverChangedAndAShapeItDoesNotHaveIsRefused() {
        RecsysClient.putRecommender(client(), "big", "{\"catalog\": {\"index\": \"products\"}, \"indices\": {\"profiles\": {\"number_of_shards\": 3}}}");
        IllegalArgumentException shards = expectThrows(IllegalArgumentException.class, () -> RecsysClient.putRecommender(client(), "big",
            "{\"catalog\": {\"index\": \"products\"}, \"model\": null, \"indices\": {\"profiles\": {\"number_of_shards\": 6}}}"));
        assertTrue(shards.getMessage(), shards.getMessage().startsWith(
            "[indices.profiles.number_of_shards] index [recsys-big-profiles] already exists with [3] primary shards, not [6]"));
        IllegalArgumentException replicas = expectThrows(IllegalArgumentException.class, () -> RecsysClient.putRecommender(client(), "big",
            "{\"catalog\": {\"index\": \"products\"}, \"indices\": {\"identities\": {\"number_of_replicas\": 2}}}"));
        assertTrue(replicas.getMessage(), replicas.getMessage().startsWith(
            "[indices.identities.number_of_replicas] index [recsys-big-identities] already exists with [0] replicas, not [2]"));
        assertTrue(replicas.getMessage(), replicas.getMessage().contains("PUT /recsys-big-identities/_settings"));
        assertEquals("nothing changed", "3", settingsOf(RecommenderIndices.of("big").profiles()).get("index.number_of_shards"));

        // the same shape, or none, is accepted: an update of other settings does not need to repeat it
        RecsysClient.putRecommender(client(), "big", "{\"catalog\": {\"index\": \"products\"}, \"indices\": {\"profiles\": {\"number_of_shards\": 3}}}");
        RecsysClient.putRecommender(client(), "big", "{\"catalog\": {\"index\": \"products\"}, \"events\": {\"max_recent_items\": 50}}");
        assertEquals("3", settingsOf(RecommenderIndices.of("big").profiles()).get("index.number_of_shards"));
    }

    public void testAComposableTemplateDecidesWhatTheIndicesSectionLeavesOut() throws IOException {
        String template = """
            {"index_patterns": ["recsys-tpl-*"], "template": {"settings": {"number_of_shards": 2, "number_of_replicas": 0}}}""";
        try (XContentParser parser = JsonXContent.jsonXContent.createParser(NamedXContentRegistry.EMPTY, DeprecationHandler.THROW_UNSUPPORTED_OPERATION, template)) {
            client().execute(PutComposableIndexTemplateAction.INSTANCE,
                new PutComposableIndexTemplateAction.Request("recsys-tpl").indexTemplate(ComposableIndexTemplate.parse(parser))).actionGet();
        }
        try {
            RecsysClient.putRecommender(client(), "tpl", "{\"catalog\": {\"index\": \"products\"}, \"indices\": {\"events\": {\"number_of_shards\": 3}}}");
            RecommenderIndices indices = RecommenderIndices.of("tpl");
            for (String index : List.of(indices.profiles(), indices.identities(), indices.featureLog())) {
                assertEquals("the template's shards: " + index, "2", settingsOf(index).get("index.number_of_shards"));
                assertEquals("the template's replicas: " + index, "0", settingsOf(index).get("index.number_of_replicas"));
                assertNull("no auto-expansion over the template's replicas: " + index, settingsOf(index).get("index.auto_expand_replicas"));
            }
            assertEquals("the recommender's own setting wins", "3", settingsOf(indices.events()).get("index.number_of_shards"));
        } finally {
            client().execute(DeleteComposableIndexTemplateAction.INSTANCE, new DeleteComposableIndexTemplateAction.Request("recsys-tpl")).actionGet();
        }
    }

    public void testIngestLinksRecommendAndForgetWorkWithMultiShardProfilesAndIdentities() {
        RecsysClient.putRecommender(client(), "big", """
            {"catalog": {"index": "products"},
             "indices": {"profiles": {"number_of_shards": 4}, "identities": {"number_of_shards": 3}, "events": {"number_of_shards": 2}}}""");
        assertEquals("4", settingsOf(RecommenderIndices.of("big").profiles()).get("index.number_of_shards"));
        // enough users and devices that every shard of both indices holds some
        StringBuilder events = new StringBuilder("[");
        int users = 24;
        for (int u = 0; u < users; u++) {
            String region = u % 2 == 0 ? "k" : "g";
            events.append(u == 0 ? "" : ",")
                .append("{\"user\": {\"platform\": \"app\", \"id\": \"dev-").append(u).append("\"}, \"item\": \"").append(region).append("1\", \"type\": \"view\"},")
                .append("{\"user_id\": \"user-").append(u).append("\", \"item\": \"").append(region).append("2\", \"type\": \"purchase\"}");
        }
        List<EventResult> results = RecsysClient.ingest(client(), "big", events.append("]").toString());
        assertTrue(results.toString(), results.stream().allMatch(r -> r.status() == 201));

        for (int u = 0; u < users; u++) {
            Map<String, Object> linked = RecsysClient.link(client(), "big", "user-" + u, false, new Identity("app", "dev-" + u));
            assertEquals("user-" + u, 1, linked.get("merged_profiles"));
        }
        for (int u = 0; u < users; u++) {
            Map<String, Object> profile = RecsysClient.profileView(client(), "big", "user-" + u);
            assertEquals("user-" + u, 2, profile.get("event_count"));
            assertEquals(List.of(Map.of("platform", "app", "id", "dev-" + u)), profile.get("identities"));
            String region = u % 2 == 0 ? "k" : "g";
            String query = "{\"recommend\": {\"recommender\": \"big\", \"user\": {\"platform\": \"app\", \"id\": \"dev-" + u + "\"},"
                + " \"sources\": {\"cooccurrence\": {\"size\": 0}, \"popular\": {\"size\": 0}, \"neighbors\": {\"k\": 0}}}}";
            SearchHit[] hits = client().prepareSearch("products").setSize(3).setQuery(QueryBuilders.wrapperQuery(query)).get().getHits().getHits();
            List<String> ids = Arrays.stream(hits).map(SearchHit::getId).toList();
            assertEquals(3, ids.size());
            assertTrue("the device resolves to its user's history: " + ids, ids.stream().allMatch(id -> id.startsWith(region)));
        }
        // identity moves and forget reach documents wherever their shard is
        RecsysClient.merge(client(), "big", "user-1", "user-3");
        assertEquals(4, RecsysClient.profileView(client(), "big", "user-3").get("event_count"));
        RecsysClient.unlink(client(), "big", new Identity("app", "dev-5"), "user-5");
        assertEquals("anon:app:dev-5", RecsysClient.ingest(client(), "big",
            "[{\"user\": {\"platform\": \"app\", \"id\": \"dev-5\"}, \"item\": \"k3\", \"type\": \"view\"}]").get(0).userId());
        for (int u = 0; u < users; u += 2) {
            client().execute(DeleteProfileAction.INSTANCE, new ProfileRequest("big", "user-" + u)).actionGet();
            final String gone = "user-" + u;
            expectThrows(ResourceNotFoundException.class, () -> client().execute(GetProfileAction.INSTANCE, new ProfileRequest("big", gone)).actionGet());
        }
        RecommenderIndices indices = RecommenderIndices.of("big");
        client().admin().indices().prepareRefresh(indices.all().toArray(String[]::new)).get();
        assertEquals("the links of the forgotten users are gone, the others stay (but dev-5's, unlinked)", users / 2 - 1,
            client().prepareSearch(indices.identities()).setSize(0).get().getHits().getTotalHits().value());
    }
}
