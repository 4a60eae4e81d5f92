package io.recsys.opensearch.tools.eval;

import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.Interaction;
import io.recsys.opensearch.tools.data.Item;
import io.recsys.opensearch.tools.data.Timestamps;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocols on a hand-made log: who is tested, on what, and what the cluster may learn. */
class ProtocolsTest {

    private static final long CUT = Timestamps.parse("2011-11-09");
    private static final long DAY = 86_400_000L;

    private static Interaction buy(String user, String item, long time, String invoice) {
        return new Interaction(user, item, time, "purchase", "web", invoice, 1.0, 1);
    }

    private static final EventLog LOG = new EventLog(List.of(
        buy("alice", "mug", CUT - 10 * DAY, "i1"),
        buy("alice", "bag", CUT - 10 * DAY, "i1"),
        buy("alice", "mug", CUT + DAY, "i2"),      // a repeat
        buy("alice", "tin", CUT + DAY, "i2"),      // new
        buy("alice", "card", CUT + DAY, "i2"),     // new
        buy("bob", "mug", CUT - 5 * DAY, "i3"),
        buy("bob", "mug", CUT + 2 * DAY, "i4"),    // only repeats after the cut
        buy("carol", "tin", CUT + 3 * DAY, "i5")   // no history: cold
    ), Map.of(
        "mug", new Item("mug", "MUG", "mug", 1.0), "bag", new Item("bag", "BAG", "bag", 1.0),
        "tin", new Item("tin", "TIN", "storage", 1.0), "card", new Item("card", "CARD", "card", 1.0)), "test");

    @Test
    void temporalTrainsOnThePastAndTestsNewItemsOfWarmUsers() {
        Split split = Protocols.temporal(LOG, CUT, Targets.NEW);
        assertEquals(3, split.train().size());
        assertTrue(split.train().stream().allMatch(i -> i.timestamp() < CUT));
        assertEquals(1, split.cases().size(), "bob has only repeats, carol is cold");
        TestCase alice = split.cases().get(0);
        assertEquals(Set.of("tin", "card"), alice.targets());
        assertEquals(Set.of("mug", "bag"), alice.knownCategories());
        assertTrue(split.notes().get(1).contains("1 with no event before the cut") && split.notes().get(1).contains("1 whose later items were all repeats"),
            split.notes().toString());
        // carol, cold, is queried apart: her first purchase is the target
        assertEquals(1, split.coldCases().size());
        assertEquals("carol", split.coldCases().get(0).user());
        assertEquals(Set.of("tin"), split.coldCases().get(0).targets());
        // both are asked at the cut: the profile as it was then, and no session in progress
        assertEquals(CUT, alice.time());
        assertEquals(CUT, split.coldCases().get(0).time());
    }

    @Test
    void temporalWithAllTargetsKeepsRepeats() {
        Split split = Protocols.temporal(LOG, CUT, Targets.ALL);
        assertEquals(2, split.cases().size());
        assertEquals(Set.of("mug", "tin", "card"), split.cases().get(0).targets());
        assertEquals(Set.of("mug"), split.cases().get(1).targets());
    }

    @Test
    void leaveLastOutHoldsOutTheLastInvoice() {
        Split split = Protocols.leaveLastOut(LOG, Targets.NEW);
        assertEquals(1, split.cases().size());
        assertEquals(Set.of("tin", "card"), split.cases().get(0).targets());
        // alice's last invoice is not trained on; everyone else's events are (bob's repeat-only last invoice, carol's only one)
        assertEquals(LOG.interactions().size() - 3, split.train().size());
        assertEquals(CUT + DAY, split.cases().get(0).time(), "asked when the held-out invoice starts");
    }

    @Test
    void randomSplitNeverPutsAUsersItemOnBothSides() {
        Split split = Protocols.randomPerUser(LOG, 0.5, 3);
        for (TestCase testCase : split.cases()) {
            for (Interaction trained : split.train()) {
                if (trained.user().equals(testCase.user())) {
                    assertTrue(testCase.targets().contains(trained.item()) == false, trained + " is also a target");
                }
            }
        }
        // items are held out from the whole log: every user is asked after its last event
        long end = CUT + 3 * DAY + 1;
        split.cases().forEach(c -> assertEquals(end, c.time(), c.user()));
        split.coldCases().forEach(c -> assertEquals(end, c.time(), c.user()));
    }

    @Test
    void sessionNextItemRevealsTheFirstHalfAndAsksForTheNextNewItem() {
        Split split = Protocols.sessionNextItem(LOG, CUT, Targets.NEW, 100, 7);
        assertEquals(1, split.cases().size(), "i2 is the only later session with 2+ items of a user with history");
        TestCase next = split.cases().get(0);
        // i2 = mug, tin, card: first half (1 item: mug) revealed; the next item new to alice is tin
        assertEquals(List.of("mug"), next.reveal().stream().map(Interaction::item).toList());
        assertEquals(Set.of("tin"), next.targets());
        assertEquals("web", next.platform());
        assertEquals(CUT + DAY, next.time(), "asked right after the first half was sent: in the session");
    }
}
