package io.recsys.opensearch.it;

import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderConfigParser;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.xcontent.DeprecationHandler;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.transport.client.Client;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A small real catalog index (k-NN Lucene HNSW vectors) for the tests that run nodes. */
final class TestCatalog {

    private TestCatalog() {}

    static void create(Client client, String index, int dimension, int shards, int replicas) {
        String mapping = """
            {"properties": {
               "title":     {"type": "text"},
               "category":  {"type": "keyword"},
               "price":     {"type": "float"},
               "in_stock":  {"type": "boolean"},
               "embedding": {"type": "knn_vector", "dimension": %d,
                             "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}}}"""
            .formatted(dimension);
        client.admin()
            .indices()
            .prepareCreate(index)
            .setSettings(
                """
                    {"index": {"knn": true, "number_of_shards": %d, "number_of_replicas": %d}}""".formatted(shards, replicas),
                XContentType.JSON
            )
            .setMapping(mapping)
            .get();
    }

    static RecommenderConfig config(String json) {
        try (
            XContentParser parser = JsonXContent.jsonXContent.createParser(
                NamedXContentRegistry.EMPTY,
                DeprecationHandler.THROW_UNSUPPORTED_OPERATION,
                json
            )
        ) {
            return RecommenderConfigParser.parse(parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
