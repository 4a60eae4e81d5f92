package io.recsys.opensearch.tools.eval.reference;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.List;
import java.util.Locale;

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): the item-item weights B minimise
 * {@code ||X − XB||² + λ||B||²} with {@code diag(B) = 0}, whose closed form is {@code P = (XᵀX + λI)⁻¹},
 * {@code B_ij = −P_ij / P_jj} (i ≠ j). X is the binary user × item matrix; a user's scores are the sum of the rows of
 * B of the items in the history. The Gram matrix is dense: it needs {@link #bytesNeeded} of heap.
 */
public final class EaseReference implements ReferenceRecommender {

    private final TrainingData data;
    private final double lambda;
    /** B, row-major, items × items. */
    private final double[] weights;

    private EaseReference(TrainingData data, double lambda, double[] weights) {
        this.data = data;
        this.lambda = lambda;
        this.weights = weights;
    }

    /** Fits B on the whole training data. */
    public static EaseReference fit(TrainingData data, double lambda) {
        int[][] rows = new int[data.users()][];
        for (int u = 0; u < rows.length; u++) {
            rows[u] = data.userItems(u);
        }
        return new EaseReference(data, lambda, weights(gram(rows, data.items()), lambda));
    }

    /** XᵀX of a binary matrix given by its rows' item lists: co-occurrence counts, item counts on the diagonal. */
    static DMatrixRMaj gram(int[][] rows, int items) {
        DMatrixRMaj gram = new DMatrixRMaj(items, items);
        double[] g = gram.data;
        for (int[] row : rows) {
            for (int i : row) {
                int offset = i * items;
                for (int j : row) {
                    g[offset + j]++;
                }
            }
        }
        return gram;
    }

    /** B for one λ; the Gram matrix is left as it was. */
    static double[] weights(DMatrixRMaj gram, double lambda) {
        int n = gram.numRows;
        DMatrixRMaj regularised = gram.copy();
        for (int i = 0; i < n; i++) {
            regularised.unsafe_set(i, i, regularised.unsafe_get(i, i) + lambda);
        }
        DMatrixRMaj inverse = new DMatrixRMaj(n, n);
        // Gram + λI with λ > 0 is symmetric positive definite: Cholesky, about a third of the work of a general inverse
        if (CommonOps_DDRM.invertSPD(regularised, inverse) == false) {
            throw new IllegalStateException("EASE: XᵀX + " + lambda + "·I is not positive definite (λ must be > 0)");
        }
        double[] p = inverse.data;
        double[] diagonal = new double[n];
        for (int j = 0; j < n; j++) {
            diagonal[j] = p[j * n + j];
        }
        for (int i = 0; i < n; i++) {
            int offset = i * n;
            for (int j = 0; j < n; j++) {
                p[offset + j] = i == j ? 0 : -p[offset + j] / diagonal[j];
            }
        }
        return p;
    }

    /** Scores of one history: the sum of B's rows of its items. */
    static double[] scores(double[] weights, int items, int[] history) {
        double[] scores = new double[items];
        for (int i : history) {
            int offset = i * items;
            for (int j = 0; j < items; j++) {
                scores[j] += weights[offset + j];
            }
        }
        return scores;
    }

    /** Heap for one fit: the Gram matrix, its regularised copy and the inverse, dense doubles. */
    public static long bytesNeeded(int items) {
        return 3L * Double.BYTES * items * items;
    }

    /** Null when a fit fits in the heap still free; otherwise the reason, with the limit. */
    public static String whyNot(int items) {
        Runtime runtime = Runtime.getRuntime();
        if (bytesNeeded(items) >= runtime.maxMemory() * 0.8) {
            return message(items, runtime.maxMemory(), runtime.maxMemory());
        }
        // what is left after the garbage (an earlier fit, an earlier split) is collected: once per fit, next to a dense inverse
        System.gc();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        long needed = bytesNeeded(items);
        if (needed < free * 0.8) {
            return null;
        }
        return message(items, free, runtime.maxMemory());
    }

    private static String message(int items, long free, long max) {
        return String.format(Locale.ROOT, "EASE skipped: %,d items need three dense %,d × %,d matrices of doubles (%.1f GB; the Gram matrix, its "
            + "regularised copy and the inverse) and the heap has %.1f GB free of %.1f GB (RECSYS_TOOL_HEAP sets it)", items, items, items,
            bytesNeeded(items) / 1e9, free / 1e9, max / 1e9);
    }

    public double lambda() {
        return lambda;
    }

    @Override
    public String name() {
        return "ref EASE";
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "reference: EASE (Steck 2019), closed-form item-item regression on the binary matrix, λ %s chosen on a validation part of the training data",
            lambda == Math.rint(lambda) ? Long.toString((long) lambda) : Double.toString(lambda));
    }

    @Override
    public List<String> recommend(Query query, int size) {
        if (query.history().length == 0) {
            return List.of();
        }
        return TopItems.of(scores(weights, data.items(), query.history()), query.excluded(), size, false, data);
    }
}
