package io.recsys.opensearch.rerank;

import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.recommender.FusionWeights;

/**
 * The deterministic fusion of the sources: reciprocal-rank fusion, {@code sum over sources of weight / (60 + rank)},
 * with the recommender's {@link FusionWeights}.
 * Ranks, not raw scores, because the sources' scores live on unrelated scales (cosine, LLR, BM25, counts). It orders
 * the candidates when no model re-ranks them and stays as the fallback when the model cannot run.
 */
public final class Fusion {

    /** The usual RRF constant: damps the head so that one source's first rank does not drown the others. */
    public static final int RANK_CONSTANT = 60;

    private Fusion() {}

    public static float weight(Source source, FusionWeights weights) {
        return weights.of(source.jsonName());
    }

    public static float contribution(Source source, int rank, FusionWeights weights) {
        return weight(source, weights) / (RANK_CONSTANT + rank);
    }

    /** Fused score of one candidate from its 1-based rank per source (0 = not recalled by that source). */
    public static float score(int[] sourceRanks, FusionWeights weights) {
        float score = 0;
        for (Source source : Source.values()) {
            int rank = sourceRanks[source.ordinal()];
            if (rank > 0) {
                score += contribution(source, rank, weights);
            }
        }
        return score;
    }
}
