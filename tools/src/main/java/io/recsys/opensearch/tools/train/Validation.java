package io.recsys.opensearch.tools.train;

import io.recsys.opensearch.tools.eval.RankingMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * How well a scorer orders held-out requests: AUC over all examples, and the mean NDCG@K of each request's logged
 * items re-ordered by the scorer (requests with no positive say nothing about order and are skipped). The logged fused
 * score is the baseline: the order the page had without a model.
 */
public final class Validation {

    /** A scorer's numbers. */
    public record Scores(double auc, double ndcg, int requests) {}

    private Validation() {}

    public static Scores of(List<LoggedRow> rows, ToDoubleFunction<LoggedRow> scorer, int k) {
        return new Scores(auc(rows, scorer), ndcg(rows, scorer, k), requestsWithPositives(rows));
    }

    /** Probability that a random positive outscores a random negative (ties count half). */
    static double auc(List<LoggedRow> rows, ToDoubleFunction<LoggedRow> scorer) {
        List<double[]> scored = new ArrayList<>(rows.size());
        for (LoggedRow row : rows) {
            scored.add(new double[] { scorer.applyAsDouble(row), row.label() });
        }
        scored.sort(Comparator.comparingDouble(a -> a[0]));
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < scored.size()) {
            int j = i;
            while (j < scored.size() && scored.get(j)[0] == scored.get(i)[0]) {
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            for (int t = i; t < j; t++) {
                if (scored.get(t)[1] == 1) {
                    rankSum += averageRank;
                    positives++;
                }
            }
            i = j;
        }
        long negatives = scored.size() - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    static double ndcg(List<LoggedRow> rows, ToDoubleFunction<LoggedRow> scorer, int k) {
        return mean(ndcgPerRequest(rows, scorer, k));
    }

    /** The mean of per-request values; NaN when there are none. */
    static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /**
     * NDCG@K of each request with a positive, in the order the requests first appear in {@code rows}: two scorers'
     * arrays over the same rows are paired request by request.
     */
    public static double[] ndcgPerRequest(List<LoggedRow> rows, ToDoubleFunction<LoggedRow> scorer, int k) {
        Map<String, List<LoggedRow>> byRequest = new LinkedHashMap<>();
        rows.forEach(r -> byRequest.computeIfAbsent(r.requestId(), x -> new ArrayList<>()).add(r));
        List<Double> each = new ArrayList<>();
        for (List<LoggedRow> request : byRequest.values()) {
            Set<String> relevant = new HashSet<>();
            request.forEach(r -> {
                if (r.label() == 1) {
                    relevant.add(r.item());
                }
            });
            if (relevant.isEmpty()) {
                continue;
            }
            List<LoggedRow> ordered = new ArrayList<>(request);
            ordered.sort(Comparator.comparingDouble((LoggedRow r) -> -scorer.applyAsDouble(r)).thenComparingInt(LoggedRow::position));
            each.add(RankingMetrics.ndcg(ordered.stream().map(LoggedRow::item).toList(), relevant, k));
        }
        return each.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static int requestsWithPositives(List<LoggedRow> rows) {
        Set<String> requests = new HashSet<>();
        rows.forEach(r -> {
            if (r.label() == 1) {
                requests.add(r.requestId());
            }
        });
        return requests.size();
    }
}
