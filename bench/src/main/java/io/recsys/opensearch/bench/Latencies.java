package io.recsys.opensearch.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latencies of one scenario, in nanoseconds; percentiles by the nearest-rank method. */
public final class Latencies {

    /** Recorded values. */
    private long[] nanos = new long[64];
    /** How many. */
    private int count;

    public void add(long value) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = value;
    }

    /** Adds every value of another. */
    public void addAll(Latencies other) {
        for (int i = 0; i < other.count; i++) {
            add(other.nanos[i]);
        }
    }

    public int count() {
        return count;
    }

    /** The p-th percentile (0 < p ≤ 100) in milliseconds: the smallest value with at least p% of the values at or below it. */
    public double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)] / 1e6;
    }

    public double meanMillis() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += nanos[i];
        }
        return count == 0 ? Double.NaN : sum / 1e6 / count;
    }

    public static String format(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis);
    }
}
