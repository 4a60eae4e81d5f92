package io.recsys.opensearch.it;

import io.recsys.opensearch.catalogread.CatalogFields;
import io.recsys.opensearch.catalogread.CatalogRead;
import io.recsys.opensearch.catalogread.ReadItem;
import io.recsys.opensearch.transport.catalog.CatalogReadAction;
import io.recsys.opensearch.transport.catalog.CatalogReadRequest;
import io.recsys.opensearch.transport.catalog.CatalogReadResponse;
import org.opensearch.action.bulk.BulkRequestBuilder;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.index.query.QueryBuilders;

import java.util.List;
import java.util.Locale;

/**
 * Catalog reads on a real shard, against what a search of the same index answers: k-NN with a filter inside it, the
 * best text matches, and lookups whose filter lets every other document through (the filter's iterator then stands
 * on the next candidate before it is asked for it).
 */
public class CatalogReadSingleNodeTests extends RecsysSingleNodeTestCase {

    private static final CatalogFields FIELDS = new CatalogFields("_id", "embedding", "category", "price", null, true);

    @Override
    public void setUp() throws Exception {
        super.setUp();
        TestCatalog.create(client(), "items", 2, 1, 0);
        // one bulk, one shard, one segment: document order is indexing order
        BulkRequestBuilder bulk = client().prepareBulk().setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE);
        for (int i = 0; i < 300; i++) {
            // JSON: k-NN's derived source refuses the other content types the test framework would pick at random
            bulk.add(client().prepareIndex("items").setId("i" + i).setSource(String.format(Locale.ROOT,
                "{\"embedding\": [1, %s], \"category\": \"%s\", \"price\": %d, \"title\": \"%s\"}",
                i / 300f, i % 2 == 0 ? "even" : "odd", i, i % 10 == 0 ? "round mug" : "plate"), XContentType.JSON));
        }
        var response = bulk.get();
        assertFalse(response.buildFailureMessage(), response.hasFailures());
    }

    private List<ReadItem> read(CatalogRead read) {
        CatalogReadResponse response = client().execute(CatalogReadAction.INSTANCE, new CatalogReadRequest("items", read)).actionGet();
        assertEquals(0, response.getFailedShards());
        return response.items();
    }

    public void testALookupKeepsExactlyTheItemsThatPassTheFilter() {
        // i255 is the 128th odd document: the last of the first block of the filter's postings
        List<String> ids = List.of("i10", "i11", "i12", "i13", "i14", "i15", "i254", "i255", "i299", "missing");
        List<ReadItem> odd = read(CatalogRead.items(FIELDS, ids, QueryBuilders.termQuery("category", "odd")));
        assertEquals(List.of("i11", "i13", "i15", "i255", "i299"), odd.stream().map(ReadItem::id).sorted().toList());
        List<ReadItem> all = read(CatalogRead.items(FIELDS, ids, null));
        assertEquals("every id but the missing one", 9, all.size());
        ReadItem i13 = odd.stream().filter(item -> item.id().equals("i13")).findFirst().orElseThrow();
        assertEquals("odd", i13.category());
        assertEquals(13.0, i13.price(), 0.0);
        assertArrayEquals(new float[] { 1, 13 / 300f }, i13.vector(), 1e-6f);
    }

    public void testALookupAfterAnUpdateOrADeleteFindsTheLiveDocumentsOnly() {
        List<String> ids = List.of("i13", "i14", "i15");
        assertEquals(3, read(CatalogRead.items(FIELDS, ids, null)).size());
        client().prepareIndex("items").setId("i13").setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE)
            .setSource("{\"embedding\": [1, 0], \"category\": \"updated\", \"price\": 1}", XContentType.JSON).get();
        client().prepareDelete("items", "i14").setRefreshPolicy(WriteRequest.RefreshPolicy.IMMEDIATE).get();
        List<ReadItem> found = read(CatalogRead.items(FIELDS, ids, null));
        assertEquals("i13 once (its new version), i14 gone, i15 as it was", List.of("i13 updated", "i15 odd"),
            found.stream().map(item -> item.id() + " " + item.category()).sorted().toList());
    }

    public void testARequestWithoutFeaturesReadsIdsAndWhereTheItemsAre() {
        CatalogFields idsOnly = new CatalogFields("_id", "embedding", "category", "price", null, false);
        List<ReadItem> nearest = read(CatalogRead.nearest(idsOnly, new float[] { 1, 0 }, 3, null));
        assertEquals(List.of("i0", "i1", "i2"), nearest.stream().map(ReadItem::id).toList());
        for (ReadItem item : nearest) {
            assertNull("no vector, category or price when no feature reads them", item.vector());
            assertNull(item.category());
            assertNull(item.price());
            // one shard, one segment in indexing order: the document id is the item's number
            assertEquals(Integer.parseInt(item.id().substring(1)), item.address().doc());
            assertEquals("items", item.address().shard().getIndexName());
        }
    }

    public void testAKnnReadFiltersInsideTheSearchAndOrdersByScore() {
        List<ReadItem> nearest = read(CatalogRead.nearest(FIELDS, new float[] { 1, 0 }, 10, QueryBuilders.termQuery("category", "odd")));
        assertEquals("10 odd items exist, 10 come back", 10, nearest.size());
        assertTrue(nearest.stream().allMatch(item -> item.category().equals("odd")));
        for (int i = 1; i < nearest.size(); i++) {
            assertTrue("scores do not increase", nearest.get(i - 1).score() >= nearest.get(i).score());
        }
        assertEquals("the odd item nearest to [1, 0]", "i1", nearest.get(0).id());
    }

    public void testAKnnReadNeverReturnsHiddenItemsAndStillReturnsK() {
        CatalogRead nearest = CatalogRead.nearest(FIELDS, new float[] { 1, 0 }, 5, null);
        // a few hidden among the nearest: dropped from the hits, the over-fetched ones take their places
        assertEquals(List.of("i1", "i3", "i5", "i6", "i7"),
            ids(read(nearest.hiding(QueryBuilders.termsQuery("_id", "i0", "i2", "i4")))));
        // the 30 nearest hidden, more than the read over-fetches: it searches again with them as a filter
        assertEquals(List.of("i30", "i31", "i32", "i33", "i34"), ids(read(nearest.hiding(QueryBuilders.rangeQuery("price").lt(30)))));
        // with a filter as well: odd items, the cheap ones hidden
        CatalogRead odd = CatalogRead.nearest(FIELDS, new float[] { 1, 0 }, 3, QueryBuilders.termQuery("category", "odd"));
        assertEquals(List.of("i21", "i23", "i25"), ids(read(odd.hiding(QueryBuilders.rangeQuery("price").lt(20)))));
        // everything but two hidden: the two come back, not k
        assertEquals(List.of("i298", "i299"), ids(read(nearest.hiding(QueryBuilders.rangeQuery("price").lt(298)))));
    }

    public void testLookupsAndTextMatchesNeverReturnHiddenItems() {
        CatalogRead lookup = CatalogRead.items(FIELDS, List.of("i3", "i4", "i5"), QueryBuilders.termQuery("category", "odd"));
        assertEquals(List.of("i5"), ids(read(lookup.hiding(QueryBuilders.termQuery("_id", "i3")))));
        CatalogRead mugs = CatalogRead.bestMatches(FIELDS, QueryBuilders.matchQuery("title", "mug"), 100, null);
        assertEquals(List.of("i0", "i10", "i20"), read(mugs.hiding(QueryBuilders.rangeQuery("price").gte(30))).stream().map(ReadItem::id).sorted().toList());
    }

    private static List<String> ids(List<ReadItem> items) {
        return items.stream().map(ReadItem::id).toList();
    }

    public void testReadsInOneRequestAnswerAsEachWouldAlone() {
        // a long-term and a session vector as the k-NN source sends them; [1, 0.5] and [1, 0.52] share neighbours
        CatalogRead longTerm = CatalogRead.nearest(FIELDS, new float[] { 1, 0.5f }, 20, QueryBuilders.termQuery("category", "odd"));
        CatalogRead session = CatalogRead.nearest(FIELDS, new float[] { 1, 0.52f }, 10, null);
        CatalogRead lookup = CatalogRead.items(FIELDS, List.of("i3", "i4", "missing"), null);
        CatalogReadResponse together = client().execute(CatalogReadAction.INSTANCE, new CatalogReadRequest("items", List.of(longTerm, session, lookup)))
            .actionGet();
        assertEquals(0, together.getFailedShards());
        assertEquals(3, together.itemsPerRead().size());
        List<List<ReadItem>> alone = List.of(read(longTerm), read(session), read(lookup));
        for (int i = 0; i < alone.size(); i++) {
            assertEquals("read " + i, shown(alone.get(i)), shown(together.itemsPerRead().get(i)));
        }
        assertEquals(20, together.itemsPerRead().get(0).size());
        assertTrue(together.itemsPerRead().get(0).stream().allMatch(item -> item.category().equals("odd")));
        assertEquals(10, together.itemsPerRead().get(1).size());
        List<String> both = together.itemsPerRead().get(1).stream().map(ReadItem::id).filter(
            id -> together.itemsPerRead().get(0).stream().anyMatch(item -> item.id().equals(id))).toList();
        assertFalse("the two reads share items", both.isEmpty());
        for (String id : both) {
            ReadItem fromLongTerm = together.itemsPerRead().get(0).stream().filter(item -> item.id().equals(id)).findFirst().orElseThrow();
            ReadItem fromSession = together.itemsPerRead().get(1).stream().filter(item -> item.id().equals(id)).findFirst().orElseThrow();
            assertNotEquals("each read keeps its own score for " + id, fromLongTerm.score(), fromSession.score(), 0f);
            assertEquals(fromLongTerm.address(), fromSession.address());
        }
        assertEquals(List.of("i3", "i4"), together.itemsPerRead().get(2).stream().map(ReadItem::id).sorted().toList());
    }

    /** What a read returns, comparable (a record's array is compared by reference). */
    private static List<String> shown(List<ReadItem> items) {
        return items.stream().map(item -> String.join(" ", item.id(), Float.toString(item.score()), java.util.Arrays.toString(item.vector()),
            item.category(), String.valueOf(item.price()), String.valueOf(item.address()))).toList();
    }

    public void testBestMatchesAreTheTextQuerysTopHits() {
        List<ReadItem> mugs = read(CatalogRead.bestMatches(FIELDS, QueryBuilders.matchQuery("title", "mug"), 100, QueryBuilders.rangeQuery("price").lt(100)));
        assertEquals(List.of("i0", "i10", "i20", "i30", "i40", "i50", "i60", "i70", "i80", "i90"), mugs.stream().map(ReadItem::id).sorted(
            java.util.Comparator.comparingInt(id -> Integer.parseInt(id.substring(1)))).toList());
        assertTrue(mugs.stream().allMatch(item -> item.score() > 0));
    }
}
