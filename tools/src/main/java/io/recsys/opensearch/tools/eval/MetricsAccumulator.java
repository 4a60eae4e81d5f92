package io.recsys.opensearch.tools.eval;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Adds up one variant's results over the test cases, for each K: the per-list metrics are averaged over cases (every
 * case weighs the same), coverage is over the union of all lists, and the new-category share is over all hits.
 * Thread-safe: the replay adds from several threads.
 */
public final class MetricsAccumulator {

    /** The cut-offs, ascending. */
    private final int[] ks;
    /** Catalog size, the coverage's denominator. */
    private final int catalogSize;
    /** Per K: sums of HR, Recall, NDCG, MRR, Precision, F1. */
    private final double[][] sums;
    /** Per K: distinct items recommended. */
    private final List<Set<String>> recommended;
    /** Per K: all hits, and hits in categories new to the user. */
    private final long[] hits;
    private final long[] newCategoryHits;
    private long cases;

    public MetricsAccumulator(int[] ks, int catalogSize) {
        this.ks = ks.clone();
        this.catalogSize = catalogSize;
        this.sums = new double[ks.length][6];
        this.recommended = java.util.stream.IntStream.range(0, ks.length).mapToObj(i -> (Set<String>) new HashSet<String>()).toList();
        this.hits = new long[ks.length];
        this.newCategoryHits = new long[ks.length];
    }

    /**
     * @param ranked          the recommended item ids, best first
     * @param relevant        what the user went on to interact with (the targets)
     * @param knownCategories categories the user had interacted with before
     * @param categoryOf      item → category (null when unknown)
     */
    public synchronized void add(List<String> ranked, Set<String> relevant, Set<String> knownCategories, Function<String, String> categoryOf) {
        cases++;
        for (int i = 0; i < ks.length; i++) {
            int k = ks[i];
            sums[i][0] += RankingMetrics.hitRate(ranked, relevant, k);
            sums[i][1] += RankingMetrics.recall(ranked, relevant, k);
            sums[i][2] += RankingMetrics.ndcg(ranked, relevant, k);
            sums[i][3] += RankingMetrics.reciprocalRank(ranked, relevant, k);
            sums[i][4] += RankingMetrics.precision(ranked, relevant, k);
            sums[i][5] += RankingMetrics.f1(ranked, relevant, k);
            for (int r = 0; r < Math.min(k, ranked.size()); r++) {
                String item = ranked.get(r);
                recommended.get(i).add(item);
                if (relevant.contains(item)) {
                    hits[i]++;
                    String category = categoryOf.apply(item);
                    if (category != null && knownCategories.contains(category) == false) {
                        newCategoryHits[i]++;
                    }
                }
            }
        }
    }

    public synchronized long cases() {
        return cases;
    }

    /** The metrics at each K. */
    public synchronized Map<Integer, Map<Metric, Double>> result() {
        Map<Integer, Map<Metric, Double>> result = new java.util.LinkedHashMap<>();
        for (int i = 0; i < ks.length; i++) {
            Map<Metric, Double> values = new EnumMap<>(Metric.class);
            double n = Math.max(cases, 1);
            values.put(Metric.HR, sums[i][0] / n);
            values.put(Metric.RECALL, sums[i][1] / n);
            values.put(Metric.NDCG, sums[i][2] / n);
            values.put(Metric.MRR, sums[i][3] / n);
            values.put(Metric.PRECISION, sums[i][4] / n);
            values.put(Metric.F1, sums[i][5] / n);
            values.put(Metric.COVERAGE, catalogSize == 0 ? 0 : (double) recommended.get(i).size() / catalogSize);
            values.put(Metric.NEW_CATEGORY_HITS, hits[i] == 0 ? 0 : (double) newCategoryHits[i] / hits[i]);
            result.put(ks[i], values);
        }
        return result;
    }
}
