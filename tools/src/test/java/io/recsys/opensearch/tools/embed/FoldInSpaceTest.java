package io.recsys.opensearch.tools.embed;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FoldInSpaceTest {

    private static float[][] randomFactors(int rows, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] factors = new float[rows][k];
        for (float[] row : factors) {
            for (int d = 0; d < k; d++) {
                row[d] = (float) random.nextGaussian();
            }
        }
        return factors;
    }

    @Test
    void theMapSquaredInvertsTheRegularisedGramMatrix() {
        int k = 5;
        float[][] items = randomFactors(40, k, 7);
        double lambda = 0.5;
        DMatrixRMaj gram = new DMatrixRMaj(k, k);
        for (float[] y : items) {
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    gram.add(a, b, (double) y[a] * y[b]);
                }
            }
        }
        for (int a = 0; a < k; a++) {
            gram.add(a, a, lambda);
        }
        // M = (YᵀY + λI)^(-½): mapping a column of YᵀY + λI twice gives back the unit vector of that column
        FoldInSpace space = FoldInSpace.of(items, k, lambda);
        for (int b = 0; b < k; b++) {
            float[] column = new float[k];
            for (int a = 0; a < k; a++) {
                column[a] = (float) gram.get(a, b);
            }
            float[] twice = space.map(space.map(column));
            for (int a = 0; a < k; a++) {
                assertEquals(a == b ? 1.0 : 0.0, twice[a], 1e-4, "(M·M)·(YᵀY + λI) at " + a + "," + b);
            }
        }
    }

    @Test
    void aUsersSummedMappedVectorsScoreAnItemAsTheFoldInDoes() {
        // with two orthogonal directions, one used by every item (the "best seller" direction, large) and one rare,
        // the fold-in discounts the shared direction: the mapped space must give the same scores as x_u = A Σ y_i
        int k = 2;
        float[][] items = { { 3, 0 }, { 3, 0.1f }, { 3, 1 }, { 0.2f, 1 } };
        double lambda = 0.1;
        FoldInSpace space = FoldInSpace.of(items, k, lambda);
        // the user bought items 2 and 3
        float[] sum = new float[k];
        for (int i : new int[] { 2, 3 }) {
            float[] z = space.map(items[i]);
            for (int d = 0; d < k; d++) {
                sum[d] += z[d];
            }
        }
        // A = (YᵀY + λI)⁻¹, by hand: YᵀY = [[27.04, 3.5], [3.5, 2.01]]
        double g00 = 9 + 9 + 9 + 0.04 + lambda, g01 = 0 + 0.3 + 3 + 0.2, g11 = 0 + 0.01 + 1 + 1 + lambda;
        double det = g00 * g11 - g01 * g01;
        double[][] inverse = { { g11 / det, -g01 / det }, { -g01 / det, g00 / det } };
        double[] history = { items[2][0] + items[3][0], items[2][1] + items[3][1] };
        double[] user = { inverse[0][0] * history[0] + inverse[0][1] * history[1], inverse[1][0] * history[0] + inverse[1][1] * history[1] };
        for (float[] item : items) {
            float[] z = space.map(item);
            double mapped = sum[0] * z[0] + sum[1] * z[1];
            double foldIn = user[0] * item[0] + user[1] * item[1];
            assertEquals(foldIn, mapped, 1e-5);
        }
    }
}
