package io.recsys.opensearch.rerank;

import io.recsys.opensearch.candidate.FusionMethod;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.recommender.FusionWeights;

/**
 * The deterministic fusion of the sources, with the recommender's {@link FusionWeights}, by one of two
 * {@link FusionMethod}s:
 * <ul>
 *   <li>reciprocal-rank fusion, {@code Σ over sources of weight / (60 + rank)}, for a returning shopper: the sources'
 *       scores live on unrelated scales (cosine, votes that grow with the anchors' evidence, BM25, counts);</li>
 *   <li>score fusion, the weighted mean of each source's {@code score / the source's best score in the request}
 *       ({@code Σ weight × that / Σ weight}, 0..1), for a shopper in a session, where the co-occurrence source's scores
 *       are votes by each anchor's recency, whatever its LLR, and say how sure it is. It is the normalisation of the features' source scores
 *       ({@link FeatureExtractor#normalized}), so a model reads what this fusion reads.</li>
 * </ul>
 * Both stay at most 1 with the default weights, below every re-ranked score ({@link RerankScores}).
 * Measured on Online Retail's four protocols (docs/evaluation.md): score fusion for everyone raised the session protocol
 * by 13% and the random split by 2%, and lowered the temporal and leave-last-out protocols by 3.5–4%, where the raw
 * LLR's ranks are what the sources agree on; hence one method per regime. It orders the candidates when no model
 * re-ranks them and stays as the fallback when the model cannot run.
 */
public final class Fusion {

    /** The usual RRF constant: damps the head so that one source's first rank does not drown the others. */
    public static final int RANK_CONSTANT = 60;

    private Fusion() {}

    public static float weight(Source source, FusionWeights weights) {
        return weights.of(source.jsonName());
    }

    /** Reciprocal-rank fusion's term of one source. */
    public static float contribution(Source source, int rank, FusionWeights weights) {
        return weight(source, weights) / (RANK_CONSTANT + rank);
    }

    /**
     * The term {@code source} adds to a candidate's fused score: {@code rank} is 1-based (0 = not recalled by it),
     * {@code normalizedScore} the source's score divided by its best in the request (0..1).
     */
    public static float contribution(FusionMethod method, Source source, int rank, float normalizedScore, FusionWeights weights) {
        if (rank <= 0) {
            return 0f;
        }
        if (method == FusionMethod.RECIPROCAL_RANK) {
            return contribution(source, rank, weights);
        }
        float total = totalWeight(weights);
        return total > 0 ? weight(source, weights) * normalizedScore / total : 0f;
    }

    /** The sum of every source's weight: score fusion's divisor, so that its score is a weighted mean. */
    public static float totalWeight(FusionWeights weights) {
        float total = 0;
        for (Source source : Source.values()) {
            total += weight(source, weights);
        }
        return total;
    }

    /** Reciprocal-rank fusion of one candidate from its 1-based rank per source (0 = not recalled by that source). */
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

    /** The fused score of one candidate by {@code method}; both arrays are indexed by {@link Source#ordinal()}. */
    public static float score(FusionMethod method, int[] sourceRanks, float[] normalizedScores, FusionWeights weights) {
        if (method == FusionMethod.RECIPROCAL_RANK) {
            return score(sourceRanks, weights);
        }
        float total = totalWeight(weights);
        if (total <= 0) {
            return 0f;
        }
        float sum = 0;
        for (Source source : Source.values()) {
            if (sourceRanks[source.ordinal()] > 0) {
                sum += weight(source, weights) * normalizedScores[source.ordinal()];
            }
        }
        return sum / total;
    }

    /** How explain names the fused score. */
    public static String describe(FusionMethod method) {
        return method == FusionMethod.SCORES
            ? "fused score: score fusion of the sources (a shopper in a session: the weighted mean of each source's score ÷ its best)"
            : "fused score: reciprocal-rank fusion of the sources";
    }
}
