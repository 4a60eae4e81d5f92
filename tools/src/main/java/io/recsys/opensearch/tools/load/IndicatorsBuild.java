package io.recsys.opensearch.tools.load;

import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.Json;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a recommender's indicators over its profiles, as a shop runs it on a schedule (README.md's recipe): the
 * co-occurrence source then reads them instead of aggregating online. Whatever the tools measure or train on (the
 * evaluation's recommenders, the training simulation's feature log) goes through the same build, so a model is trained
 * on the features the serving pipeline computes.
 */
public final class IndicatorsBuild {

    /** README.md's example: the 20 best-scored items per item, seen together at least twice. */
    public static final int SIZE = 20, MIN_DOC_COUNT = 2;

    private final ClusterClient client;
    private final PrintStream out;

    public IndicatorsBuild(ClusterClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** Builds {@code <recommender>-indicators} over the profiles' {@code history}; returns a one-line summary. */
    public String build(String recommender) {
        String body = Json.write(Map.of(
            "source", Map.of("index", "recsys-" + recommender + "-profiles", "field", "history"),
            "dest", Map.of("index", recommender + "-indicators"),
            "size", SIZE,
            "min_doc_count", MIN_DOC_COUNT));
        long start = System.nanoTime();
        out.printf("building indicators [%s] (POST /_plugins/_recsys/indicators/_build)%n", recommender + "-indicators");
        var built = client.expectOk("POST", "/_plugins/_recsys/indicators/_build", body).json();
        String line = String.format(Locale.ROOT, "indicators built over the profiles' `history` (the top %d per item, min_doc_count %d): %,d items "
            + "with indicators in %.0f s", SIZE, MIN_DOC_COUNT, built.path("items_with_indicators").asLong(), (System.nanoTime() - start) / 1e9);
        out.println(line);
        return line;
    }
}
