package io.recsys.opensearch.tools.train;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * The fusion model: a small multilayer perceptron, standardised features → one hidden ReLU layer → one score (the
 * logit of "the user takes this item"), trained on the logged examples with the logistic loss, Adam and L2, on
 * mini-batches drawn by a seeded generator (deterministic). Small on purpose: 14 features and tens of thousands of
 * examples; it runs for every candidate of every request inside the data nodes.
 */
public final class FusionMlp {

    /**
     * @param hidden       units of the hidden layer
     * @param epochs       passes over the data
     * @param learningRate Adam's step size
     * @param l2           weight decay
     * @param batch        examples per step
     * @param seed         initial weights and batch order
     */
    public record Params(int hidden, int epochs, double learningRate, double l2, int batch, long seed) {}

    /** Feature means and deviations (standardisation), and the layers: w1 [inputs][hidden], b1, w2 [hidden], b2. */
    final double[] mean, std;
    /**
     * Features that never varied in training (text_score without a query; item_seen when purchased items were
     * excluded): the data says nothing about them, so their weights are 0 — not their random initial values, which
     * would otherwise score a value never seen in training arbitrarily.
     */
    final boolean[] constant;
    final double[][] w1;
    final double[] b1, w2;
    double b2;
    private final Params params;

    private FusionMlp(int inputs, Params params) {
        this.params = params;
        this.mean = new double[inputs];
        this.std = new double[inputs];
        this.constant = new boolean[inputs];
        SplittableRandom random = new SplittableRandom(params.seed());
        this.w1 = new double[inputs][params.hidden()];
        double scale = Math.sqrt(2.0 / inputs); // He initialisation for ReLU
        for (double[] row : w1) {
            for (int h = 0; h < row.length; h++) {
                row[h] = random.nextGaussian() * scale;
            }
        }
        this.b1 = new double[params.hidden()];
        this.w2 = new double[params.hidden()];
        for (int h = 0; h < w2.length; h++) {
            w2[h] = random.nextGaussian() * Math.sqrt(1.0 / params.hidden());
        }
    }

    public int inputs() {
        return mean.length;
    }

    public int hidden() {
        return b1.length;
    }

    /** Trains on {@code rows}; {@code afterEpoch} is told each finished epoch. */
    public static FusionMlp train(List<LoggedRow> rows, int inputs, Params params, IntConsumer afterEpoch) {
        FusionMlp model = new FusionMlp(inputs, params);
        model.standardise(rows);
        model.fit(rows, afterEpoch);
        return model;
    }

    private void standardise(List<LoggedRow> rows) {
        int n = rows.size();
        for (LoggedRow row : rows) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += row.features()[i] / (double) n;
            }
        }
        for (LoggedRow row : rows) {
            for (int i = 0; i < mean.length; i++) {
                double d = row.features()[i] - mean[i];
                std[i] += d * d / n;
            }
        }
        for (int i = 0; i < std.length; i++) {
            std[i] = Math.sqrt(std[i]);
            if (std[i] < 1e-6) {
                std[i] = 1;
                constant[i] = true;
                Arrays.fill(w1[i], 0);
            }
        }
    }

    private void fit(List<LoggedRow> rows, IntConsumer afterEpoch) {
        int inputs = mean.length, hidden = b1.length;
        Adam adam = new Adam(inputs * hidden + hidden + hidden + 1, params.learningRate());
        SplittableRandom random = new SplittableRandom(params.seed() ^ 0x5DEECE66DL);
        int[] order = new int[rows.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double[] x = new double[inputs], pre = new double[hidden], act = new double[hidden];
        for (int epoch = 0; epoch < params.epochs(); epoch++) {
            for (int i = order.length - 1; i > 0; i--) { // Fisher–Yates with the seeded generator
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int start = 0; start < order.length; start += params.batch()) {
                int end = Math.min(order.length, start + params.batch());
                double[] grad = new double[adam.size()];
                for (int b = start; b < end; b++) {
                    LoggedRow row = rows.get(order[b]);
                    double logit = forward(row.features(), x, pre, act);
                    double p = 1 / (1 + Math.exp(-logit));
                    double dLogit = (p - row.label()) / (end - start);
                    // layer 2
                    int offset = inputs * hidden + hidden;
                    for (int h = 0; h < hidden; h++) {
                        grad[offset + h] += dLogit * act[h];
                    }
                    grad[offset + hidden] += dLogit;
                    // layer 1, through the ReLU
                    for (int h = 0; h < hidden; h++) {
                        if (pre[h] <= 0) {
                            continue;
                        }
                        double dPre = dLogit * w2[h];
                        for (int i = 0; i < inputs; i++) {
                            grad[i * hidden + h] += dPre * x[i];
                        }
                        grad[inputs * hidden + h] += dPre;
                    }
                }
                for (int i = 0; i < inputs; i++) {
                    for (int h = 0; h < hidden; h++) {
                        grad[i * hidden + h] = constant[i] ? 0 : grad[i * hidden + h] + params.l2() * w1[i][h];
                    }
                }
                for (int h = 0; h < hidden; h++) {
                    grad[inputs * hidden + hidden + h] += params.l2() * w2[h];
                }
                double[] step = adam.step(grad);
                for (int i = 0; i < inputs; i++) {
                    for (int h = 0; h < hidden; h++) {
                        w1[i][h] -= step[i * hidden + h];
                    }
                }
                for (int h = 0; h < hidden; h++) {
                    b1[h] -= step[inputs * hidden + h];
                    w2[h] -= step[inputs * hidden + hidden + h];
                }
                b2 -= step[inputs * hidden + 2 * hidden];
            }
            afterEpoch.accept(epoch + 1);
        }
    }

    /** The logit for raw (unstandardised) features; the buffers are scratch space. */
    double forward(float[] features, double[] x, double[] pre, double[] act) {
        for (int i = 0; i < x.length; i++) {
            x[i] = constant[i] ? 0 : (features[i] - mean[i]) / std[i];
        }
        double logit = b2;
        for (int h = 0; h < b1.length; h++) {
            double sum = b1[h];
            for (int i = 0; i < x.length; i++) {
                sum += x[i] * w1[i][h];
            }
            pre[h] = sum;
            act[h] = Math.max(0, sum);
            logit += act[h] * w2[h];
        }
        return logit;
    }

    public double score(float[] features) {
        return forward(features, new double[mean.length], new double[b1.length], new double[b1.length]);
    }

    /** Adam (Kingma and Ba, 2015) over one flat parameter vector. */
    private static final class Adam {
        private static final double BETA1 = 0.9, BETA2 = 0.999, EPSILON = 1e-8;
        private final double[] m, v;
        private final double rate;
        private int t;

        Adam(int size, double rate) {
            this.m = new double[size];
            this.v = new double[size];
            this.rate = rate;
        }

        int size() {
            return m.length;
        }

        double[] step(double[] grad) {
            t++;
            double[] step = new double[grad.length];
            double c1 = 1 - Math.pow(BETA1, t), c2 = 1 - Math.pow(BETA2, t);
            for (int i = 0; i < grad.length; i++) {
                m[i] = BETA1 * m[i] + (1 - BETA1) * grad[i];
                v[i] = BETA2 * v[i] + (1 - BETA2) * grad[i] * grad[i];
                step[i] = rate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON);
            }
            return step;
        }
    }
}
