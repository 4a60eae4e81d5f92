package io.recsys.opensearch.recommender;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.xcontent.XContentParser;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing of the recommender body: defaults, and every kind of bad input named by its field. */
class RecommenderConfigParserTests {

    static RecommenderConfig parse(String json) throws IOException {
        try (
            XContentParser parser = JsonXContent.jsonXContent.createParser(
                NamedXContentRegistry.EMPTY,
                DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
                json
            )
        ) {
            return RecommenderConfigParser.parse(parser);
        }
    }

    /** The message of the innermost cause: ObjectParser wraps value errors in "failed to parse field [x]". */
    static String failureOf(String json) {
        Throwable e = assertThrows(IllegalArgumentException.class, () -> parse(json));
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    @Test
    void onlyTheCatalogIndexIsRequiredAndEverythingElseHasDefaults() throws IOException {
        RecommenderConfig config = parse("{\"catalog\": {\"index\": \"products\"}}");
        assertEquals("products", config.catalog().index());
        assertEquals("_id", config.catalog().idField());
        assertEquals("embedding", config.catalog().vectorField());
        assertEquals("category", config.catalog().categoryField());
        assertEquals(List.of("title"), config.catalog().textFields());
        assertEquals("price", config.catalog().priceField());
        assertEquals("in_stock", config.catalog().stockField());
        assertEquals(8.0, config.events().weight(EventType.PURCHASE));
        assertEquals(1.0, config.events().weight(EventType.VIEW));
        assertEquals(0.0, config.events().weight(EventType.IMPRESSION));
        assertEquals(TimeValue.timeValueDays(30), config.events().halfLife());
        assertEquals(TimeValue.timeValueMinutes(30), config.events().sessionGap());
        assertEquals(200, config.events().maxRecentItems());
        assertNull(config.model(), "no model unless named: the fused order");
        assertEquals(FusionWeights.DEFAULTS, config.fusion());
        assertEquals(0.5f, config.fusion().popular(), "the fallback weighs half");
        assertEquals(3f, config.fusion().cooccurrence(), "co-occurrence counts three times");
    }

    @Test
    void fusionWeightsNameTheSourcesTheyChangeAndTheOthersKeepTheirDefault() throws IOException {
        RecommenderConfig config = parse("{\"catalog\": {\"index\": \"p\"}, \"fusion\": {\"weights\": {\"cooccurrence\": 3, \"knn\": 0}}}");
        assertEquals(new FusionWeights(0, 3, 1, 1, 0.5f, 0.5f), config.fusion());
    }

    @Test
    void everyFieldOfTheContractIsRead() throws IOException {
        RecommenderConfig config = parse("""
            {"catalog": {"index": "shop", "id_field": "sku", "vector_field": "vec", "category_field": "cat",
                         "text_fields": ["name", "brand"], "price_field": "cost", "stock_field": "available"},
             "events": {"weights": {"view": 0.5, "purchase": 10}, "half_life": "7d", "session_gap": "15m",
                        "max_recent_items": 50},
             "model": "fusion-stable"}""");
        assertEquals(new CatalogConfig("shop", "sku", "vec", "cat", List.of("name", "brand"), "cost", "available"), config.catalog());
        assertEquals(0.5, config.events().weight(EventType.VIEW));
        assertEquals(10.0, config.events().weight(EventType.PURCHASE));
        assertEquals(2.0, config.events().weight(EventType.CLICK), "unspecified types keep their default");
        assertEquals(TimeValue.timeValueDays(7), config.events().halfLife());
        assertEquals(TimeValue.timeValueMinutes(15), config.events().sessionGap());
        assertEquals(50, config.events().maxRecentItems());
        assertEquals("fusion-stable", config.model());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock = """
            array instead of object       | [{"catalog": {"index": "p"}}]                                      | [recommender] the request body must be a JSON object
            unknown top-level key         | {"catalog": {"index": "p"}, "colour": 1}                           | unknown field [colour]
            unknown catalog key           | {"catalog": {"index": "p", "vector": "v"}}                         | [catalog] unknown field [vector]
            unknown events key            | {"catalog": {"index": "p"}, "events": {"halflife": "1d"}}          | [events] unknown field [halflife]
            missing catalog               | {"events": {}}                                                     | [catalog] is required
            missing catalog index         | {"catalog": {"vector_field": "v"}}                                 | [catalog.index] is required
            empty catalog index           | {"catalog": {"index": ""}}                                         | [catalog.index] is required
            catalog not an object         | {"catalog": "products"}                                            | catalog
            blank vector field            | {"catalog": {"index": "p", "vector_field": " "}}                   | [catalog.vector_field] must not be empty
            text fields not strings       | {"catalog": {"index": "p", "text_fields": [{"a": 1}]}}             | text_fields
            half life without unit        | {"catalog": {"index": "p"}, "events": {"half_life": "30"}}         | [events.half_life]
            half life bad unit            | {"catalog": {"index": "p"}, "events": {"half_life": "30x"}}        | [events.half_life]
            half life negative            | {"catalog": {"index": "p"}, "events": {"half_life": "-1d"}}        | [events.half_life]
            half life zero                | {"catalog": {"index": "p"}, "events": {"half_life": "0s"}}         | [events.half_life] must be at least [1m], got [0s]
            half life of a nanosecond     | {"catalog": {"index": "p"}, "events": {"half_life": "1nanos"}}     | [events.half_life] must be at least [1m], got [1nanos]
            half life under a minute      | {"catalog": {"index": "p"}, "events": {"half_life": "59s"}}        | [events.half_life] must be at least [1m], got [59s]
            session gap of a nanosecond   | {"catalog": {"index": "p"}, "events": {"session_gap": "1nanos"}}   | [events.session_gap] must be at least [1m], got [1nanos]
            half life beyond 100 years    | {"catalog": {"index": "p"}, "events": {"half_life": "36501d"}}     | [events.half_life] must be at most [36500d], got [36501d]
            session gap past long nanos   | {"catalog": {"index": "p"}, "events": {"session_gap": "999999999999999999d"}} | [events.session_gap] must be at most [36500d]
            session gap garbage           | {"catalog": {"index": "p"}, "events": {"session_gap": "soon"}}     | [events.session_gap]
            negative weight               | {"catalog": {"index": "p"}, "events": {"weights": {"view": -1}}}   | [events.weights.view] must be in the range
            weight for unknown type       | {"catalog": {"index": "p"}, "events": {"weights": {"like": 3}}}    | unknown event type [like]
            weight not a number           | {"catalog": {"index": "p"}, "events": {"weights": {"cart": "x"}}}  | [events.weights.cart] must be a number
            huge weight                   | {"catalog": {"index": "p"}, "events": {"weights": {"cart": 1e12}}} | [events.weights.cart] must be in the range
            all weights zero              | {"catalog": {"index": "p"}, "events": {"weights": {"view": 0, "click": 0, "cart": 0, "purchase": 0}}} | [events.weights] at least one
            max recent items zero         | {"catalog": {"index": "p"}, "events": {"max_recent_items": 0}}     | [events.max_recent_items] must be in the range [1, 10000], got [0]
            max recent items huge         | {"catalog": {"index": "p"}, "events": {"max_recent_items": 100001}} | [events.max_recent_items] must be in the range
            max recent items not a number | {"catalog": {"index": "p"}, "events": {"max_recent_items": "many"}} | max_recent_items
            empty model                   | {"catalog": {"index": "p"}, "model": ""}                           | [model] must not be empty
            model not a string            | {"catalog": {"index": "p"}, "model": {"id": 1}}                    | model
            fusion weight for unknown src | {"catalog": {"index": "p"}, "fusion": {"weights": {"cooc": 1}}}    | [fusion.weights] unknown source [cooc], expected one of [knn, cooccurrence, neighbors, text, popular, trending]
            fusion weight negative        | {"catalog": {"index": "p"}, "fusion": {"weights": {"knn": -1}}}    | [fusion.weights.knn] must be in the range [0, 100], got [-1]
            fusion weight huge            | {"catalog": {"index": "p"}, "fusion": {"weights": {"text": 1000}}} | [fusion.weights.text] must be in the range [0, 100]
            fusion weight not a number    | {"catalog": {"index": "p"}, "fusion": {"weights": {"knn": "high"}}} | [fusion.weights.knn] must be a number
            fusion weights all zero       | {"catalog": {"index": "p"}, "fusion": {"weights": {"knn": 0, "cooccurrence": 0, "neighbors": 0, "text": 0, "popular": 0, "trending": 0}}} | [fusion.weights] at least one source needs a weight above 0
            unknown fusion key            | {"catalog": {"index": "p"}, "fusion": {"rank_constant": 10}}       | [fusion] unknown field [rank_constant]
            zero shards                   | {"catalog": {"index": "p"}, "indices": {"profiles": {"number_of_shards": 0}}} | [indices.profiles.number_of_shards] must be at least 1, got [0]
            shards beyond the limit       | {"catalog": {"index": "p"}, "indices": {"events": {"number_of_shards": 1025}}} | [indices.events.number_of_shards] must be at most 1024, got [1025]
            negative replicas             | {"catalog": {"index": "p"}, "indices": {"feature_log": {"number_of_replicas": -1}}} | [indices.feature_log.number_of_replicas] must be at least 0, got [-1]
            shards not an integer         | {"catalog": {"index": "p"}, "indices": {"identities": {"number_of_shards": 1.5}}} | [indices.identities.number_of_shards] must be an integer, got [1.5]
            shards as a string            | {"catalog": {"index": "p"}, "indices": {"identities": {"number_of_shards": "2"}}} | [indices.identities.number_of_shards] must be an integer, got [2]
            unknown index kind            | {"catalog": {"index": "p"}, "indices": {"feature-log": {"number_of_shards": 2}}} | [indices] unknown index [feature-log], expected one of [profiles, events, identities, feature_log]
            unknown index setting         | {"catalog": {"index": "p"}, "indices": {"profiles": {"refresh_interval": "1s"}}} | [indices.profiles] unknown setting [refresh_interval], expected [number_of_shards] or [number_of_replicas]
            index shape not an object     | {"catalog": {"index": "p"}, "indices": {"profiles": 3}}            | [indices.profiles] must be an object
            """
    )
    void badInputIsRefusedNamingTheField(String what, String json, String expected) {
        String message = failureOf(json);
        assertTrue(message.contains(expected), what + ": expected [" + expected + "] in: " + message);
    }

    @Test
    void theIndicesSectionKeepsOnlyWhatWasAskedAndSurvivesTheWireAndTheGateway() throws IOException {
        RecommenderConfig config = parse("""
            {"catalog": {"index": "p"},
             "indices": {"profiles": {"number_of_shards": 6, "number_of_replicas": 1}, "feature_log": {"number_of_replicas": 0}, "events": {}}}""");
        assertEquals(new IndexShape(6, 1), config.indices().shape(IndexKind.PROFILES));
        assertEquals(new IndexShape(null, 0), config.indices().shape(IndexKind.FEATURE_LOG));
        assertEquals(IndexShape.UNSET, config.indices().shape(IndexKind.EVENTS));
        assertEquals(IndexShape.UNSET, config.indices().shape(IndexKind.IDENTITIES));
        assertEquals(IndicesConfig.NONE, parse("{\"catalog\": {\"index\": \"p\"}}").indices());

        // the cluster state carries it between nodes (stream) and across full restarts (XContent, read back by the parser)
        BytesStreamOutput out = new BytesStreamOutput();
        config.writeTo(out);
        assertEquals(config, new RecommenderConfig(out.bytes().streamInput()));
        XContentBuilder json = JsonXContent.contentBuilder();
        config.toXContent(json, ToXContent.EMPTY_PARAMS);
        assertEquals(config, parse(json.toString()));
    }

    @Test
    void retentionKeepsEverythingByDefaultAndSurvivesTheWireAndTheGateway() throws IOException {
        assertNull(parse("{\"catalog\": {\"index\": \"p\"}}").events().retention());
        assertNull(parse("{\"catalog\": {\"index\": \"p\"}, \"events\": {\"retention\": null}}").events().retention());
        RecommenderConfig config = parse("{\"catalog\": {\"index\": \"p\"}, \"events\": {\"retention\": \"365d\"}}");
        assertEquals(TimeValue.timeValueDays(365), config.events().retention());
        BytesStreamOutput out = new BytesStreamOutput();
        config.writeTo(out);
        assertEquals(config, new RecommenderConfig(out.bytes().streamInput()));
        XContentBuilder json = JsonXContent.contentBuilder();
        config.toXContent(json, ToXContent.EMPTY_PARAMS);
        assertTrue(json.toString().contains("\"retention\":\"365d\""), json.toString());
        assertEquals(config, parse(json.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        zero         | "0d"      | [events.retention] must be at least [1d], got [0d]
        negative     | "-1d"     | [events.retention] must be
        under a day  | "12h"     | [events.retention] must be at least [1d], got [12h]
        no unit      | 365       | [events.retention] must be a duration with a unit
        not a time   | "forever" | [events.retention] must be a duration with a unit
        over 100y    | "36501d"  | [events.retention] must be at most
        an object    | {}        | retention
        """)
    void aBadRetentionIsRefusedNamingTheField(String what, String value, String expected) {
        String message = failureOf("{\"catalog\": {\"index\": \"p\"}, \"events\": {\"retention\": " + value + "}}");
        assertTrue(message.contains(expected), what + ": expected [" + expected + "] in: " + message);
    }

    @Test
    void recommenderNamesMustFitIntoIndexNames() {
        RecommenderIndices.validateName("storefront_2-eu");
        for (String bad : new String[] { "", "Shop", "-shop", "a b", "shop*", "../x", "x".repeat(101) }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecommenderIndices.validateName(bad));
            assertTrue(e.getMessage().startsWith("[name]"), e.getMessage());
        }
        assertEquals("recsys-shop-profiles", RecommenderIndices.of("shop").profiles());
        assertEquals("recsys-shop-feature-log", RecommenderIndices.of("shop").featureLog());
    }
}
