package io.recsys.opensearch.rerank;

import io.recsys.opensearch.candidate.Candidate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns model outputs into final scores. The top {@code window} fused candidates are ordered by model output (ties keep
 * their fused order) and scored {@code 1 + sigmoid(output)}, in (1, 2); every score is then made strictly lower than
 * the one above it (by one float step when needed), so that Lucene's order is exactly the model's. The candidates below
 * the window keep their fused score, which is at most 1 with the default weights ({@code sum of weight / (60 + rank) <= 7 / 61},
 * or a weighted mean of scores in 0..1: {@link Fusion}), so they stay below every re-ranked one. All scores are positive, as Lucene requires.
 */
public final class RerankScores {

    private RerankScores() {}

    /**
     * @param fused   candidates in fused order
     * @param window  how many of the first are re-ranked ({@code outputs} has that many values)
     * @param outputs raw model output per re-ranked candidate, in fused order
     */
    public static List<Candidate> apply(List<Candidate> fused, int window, float[] outputs) {
        List<Integer> order = new ArrayList<>(window);
        for (int i = 0; i < window; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> outputs[i]).reversed()); // stable: ties keep the fused order
        List<Candidate> result = new ArrayList<>(fused.size());
        float previous = Float.POSITIVE_INFINITY;
        for (int i : order) {
            float score = (float) (1 + sigmoid(outputs[i]));
            if (score >= previous) {
                score = Math.nextDown(previous);
            }
            previous = score;
            result.add(fused.get(i).withModelScore(outputs[i], score));
        }
        result.addAll(fused.subList(window, fused.size()));
        return result;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
