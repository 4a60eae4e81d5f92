package io.recsys.opensearch.tools.load;

import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.Json;

import java.io.PrintStream;
import java.util.LinkedHashMap;
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
    /**
     * README.md's example: each item's list counts its 200 most recently active shoppers per shard, the share of each of
     * the 25 anchors the {@code recommend} query's online path counts (5,000 ÷ 25), so the two read the same evidence.
     */
    public static final int SAMPLE_SIZE = 200;
    public static final String MOST_RECENT_BY = "updated_at";

    /**
     * How the build scores an item against the anchor item: the build's {@code score} and {@code shrink}.
     *
     * @param score  {@code llr} (the plugin's default) or {@code cosine}
     * @param shrink the cosine's shrink, or null for the plugin's default (and always for {@code llr})
     */
    public record Scoring(String score, Double shrink) {
        public static final Scoring LLR = new Scoring("llr", null);

        public Scoring {
            if ("llr".equals(score) == false && "cosine".equals(score) == false) {
                throw new IllegalArgumentException("--indicators-score must be llr or cosine, got [" + score + "]");
            }
            if ("llr".equals(score) && shrink != null) {
                throw new IllegalArgumentException("--indicators-shrink applies to --indicators-score cosine only");
            }
        }

        /** As a report names it: {@code LLR}, {@code cosine, shrink 10}. */
        public String describe() {
            return "llr".equals(score) ? "LLR" : "cosine, shrink " + (shrink == null ? "10 (the plugin's default)" : shrink);
        }
    }

    private final ClusterClient client;
    private final PrintStream out;

    public IndicatorsBuild(ClusterClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /** Builds {@code <recommender>-indicators} over the profiles' {@code history}, scored by LLR; returns a one-line summary. */
    public String build(String recommender) {
        return build(recommender, Scoring.LLR);
    }

    /** Builds {@code <recommender>-indicators} over the profiles' {@code history}; returns a one-line summary. */
    public String build(String recommender, Scoring scoring) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("source", Map.of("index", "recsys-" + recommender + "-profiles", "field", "history"));
        request.put("dest", Map.of("index", recommender + "-indicators"));
        request.put("size", SIZE);
        request.put("min_doc_count", MIN_DOC_COUNT);
        request.put("score", scoring.score());
        request.put("sample_size", SAMPLE_SIZE);
        request.put("most_recent_by", MOST_RECENT_BY);
        if (scoring.shrink() != null) {
            request.put("shrink", scoring.shrink());
        }
        String body = Json.write(request);
        long start = System.nanoTime();
        out.printf("building indicators [%s] (POST /_plugins/_recsys/indicators/_build)%n", recommender + "-indicators");
        var built = client.expectOk("POST", "/_plugins/_recsys/indicators/_build", body).json();
        String line = String.format(Locale.ROOT, "indicators built over the profiles' `history` (the top %d per item, min_doc_count %d, each item's "
            + "%d most recent profiles per shard by `%s`): %,d items with indicators in %.0f s; score: %s", SIZE, MIN_DOC_COUNT, SAMPLE_SIZE,
            MOST_RECENT_BY, built.path("items_with_indicators").asLong(), (System.nanoTime() - start) / 1e9, scoring.describe());
        out.println(line);
        return line;
    }
}
