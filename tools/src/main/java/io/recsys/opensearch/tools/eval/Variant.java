package io.recsys.opensearch.tools.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration of the {@code recommend} query that the replay measures, set only through the query's public
 * knobs: source budgets ({@code sources}, 0 = off) and the re-ranking window ({@code rerank.window}).
 *
 * @param name         short name for tables and charts
 * @param description  what it shows, for the report
 * @param knnK         {@code sources.knn.k}
 * @param cooccurrence {@code sources.cooccurrence.size}
 * @param neighbors    {@code sources.neighbors.k}
 * @param popular      {@code sources.popular.size}
 * @param rerankWindow {@code rerank.window}, or null for the plugin's default
 */
public record Variant(String name, String description, int knnK, int cooccurrence, int neighbors, int popular, Integer rerankWindow)
    implements Contender {

    /** The query's default budgets (README): k-NN 200, co-occurrence 200, neighbors 0 (off), popular 50. */
    public static final int KNN_DEFAULT = 200, COOCCURRENCE_DEFAULT = 200, NEIGHBORS_DEFAULT = 0, POPULAR_DEFAULT = 50;
    /** The neighbours' k when a query turns them on: the user-kNN reference's 50 nearest users. */
    public static final int NEIGHBORS_ON = 50;

    public static final Variant FULL = new Variant("full", "the default query: every source at its default budget, re-ranked when the recommender names a model",
        KNN_DEFAULT, COOCCURRENCE_DEFAULT, NEIGHBORS_DEFAULT, POPULAR_DEFAULT, null);
    public static final Variant FULL_NO_RERANK = new Variant("full, no re-rank", "every source, rerank.window 0: fused order only",
        KNN_DEFAULT, COOCCURRENCE_DEFAULT, NEIGHBORS_DEFAULT, POPULAR_DEFAULT, 0);
    public static final Variant FULL_WITH_NEIGHBORS = new Variant("full + neighbors", "every default source plus the neighbors source (k 50), rerank.window 0",
        KNN_DEFAULT, COOCCURRENCE_DEFAULT, NEIGHBORS_ON, POPULAR_DEFAULT, 0);
    public static final Variant KNN = new Variant("knn", "k-NN source alone (user vectors against item embeddings), rerank.window 0",
        KNN_DEFAULT, 0, 0, 0, 0);
    public static final Variant COOCCURRENCE = new Variant("cooccurrence", "co-occurrence source alone (LLR over other users' histories), rerank.window 0",
        0, COOCCURRENCE_DEFAULT, 0, 0, 0);
    public static final Variant NEIGHBORS = new Variant("neighbors", "neighbors source alone (profiles sharing the user's recent items vote), rerank.window 0",
        0, 0, NEIGHBORS_ON, 0, 0);
    public static final Variant POPULAR = new Variant("popular", "popular source alone: the popularity baseline, rerank.window 0",
        0, 0, 0, POPULAR_DEFAULT, 0);

    public static final List<Variant> ALL = List.of(FULL, FULL_NO_RERANK, FULL_WITH_NEIGHBORS, KNN, COOCCURRENCE, NEIGHBORS, POPULAR);
    /** The sources alone, for "beats the best single source". */
    public static final List<Variant> SINGLE_SOURCES = List.of(KNN, COOCCURRENCE, NEIGHBORS, POPULAR);

    /** The {@code recommend} query's body. */
    public Map<String, Object> recommend(String recommender, Map<String, String> user, boolean excludePurchased, String platform) {
        return recommend(recommender, user, excludePurchased, platform, null);
    }

    /** The query body, asked at {@code time} of the replayed history ({@code context.time}; null: the node's clock). */
    public Map<String, Object> recommend(String recommender, Map<String, String> user, boolean excludePurchased, String platform, Long time) {
        Map<String, Object> recommend = new LinkedHashMap<>();
        recommend.put("recommender", recommender);
        recommend.put("user", user);
        // text is off: the replay has no search-box query
        recommend.put("sources", Map.of(
            "knn", Map.of("k", knnK),
            "cooccurrence", Map.of("size", cooccurrence),
            "neighbors", Map.of("k", neighbors),
            "text", Map.of("window", 0),
            "popular", Map.of("size", popular)));
        recommend.put("exclude", Map.of("purchased", excludePurchased));
        if (rerankWindow != null) {
            recommend.put("rerank", Map.of("window", rerankWindow));
        }
        Map<String, Object> context = new LinkedHashMap<>();
        if (platform != null) {
            context.put("platform", platform);
        }
        if (time != null) {
            context.put("time", time);
        }
        if (context.isEmpty() == false) {
            recommend.put("context", context);
        }
        return recommend;
    }
}
