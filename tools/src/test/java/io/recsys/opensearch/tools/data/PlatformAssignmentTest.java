package io.recsys.opensearch.tools.data;

import io.recsys.opensearch.common.retail.PlatformSplit;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformAssignmentTest {

    private final PlatformSplit split = new PlatformSplit(PlatformSplit.DEFAULT_PLATFORMS, 7);

    @Test
    void anInvoiceStaysOnOnePlatformOfItsUserWhateverTheReadingOrder() {
        List<Interaction> lines = List.of(
            new Interaction("c1", "a", 1000, "purchase", null, "inv-1", 1.0, 1),
            new Interaction("c1", "b", 1000, "purchase", null, "inv-1", 1.0, 1),
            new Interaction("c1", "c", 2000, "purchase", null, "inv-2", 1.0, 1));
        EventLog log = new EventLog(lines, Map.of(), "test");
        List<Interaction> forward = PlatformAssignment.apply(split, log).interactions();
        List<Interaction> backward = PlatformAssignment.apply(split, new EventLog(lines.reversed(), Map.of(), "test")).interactions();
        assertEquals(forward.get(0).platform(), forward.get(1).platform());
        assertTrue(split.platformsOf("c1").contains(forward.get(2).platform()));
        assertEquals(Set.copyOf(forward), Set.copyOf(backward));
    }

    @Test
    void aLogWithItsOwnPlatformsKeepsThem() {
        EventLog log = new EventLog(List.of(new Interaction("u", "a", 1, "view", "kiosk", null, null, 1)), Map.of(), "test");
        assertEquals("kiosk", PlatformAssignment.apply(split, log).interactions().get(0).platform());
    }

    @Test
    void eventsWithoutASessionStayOnOnePlatformPerUserAndDay() {
        long day = 86_400_000L;
        List<Interaction> lines = List.of(
            new Interaction("c1", "a", 10 * day + 1_000, "view", null, null, null, 1),
            new Interaction("c1", "b", 10 * day + 50_000_000, "view", null, null, null, 1));
        List<Interaction> assigned = PlatformAssignment.apply(split, new EventLog(lines, Map.of(), "test")).interactions();
        assertEquals(assigned.get(0).platform(), assigned.get(1).platform());
    }
}
