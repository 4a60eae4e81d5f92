package io.recsys.opensearch.rerank;

import java.nio.FloatBuffer;

/**
 * Scores many candidates in one call: the seam between re-ranking (which fills the features) and the engine that runs
 * a model. One call per request, never one per candidate.
 */
public interface BatchScorer {

    /** Input columns per row: the model's feature count. */
    int columns();

    /**
     * @param features {@code rows * columns()} values, row-major, from position 0 (a reused direct buffer)
     * @param rows     number of rows
     * @param scores   receives one score per row in {@code [0, rows)}
     */
    void score(FloatBuffer features, int rows, float[] scores) throws Exception;
}
