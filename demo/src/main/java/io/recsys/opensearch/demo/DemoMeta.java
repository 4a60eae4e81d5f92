package io.recsys.opensearch.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the demo loaded, recorded in the {@code products} mapping's {@code _meta.recsys_demo}: the catalog's
 * fingerprint and counts (written when the index is created), then the event replay's and the indicators' (written
 * when each is complete). The record lives and dies with the catalog index, so a reloaded catalog starts with none
 * and everything derived from it is done again.
 */
final class DemoMeta {

    private DemoMeta() {}

    /** {@code _meta.recsys_demo}, or an empty map when the index or the entry is missing. */
    static Map<String, Object> read(NodeRest rest) {
        NodeRest.Reply reply = rest.send("GET", "/" + CatalogIndex.NAME + "/_mapping", null);
        if (reply.status() == 404) {
            return Map.of();
        }
        if (reply.ok() == false) {
            throw new DemoException("GET /" + CatalogIndex.NAME + "/_mapping answered " + reply.status() + ": " + reply.body());
        }
        Map<String, Object> meta = Json.object(reply.json(), CatalogIndex.NAME, "mappings", "_meta", CatalogIndex.META_KEY);
        return meta == null ? Map.of() : meta;
    }

    /** Sets one entry of {@code _meta.recsys_demo}, keeping the others (the whole {@code _meta} is written back). */
    static void put(NodeRest rest, String key, Map<String, Object> value) {
        Map<String, Object> meta = new LinkedHashMap<>(read(rest));
        meta.put(key, value);
        rest.expectOk("PUT", "/" + CatalogIndex.NAME + "/_mapping", CatalogIndex.json(Map.of("_meta", Map.of(CatalogIndex.META_KEY, meta))));
    }
}
