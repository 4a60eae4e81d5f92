package io.recsys.opensearch.profile;

import java.util.Arrays;

/**
 * A time-decayed weighted mean of vectors, kept as a weighted sum and a total weight relative to a reference time,
 * so that adding an event is O(dimension) and events may arrive out of order: an event at time t contributes
 * {@code weight * 2^-((reference - t) / halfLife)}; when a newer event moves the reference forward, the sum and the
 * weight are scaled down together.
 */
public final class DecayedVector {

    /** Weighted sum of the vectors, relative to {@link #referenceTime}; null until the first vector. */
    private double[] sum;
    /** Total decayed weight, same reference. */
    private double weight;
    /** Epoch millis that the decay is relative to: the newest event seen. */
    private long referenceTime;

    public DecayedVector() {}

    public DecayedVector(double[] sum, double weight, long referenceTime) {
        this.sum = sum;
        this.weight = weight;
        this.referenceTime = referenceTime;
    }

    /** An independent copy. */
    public DecayedVector copy() {
        return new DecayedVector(sum == null ? null : sum.clone(), weight, referenceTime);
    }

    /** Adds one vector at time {@code timestamp} with weight {@code eventWeight}; halfLifeMillis 0 means no decay. */
    public void add(float[] vector, double eventWeight, long timestamp, long halfLifeMillis) {
        if (eventWeight <= 0) {
            return;
        }
        if (sum == null) {
            sum = new double[vector.length];
            referenceTime = timestamp;
        } else if (sum.length != vector.length) {
            throw new IllegalArgumentException(
                "[item] vector dimension " + vector.length + " does not match the profile's dimension " + sum.length
            );
        }
        double factor = 1.0;
        if (timestamp > referenceTime) {
            rescale(decay(timestamp - referenceTime, halfLifeMillis));
            referenceTime = timestamp;
        } else {
            factor = decay(referenceTime - timestamp, halfLifeMillis);
        }
        double w = eventWeight * factor;
        for (int i = 0; i < vector.length; i++) {
            sum[i] += w * vector[i];
        }
        weight += w;
        if (isFinite() == false) {
            // never store a non-finite profile: start again from this event alone
            clear();
            add(vector, eventWeight, timestamp, halfLifeMillis);
        }
    }

    /** Whether the sum and weight are finite numbers (a profile written by a version without time bounds may not be). */
    public boolean isFinite() {
        if (Double.isFinite(weight) == false || weight < 0) {
            return false;
        }
        if (sum != null) {
            for (double v : sum) {
                if (Double.isFinite(v) == false) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Adds another decayed vector (profiles merging when identities are linked). */
    public void merge(DecayedVector other, long halfLifeMillis) {
        if (other.sum == null) {
            return;
        }
        if (sum == null) {
            sum = other.sum.clone();
            weight = other.weight;
            referenceTime = other.referenceTime;
            return;
        }
        if (sum.length != other.sum.length) {
            throw new IllegalArgumentException("profiles of different vector dimensions cannot be merged: " + sum.length + " and " + other.sum.length);
        }
        long reference = Math.max(referenceTime, other.referenceTime);
        rescale(decay(reference - referenceTime, halfLifeMillis));
        double otherFactor = decay(reference - other.referenceTime, halfLifeMillis);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += otherFactor * other.sum[i];
        }
        weight += otherFactor * other.weight;
        referenceTime = reference;
    }

    private void rescale(double factor) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] *= factor;
        }
        weight *= factor;
    }

    static double decay(long ageMillis, long halfLifeMillis) {
        return halfLifeMillis <= 0 ? 1.0 : Math.pow(2.0, -(double) ageMillis / halfLifeMillis);
    }

    /** The weighted mean, or null when nothing with weight was added (or the stored numbers are not finite). */
    public float[] mean() {
        if (sum == null || weight <= 0 || isFinite() == false) {
            return null;
        }
        float[] mean = new float[sum.length];
        for (int i = 0; i < sum.length; i++) {
            mean[i] = (float) (sum[i] / weight);
        }
        return mean;
    }

    public double[] sum() {
        return sum;
    }

    public double weight() {
        return weight;
    }

    public long referenceTime() {
        return referenceTime;
    }

    public int dimension() {
        return sum == null ? 0 : sum.length;
    }

    public void clear() {
        sum = null;
        weight = 0;
        referenceTime = 0;
    }

    @Override
    public String toString() {
        return "DecayedVector{weight=" + weight + ", reference=" + referenceTime + ", sum=" + Arrays.toString(sum) + "}";
    }
}
