package io.recsys.opensearch.bench;

import java.util.Arrays;
import java.util.Random;

/** Zipf popularity for the generated data: rank r (0-based) drawn with probability ∝ 1 / (r + 1)^exponent. */
public final class Zipf {

    private Zipf() {}

    /** The cumulative distribution over {@code n} ranks, normalized to end at 1. */
    public static double[] cdf(int n, double exponent) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, exponent);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    /** A rank drawn from a cumulative distribution (any, not only Zipf's). */
    public static int sample(double[] cdf, Random random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, i >= 0 ? i : -1 - i);
    }
}
