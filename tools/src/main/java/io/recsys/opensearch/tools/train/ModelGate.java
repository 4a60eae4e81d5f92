package io.recsys.opensearch.tools.train;

import org.apache.commons.statistics.inference.AlternativeHypothesis;
import org.apache.commons.statistics.inference.TTest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Whether a trained model may re-rank: it must beat the logged fused order on the held-out requests by more than their
 * noise. Each request's NDCG@10 under the model is paired with its NDCG@10 in the fused order, and a one-sided paired
 * t-test asks whether the mean difference is above 0 at {@link #SIGNIFICANCE}. A model that wins by a hair is not worth
 * the risk: one that passed a gate by 0.0008 then ranked 0.96× the fused order on the random split
 * (docs/evaluation-trained-model-later.md), and the fused order is what a recommender without a model ranks by anyway.
 *
 * @param requests    held-out requests with a positive (the pairs)
 * @param model       the model's mean NDCG@10 over them
 * @param fused       the fused order's
 * @param pValue      the one-sided p-value of "the model's mean is above the fused order's" (1 when there is nothing to test)
 * @param wins        true when the model is above and {@code pValue} is below {@link #SIGNIFICANCE}
 */
public record ModelGate(int requests, double model, double fused, double pValue, boolean wins) {

    /** The usual 5%: one gate in twenty would pass a model no better than the fused order. */
    public static final double SIGNIFICANCE = 0.05;

    public static ModelGate of(List<LoggedRow> validation, ToDoubleFunction<LoggedRow> model, int k) {
        return of(validation, model, LoggedRow::fused, k);
    }

    /** The gate of {@code contender} against another order than the logged one ({@code baseline}). */
    public static ModelGate of(List<LoggedRow> validation, ToDoubleFunction<LoggedRow> contender, ToDoubleFunction<LoggedRow> baseline, int k) {
        return of(Validation.ndcgPerRequest(validation, contender, k), Validation.ndcgPerRequest(validation, baseline, k));
    }

    /** The gate over paired per-request NDCG values. */
    static ModelGate of(double[] byModel, double[] byFused) {
        if (byModel.length != byFused.length) {
            throw new IllegalArgumentException("unpaired NDCG values: " + byModel.length + " and " + byFused.length);
        }
        double model = Validation.mean(byModel), fused = Validation.mean(byFused);
        double p = 1.0; // nothing to test: too few pairs, or the same NDCG on every request
        if (byModel.length >= 2 && Arrays.equals(byModel, byFused) == false) {
            p = TTest.withDefaults().with(AlternativeHypothesis.GREATER_THAN).pairedTest(byModel, byFused).getPValue();
        }
        return new ModelGate(byModel.length, model, fused, p, model > fused && p < SIGNIFICANCE);
    }

    /** One line for the tool's output: the difference, its p-value and the verdict. */
    public String describe() {
        return describe("model", "fused order", "recommenders should keep the fused order (no model)");
    }

    /**
     * The same line for another contender and baseline.
     *
     * @param contender what was compared ("model", "fitted weights")
     * @param baseline  what it was compared with ("fused order", "logged weights")
     * @param otherwise what follows when it does not win
     */
    public String describe(String contender, String baseline, String otherwise) {
        return String.format(Locale.ROOT, "%s − %s: %+.4f NDCG@10 over %,d held-out requests (paired t-test, one-sided p = %.2g): %s",
            contender, baseline, model - fused, requests, pValue, wins
                ? "passed: above the " + baseline + " beyond the held-out requests' noise"
                : "refused: not above the " + baseline + " beyond the held-out requests' noise (p < " + SIGNIFICANCE + " needed): " + otherwise);
    }
}
