package io.recsys.opensearch.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints what was loaded and the commands to try. The example k-NN query is built from the embedding of the most
 * popular item as stored in the index, and run once here, so the printed neighbours are what the user will see.
 */
final class DemoReport {

    private static final int LINE_WIDTH = 110;

    private final NodeRest rest;
    private final Console console;
    private final DemoConfig config;

    DemoReport(NodeRest rest, Console console, DemoConfig config) {
        this.rest = rest;
        this.console = console;
        this.config = config;
    }

    void print(LoadSummary summary, long nodeMillis, long readyMillis) {
        console.blank();
        console.line("opensearch-recsys demo: OpenSearch with k-NN and opensearch-recsys at http://" + config.curlHost());
        console.line(String.format(Locale.ROOT,
            "  loaded %,d items in %d categories; %,d customers, %,d invoices (%,d of %,d rows kept)%s",
            summary.items(), summary.categories().size(), summary.customers(), summary.invoices(), summary.rowsKept(), summary.rowsRead(),
            summary.reused() ? "; already in the index, not reloaded" : "; loading took " + Console.seconds(summary.millis())));
        console.line("  categories:");
        wrap(summary.categories().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()).forEach(l -> console.line("    " + l));

        Map<String, Object> top = mostPopular();
        String title = (String) top.get("title");
        Path knnQuery = writeKnnQuery(top);
        console.line("  nearest neighbours of \"" + title + "\" (the most popular item) by embedding:");
        for (String neighbour : neighbours(knnQuery)) {
            console.line("    " + neighbour);
        }

        String host = config.curlHost();
        console.blank();
        console.line("Try:");
        console.line("  curl '" + host + "/_cat/plugins?v'");
        console.line("  curl '" + host + "/_plugins/_recsys/recommenders/" + CatalogLoader.RECOMMENDER + "?pretty'");
        console.line("  curl -H 'Content-Type: application/json' '" + host + "/" + CatalogIndex.NAME
            + "/_search?pretty&filter_path=hits.hits._id,hits.hits._score,hits.hits._source.title' -d @" + knnQuery);
        console.line("  curl -H 'Content-Type: application/json' '" + host + "/" + CatalogIndex.NAME
            + "/_search?pretty' -d '{\"size\": 5, \"_source\": [\"title\", \"category\", \"price\"], \"query\": {\"match\": {\"title\": \"mug\"}}}'");
        console.line("  curl '" + host + "/_plugins/_recsys/_stats?pretty'");
        console.blank();
        console.line(String.format(Locale.ROOT, "Ready in %s (node started in %s). Data in %s. Ctrl-C stops the node.",
            Console.seconds(readyMillis), Console.seconds(nodeMillis), config.homeDir()));
        console.flush();
    }

    /** The most popular item, with its stored embedding. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> mostPopular() {
        String query = "{\"size\": 1, \"sort\": [{\"popularity\": \"desc\"}, {\"title.keyword\": \"asc\"}]}";
        Map<String, Object> hit = firstHits(rest.expectOk("POST", "/" + CatalogIndex.NAME + "/_search", query).json()).get(0);
        Map<String, Object> source = (Map<String, Object>) hit.get("_source");
        return Map.of("id", hit.get("_id"), "title", source.get("title"), "embedding", source.get("embedding"));
    }

    /** A k-NN query for the item's neighbours, written to a file the printed curl command sends. */
    private Path writeKnnQuery(Map<String, Object> item) {
        Map<String, Object> knn = Map.of("embedding", Map.of("vector", item.get("embedding"), "k", 10));
        String json = CatalogIndex.json(Map.of("size", 6, "_source", List.of("title", "category"), "query", Map.of("knn", knn)));
        Path file = config.homeDir().resolve("knn-query.json");
        try {
            Files.writeString(file, json + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    @SuppressWarnings("unchecked")
    private List<String> neighbours(Path knnQuery) {
        String query;
        try {
            query = Files.readString(knnQuery);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> hit : firstHits(rest.expectOk("POST", "/" + CatalogIndex.NAME + "/_search", query).json())) {
            Map<String, Object> source = (Map<String, Object>) hit.get("_source");
            lines.add(String.format(Locale.ROOT, "%.3f  %-8s %-45s (%s)", ((Number) hit.get("_score")).doubleValue(), hit.get("_id"),
                source.get("title"), source.get("category")));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> firstHits(Map<String, Object> response) {
        List<Map<String, Object>> hits = (List<Map<String, Object>>) ((Map<String, Object>) response.get("hits")).get("hits");
        if (hits.isEmpty()) {
            throw new DemoException("[" + CatalogIndex.NAME + "] returned no hits");
        }
        return hits;
    }

    /** Joins items with " · " into lines no wider than the console. */
    static List<String> wrap(List<String> items) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String item : items) {
            if (line.length() > 0 && line.length() + 3 + item.length() > LINE_WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " · " : "").append(item);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
