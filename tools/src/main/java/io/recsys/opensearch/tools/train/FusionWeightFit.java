package io.recsys.opensearch.tools.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The recommender's {@code fusion.weights} fitted to its own logged pages. A returning shopper's fused order is
 * {@code Σ weight(source) × reciprocal rank(source)}, and the feature log holds each source's reciprocal rank of every
 * hit (contract v2), so the weights that order the logged pages best are found from the log alone, without a model.
 * Which source deserves the most weight is a property of the data: on Online Retail's simulated pages the co-occurrence
 * weight fits at 8, on MovieLens 100K's at 2, where the k-NN and neighbours sources are as strong as co-occurrence
 * (docs/evaluation-notes.md, *Fusion weights on two data sets*).
 *
 * <p>Only the co-occurrence weight is fitted, the one the data sets disagree on: the other sources keep the weights the
 * pages were logged with. It takes the value of {@link #GRID} (or keeps its own) that gives the best mean NDCG@K over the
 * training requests, and moves only when that is strictly better, so a tie keeps what the recommender has. Fitting every
 * weight overfit a few hundred pages: on 148 movie-rating pages it gave the popular source 16 and ranked the later
 * pages below the logged weights.
 *
 * @param weights    the fitted weights by source name ({@link #SOURCES} order)
 * @param start      the weights the pages were logged with
 * @param trainNdcg  the mean NDCG@K of the training requests under {@code weights}
 */
public record FusionWeightFit(Map<String, Float> weights, Map<String, Float> start, double trainNdcg) {

    /** The sources of {@code fusion.weights}, as the plugin names them, each with the feature of its reciprocal rank. */
    public static final List<String> SOURCES = List.of("knn", "cooccurrence", "neighbors", "text", "popular", "trending");
    /** The weight fitted. */
    static final String FITTED = "cooccurrence";
    /** Powers of two from 1 (as much as any other personal source) to 16: only ratios matter, and a finer grid would fit noise. */
    static final float[] GRID = { 1, 2, 4, 8, 16 };

    /** The v2 feature that holds the source's reciprocal rank of a hit. */
    private static String featureOf(String source) {
        return source + "_reciprocal_rank";
    }

    /** True when rows of these features hold every source's reciprocal rank (contract v2), which the fit needs. */
    public static boolean canFit(List<String> featureNames) {
        return SOURCES.stream().allMatch(source -> featureNames.contains(featureOf(source)));
    }

    /**
     * @param featureNames the columns of the rows' features; must hold every source's reciprocal rank
     * @param start        the weights the pages were logged with, by source name (every one of {@link #SOURCES})
     */
    public static FusionWeightFit fit(List<LoggedRow> train, List<String> featureNames, Map<String, Float> start, int k) {
        int[] columns = columns(featureNames);
        float[] weights = new float[SOURCES.size()];
        for (int s = 0; s < SOURCES.size(); s++) {
            Float weight = start.get(SOURCES.get(s));
            if (weight == null) {
                throw new IllegalArgumentException("no starting weight for the source [" + SOURCES.get(s) + "]");
            }
            weights[s] = weight;
        }
        int fitted = SOURCES.indexOf(FITTED);
        double best = Validation.ndcg(train, scorer(columns, weights), k);
        float kept = weights[fitted];
        for (float candidate : GRID) {
            weights[fitted] = candidate;
            double ndcg = Validation.ndcg(train, scorer(columns, weights), k);
            if (ndcg > best) {
                best = ndcg;
                kept = candidate;
            }
        }
        weights[fitted] = kept;
        Map<String, Float> fit = new LinkedHashMap<>();
        Map<String, Float> logged = new LinkedHashMap<>();
        for (int s = 0; s < SOURCES.size(); s++) {
            fit.put(SOURCES.get(s), weights[s]);
            logged.put(SOURCES.get(s), start.get(SOURCES.get(s)));
        }
        return new FusionWeightFit(fit, logged, best);
    }

    /** The same order under the weights the pages were logged with: the baseline the fitted weights must beat. */
    public ToDoubleFunction<LoggedRow> startScorer(List<String> featureNames) {
        return scorer(columns(featureNames), values(start));
    }

    /** The fused score of a logged hit under the fitted weights (the fused order up to a constant factor). */
    public ToDoubleFunction<LoggedRow> scorer(List<String> featureNames) {
        return scorer(columns(featureNames), values(weights));
    }

    private static float[] values(Map<String, Float> bySource) {
        float[] values = new float[SOURCES.size()];
        for (int s = 0; s < SOURCES.size(); s++) {
            values[s] = bySource.get(SOURCES.get(s));
        }
        return values;
    }

    /** The fitted weight alone, by source name: what is written into a recommender. */
    public Map<String, Float> fitted() {
        return Map.of(FITTED, weights.get(FITTED));
    }

    /** True when some weight differs from the one the pages were logged with. */
    public boolean changed() {
        return weights.equals(start) == false;
    }

    /** {@code knn=1, cooccurrence=6, …}: as {@code evaluate --fusion-weights} takes them. */
    public static String describe(Map<String, Float> weights) {
        return weights.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue())).collect(Collectors.joining(","));
    }

    private static String format(float weight) {
        return weight == Math.rint(weight) ? Integer.toString((int) weight) : String.format(Locale.ROOT, "%s", weight);
    }

    private static ToDoubleFunction<LoggedRow> scorer(int[] columns, float[] weights) {
        float[] copy = weights.clone();
        return row -> {
            double score = 0;
            for (int s = 0; s < columns.length; s++) {
                score += copy[s] * row.features()[columns[s]];
            }
            return score;
        };
    }

    private static int[] columns(List<String> featureNames) {
        int[] columns = new int[SOURCES.size()];
        for (int s = 0; s < SOURCES.size(); s++) {
            columns[s] = featureNames.indexOf(featureOf(SOURCES.get(s)));
            if (columns[s] < 0) {
                throw new IllegalArgumentException("the feature log rows lack [" + featureOf(SOURCES.get(s))
                    + "]: fitting fusion weights needs every source's reciprocal rank (--features v2)");
            }
        }
        return columns;
    }
}
