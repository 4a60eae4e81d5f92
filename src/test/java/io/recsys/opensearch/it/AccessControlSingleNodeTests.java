package io.recsys.opensearch.it;

import io.recsys.opensearch.events.EventResult;
import io.recsys.opensearch.model.ModelStore;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.transport.events.IngestEventsAction;
import io.recsys.opensearch.transport.events.IngestEventsRequest;
import io.recsys.opensearch.transport.profile.DeleteProfileAction;
import io.recsys.opensearch.transport.profile.GetProfileAction;
import io.recsys.opensearch.transport.profile.LinkIdentitiesAction;
import io.recsys.opensearch.transport.profile.LinkIdentitiesRequest;
import io.recsys.opensearch.transport.profile.ProfileRequest;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderRequest;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.IndicesRequest;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.query.QueryBuilders;

import java.util.List;
import java.util.Map;

/**
 * The plugin's indices are written only through its APIs: a direct write into them — the device hijack
 * {@code PUT recsys-shop-identities/_doc/app:evil-dev {"user_id": "victim"}} — is a 403 for every caller, while the
 * events, link, profile and forget APIs (which write as the plugin) keep working; per-recommender actions name the
 * recommender's indices, so a security plugin can scope them to {@code recsys-shop-*}.
 */
public class AccessControlSingleNodeTests extends RecsysSingleNodeTestCase {

    private final RecommenderIndices shop = RecommenderIndices.of("shop");

    @Override
    public void setUp() throws Exception {
        super.setUp();
        TestCatalog.create(client(), "products", 3, 1, 0);
        RecsysClient.indexItems(client(), "products", Map.of("mug", new float[] { 1, 0, 0 }, "sofa", new float[] { 0, 0, 1 }),
            Map.of("mug", "kitchen", "sofa", "furniture"));
        RecsysClient.putRecommender(client(), "shop", "{\"catalog\": {\"index\": \"products\"}}");
    }

    @Override
    public void tearDown() throws Exception {
        client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().putNull("recsys.indices.direct_writes")).get();
        client().execute(DeleteRecommenderAction.INSTANCE, new DeleteRecommenderRequest("shop")).actionGet();
        super.tearDown();
    }

    public void testADirectWriteCannotHijackADevice() {
        RecsysClient.ingest(client(), "shop", "[{\"user\": {\"platform\": \"app\", \"id\": \"evil-dev\"}, \"item\": \"mug\", \"type\": \"view\"}]");

        assertForbidden(shop.identities(), () -> client().prepareIndex(shop.identities()).setId("app:evil-dev")
            .setSource("{\"platform\": \"app\", \"id\": \"evil-dev\", \"user_id\": \"victim\"}", XContentType.JSON).get());
        assertForbidden(shop.identities(), () -> client().prepareBulk()
            .add(client().prepareIndex("products").setId("fine").setSource("{\"title\": \"x\"}", XContentType.JSON))
            .add(client().prepareIndex(shop.identities()).setId("app:evil-dev").setSource("{\"user_id\": \"victim\"}", XContentType.JSON)).get());
        assertForbidden(shop.profiles(), () -> client().prepareDelete(shop.profiles(), "anon:app:evil-dev").get());
        assertForbidden(shop.profiles(), () -> client().prepareUpdate(shop.profiles(), "anon:app:evil-dev").setDoc("{\"user_id\": \"victim\"}", XContentType.JSON).get());
        // through an alias, and into the indices of a recommender not created yet (which would then adopt them)
        client().admin().indices().prepareAliases().addAlias(shop.identities(), "innocent-looking").get();
        assertForbidden(shop.identities(), () -> client().prepareIndex("innocent-looking").setId("app:evil-dev").setSource("{\"user_id\": \"victim\"}", XContentType.JSON).get());
        assertForbidden("recsys-later-identities", () -> client().prepareIndex("recsys-later-identities").setId("app:x").setSource("{\"user_id\": \"victim\"}", XContentType.JSON).get());
        assertFalse(client().admin().indices().prepareExists("recsys-later-identities").get().isExists());
        // the model registry's bytes, which only a validated upload may write
        assertForbidden(ModelStore.INDEX, () -> client().prepareIndex(ModelStore.INDEX).setId("m#1#0").setSource("{\"x\": 1}", XContentType.JSON).get());

        // Nothing changed: the device's next event still goes to its own anonymous profile, and no identity points at victim.
        List<EventResult> next = RecsysClient.ingest(client(), "shop", "[{\"user\": {\"platform\": \"app\", \"id\": \"evil-dev\"}, \"item\": \"sofa\", \"type\": \"view\"}]");
        assertEquals("anon:app:evil-dev", next.get(0).userId());
        client().admin().indices().prepareRefresh(shop.identities()).get();
        assertEquals(0, client().prepareSearch(shop.identities()).setQuery(QueryBuilders.termQuery("user_id", "victim")).get().getHits().getTotalHits().value());
        assertEquals("the bulk refused as a whole", 0, client().prepareSearch("products").setQuery(QueryBuilders.idsQuery().addIds("fine")).get().getHits().getTotalHits().value());
    }

    public void testThePluginsOwnApisKeepWriting() {
        RecsysClient.ingest(client(), "shop", "[{\"user\": {\"platform\": \"app\", \"id\": \"dev-1\"}, \"item\": \"mug\", \"type\": \"view\"}]");
        RecsysClient.link(client(), "shop", "u1", false, new io.recsys.opensearch.events.Identity("app", "dev-1"));
        assertEquals(1, RecsysClient.profileView(client(), "shop", "u1").get("event_count"));
        Map<String, Object> forgotten = client().execute(DeleteProfileAction.INSTANCE, new ProfileRequest("shop", "u1")).actionGet().asMap();
        assertEquals(1, ((Map<?, ?>) forgotten.get("deleted")).get("identities"));
    }

    public void testAnOperatorMayAllowDirectWritesForARepair() {
        client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().put("recsys.indices.direct_writes", true)).get();
        client().prepareIndex(shop.events()).setId("restored-1")
            .setSource("{\"user_id\": \"u9\", \"item\": \"mug\", \"type\": \"view\", \"ts\": 1000}", XContentType.JSON).get();
        client().admin().cluster().prepareUpdateSettings().setTransientSettings(Settings.builder().putNull("recsys.indices.direct_writes")).get();
        assertForbidden(shop.events(), () -> client().prepareIndex(shop.events()).setId("restored-2").setSource("{\"user_id\": \"u9\"}", XContentType.JSON).get());
    }

    public void testPerRecommenderActionsNameTheRecommendersIndices() {
        List<String> expected = shop.all();
        assertEquals(expected, List.of(((IndicesRequest) new IngestEventsRequest("shop", new BytesArray("[]"))).indices()));
        assertEquals(expected, List.of(((IndicesRequest) new LinkIdentitiesRequest("shop", "u1", List.of(), false)).indices()));
        assertEquals(expected, List.of(((IndicesRequest) new ProfileRequest("shop", "u1")).indices()));
        for (String action : List.of(IngestEventsAction.NAME, LinkIdentitiesAction.NAME, GetProfileAction.NAME, DeleteProfileAction.NAME)) {
            assertTrue(action + " is an index-level action", action.startsWith("indices:data/"));
        }
    }

    private static void assertForbidden(String index, Runnable write) {
        Exception e = expectThrows(Exception.class, write::run);
        assertEquals(ExceptionsHelper.stackTrace(e), RestStatus.FORBIDDEN, ExceptionsHelper.status(e));
        assertTrue(e.getMessage(), e.getMessage().contains("[" + index + "] is written only through the opensearch-recsys APIs"));
    }
}
