package io.recsys.opensearch.tools.load;

import io.recsys.opensearch.tools.data.Item;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The catalog index the tool creates and fills: one document per item, {@code _id} = the item id. Field names are
 * fixed (the recommender created by {@link RecommenderSetup} points at them): {@code title} (text, with
 * {@code title.keyword}), {@code category} (keyword), {@code price} (float), {@code in_stock} (boolean, true: logs
 * have no stock levels), {@code embedding} (knn_vector, Lucene HNSW, cosine).
 */
public final class CatalogIndex {

    public static final String VECTOR_FIELD = "embedding";
    /** Where the tool records what it loaded, inside the mapping's {@code _meta}. */
    static final String META_KEY = "recsys_tool";
    /** About 1 MB per bulk request with 64-d vectors. */
    static final int BULK_SIZE = 1000;

    /** The catalog index name. */
    private final String name;
    private final ClusterClient client;

    public CatalogIndex(ClusterClient client, String name) {
        this.client = client;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /**
     * Creates the index with a vector field of {@code dimension} compared by {@code spaceType}, recording {@code meta}
     * in the mapping's {@code _meta.recsys_tool} (what was loaded, for re-runs); with {@code replace}, deletes an
     * existing one first. An existing index is kept as it is otherwise (its vector dimension must match, checked here).
     */
    public void create(int dimension, String spaceType, int shards, boolean replace, Map<String, Object> meta) {
        if (client.exists(name)) {
            if (replace == false) {
                int existing = dimension();
                if (existing != dimension) {
                    throw new ClusterException("index [" + name + "] exists with a vector dimension of " + existing + ", not " + dimension
                        + ": use --replace to recreate it, or --dimension " + existing);
                }
                return;
            }
            client.expectOk("DELETE", "/" + name, null);
        }
        client.expectOk("PUT", "/" + name, definition(dimension, spaceType, shards, meta));
    }

    /** What {@link #create} recorded, or an empty map (no index, or not made by the tool). */
    public Map<String, Object> meta() {
        ClusterClient.Reply reply = client.send("GET", "/" + name + "/_mapping", null);
        if (reply.ok() == false) {
            return Map.of();
        }
        var meta = reply.json().path(name).path("mappings").path("_meta").path(META_KEY);
        return meta.isObject() ? Json.MAPPER.convertValue(meta, Map.class) : Map.of();
    }

    /** The dimension of the index's vector field. */
    public int dimension() {
        var mapping = client.expectOk("GET", "/" + name + "/_mapping", null).json();
        var field = mapping.path(name).path("mappings").path("properties").path(VECTOR_FIELD);
        if (field.isMissingNode() || "knn_vector".equals(field.path("type").asText()) == false) {
            throw new ClusterException("index [" + name + "] has no knn_vector field [" + VECTOR_FIELD + "]: was it created by recsys-tool load?");
        }
        return field.path("dimension").asInt();
    }

    /** The vector field's {@code space_type} (k-NN's default, l2, when the mapping names none). */
    public String spaceType() {
        var mapping = client.expectOk("GET", "/" + name + "/_mapping", null).json();
        var field = mapping.path(name).path("mappings").path("properties").path(VECTOR_FIELD);
        String spaceType = field.path("method").path("space_type").asText("");
        return spaceType.isEmpty() ? field.path("space_type").asText("l2") : spaceType;
    }

    static String definition(int dimension, String spaceType, int shards, Map<String, Object> meta) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("index.knn", true);
        settings.put("number_of_shards", shards);
        // 0-1: a single node stays green, a cluster gets a copy of each shard
        settings.put("auto_expand_replicas", "0-1");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("title", Map.of("type", "text", "fields", Map.of("keyword", Map.of("type", "keyword", "ignore_above", 256))));
        properties.put("category", Map.of("type", "keyword"));
        properties.put("price", Map.of("type", "float"));
        properties.put("in_stock", Map.of("type", "boolean"));
        properties.put(VECTOR_FIELD, Map.of(
            "type", "knn_vector",
            "dimension", dimension,
            // the Lucene engine: the k-NN build on Maven Central has no faiss/nmslib native libraries; the space type
            // is the stored vectors' (ItemEmbedder.Space): cosine for unit vectors, inner product for fold-in-dot
            "method", Map.of("name", "hnsw", "engine", "lucene", "space_type", spaceType)));
        return Json.write(Map.of("settings", settings, "mappings", Map.of("_meta", Map.of(META_KEY, meta), "properties", properties)));
    }

    /** Indexes the items (with their vectors when {@code vectors} has them), refreshes once. */
    public void index(List<Item> items, Map<String, float[]> vectors, IntConsumer progress) {
        for (int from = 0; from < items.size(); from += BULK_SIZE) {
            List<Item> chunk = items.subList(from, Math.min(items.size(), from + BULK_SIZE));
            StringBuilder ndjson = new StringBuilder();
            for (Item item : chunk) {
                ndjson.append(Json.write(Map.of("index", Map.of("_index", name, "_id", item.id())))).append('\n');
                ndjson.append(Json.write(document(item, vectors.get(item.id())))).append('\n');
            }
            bulk(ndjson.toString());
            progress.accept(chunk.size());
        }
        client.expectOk("POST", "/" + name + "/_refresh", null);
    }

    /** Writes vectors into existing documents (partial updates), refreshes once. */
    public void updateVectors(Map<String, float[]> vectors, IntConsumer progress) {
        List<Map.Entry<String, float[]>> entries = new ArrayList<>(vectors.entrySet());
        for (int from = 0; from < entries.size(); from += BULK_SIZE) {
            List<Map.Entry<String, float[]>> chunk = entries.subList(from, Math.min(entries.size(), from + BULK_SIZE));
            StringBuilder ndjson = new StringBuilder();
            for (Map.Entry<String, float[]> entry : chunk) {
                ndjson.append(Json.write(Map.of("update", Map.of("_index", name, "_id", entry.getKey())))).append('\n');
                ndjson.append(Json.write(Map.of("doc", Map.of(VECTOR_FIELD, entry.getValue())))).append('\n');
            }
            bulk(ndjson.toString());
            progress.accept(chunk.size());
        }
        client.expectOk("POST", "/" + name + "/_refresh", null);
    }

    static Map<String, Object> document(Item item, float[] vector) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("title", item.title());
        source.put("category", item.category());
        if (item.price() != null) {
            source.put("price", item.price());
        }
        source.put("in_stock", true);
        if (vector != null) {
            source.put(VECTOR_FIELD, vector);
        }
        return source;
    }

    private void bulk(String ndjson) {
        ClusterClient.Reply reply = client.send("POST", "/_bulk", ndjson, "application/x-ndjson");
        if (reply.ok() == false) {
            throw new ClusterException("bulk into [" + name + "] answered " + reply.status() + ": " + ClusterClient.abbreviate(reply.body()));
        }
        var json = reply.json();
        if (json.path("errors").asBoolean()) {
            for (var item : json.path("items")) {
                var result = item.elements().next();
                if (result.has("error")) {
                    throw new ClusterException("bulk into [" + name + "] refused document [" + result.path("_id").asText() + "]: "
                        + result.path("error").path("reason").asText());
                }
            }
        }
    }

    public long count() {
        return client.expectOk("GET", "/" + name + "/_count", null).json().path("count").asLong();
    }
}
