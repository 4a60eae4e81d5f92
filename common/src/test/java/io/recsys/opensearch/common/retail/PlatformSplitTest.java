package io.recsys.opensearch.common.retail;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void aSessionStaysOnOneOfItsUsersPlatformsAndTheSessionsSpreadOverThem() {
        Set<String> used = new HashSet<>();
        for (int invoice = 0; invoice < 200; invoice++) {
            String platform = split.platformOf("c1", "inv-" + invoice);
            assertEquals(platform, split.platformOf("c1", "inv-" + invoice));
            assertTrue(split.platformsOf("c1").contains(platform), platform);
            used.add(platform);
        }
        assertEquals(Set.copyOf(split.platformsOf("c1")), used);
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

    @Test
    void onePlatformIsNotASplit() {
        assertThrows(IllegalArgumentException.class, () -> new PlatformSplit(List.of("app"), 7));
    }
}
