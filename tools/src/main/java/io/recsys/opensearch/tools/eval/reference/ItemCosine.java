package io.recsys.opensearch.tools.eval.reference;

import java.util.stream.IntStream;

/**
 * Cosine similarity of items over users: {@code cos(i, j) = c(i, j) / sqrt(c(i) · c(j))}, where {@code c(i, j)} counts
 * the users who interacted with both items and {@code c(i)} those who interacted with i (the binary matrix's columns).
 * Kept as one sparse row per item (only the items that co-occur with it, never itself); the cost of building it is the
 * sum over users of their item count squared.
 */
public final class ItemCosine {

    /** Per item: the co-occurring items, ascending, and their similarities. */
    private final int[][] neighbours;
    private final float[][] similarities;

    public ItemCosine(TrainingData data) {
        int n = data.items();
        neighbours = new int[n][];
        similarities = new float[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            int[] counts = new int[n];
            int[] touched = new int[n];
            int touchedCount = 0;
            for (int user : data.itemUsers(i)) {
                for (int j : data.userItems(user)) {
                    if (j != i && counts[j]++ == 0) {
                        touched[touchedCount++] = j;
                    }
                }
            }
            int[] row = java.util.Arrays.copyOf(touched, touchedCount);
            java.util.Arrays.sort(row);
            float[] values = new float[row.length];
            double ci = data.itemUsers(i).length;
            for (int k = 0; k < row.length; k++) {
                values[k] = (float) (counts[row[k]] / Math.sqrt(ci * data.itemUsers(row[k]).length));
            }
            neighbours[i] = row;
            similarities[i] = values;
        });
    }

    /** Adds {@code weight · cos(item, j)} to {@code scores[j]} for every j that co-occurs with the item. */
    public void addRow(int item, double weight, double[] scores) {
        int[] row = neighbours[item];
        float[] values = similarities[item];
        for (int k = 0; k < row.length; k++) {
            scores[row[k]] += weight * values[k];
        }
    }

    /** cos(a, b); 0 when they never co-occur (and for a == b, which no row holds). */
    public double similarity(int a, int b) {
        int k = java.util.Arrays.binarySearch(neighbours[a], b);
        return k < 0 ? 0 : similarities[a][k];
    }
}
