package io.recsys.opensearch.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo's recommender, {@code storefront} on {@code products}: created on every run, reset before a replay. */
final class StorefrontRecommender {

    static final String NAME = "storefront";
    static final String PATH = "/_plugins/_recsys/recommenders/" + NAME;
    /** The recommender's own indices, as the plugin names them. */
    static final String PROFILES = "recsys-" + NAME + "-profiles";
    static final String EVENTS = "recsys-" + NAME + "-events";
    static final String IDENTITIES = "recsys-" + NAME + "-identities";

    private final NodeRest rest;
    private final Console console;

    StorefrontRecommender(NodeRest rest, Console console) {
        this.rest = rest;
        this.console = console;
    }

    /**
     * Creates (or updates: PUT is idempotent) the recommender. Fails when the plugin refuses it: the rest of the demo
     * is about that recommender.
     */
    void put() {
        console.step("recommender [%s] is on [%s] (PUT %s: %d)", NAME, CatalogIndex.NAME, PATH, create());
    }

    /** PUTs the configuration; returns the status. */
    private int create() {
        Map<String, Object> catalog = new LinkedHashMap<>();
        catalog.put("index", CatalogIndex.NAME);
        catalog.put("id_field", "_id");
        catalog.put("vector_field", "embedding");
        catalog.put("category_field", "category");
        catalog.put("text_fields", List.of("title"));
        catalog.put("price_field", "price");
        catalog.put("stock_field", "in_stock");
        NodeRest.Reply reply = rest.send("PUT", PATH, CatalogIndex.json(Map.of("catalog", catalog)));
        if (reply.ok() == false) {
            throw new DemoException("the plugin refused the recommender [" + NAME + "]: PUT " + PATH + " answered "
                + reply.status() + ": " + reply.body());
        }
        return reply.status();
    }

    /**
     * Deletes the recommender with its profiles, identity links and events (never the catalog) and creates it again:
     * a replay starts from nothing, so no profile mixes two versions of the data.
     */
    void reset() {
        NodeRest.Reply reply = rest.send("DELETE", PATH, null);
        if (reply.ok() == false && reply.status() != 404) {
            throw new DemoException("DELETE " + PATH + " answered " + reply.status() + ": " + reply.body());
        }
        create();
        console.step("recommender [%s] reset: deleted with its profiles, identity links and events, and created again", NAME);
    }
}
