package io.recsys.opensearch.demo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Materializes "bought together" indicators with the plugin's {@code POST /_plugins/_recsys/indicators/_build}: for
 * every item the customers bought, its most significantly co-bought items, written behind the alias
 * {@code storefront-indicators} (one document per item, {@code GET storefront-indicators/_doc/22423}).
 * Built from the same population as the report's {@code cooccurrence} example: customer profiles, not the anonymous
 * device profiles merged into them. Rebuilt after each replay, skipped when the last one is still there.
 */
final class Indicators {

    static final String ALIAS = "storefront-indicators";
    static final String META_KEY = "indicators";
    /** Indicators per item. */
    static final int SIZE = 20;
    /** Fewest customers who must have bought both items. */
    static final int MIN_DOC_COUNT = 3;
    /** A few thousand items, each an exact aggregation: a minute or two on a busy 2-core machine. */
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    /**
     * @param millis              the build's own time ({@code took})
     * @param items               anchor items computed
     * @param itemsWithIndicators items that got at least one indicator
     * @param indicators          indicators written
     * @param baskets             customer profiles read
     * @param reused              true when this run found them built and skipped the build
     */
    record Summary(long millis, long items, long itemsWithIndicators, long indicators, long baskets, boolean reused) {}

    private final NodeRest rest;
    private final Console console;

    Indicators(NodeRest rest, Console console) {
        this.rest = rest;
        this.console = console;
    }

    /** Builds the indicators unless those of this replay exist; null when the plugin has no indicators API. */
    Summary ensureBuilt(String replayFingerprint) {
        Object meta = DemoMeta.read(rest).get(META_KEY);
        if (meta instanceof Map<?, ?> map && replayFingerprint.equals(map.get("fingerprint")) && rest.send("HEAD", "/" + ALIAS, null).ok()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> stored = (Map<String, Object>) map;
            console.step("indicators [%s] are already built for this data; skipping the build", ALIAS);
            return new Summary(Json.number(stored, "took", 0), Json.number(stored, "items", 0), Json.number(stored, "items_with_indicators", 0),
                Json.number(stored, "indicators", 0), Json.number(stored, "baskets", 0), true);
        }
        console.step("building indicators [%s] (POST /_plugins/_recsys/indicators/_build: %d per item over the customers' purchases)…",
            ALIAS, SIZE);
        NodeRest.Reply reply = rest.send("POST", "/_plugins/_recsys/indicators/_build", request(), "application/json", TIMEOUT);
        if (reply.status() == 404 || reply.status() == 405) {
            console.step("this build of the plugin has no indicators API (%d): no indicators", reply.status());
            return null;
        }
        if (reply.ok() == false) {
            throw new DemoException("POST /_plugins/_recsys/indicators/_build answered " + reply.status() + ": " + reply.body());
        }
        Map<String, Object> built = reply.json();
        Summary summary = new Summary(Json.number(built, "took", 0), Json.number(built, "items", 0), Json.number(built, "items_with_indicators", 0),
            Json.number(built, "indicators", 0), Json.number(built, "baskets", 0), false);
        console.step("indicators: %,d items (%,d with indicators, %,d indicators) from %,d customer profiles in %s", summary.items(),
            summary.itemsWithIndicators(), summary.indicators(), summary.baskets(), Console.seconds(summary.millis()));
        Map<String, Object> record = new LinkedHashMap<>(built);
        record.put("fingerprint", replayFingerprint);
        DemoMeta.put(rest, META_KEY, record);
        return summary;
    }

    /** The build request, also printed as a curl command. */
    static String request() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("index", StorefrontRecommender.PROFILES);
        source.put("field", "purchased");
        source.put("query", CustomerProfiles.query());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", source);
        body.put("dest", Map.of("index", ALIAS));
        body.put("size", SIZE);
        body.put("min_doc_count", MIN_DOC_COUNT);
        return CatalogIndex.json(body);
    }
}
