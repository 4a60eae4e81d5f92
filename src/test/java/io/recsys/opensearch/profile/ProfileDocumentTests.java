package io.recsys.opensearch.profile;

import org.junit.jupiter.api.Test;

import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;
import org.opensearch.core.common.bytes.BytesReference;

import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ProfileDocumentTests {

    @Test
    void vectorSumsRoundTripExactly() {
        double[] sum = { 0.1, -1e-300, Math.PI, Double.MAX_VALUE, -0.0, 123456.789012345 };
        assertArrayEquals(sum, ProfileDocument.decodeSum(ProfileDocument.sumBytes(sum)));
        // a profile document shown or re-indexed as JSON holds the same bytes as base64
        assertArrayEquals(sum, ProfileDocument.decodeSum(Base64.getEncoder().encodeToString(ProfileDocument.sumBytes(sum))));
    }

    @Test
    void aProfileDocumentReadsTheSameAsJson() throws Exception {
        ProfileState state = new ProfileState("u1");
        state.longTerm.add(new float[] { 1, 2, 3 }, 1.0, 1_700_000_000_000L, 0);
        state.recent.add(new RecentItem("a", 1_700_000_000_000L, "view", "app"));
        state.platformCounts.put("app", 1L);
        BytesReference smile = ProfileDocument.source(state);
        String json = XContentHelper.convertToJson(smile, false, ProfileDocument.SOURCE_TYPE);
        ProfileState fromJson = ProfileDocument.fromSource("u1", XContentHelper.convertToMap(JsonXContent.jsonXContent, json, false));
        assertArrayEquals(state.longTerm().sum(), fromJson.longTerm().sum());
        assertEquals(state.recent(), fromJson.recent());
        assertEquals(state.platformCounts(), fromJson.platformCounts());
    }

    @Test
    void profilesWrittenAsNumberArraysStillRead() {
        assertArrayEquals(new double[] { 1.5, -2, 3.25 }, ProfileDocument.decodeSum(List.of(1.5, -2, 3.25f)));
    }
}
