package io.recsys.opensearch.demo;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Titles and categories of catalog items, for the report's examples: read from {@code products}, as a client would. */
final class CatalogLookup {

    /** An item as the examples print it. */
    record Item(String id, String title, String category) {
        /** "TITLE (category)". */
        String label() {
            return title + " (" + category + ")";
        }
    }

    private CatalogLookup() {}

    /** The items of {@code ids}, in that order; an id missing from the catalog is left out. */
    static Map<String, Item> byId(NodeRest rest, Collection<String> ids) {
        Map<String, Item> items = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return items;
        }
        String body = CatalogIndex.json(Map.of("ids", List.copyOf(ids)));
        Map<String, Object> reply = rest.expectOk("POST", "/" + CatalogIndex.NAME + "/_mget?_source=title,category", body).json();
        for (Map<String, Object> doc : Json.objects(reply, "docs")) {
            if (Boolean.TRUE.equals(doc.get("found"))) {
                Item item = item(doc);
                items.put(item.id(), item);
            }
        }
        return items;
    }

    /** The hits of a search on {@code products}, in order. */
    static List<Item> hits(Map<String, Object> searchReply) {
        return Json.hits(searchReply).stream().map(CatalogLookup::item).toList();
    }

    private static Item item(Map<String, Object> doc) {
        Map<String, Object> source = Json.object(doc, "_source");
        return new Item((String) doc.get("_id"), source == null ? "" : String.valueOf(source.get("title")),
            source == null ? "" : String.valueOf(source.get("category")));
    }
}
