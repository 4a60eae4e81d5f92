package io.recsys.opensearch.tools.data;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlatformSplitTest {

    private final PlatformSplit split = new PlatformSplit(PlatformSplit.DEFAULT_PLATFORMS, 7);

    @Test
    void everyUserUsesTwoOrThreePlatformsAndBothCountsOccur() {
        Map<Integer, Integer> sizes = new HashMap<>();
        for (int u = 0; u < 1000; u++) {
            List<String> platforms = split.platformsOf("c" + u);
            assertEquals(platforms.size(), new HashSet<>(platforms).size());
            sizes.merge(platforms.size(), 1, Integer::sum);
        }
        assertEquals(Set.of(2, 3), sizes.keySet());
        // about half and half
        assertTrue(sizes.get(2) > 400 && sizes.get(3) > 400, sizes.toString());
    }

    @Test
    void anInvoiceStaysOnOnePlatformOfItsUserWhateverTheReadingOrder() {
        List<Interaction> lines = List.of(
            new Interaction("c1", "a", 1000, "purchase", null, "inv-1", 1.0, 1),
            new Interaction("c1", "b", 1000, "purchase", null, "inv-1", 1.0, 1),
            new Interaction("c1", "c", 2000, "purchase", null, "inv-2", 1.0, 1));
        EventLog log = new EventLog(lines, Map.of(), "test");
        List<Interaction> forward = split.apply(log).interactions();
        List<Interaction> backward = split.apply(new EventLog(lines.reversed(), Map.of(), "test")).interactions();
        assertEquals(forward.get(0).platform(), forward.get(1).platform());
        assertTrue(split.platformsOf("c1").contains(forward.get(2).platform()));
        assertEquals(Set.copyOf(forward), Set.copyOf(backward));
    }

    @Test
    void aLogWithItsOwnPlatformsKeepsThem() {
        EventLog log = new EventLog(List.of(new Interaction("u", "a", 1, "view", "kiosk", null, null, 1)), Map.of(), "test");
        assertEquals("kiosk", split.apply(log).interactions().get(0).platform());
    }

    @Test
    void devicesAreAnonymousStableAndPerPlatform() {
        String app = split.deviceOf("12345", "app");
        assertTrue(app.matches("app-[0-9a-f]{16}"), app);
        assertEquals(app, new PlatformSplit(PlatformSplit.DEFAULT_PLATFORMS, 7).deviceOf("12345", "app"));
        assertNotEquals(app, split.deviceOf("12345", "web").replace("web", "app"));
        assertTrue(app.contains("12345") == false);
        assertNotEquals(app, new PlatformSplit(PlatformSplit.DEFAULT_PLATFORMS, 8).deviceOf("12345", "app"));
    }

    @Test
    void theLinkShareLinksAboutThatShare() {
        int linked = 0;
        for (int u = 0; u < 1000; u++) {
            linked += split.linked("c" + u, 0.3) ? 1 : 0;
            assertTrue(split.linked("c" + u, 1.0));
        }
        assertTrue(linked > 250 && linked < 350, Integer.toString(linked));
    }
}
