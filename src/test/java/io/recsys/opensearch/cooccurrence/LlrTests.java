package io.recsys.opensearch.cooccurrence;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dunning's G² against values worked out by hand and against the entropy form on random tables. */
class LlrTests {

    /** 2N·(H(rows) + H(columns) − H(table)), natural logarithms. */
    private static double entropyForm(long k11, long k12, long k21, long k22) {
        double n = k11 + k12 + k21 + k22;
        return 2 * n * (h(n, k11 + k12, k21 + k22) + h(n, k11 + k21, k12 + k22) - h(n, k11, k12, k21, k22));
    }

    private static double h(double n, long... cells) {
        double sum = 0;
        for (long c : cells) {
            if (c > 0) {
                sum -= c / n * Math.log(c / n);
            }
        }
        return sum;
    }

    @Test
    void perfectAssociation() {
        // rows (10, 0) and (0, 10): every cell term is 10·ln 2
        assertEquals(40 * Math.log(2), Llr.g2(10, 0, 0, 10), 1e-12);
    }

    @Test
    void independenceScoresZero() {
        assertEquals(0, Llr.g2(10, 20, 30, 60), 1e-9);
        assertEquals(0, Llr.g2(0, 0, 0, 0));
        assertEquals(0, Llr.g2(5, 0, 7, 0), 1e-12);
    }

    @Test
    void matchesTheEntropyFormOnRandomTables() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            long k11 = random.nextInt(1000);
            long k12 = random.nextInt(100_000);
            long k21 = random.nextInt(100_000);
            long k22 = random.nextInt(10_000_000);
            double expected = entropyForm(k11, k12, k21, k22);
            assertEquals(expected, Llr.g2(k11, k12, k21, k22), 1e-7 * Math.max(1, expected), k11 + " " + k12 + " " + k21 + " " + k22);
        }
    }

    @Test
    void isSymmetricInRowsAndColumns() {
        assertEquals(Llr.g2(7, 3, 40, 950), Llr.g2(7, 40, 3, 950), 1e-9);
        assertEquals(Llr.g2(7, 3, 40, 950), Llr.g2(40, 950, 7, 3), 1e-9);
    }

    @Test
    void directionOfTheAssociation() {
        assertTrue(Llr.isPositive(8, 2, 10, 80)); // 0.8 with the anchor, 0.11 without
        assertFalse(Llr.isPositive(1, 9, 50, 40)); // 0.1 with the anchor, 0.56 without
        assertFalse(Llr.isPositive(1, 9, 10, 90)); // the same rate
    }

    @Test
    void scoreFromSubsetCounts() {
        // 5 of 100 documents hold the anchor; the item is in 4 of them and in 6 of the other 95
        assertEquals(Llr.g2(4, 1, 6, 89), Llr.scoreSubset(4, 5, 10, 100), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, Llr.scoreSubset(1, 50, 60, 100), "negative association");
        assertEquals(Double.NEGATIVE_INFINITY, Llr.scoreSubset(6, 5, 10, 100), "doc_count above the foreground size");
    }

    @Test
    void negativeCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Llr.g2(-1, 0, 0, 0));
    }
}
