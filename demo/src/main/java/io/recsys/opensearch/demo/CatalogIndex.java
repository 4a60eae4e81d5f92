package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.Product;

import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of the {@code products} index: its settings and mapping, and one document per product. */
final class CatalogIndex {

    static final String NAME = "products";
    /** Where the loader records what it loaded, inside the mapping's {@code _meta}. */
    static final String META_KEY = "recsys_demo";

    private CatalogIndex() {}

    /** Settings and mapping; {@code meta} goes to {@code _meta.recsys_demo}. */
    static String definition(int dimensions, Map<String, Object> meta) {
        Map<String, Object> settings = Map.of(
            // k-NN builds HNSW graphs only for indices that ask for it
            "index.knn", true,
            // one shard: 3,656 items; no replica: a single node would stay yellow forever
            "number_of_shards", 1,
            "number_of_replicas", 0,
            // no refresh while loading: one segment and one HNSW graph, built once by the refresh that ends the load
            "refresh_interval", "-1"
        );
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("title", Map.of("type", "text", "fields", Map.of("keyword", Map.of("type", "keyword", "ignore_above", 256))));
        properties.put("category", Map.of("type", "keyword"));
        properties.put("price", Map.of("type", "float"));
        properties.put("in_stock", Map.of("type", "boolean"));
        properties.put("popularity", Map.of("type", "integer"));
        properties.put(
            "embedding",
            Map.of(
                "type", "knn_vector",
                "dimension", dimensions,
                // the Lucene engine: the k-NN zip on Maven Central ships no faiss/nmslib native libraries
                "method", Map.of("name", "hnsw", "engine", "lucene", "space_type", "cosinesimil")
            )
        );
        Map<String, Object> mappings = Map.of("_meta", Map.of(META_KEY, meta), "properties", properties);
        return json(Map.of("settings", settings, "mappings", mappings));
    }

    /** Back to the default refresh interval once loaded, so later writes (the user's) become visible. */
    static String afterLoadSettings() {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("refresh_interval", null);
        return json(Map.of("index", index));
    }

    /** The document of one product; {@code _id} is its StockCode and is not repeated in the source. */
    static String document(Product product, float[] embedding) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("title", product.title());
        source.put("category", product.category());
        source.put("price", product.price());
        source.put("in_stock", true);
        source.put("popularity", product.popularity());
        List<Float> vector = new ArrayList<>(embedding.length);
        for (float value : embedding) {
            vector.add(value);
        }
        source.put("embedding", vector);
        return json(source);
    }

    /** Bulk NDJSON indexing {@code products[from, to)}. */
    static String bulk(List<Product> products, float[][] embeddings, int from, int to) {
        StringBuilder ndjson = new StringBuilder();
        for (int i = from; i < to; i++) {
            ndjson.append(json(Map.of("index", Map.of("_index", NAME, "_id", products.get(i).id())))).append('\n');
            ndjson.append(document(products.get(i), embeddings[i])).append('\n');
        }
        return ndjson.toString();
    }

    static String json(Map<String, ?> map) {
        try (XContentBuilder builder = XContentFactory.jsonBuilder()) {
            builder.map(map);
            return BytesReference.bytes(builder).utf8ToString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
