package io.recsys.opensearch.rerank;

import io.recsys.opensearch.candidate.Candidate;

import java.util.List;

/**
 * What the re-ranking stage returns.
 *
 * @param candidates   candidates in final order with final scores
 * @param model        model id that scored them, or null
 * @param modelVersion its version (0 when no model scored them)
 */
public record Reranked(List<Candidate> candidates, String model, long modelVersion) {

    /** The fused order stands: no model scored the candidates. */
    public static Reranked fused(List<Candidate> fused) {
        return new Reranked(List.copyOf(fused), null, 0);
    }
}
