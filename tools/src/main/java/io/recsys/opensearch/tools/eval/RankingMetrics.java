package io.recsys.opensearch.tools.eval;

import java.util.List;
import java.util.Set;

/**
 * The per-list ranking metrics, binary relevance, for one ranked list and one set of relevant items. Conventions (the
 * usual ones, stated because papers differ):
 * <ul>
 *   <li>HR@K (hit rate): 1 when any of the first K is relevant, else 0;</li>
 *   <li>Recall@K: relevant items in the first K / all relevant items;</li>
 *   <li>Precision@K: relevant items in the first K / K (a list shorter than K still divides by K);</li>
 *   <li>NDCG@K: {@code Σ_{i ≤ K, relevant} 1/log2(i+1)} divided by the same sum for an ideal list, which puts
 *       {@code min(|relevant|, K)} relevant items first;</li>
 *   <li>F1@K: the harmonic mean of Precision@K and Recall@K of the list, 0 when there is no hit (averaged over lists,
 *       not computed from the averages);</li>
 *   <li>MRR@K: 1 / the rank of the first relevant item within K, 0 when none.</li>
 * </ul>
 */
public final class RankingMetrics {

    private RankingMetrics() {}

    public static double hitRate(List<String> ranked, Set<String> relevant, int k) {
        return hits(ranked, relevant, k) > 0 ? 1 : 0;
    }

    public static double recall(List<String> ranked, Set<String> relevant, int k) {
        return relevant.isEmpty() ? 0 : (double) hits(ranked, relevant, k) / relevant.size();
    }

    public static double precision(List<String> ranked, Set<String> relevant, int k) {
        return (double) hits(ranked, relevant, k) / k;
    }

    public static double f1(List<String> ranked, Set<String> relevant, int k) {
        double precision = precision(ranked, relevant, k), recall = recall(ranked, relevant, k);
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    public static double ndcg(List<String> ranked, Set<String> relevant, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                dcg += discount(i + 1);
            }
        }
        double ideal = 0;
        for (int i = 1; i <= Math.min(k, relevant.size()); i++) {
            ideal += discount(i);
        }
        return ideal == 0 ? 0 : dcg / ideal;
    }

    public static double reciprocalRank(List<String> ranked, Set<String> relevant, int k) {
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                return 1.0 / (i + 1);
            }
        }
        return 0;
    }

    /** Relevant items among the first {@code k}. */
    public static int hits(List<String> ranked, Set<String> relevant, int k) {
        int hits = 0;
        for (int i = 0; i < Math.min(k, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i))) {
                hits++;
            }
        }
        return hits;
    }

    /** 1 / log2(rank + 1), rank from 1. */
    static double discount(int rank) {
        return 1 / (Math.log(rank + 1) / Math.log(2));
    }
}
