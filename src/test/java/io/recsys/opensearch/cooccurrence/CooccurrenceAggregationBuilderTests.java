package io.recsys.opensearch.cooccurrence;

import io.recsys.opensearch.plugin.RecsysPlugin;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.aggregations.AggregationBuilder;
import org.opensearch.search.aggregations.AggregatorFactories;
import org.opensearch.search.aggregations.BaseAggregationTestCase;
import org.opensearch.search.aggregations.bucket.terms.SignificantTermsAggregationBuilder;
import org.opensearch.test.TestGeoShapeFieldMapperPlugin;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * The request: random builders survive JSON and the wire unchanged (inherited tests), and every bad value is refused
 * while parsing with a message that names the field.
 */
public class CooccurrenceAggregationBuilderTests extends BaseAggregationTestCase<CooccurrenceAggregationBuilder> {

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(RecsysPlugin.class, TestGeoShapeFieldMapperPlugin.class); // the base class maps a geo_shape field
    }

    @Override
    protected CooccurrenceAggregationBuilder createTestAggregatorBuilder() {
        CooccurrenceAggregationBuilder builder = new CooccurrenceAggregationBuilder(randomAlphaOfLengthBetween(3, 10)).field(
            randomFrom("purchased", "history", "items")
        ).anchors(randomList(1, 5, () -> "sku-" + randomIntBetween(1, 1000)));
        if (randomBoolean()) {
            builder.size(randomIntBetween(1, CooccurrenceAggregationBuilder.MAX_SIZE));
        }
        if (randomBoolean()) {
            builder.shardSize(randomIntBetween(1, CooccurrenceAggregationBuilder.MAX_SHARD_SIZE));
        }
        if (randomBoolean()) {
            builder.minDocCount(randomLongBetween(1, 100));
        }
        if (randomBoolean()) {
            builder.sampleSize(randomIntBetween(1, 10_000));
        }
        if (randomBoolean()) {
            builder.backgroundFilter(QueryBuilders.termQuery("country", randomAlphaOfLength(5)));
        }
        if (randomBoolean()) {
            builder.include(randomList(1, 5, () -> "sku-" + randomIntBetween(1, 1000)));
        }
        if (randomBoolean()) {
            builder.exclude(randomList(0, 5, () -> "sku-" + randomIntBetween(1, 1000)));
        }
        if (randomBoolean()) {
            builder.score(PairScore.cosine(randomFrom(0.0, PairScore.DEFAULT_SHRINK, randomDoubleBetween(0, 100, true))));
        }
        return builder;
    }

    private AggregationBuilder parseJson(String json) throws IOException {
        try (XContentParser parser = createParser(JsonXContent.jsonXContent, json)) {
            assertSame(XContentParser.Token.START_OBJECT, parser.nextToken());
            AggregatorFactories.Builder parsed = AggregatorFactories.parseAggregators(parser);
            return parsed.getAggregatorFactories().iterator().next();
        }
    }

    private String parseError(String body) {
        Exception e = expectThrows(Exception.class, () -> parseJson("{\"also_bought\": {\"cooccurrence\": " + body + "}}"));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        return messages.toString();
    }

    public void testParsesTheDesignExample() throws IOException {
        CooccurrenceAggregationBuilder parsed = (CooccurrenceAggregationBuilder) parseJson("""
            { "also_bought": { "cooccurrence": {
                "field": "purchased", "anchors": ["sku-1", "sku-7"], "size": 20,
                "min_doc_count": 3, "shard_size": 100, "sample_size": 5000 } } }""");
        assertEquals("also_bought", parsed.getName());
        assertEquals("purchased", parsed.field());
        assertEquals(List.of("sku-1", "sku-7"), parsed.anchors());
        assertEquals(20, parsed.size());
        assertEquals(3, parsed.minDocCount());
        assertEquals(100, parsed.effectiveShardSize());
        assertEquals(5000, parsed.sampleSize());
        assertNull(parsed.include());
        assertEquals(List.of(), parsed.exclude());
    }

    public void testDefaults() throws IOException {
        CooccurrenceAggregationBuilder parsed = (CooccurrenceAggregationBuilder) parseJson(
            "{\"a\": {\"cooccurrence\": {\"field\": \"items\", \"anchors\": [\"x\", \"x\"]}}}"
        );
        assertEquals("duplicates are dropped", List.of("x"), parsed.anchors());
        assertEquals(10, parsed.size());
        assertEquals("like terms: size * 1.5 + 10", 25, parsed.effectiveShardSize());
        assertEquals(3, parsed.minDocCount());
        assertEquals("0 means every foreground document", 0, parsed.sampleSize());
        assertNull(parsed.backgroundFilter());
        assertEquals("LLR unless asked otherwise", PairScore.LLR, parsed.score());
    }

    public void testParsesTheCosineScore() throws IOException {
        CooccurrenceAggregationBuilder parsed = (CooccurrenceAggregationBuilder) parseJson(
            "{\"a\": {\"cooccurrence\": {\"field\": \"items\", \"anchors\": [\"x\"], \"score\": \"cosine\"}}}"
        );
        assertEquals("the default shrink", PairScore.cosine(10), parsed.score());
        parsed = (CooccurrenceAggregationBuilder) parseJson(
            "{\"a\": {\"cooccurrence\": {\"field\": \"items\", \"anchors\": [\"x\"], \"score\": \"cosine\", \"shrink\": 0}}}"
        );
        assertEquals(PairScore.cosine(0), parsed.score());
    }

    public void testShardSizeIsNeverBelowSize() {
        assertEquals(50, new CooccurrenceAggregationBuilder("a").size(50).shardSize(5).effectiveShardSize());
    }

    public void testRequiredFields() {
        assertTrue(parseError("{\"anchors\": [\"sku-1\"]}").contains("[cooccurrence.field] is required"));
        assertTrue(parseError("{\"field\": \"items\"}").contains("[cooccurrence.anchors] is required"));
    }

    public void testBadValuesNameTheField() {
        String base = "\"field\": \"items\", \"anchors\": [\"sku-1\"], ";
        assertTrue(parseError("{" + base + "\"size\": 0}").contains("[cooccurrence.size] must be in the range [1, 10000], got [0]"));
        assertTrue(parseError("{" + base + "\"size\": 10001}").contains("[cooccurrence.size] must be in the range [1, 10000], got [10001]"));
        assertTrue(parseError("{" + base + "\"shard_size\": -1}").contains("[cooccurrence.shard_size] must be in the range [1, 100000], got [-1]"));
        assertTrue(parseError("{" + base + "\"min_doc_count\": 0}").contains("[cooccurrence.min_doc_count] must be at least 1, got [0]"));
        assertTrue(parseError("{" + base + "\"sample_size\": 0}").contains("[cooccurrence.sample_size] must be in the range [1, 1000000], got [0]"));
        assertTrue(parseError("{" + base + "\"include\": []}").contains("[cooccurrence.include] must hold between 1 and 10000 distinct items, got [0]"));
        assertTrue(parseError("{" + base + "\"exclude\": [\"\"]}").contains("[cooccurrence.exclude] must not contain null or empty items"));
        assertTrue(parseError("{\"field\": \"\", \"anchors\": [\"a\"]}").contains("[cooccurrence.field] must be a field name, got []"));
        assertTrue(parseError("{" + base + "\"size\": \"many\"}").contains("[cooccurrence] failed to parse field [size]"));
        assertTrue(parseError("{" + base + "\"score\": \"jaccard\"}").contains("[cooccurrence.score] must be one of [llr, cosine], got [jaccard]"));
        assertTrue(parseError("{" + base + "\"shrink\": 5}").contains("[cooccurrence.shrink] applies to [\"score\": \"cosine\"] only"));
        assertTrue(parseError("{" + base + "\"score\": \"cosine\", \"shrink\": -1}").contains("[cooccurrence.shrink] must be in the range [0, 1000000], got [-1.0]"));
    }

    public void testAnchorsMustBeAShortListOfItems() {
        assertTrue(parseError("{\"field\": \"items\", \"anchors\": []}").contains("[cooccurrence.anchors] must hold between 1 and 1024 distinct items, got [0]"));
        String many = "[" + String.join(",", java.util.stream.IntStream.range(0, 1025).mapToObj(i -> "\"sku-" + i + "\"").toList()) + "]";
        assertTrue(parseError("{\"field\": \"items\", \"anchors\": " + many + "}").contains("got [1025]"));
        assertTrue(parseError("{\"field\": \"items\", \"anchors\": [\"ok\", \"\"]}").contains("[cooccurrence.anchors] must not contain null or empty items"));
    }

    public void testUnknownKeysAreRefused() {
        assertTrue(parseError("{\"field\": \"items\", \"anchors\": [\"a\"], \"sise\": 3}").contains("[cooccurrence] unknown field [sise]"));
    }

    public void testSubAggregationsAreRefused() {
        Exception e = expectThrows(
            Exception.class,
            () -> parseJson(
                "{\"a\": {\"cooccurrence\": {\"field\": \"items\", \"anchors\": [\"x\"]}, \"aggs\": {\"n\": {\"max\": {\"field\": \"n\"}}}}}"
            )
        );
        assertEquals("[cooccurrence] aggregation [a] does not take sub-aggregations", e.getMessage());
    }

    public void testTheLlrHeuristicParsesInSignificantTerms() throws IOException {
        SignificantTermsAggregationBuilder parsed = (SignificantTermsAggregationBuilder) parseJson(
            "{\"sig\": {\"significant_terms\": {\"field\": \"items\", \"llr\": {}}}}"
        );
        assertEquals(new LlrHeuristic(false, true), parsed.significanceHeuristic());
        SignificantTermsAggregationBuilder withOptions = (SignificantTermsAggregationBuilder) parseJson(
            "{\"sig\": {\"significant_terms\": {\"field\": \"items\", \"llr\": {\"include_negatives\": true, \"background_is_superset\": false}}}}"
        );
        assertEquals(new LlrHeuristic(true, false), withOptions.significanceHeuristic());
    }
}
