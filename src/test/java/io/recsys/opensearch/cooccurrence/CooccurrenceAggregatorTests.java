package io.recsys.opensearch.cooccurrence;

import io.recsys.opensearch.plugin.RecsysPlugin;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.opensearch.common.util.BigArrays;
import org.opensearch.core.common.breaker.CircuitBreaker;
import org.opensearch.core.indices.breaker.CircuitBreakerService;
import org.opensearch.core.indices.breaker.NoneCircuitBreakerService;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.mapper.KeywordFieldMapper;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.mapper.NumberFieldMapper;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.SearchPlugin;
import org.opensearch.search.aggregations.Aggregator;
import org.opensearch.search.aggregations.AggregatorTestCase;
import org.opensearch.search.aggregations.InternalAggregation;
import org.opensearch.search.aggregations.MultiBucketConsumerService.MultiBucketConsumer;
import org.opensearch.search.aggregations.bucket.filter.FilterAggregationBuilder;
import org.opensearch.search.aggregations.bucket.filter.FiltersAggregationBuilder;
import org.opensearch.search.aggregations.bucket.filter.InternalFilters;
import org.opensearch.search.aggregations.bucket.filter.InternalFilter;
import org.opensearch.search.aggregations.bucket.terms.SignificantStringTerms;
import org.opensearch.search.aggregations.bucket.terms.SignificantTermsAggregationBuilder;
import org.opensearch.search.aggregations.pipeline.PipelineAggregator;
import org.opensearch.search.internal.SearchContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.mockito.Mockito.when;
import static org.opensearch.test.InternalAggregationTestCase.DEFAULT_MAX_BUCKETS;

/** The aggregation on real Lucene indices: counts, scores, options, deleted documents, and shards reduced together. */
public class CooccurrenceAggregatorTests extends AggregatorTestCase {

    private static final MappedFieldType ITEMS = new KeywordFieldMapper.KeywordFieldType(Baskets.FIELD);
    private static final MappedFieldType ID = new KeywordFieldMapper.KeywordFieldType("id");

    /** Mugs and coasters go together; lamps with bulbs; "bag" is everywhere and goes with nothing in particular. */
    private static final Baskets SHOP = Baskets.of(
        "mug coaster bag",
        "mug coaster",
        "mug coaster spoon",
        "mug coaster bag",
        "mug spoon bag",
        "lamp bulb bag",
        "lamp bulb",
        "lamp bulb bag",
        "lamp bag",
        "spoon bag",
        "bag",
        "coaster bag"
    );

    /** Shards the search is told it spans; a shard that is the whole search gives the final answer itself. */
    private int searchShards = 1;

    @Override
    protected List<SearchPlugin> getSearchPlugins() {
        return List.of(new RecsysPlugin());
    }

    @Override
    protected SearchContext createSearchContext(
        IndexSearcher indexSearcher,
        IndexSettings indexSettings,
        Query query,
        MultiBucketConsumer bucketConsumer,
        CircuitBreakerService circuitBreakerService,
        MappedFieldType... fieldTypes
    ) throws IOException {
        SearchContext context = super.createSearchContext(indexSearcher, indexSettings, query, bucketConsumer, circuitBreakerService, fieldTypes);
        when(context.numberOfShards()).thenReturn(searchShards);
        return context;
    }

    /**
     * Writes the baskets, one document each, with an "id" field (its position) so that tests can delete some, in about
     * four segments.
     */
    private static void write(Directory directory, Baskets baskets) throws IOException {
        int perSegment = Math.max(4, baskets.baskets.size() / 4);
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE))) {
            int id = 0;
            for (Set<String> basket : baskets.baskets) {
                Document doc = Baskets.document(basket);
                doc.add(new StringField("id", Integer.toString(id++), Field.Store.NO));
                writer.addDocument(doc);
                if (id % perSegment == 0) {
                    writer.commit();
                }
            }
        }
    }

    private InternalCooccurrence run(Baskets baskets, Query query, CooccurrenceAggregationBuilder builder) throws IOException {
        try (Directory directory = new ByteBuffersDirectory()) {
            write(directory, baskets);
            try (IndexReader reader = wrapInMockESDirectoryReader(DirectoryReader.open(directory))) {
                return searchAndReduce(new IndexSearcher(reader), query, builder, false, ITEMS, ID);
            }
        }
    }

    private static CooccurrenceAggregationBuilder agg(String... anchors) {
        return new CooccurrenceAggregationBuilder("also_bought").field(Baskets.FIELD).anchors(List.of(anchors));
    }

    /** Every returned bucket has the hand-counted doc_count and bg_count, and the entropy-form G² as score. */
    private static void assertMatchesHandCount(InternalCooccurrence result, Baskets.Expected expected) {
        assertEquals("doc_count is the number of baskets holding an anchor", expected.fg(), result.getDocCount());
        assertEquals("bg_count is the number of baskets", expected.bg(), result.getBgCount());
        double previous = Double.POSITIVE_INFINITY;
        for (InternalCooccurrence.Bucket bucket : result.getBuckets()) {
            long[] counts = expected.counts().get(bucket.key());
            assertNotNull("returned item " + bucket.key() + " is in the baskets", counts);
            assertEquals(bucket.key() + " doc_count", counts[0], bucket.docCount());
            assertEquals(bucket.key() + " bg_count", counts[1], bucket.bgCount());
            assertEquals(bucket.key() + " score", expected.score(bucket.key()), bucket.score(), 1e-9 * Math.max(1, bucket.score()));
            assertTrue("best first", bucket.score() <= previous);
            previous = bucket.score();
        }
    }

    private static List<String> keys(InternalCooccurrence result) {
        return result.getBuckets().stream().map(InternalCooccurrence.Bucket::key).toList();
    }

    public void testCountsAndScoresMatchAHandCount() throws IOException {
        InternalCooccurrence result = run(SHOP, new MatchAllDocsQuery(), agg("mug").minDocCount(1));
        assertMatchesHandCount(result, SHOP.expected(List.of("mug")));
        // coaster is with mug 4 times out of 5; spoon 2 of 5 (and 1 of 7 without mug); bag is less common with mug than without
        assertEquals(List.of("coaster", "spoon"), keys(result));
        assertEquals(5, result.getDocCount());
        assertEquals(12, result.getBgCount());
    }

    /**
     * 100 baskets; "a" is in 10. "pop" is in all 10 and in 20 others; "rare" is in 4 of a's baskets and nowhere else.
     * LLR puts pop first (more evidence); the plain cosine puts rare first (rare's baskets are all a's); the default shrink
     * of 10 brings the pair seen 4 times back below the one seen 10 times.
     */
    public void testCosineScoresTheShrunkCosineOfTheItemSets() throws IOException {
        List<String> baskets = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            StringBuilder basket = new StringBuilder("other-" + i); // each in one basket: below min_doc_count 2
            if (i < 10) {
                basket.append(" a pop");
            } else if (i < 30) {
                basket.append(" pop");
            }
            if (i < 4) {
                basket.append(" rare");
            }
            baskets.add(basket.toString());
        }
        Baskets shop = Baskets.of(baskets.toArray(String[]::new));
        Baskets.Expected expected = shop.expected(List.of("a"));

        assertEquals("LLR: the pair with more evidence", List.of("pop", "rare"), keys(run(shop, new MatchAllDocsQuery(), agg("a").minDocCount(2))));
        for (double shrink : new double[] { 0, PairScore.DEFAULT_SHRINK }) {
            InternalCooccurrence cosine = run(shop, new MatchAllDocsQuery(), agg("a").minDocCount(2).score(PairScore.cosine(shrink)));
            assertEquals("cosine, shrink " + shrink, expected.topByCosine(10, 2, shrink), keys(cosine));
            for (InternalCooccurrence.Bucket bucket : cosine.getBuckets()) {
                assertEquals(bucket.key() + " with shrink " + shrink, expected.cosine(bucket.key(), shrink), bucket.score(), 1e-12);
            }
        }
        assertEquals(4 / Math.sqrt(40), expected.cosine("rare", 0), 1e-12);
        assertEquals(10 / Math.sqrt(300), expected.cosine("pop", 0), 1e-12);
        assertEquals("plain cosine: the item only ever seen with the anchor", List.of("rare", "pop"), expected.topByCosine(10, 2, 0));
        assertEquals("shrunk: four baskets are weak evidence", List.of("pop", "rare"), expected.topByCosine(10, 2, PairScore.DEFAULT_SHRINK));
    }

    public void testSeveralAnchorsMeanAnyOfThem() throws IOException {
        InternalCooccurrence result = run(SHOP, new MatchAllDocsQuery(), agg("lamp", "bulb").minDocCount(1));
        assertMatchesHandCount(result, SHOP.expected(List.of("lamp", "bulb")));
        assertEquals("the anchors themselves are never returned, and bag is no more common with lamps", List.of(), keys(result));
        assertEquals(4, result.getDocCount());
    }

    public void testMinDocCountAndSizeApplyToTheGlobalCounts() throws IOException {
        assertEquals(List.of("coaster"), keys(run(SHOP, new MatchAllDocsQuery(), agg("mug").minDocCount(3))));
        assertEquals(List.of("coaster"), keys(run(SHOP, new MatchAllDocsQuery(), agg("mug").minDocCount(1).size(1))));
        assertEquals(List.of(), keys(run(SHOP, new MatchAllDocsQuery(), agg("mug").minDocCount(5))));
    }

    public void testExcludeAndInclude() throws IOException {
        assertEquals(List.of("spoon"), keys(run(SHOP, new MatchAllDocsQuery(), agg("mug").minDocCount(1).exclude(List.of("coaster")))));
        InternalCooccurrence included = run(SHOP, new MatchAllDocsQuery(), agg("mug").minDocCount(1).include(List.of("spoon", "lamp", "nope")));
        assertEquals(List.of("spoon"), keys(included));
        assertMatchesHandCount(included, SHOP.expected(List.of("mug")));
    }

    public void testUnknownAnchorGivesAnEmptyForeground() throws IOException {
        InternalCooccurrence result = run(SHOP, new MatchAllDocsQuery(), agg("unicorn").minDocCount(1));
        assertEquals(0, result.getDocCount());
        assertEquals(12, result.getBgCount());
        assertEquals(List.of(), result.getBuckets());
    }

    public void testTheQueryNarrowsTheForegroundNotTheBackground() throws IOException {
        // only the first four baskets match: 4 of them hold a mug, coaster is in all 4 of those
        Query firstFour = new BooleanQuery.Builder().add(new TermQuery(new Term("id", "0")), BooleanClause.Occur.SHOULD)
            .add(new TermQuery(new Term("id", "1")), BooleanClause.Occur.SHOULD)
            .add(new TermQuery(new Term("id", "2")), BooleanClause.Occur.SHOULD)
            .add(new TermQuery(new Term("id", "3")), BooleanClause.Occur.SHOULD)
            .build();
        InternalCooccurrence result = run(SHOP, firstFour, agg("mug").minDocCount(1));
        assertEquals(4, result.getDocCount());
        assertEquals(12, result.getBgCount());
        InternalCooccurrence.Bucket coaster = result.getBuckets().get(0);
        assertEquals("coaster", coaster.key());
        assertEquals(4, coaster.docCount());
        assertEquals("bg_count is over every basket", 5, coaster.bgCount());
        assertEquals(Llr.g2(4, 0, 1, 7), coaster.score(), 1e-12);
    }

    public void testBackgroundFilterSetsThePopulation() throws IOException {
        // the background is the baskets without a lamp; so is the foreground, which is always inside it
        CooccurrenceAggregationBuilder builder = agg("mug").minDocCount(1)
            .backgroundFilter(QueryBuilders.boolQuery().mustNot(QueryBuilders.termQuery(Baskets.FIELD, "lamp")));
        InternalCooccurrence result = run(SHOP, new MatchAllDocsQuery(), builder);
        assertMatchesHandCount(result, SHOP.expected(List.of("mug"), basket -> basket.contains("lamp") == false));
        assertEquals(8, result.getBgCount());
        assertEquals(List.of("coaster", "spoon"), keys(result));
    }

    public void testDeletedDocumentsAreNotCounted() throws IOException {
        try (Directory directory = new ByteBuffersDirectory()) {
            write(directory, SHOP);
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setMergePolicy(NoMergePolicy.INSTANCE))) {
                writer.deleteDocuments(new Term("id", "0"), new Term("id", "11")); // "mug coaster bag", "coaster bag"
                writer.commit();
            }
            List<Set<String>> remaining = new ArrayList<>(SHOP.baskets.subList(1, 11));
            Baskets expected = new Baskets(remaining);
            try (IndexReader reader = wrapInMockESDirectoryReader(DirectoryReader.open(directory))) {
                assertTrue("the segments still hold the deleted documents", reader.hasDeletions());
                InternalCooccurrence result = searchAndReduce(new IndexSearcher(reader), new MatchAllDocsQuery(), agg("mug").minDocCount(1), false, ITEMS, ID);
                assertMatchesHandCount(result, expected.expected(List.of("mug")));
                assertEquals(10, result.getBgCount());
                assertEquals("coaster", result.getBuckets().get(0).key());
                assertEquals("bg_count of coaster leaves out the two deleted baskets", 3, result.getBuckets().get(0).bgCount());
            }
        }
    }

    public void testUnderAParentBucketCountsTheSameDocuments() throws IOException {
        // under a parent aggregation every collected basket is read (no shortcut through the anchors' postings)
        FilterAggregationBuilder parent = new FilterAggregationBuilder("all", QueryBuilders.matchAllQuery()).subAggregation(
            agg("mug").minDocCount(1)
        );
        InternalFilter filtered;
        try (Directory directory = new ByteBuffersDirectory()) {
            write(directory, SHOP);
            try (IndexReader reader = wrapInMockESDirectoryReader(DirectoryReader.open(directory))) {
                filtered = searchAndReduce(new IndexSearcher(reader), new MatchAllDocsQuery(), parent, false, ITEMS, ID);
            }
        }
        InternalCooccurrence nested = filtered.getAggregations().get("also_bought");
        InternalCooccurrence topLevel = run(SHOP, new MatchAllDocsQuery(), agg("mug").minDocCount(1));
        assertEquals(topLevel.getDocCount(), nested.getDocCount());
        assertEquals(topLevel.getBgCount(), nested.getBgCount());
        assertEquals(topLevel.getBuckets(), nested.getBuckets());
    }

    public void testUnderAFiltersBucketPerAnchorEachBucketIsThatAnchorsOwnList() throws IOException {
        // what the recommend query's online co-occurrence asks (AnchorLists): a filters bucket per anchor, the aggregation
        // under it. Each bucket's answer is the aggregation over that anchor's baskets alone (both anchors left out of the
        // lists), and the baskets a shard counts are shared among the anchors: each bucket's sample is its share, the
        // first baskets in index order, as at the top level
        for (int sampledPerShard : new int[] { 2_000, 4 }) {
            CooccurrenceAggregationBuilder list = agg("mug", "coaster").minDocCount(1);
            FiltersAggregationBuilder byAnchor = AnchorLists.perAnchor("by_anchor", list, sampledPerShard);
            assertEquals("each anchor's share", sampledPerShard / 2, list.sampleSize());
            InternalFilters filters;
            try (Directory directory = new ByteBuffersDirectory()) {
                write(directory, SHOP);
                try (IndexReader reader = wrapInMockESDirectoryReader(DirectoryReader.open(directory))) {
                    filters = searchAndReduce(new IndexSearcher(reader), new MatchAllDocsQuery(), byAnchor, false, ITEMS, ID);
                }
            }
            for (int position = 0; position < 2; position++) {
                String anchor = list.anchors().get(position);
                InternalCooccurrence nested = AnchorLists.list(filters, position, list);
                InternalCooccurrence alone = run(SHOP, new TermQuery(new Term(Baskets.FIELD, anchor)), list);
                assertEquals(anchor + ", " + sampledPerShard + " sampled", alone, nested);
                long held = SHOP.baskets.stream().filter(basket -> basket.contains(anchor)).count();
                assertEquals(anchor + "'s baskets, or its share of them", Math.min(held, sampledPerShard / 2), nested.getDocCount());
            }
        }
    }

    public void testSampleKeepsTheBestScoringForegroundDocuments() throws IOException {
        // boost baskets 0 and 1 ("mug coaster bag", "mug coaster"): a sample of 2 holds only them
        Query query = new BooleanQuery.Builder().add(new ConstantScoreQuery(new MatchAllDocsQuery()), BooleanClause.Occur.SHOULD)
            .add(new BoostQuery(new ConstantScoreQuery(new TermQuery(new Term("id", "0"))), 10f), BooleanClause.Occur.SHOULD)
            .add(new BoostQuery(new ConstantScoreQuery(new TermQuery(new Term("id", "1"))), 10f), BooleanClause.Occur.SHOULD)
            .build();
        InternalCooccurrence result = run(SHOP, query, agg("mug").minDocCount(1).sampleSize(2));
        assertEquals("the foreground is the sample", 2, result.getDocCount());
        assertEquals(12, result.getBgCount());
        assertEquals(List.of("coaster"), keys(result));
        assertEquals(2, result.getBuckets().get(0).docCount());
        assertEquals(Llr.g2(2, 0, 3, 7), result.getBuckets().get(0).score(), 1e-12);

        InternalCooccurrence all = run(SHOP, query, agg("mug").minDocCount(1).sampleSize(100));
        assertEquals("a sample larger than the foreground is the whole foreground", run(SHOP, query, agg("mug").minDocCount(1)), all);
    }

    public void testAFieldThisIndexDoesNotMapContributesNothing() throws IOException {
        InternalCooccurrence result = run(SHOP, new MatchAllDocsQuery(), agg("mug").field("not_mapped"));
        assertEquals(0, result.getDocCount());
        assertEquals(0, result.getBgCount());
        assertEquals(List.of(), result.getBuckets());
    }

    public void testANonKeywordFieldIsRefusedNamingIt() throws IOException {
        MappedFieldType price = new NumberFieldMapper.NumberFieldType("price", NumberFieldMapper.NumberType.FLOAT);
        try (Directory directory = new ByteBuffersDirectory()) {
            write(directory, SHOP);
            try (IndexReader reader = wrapInMockESDirectoryReader(DirectoryReader.open(directory))) {
                IllegalArgumentException e = expectThrows(
                    IllegalArgumentException.class,
                    () -> searchAndReduce(new IndexSearcher(reader), new MatchAllDocsQuery(), agg("mug").field("price"), false, ITEMS, price)
                );
                assertEquals(
                    "[cooccurrence.field] field [price] is of type [float]; it must be a [keyword] field of item ids",
                    e.getMessage()
                );
            }
        }
    }

    /**
     * The same baskets split over several real indices ("shards") and reduced. With {@code include} (the second round of
     * a two-round query) every count is a sum over all shards and the answer is exactly the single-index one. In one round,
     * a shard reports an item only if it met an anchor there: doc_count is still exact when each shard returns all its
     * candidates, but bg_count misses the shards where the item never met an anchor, and the result says it is not exact.
     */
    public void testShardsReduceToTheSingleIndexAnswerWithASecondRound() throws IOException {
        Baskets retail = Baskets.onlineRetail();
        int shards = 5;
        List<List<Set<String>>> split = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            split.add(new ArrayList<>());
        }
        for (Set<String> basket : retail.baskets) {
            split.get(randomIntBetween(0, shards - 1)).add(basket);
        }
        List<String> anchors = List.of("85123A"); // WHITE HANGING HEART T-LIGHT HOLDER, the most frequent item
        CooccurrenceAggregationBuilder oneRound = agg(anchors.toArray(String[]::new)).size(50).shardSize(100_000).minDocCount(2);
        InternalCooccurrence single = run(retail, new MatchAllDocsQuery(), oneRound);
        assertMatchesHandCount(single, retail.expected(anchors));
        assertEquals(retail.expected(anchors).top(50, 2), keys(single));
        assertTrue("one shard holds every count", single.isExact());

        // the first round asks for more candidates than it needs: its bg_counts may be low, so its order is not final
        InternalCooccurrence firstRound = reduceOverShards(split, agg(anchors.toArray(String[]::new)).size(200).shardSize(100_000).minDocCount(2));
        assertFalse("several shards, no include: bg_count may miss shards", firstRound.isExact());
        assertEquals(single.getDocCount(), firstRound.getDocCount());
        assertEquals(single.getBgCount(), firstRound.getBgCount());
        Baskets.Expected expected = retail.expected(anchors);
        for (InternalCooccurrence.Bucket bucket : firstRound.getBuckets()) {
            long[] counts = expected.counts().get(bucket.key());
            assertEquals(bucket.key() + " doc_count", counts[0], bucket.docCount());
            assertTrue(bucket.key() + " bg_count never over-counts", bucket.bgCount() <= counts[1]);
        }

        // the second round: the first round's candidates, counted on every shard
        CooccurrenceAggregationBuilder secondRound = agg(anchors.toArray(String[]::new)).size(50).minDocCount(2).include(keys(firstRound));
        InternalCooccurrence exact = reduceOverShards(split, secondRound);
        assertTrue(exact.isExact());
        assertEquals(single.getDocCount(), exact.getDocCount());
        assertEquals(single.getBgCount(), exact.getBgCount());
        assertEquals(single.getBuckets(), exact.getBuckets());
    }

    private InternalCooccurrence reduceOverShards(List<List<Set<String>>> split, CooccurrenceAggregationBuilder builder) throws IOException {
        searchShards = split.size();
        List<InternalAggregation> shardResults = new ArrayList<>();
        for (List<Set<String>> shard : split) {
            try (Directory directory = new ByteBuffersDirectory()) {
                write(directory, new Baskets(shard));
                try (IndexReader reader = wrapInMockESDirectoryReader(DirectoryReader.open(directory))) {
                    MultiBucketConsumer consumer = new MultiBucketConsumer(
                        DEFAULT_MAX_BUCKETS,
                        new NoneCircuitBreakerService().getBreaker(CircuitBreaker.REQUEST)
                    );
                    IndexSearcher searcher = new IndexSearcher(reader);
                    Aggregator aggregator = createAggregator(new MatchAllDocsQuery(), builder, searcher, consumer, ITEMS, ID);
                    aggregator.preCollection();
                    searcher.search(new MatchAllDocsQuery(), aggregator);
                    aggregator.postCollection();
                    shardResults.add(aggregator.buildTopLevel());
                }
            }
        }
        InternalAggregation.ReduceContext context = InternalAggregation.ReduceContext.forFinalReduction(
            BigArrays.NON_RECYCLING_INSTANCE,
            null,
            new MultiBucketConsumer(DEFAULT_MAX_BUCKETS, new NoneCircuitBreakerService().getBreaker(CircuitBreaker.REQUEST)),
            PipelineAggregator.PipelineTree.EMPTY
        );
        searchShards = 1;
        return (InternalCooccurrence) shardResults.get(0).reduce(shardResults, context);
    }

    public void testOnlineRetailScoresMatchAStraightforwardComputation() throws IOException {
        Baskets retail = Baskets.onlineRetail();
        try (Directory directory = new ByteBuffersDirectory()) {
            write(directory, retail);
            try (IndexReader reader = wrapInMockESDirectoryReader(DirectoryReader.open(directory))) {
                IndexSearcher searcher = new IndexSearcher(reader);
                // the most frequent item, a mid-frequency one, a pair of related ones
                for (List<String> anchors : List.of(List.of("85123A"), List.of("22423"), List.of("22086"), List.of("22111", "22112"))) {
                    Baskets.Expected expected = retail.expected(anchors);
                    CooccurrenceAggregationBuilder builder = agg(anchors.toArray(String[]::new)).size(25).minDocCount(3).shardSize(100_000);
                    InternalCooccurrence result = searchAndReduce(searcher, new MatchAllDocsQuery(), builder, false, ITEMS, ID);
                    assertMatchesHandCount(result, expected);
                    assertEquals("anchors " + anchors, expected.top(25, 3), keys(result));
                    assertEquals(25, result.getBuckets().size());
                }
            }
        }
    }

    public void testRenderedAsJson() throws IOException {
        InternalCooccurrence result = run(SHOP, new MatchAllDocsQuery(), agg("mug").minDocCount(1).size(1));
        String json = org.opensearch.core.common.Strings.toString(org.opensearch.core.xcontent.MediaTypeRegistry.JSON, result);
        Map<String, Object> map = org.opensearch.common.xcontent.XContentHelper.convertToMap(
            org.opensearch.common.xcontent.json.JsonXContent.jsonXContent,
            json,
            false
        );
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) map.get("also_bought");
        assertEquals(5, body.get("doc_count"));
        assertEquals(12, body.get("bg_count"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> buckets = (List<Map<String, Object>>) body.get("buckets");
        assertEquals(1, buckets.size());
        assertEquals("coaster", buckets.get(0).get("key"));
        assertEquals(4, buckets.get(0).get("doc_count"));
        assertEquals(5, buckets.get(0).get("bg_count"));
        assertEquals(Llr.g2(4, 1, 1, 6), ((Number) buckets.get(0).get("score")).doubleValue(), 1e-12);
    }

    /**
     * {@code significant_terms} with {@code "llr": {}}, the anchor's documents as the query (its subset) and the index as
     * the superset, builds the same table as {@code cooccurrence}: the same items get the same scores.
     */
    public void testSignificantTermsWithTheLlrHeuristicScoresLikeCooccurrence() throws IOException {
        Baskets retail = Baskets.onlineRetail();
        try (Directory directory = new ByteBuffersDirectory()) {
            write(directory, retail);
            try (IndexReader reader = wrapInMockESDirectoryReader(DirectoryReader.open(directory))) {
                IndexSearcher searcher = new IndexSearcher(reader);
                String anchor = "22423"; // REGENCY CAKESTAND 3 TIER
                SignificantTermsAggregationBuilder significant = new SignificantTermsAggregationBuilder("sig").field(Baskets.FIELD)
                    .significanceHeuristic(new LlrHeuristic(false, true))
                    .minDocCount(3)
                    .size(31);
                SignificantStringTerms terms = searchAndReduce(
                    searcher,
                    new TermQuery(new Term(Baskets.FIELD, anchor)),
                    significant,
                    false,
                    ITEMS,
                    ID
                );
                InternalCooccurrence cooccurrence = searchAndReduce(
                    searcher,
                    new MatchAllDocsQuery(),
                    agg(anchor).size(30).minDocCount(3).shardSize(100_000),
                    false,
                    ITEMS,
                    ID
                );
                List<SignificantStringTerms.Bucket> buckets = terms.getBuckets()
                    .stream()
                    .filter(b -> anchor.equals(b.getKeyAsString()) == false)
                    .toList();
                assertEquals(30, cooccurrence.getBuckets().size());
                assertEquals(30, buckets.size());
                for (int i = 0; i < 30; i++) {
                    InternalCooccurrence.Bucket expected = cooccurrence.getBuckets().get(i);
                    SignificantStringTerms.Bucket actual = buckets.get(i);
                    assertEquals(expected.key(), actual.getKeyAsString());
                    assertEquals(expected.docCount(), actual.getSubsetDf());
                    assertEquals(expected.bgCount(), actual.getSupersetDf());
                    assertEquals(expected.score(), actual.getSignificanceScore(), 1e-9);
                }
            }
        }
    }

    /**
     * A shard that is the whole search gives the final answer: with a small size, items under min_doc_count (however
     * high their score) do not take the places of items that pass.
     */
    public void testAnIndexOfOneShardKeepsOnlyItemsThatCanBeReturned() throws IOException {
        // "rare" and "odd" go with the mug twice each, never otherwise: high scores, but under min_doc_count 3
        Baskets baskets = Baskets.of(
            "mug coaster rare odd",
            "mug coaster rare odd",
            "mug coaster",
            "mug coaster bag",
            "mug bag",
            "bag",
            "bag coaster",
            "bag",
            "bag",
            "bag"
        );
        InternalCooccurrence result = run(baskets, new MatchAllDocsQuery(), agg("mug").size(1).shardSize(1).minDocCount(3));
        assertEquals(List.of("coaster"), keys(result));
        assertMatchesHandCount(result, baskets.expected(List.of("mug")));
    }
}
