package io.recsys.opensearch.tools.train;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelGateTest {

    /** Per-request NDCG of the fused order and of a model that adds {@code lift} plus noise of width {@code noise}. */
    private static double[][] pairs(int requests, double lift, double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] fused = new double[requests], model = new double[requests];
        for (int i = 0; i < requests; i++) {
            fused[i] = random.nextDouble();
            model[i] = Math.min(1, Math.max(0, fused[i] + lift + noise * (random.nextDouble() - 0.5)));
        }
        return new double[][] { model, fused };
    }

    @Test
    void aModelThatWinsOnMostRequestsPasses() {
        double[][] p = pairs(760, 0.045, 0.6, 1);
        ModelGate gate = ModelGate.of(p[0], p[1]);
        assertTrue(gate.wins(), gate::describe);
        assertTrue(gate.pValue() < 1e-6, gate::describe);
        assertEquals(760, gate.requests());
        assertTrue(gate.describe().contains("model − fused order: +") && gate.describe().contains("passed: above the fused order"), gate::describe);
    }

    @Test
    void aModelAboveTheFusedOrderByLessThanTheNoiseDoesNotPass() {
        double[][] p = pairs(760, 0.001, 0.6, 2);
        ModelGate gate = ModelGate.of(p[0], p[1]);
        assertTrue(gate.model() > gate.fused(), "the model's mean is above: " + gate.describe());
        assertFalse(gate.wins(), gate::describe);
        assertTrue(gate.describe().contains("refused: not above the fused order beyond the held-out requests' noise (p < 0.05 needed)"), gate::describe);
    }

    @Test
    void aModelBelowTheFusedOrderOrEqualToItDoesNotPass() {
        double[][] below = pairs(760, -0.05, 0.6, 3);
        assertFalse(ModelGate.of(below[0], below[1]).wins());
        assertTrue(ModelGate.of(below[0], below[1]).pValue() > 0.99);
        double[] same = pairs(50, 0, 0, 4)[1];
        ModelGate tie = ModelGate.of(same, same.clone());
        assertFalse(tie.wins());
        assertEquals(1.0, tie.pValue());
    }
}
