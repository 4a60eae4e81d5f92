package io.recsys.opensearch.tools.train;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldOutRequestsTest {

    /** Ten requests of three hits each, request r logged at minute r, listed newest first. */
    private static List<LoggedRow> tenRequests() {
        List<LoggedRow> rows = new ArrayList<>();
        for (int request = 9; request >= 0; request--) {
            for (int position = 0; position < 3; position++) {
                // a page's hits are logged within the same second, not all at the same millisecond
                rows.add(new LoggedRow("r" + request, "i" + position, position, 1f - position, new float[] { 0f }, position == 0 ? 1 : 0,
                    request * 60_000L + position));
            }
        }
        return rows;
    }

    private static Set<String> requests(List<LoggedRow> rows) {
        Set<String> ids = new TreeSet<>();
        rows.forEach(row -> ids.add(row.requestId()));
        return ids;
    }

    @Test
    void theLatestShareOfRequestsIsHeldOutWithAllTheirHits() {
        HeldOutRequests split = HeldOutRequests.latest(tenRequests(), 0.2);
        assertEquals(Set.of("r8", "r9"), requests(split.validation()));
        assertEquals(6, split.validation().size(), "every hit of a held-out page");
        assertEquals(24, split.train().size());
        long newestTrained = split.train().stream().mapToLong(LoggedRow::loggedAt).max().orElseThrow();
        long oldestHeldOut = split.validation().stream().mapToLong(LoggedRow::loggedAt).min().orElseThrow();
        assertTrue(newestTrained < oldestHeldOut, "the model learns only from pages logged before every held-out one");
        assertTrue(split.rule().contains("2 requests logged last"), split.rule());
    }

    @Test
    void requestsLoggedAtTheSameMomentAreHeldOutTogether() {
        List<LoggedRow> rows = new ArrayList<>();
        for (LoggedRow row : tenRequests()) {
            // r7, r8 and r9 at one moment
            long at = row.requestId().compareTo("r7") >= 0 ? 7 * 60_000L : row.loggedAt();
            rows.add(new LoggedRow(row.requestId(), row.item(), row.position(), row.fused(), row.features(), row.label(), at));
        }
        assertEquals(Set.of("r7", "r8", "r9"), requests(HeldOutRequests.latest(rows, 0.2).validation()));
    }

    @Test
    void namedRequestsAreHeldOutAndASplitWithNothingToLearnFromIsAnError() {
        HeldOutRequests lastPeriod = HeldOutRequests.of(tenRequests(), Set.of("r0", "r5"), "the last period");
        assertEquals(Set.of("r0", "r5"), requests(lastPeriod.validation()));
        assertEquals(8, requests(lastPeriod.train()).size());
        IllegalArgumentException everything = assertThrows(IllegalArgumentException.class,
            () -> HeldOutRequests.of(tenRequests(), requests(tenRequests()), "every page"));
        assertTrue(everything.getMessage().contains("held out 30 of 30 logged hits (every page)"), everything.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HeldOutRequests.of(tenRequests(), Set.of("r99"), "a page not logged"));
    }
}
