package io.recsys.opensearch.profile;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ProfileDocumentTests {

    @Test
    void vectorSumsRoundTripExactly() {
        double[] sum = { 0.1, -1e-300, Math.PI, Double.MAX_VALUE, -0.0, 123456.789012345 };
        assertArrayEquals(sum, ProfileDocument.decodeSum(ProfileDocument.encodeSum(sum)));
    }

    @Test
    void profilesWrittenAsNumberArraysStillRead() {
        assertArrayEquals(new double[] { 1.5, -2, 3.25 }, ProfileDocument.decodeSum(List.of(1.5, -2, 3.25f)));
    }
}
