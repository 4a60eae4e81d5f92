package io.recsys.opensearch.tools.embed;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Implicit-feedback matrix factorisation by alternating least squares (Hu, Koren and Volinsky, "Collaborative
 * Filtering for Implicit Feedback Datasets", 2008), each half-step solved approximately by a few conjugate-gradient
 * steps warm-started from the previous factors (Takács, Pilászy and Tikk, 2011), as the {@code implicit} library does.
 *
 * <p>Every (user, item) cell has a preference {@code p} (1 when the user interacted, else 0) and a confidence
 * {@code c = 1 + alpha * r} ({@code r} the interaction strength); the factors minimise
 * {@code Σ c (p - x_u·y_i)² + λ (Σ|x_u|² + Σ|y_i|²)} over all cells, the unobserved ones included, which is what
 * makes it an implicit-feedback method and not a rating fit. The trick that keeps it cheap: {@code YᵀCᵤY = YᵀY + Yᵀ(Cᵤ-I)Y},
 * and only the observed cells have {@code cᵤᵢ - 1 ≠ 0}.
 *
 * <p>Deterministic: the initial factors come from a generator with the seed; each half-step updates every row from
 * the other side's fixed factors, so the parallel loop gives the same result as a serial one.
 */
public final class ImplicitAls {

    /**
     * @param factors        dimension of the vectors
     * @param iterations     alternations (user half-step + item half-step)
     * @param regularization λ
     * @param alpha          confidence slope
     * @param cgSteps        conjugate-gradient steps per row and half-step
     * @param seed           initial factors
     */
    public record Params(int factors, int iterations, double regularization, double alpha, int cgSteps, long seed) {
        public Params {
            if (factors < 2 || iterations < 1 || regularization < 0 || alpha <= 0 || cgSteps < 1) {
                throw new IllegalArgumentException("invalid ALS parameters: " + this);
            }
        }
    }

    /** The trained factors; rows with no interaction keep their small random start. */
    public record Factors(float[][] users, float[][] items) {}

    private final Params params;

    public ImplicitAls(Params params) {
        this.params = params;
    }

    /** Trains; {@code afterIteration} is told each finished iteration (progress bars). */
    public Factors fit(InteractionMatrix matrix, IntConsumer afterIteration) {
        int k = params.factors();
        SplittableRandom random = new SplittableRandom(params.seed());
        float[][] users = randomFactors(matrix.users().size(), k, random);
        float[][] items = randomFactors(matrix.items().size(), k, random);
        for (int iteration = 0; iteration < params.iterations(); iteration++) {
            halfStep(users, items, matrix.byUser());
            halfStep(items, users, matrix.byItem());
            afterIteration.accept(iteration + 1);
        }
        return new Factors(users, items);
    }

    /** Updates every row of {@code x} with {@code y} fixed. */
    void halfStep(float[][] x, float[][] y, InteractionMatrix.Row[] rows) {
        double[][] gram = gram(y, params.regularization());
        IntStream.range(0, x.length).parallel().forEach(r -> solveRow(x[r], y, rows[r], gram));
    }

    /**
     * A few CG steps on {@code (YᵀY + λI + Σ (c-1) yᵢyᵢᵀ) x = Σ c yᵢ} for one row, from its current value.
     */
    void solveRow(float[] xRow, float[][] y, InteractionMatrix.Row row, double[][] gram) {
        int k = xRow.length;
        double[] x = new double[k];
        for (int d = 0; d < k; d++) {
            x[d] = xRow[d];
        }
        double[] r = new double[k];
        // r = b - A x
        multiplyGram(gram, x, r);
        for (int d = 0; d < k; d++) {
            r[d] = -r[d];
        }
        for (int n = 0; n < row.index().length; n++) {
            float[] yi = y[row.index()[n]];
            double confidence = 1 + params.alpha() * row.value()[n];
            double dot = dot(yi, x);
            double scale = confidence - (confidence - 1) * dot;
            for (int d = 0; d < k; d++) {
                r[d] += scale * yi[d];
            }
        }
        double[] p = r.clone();
        double rsOld = dot(r, r);
        double[] ap = new double[k];
        for (int step = 0; step < params.cgSteps() && rsOld > 1e-20; step++) {
            multiplyGram(gram, p, ap);
            for (int n = 0; n < row.index().length; n++) {
                float[] yi = y[row.index()[n]];
                double confidence = 1 + params.alpha() * row.value()[n];
                double scale = (confidence - 1) * dot(yi, p);
                for (int d = 0; d < k; d++) {
                    ap[d] += scale * yi[d];
                }
            }
            double pAp = dot(p, ap);
            if (pAp <= 0) {
                break;
            }
            double a = rsOld / pAp;
            for (int d = 0; d < k; d++) {
                x[d] += a * p[d];
                r[d] -= a * ap[d];
            }
            double rsNew = dot(r, r);
            for (int d = 0; d < k; d++) {
                p[d] = r[d] + (rsNew / rsOld) * p[d];
            }
            rsOld = rsNew;
        }
        for (int d = 0; d < k; d++) {
            xRow[d] = (float) x[d];
        }
    }

    /** YᵀY + λI. */
    static double[][] gram(float[][] y, double lambda) {
        int k = y[0].length;
        double[][] gram = new double[k][k];
        for (float[] row : y) {
            for (int a = 0; a < k; a++) {
                double va = row[a];
                if (va == 0) {
                    continue;
                }
                for (int b = a; b < k; b++) {
                    gram[a][b] += va * row[b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            gram[a][a] += lambda;
            for (int b = 0; b < a; b++) {
                gram[a][b] = gram[b][a];
            }
        }
        return gram;
    }

    private static void multiplyGram(double[][] gram, double[] v, double[] out) {
        for (int a = 0; a < v.length; a++) {
            double sum = 0;
            double[] row = gram[a];
            for (int b = 0; b < v.length; b++) {
                sum += row[b] * v[b];
            }
            out[a] = sum;
        }
    }

    private static float[][] randomFactors(int rows, int k, SplittableRandom random) {
        float[][] factors = new float[rows][k];
        double scale = 0.01;
        for (float[] row : factors) {
            for (int d = 0; d < k; d++) {
                row[d] = (float) (random.nextGaussian() * scale);
            }
        }
        return factors;
    }

    private static double dot(float[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += a[d] * b[d];
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += a[d] * b[d];
        }
        return sum;
    }
}
