package io.recsys.opensearch.tools.embed;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Maps ALS item factors into the space where the plugin's way of querying them, the weighted mean of a user's item
 * vectors, approximates ALS's own answer for that user.
 *
 * <p>ALS scores an item for a user by {@code x_u · y_j}, where the user's factor folded in from their items (unit
 * confidence) is {@code x_u = A Σ y_i} with {@code A = (YᵀY + λI)⁻¹}. The plugin cannot hold {@code A}: it averages
 * stored vectors and asks k-NN. With the stored vectors {@code z = A^½ y} the mean of a user's vectors dotted with an
 * item's vector is {@code (Σ y_i)ᵀ A y_j}: the fold-in score, linear in the history, which a mean can carry. Raw factors
 * instead score {@code (Σ y_i)ᵀ y_j}, which lets the directions every user shares (the best sellers') dominate; {@code A}
 * is what discounts them.
 */
public final class FoldInSpace {

    private final double[] matrix;
    private final int k;

    private FoldInSpace(double[] matrix, int k) {
        this.matrix = matrix;
        this.k = k;
    }

    /** {@code (YᵀY + λI)^(-½)} of the item factors, by the symmetric eigendecomposition of the Gram matrix. */
    public static FoldInSpace of(float[][] items, int k, double regularization) {
        DMatrixRMaj gram = new DMatrixRMaj(k, k);
        for (float[] y : items) {
            for (int a = 0; a < k; a++) {
                double ya = y[a];
                for (int b = a; b < k; b++) {
                    gram.data[a * k + b] += ya * y[b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < a; b++) {
                gram.data[a * k + b] = gram.data[b * k + a];
            }
            // a floor keeps the inverse root finite when λ is 0 and a direction is unused
            gram.data[a * k + a] += Math.max(regularization, 1e-6);
        }
        EigenDecomposition_F64<DMatrixRMaj> eigen = DecompositionFactory_DDRM.eig(k, true, true);
        if (eigen.decompose(gram) == false) {
            throw new IllegalStateException("the Gram matrix of the item factors could not be decomposed");
        }
        DMatrixRMaj root = new DMatrixRMaj(k, k);
        for (int e = 0; e < k; e++) {
            double scale = 1 / Math.sqrt(eigen.getEigenvalue(e).getReal());
            DMatrixRMaj v = eigen.getEigenVector(e);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    root.data[a * k + b] += scale * v.get(a, 0) * v.get(b, 0);
                }
            }
        }
        return new FoldInSpace(root.data, k);
    }

    /** {@code (YᵀY + λI)^(-½) · y}. */
    public float[] map(float[] y) {
        float[] z = new float[k];
        for (int a = 0; a < k; a++) {
            double sum = 0;
            for (int b = 0; b < k; b++) {
                sum += matrix[a * k + b] * y[b];
            }
            z[a] = (float) sum;
        }
        return z;
    }
}
