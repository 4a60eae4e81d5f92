package io.recsys.opensearch.demo;

import io.recsys.opensearch.common.retail.PlatformSplit;

import org.junit.jupiter.api.Test;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.json.JsonXContent;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplaySummaryTest {

    @Test
    void whatIsStoredInTheIndexMetaReadsBackAsAReusedReplay() {
        ReplaySummary replayed = new ReplaySummary("fp", 396_241, 396_240, 0, 1, 7_353, 4_334, 7_353, 7_353, 61_300, 85_700, false);
        // through JSON, as the node stores and returns it (numbers come back as int or long)
        Map<String, Object> stored = XContentHelper.convertToMap(JsonXContent.jsonXContent, CatalogIndex.json(replayed.toMeta()), false);
        ReplaySummary read = ReplaySummary.fromMeta(stored);
        assertTrue(read.reused());
        assertEquals(new ReplaySummary("fp", 396_241, 396_240, 0, 1, 7_353, 4_334, 7_353, 7_353, 61_300, 85_700, true), read);
        assertEquals(6_464, Math.round(read.eventsPerSecond()));
    }

    @Test
    void theFingerprintChangesWithTheCatalogAndTheSplit() {
        PlatformSplit split = new PlatformSplit(PlatformSplit.DEFAULT_PLATFORMS, PlatformSplit.DEFAULT_SEED);
        String fingerprint = EventReplay.fingerprint("sha256=x;loader=1", split);
        assertTrue(fingerprint.startsWith("sha256=x;loader=1;replay="), fingerprint);
        assertNotEquals(fingerprint, EventReplay.fingerprint("sha256=y;loader=1", split));
        assertNotEquals(fingerprint, EventReplay.fingerprint("sha256=x;loader=1", new PlatformSplit(PlatformSplit.DEFAULT_PLATFORMS, 8)));
    }
}
