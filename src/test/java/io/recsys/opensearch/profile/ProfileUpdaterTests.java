package io.recsys.opensearch.profile;

import io.recsys.opensearch.events.Event;
import io.recsys.opensearch.recommender.EventType;
import io.recsys.opensearch.recommender.EventsConfig;
import org.junit.jupiter.api.Test;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.xcontent.XContentHelper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The profile arithmetic: decayed weighted means, sessions, histories, merges. */
class ProfileUpdaterTests {

    static final long DAY = 24 * 3600 * 1000L;
    static final long T0 = 1_700_000_000_000L;
    static final EventsConfig CONFIG = new EventsConfig(Map.of(), TimeValue.timeValueDays(30), TimeValue.timeValueMinutes(30), 5);

    static Event event(String id, String item, EventType type, long ts, String platform) {
        return new Event(id, "u1", null, item, type, platform, ts, null, null, null, null, null, null);
    }

    static CatalogItem item(String id, float... vector) {
        return new CatalogItem(id, vector, "cat-" + id, 10.0);
    }

    @Test
    void longTermVectorIsTheEventTypeWeightedMean() {
        ProfileState state = new ProfileState("u1");
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        updater.apply(state, event(null, "a", EventType.VIEW, T0, "app"), item("a", 1, 0));
        updater.apply(state, event(null, "b", EventType.PURCHASE, T0, "app"), item("b", 0, 1));
        // view weighs 1, purchase 8, same time: (1*[1,0] + 8*[0,1]) / 9
        assertArrayEquals(new float[] { 1f / 9, 8f / 9 }, state.longTerm().mean(), 1e-6f);
    }

    @Test
    void aProfilePoisonedByAnEarlierVersionIsRepairedByTheNextEvent() {
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        // what an unbounded far-future and far-past pair of timestamps left behind: an infinite weight, NaN sums
        ProfileState poisoned = new ProfileState("u1", new DecayedVector(new double[] { Double.NaN, Double.POSITIVE_INFINITY }, Double.POSITIVE_INFINITY, T0),
            new DecayedVector());
        assertNull(poisoned.longTerm().mean(), "a non-finite vector is no vector: the query falls back instead of failing");
        assertTrue(updater.repair(poisoned, T0));
        updater.apply(poisoned, event(null, "a", EventType.VIEW, T0, "app"), item("a", 1, 0));
        assertArrayEquals(new float[] { 1, 0 }, poisoned.longTerm().mean(), 1e-6f);

        // a profile frozen in 2040 by one event: later events would weigh ~1e-48 until it is repaired
        long year2040 = 2_208_988_800_000L;
        ProfileState frozen = new ProfileState("u2");
        updater.apply(frozen, event(null, "b", EventType.VIEW, year2040, "app"), item("b", 0, 1));
        assertTrue(updater.repair(frozen, T0));
        updater.apply(frozen, event(null, "a", EventType.VIEW, T0, "app"), item("a", 1, 0));
        assertArrayEquals(new float[] { 1, 0 }, frozen.longTerm().mean(), 1e-6f);
        assertEquals(List.of("b", "a"), frozen.recent().stream().map(RecentItem::item).toList(), "the history stays, newest first");

        ProfileState healthy = new ProfileState("u3");
        updater.apply(healthy, event(null, "a", EventType.VIEW, T0, "app"), item("a", 1, 0));
        assertFalse(updater.repair(healthy, T0 + DAY), "a sound profile is left alone");
    }

    @Test
    void eventsAtTheExtremesOfTheAllowedTimesKeepTheVectorFinite() {
        ProfileUpdater updater = new ProfileUpdater(new EventsConfig(Map.of(), TimeValue.timeValueMinutes(1), TimeValue.timeValueMinutes(30), 5));
        ProfileState state = new ProfileState("u1");
        updater.apply(state, event(null, "a", EventType.VIEW, 0, "app"), item("a", 1, 0));
        updater.apply(state, event(null, "b", EventType.VIEW, T0 + DAY, "app"), item("b", 0, 1));
        updater.apply(state, event(null, "a", EventType.VIEW, 0, "app"), item("a", 1, 0));
        assertArrayEquals(new float[] { 0, 1 }, state.longTerm().mean(), 1e-6f);
        assertTrue(state.longTerm().isFinite());
    }

    @Test
    void olderEventsCountLessByTheHalfLifeInAnyArrivalOrder() {
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        ProfileState inOrder = new ProfileState("u1");
        updater.apply(inOrder, event(null, "a", EventType.VIEW, T0, "web"), item("a", 1, 0));
        updater.apply(inOrder, event(null, "b", EventType.VIEW, T0 + 30 * DAY, "web"), item("b", 0, 1));
        ProfileState reversed = new ProfileState("u1");
        updater.apply(reversed, event(null, "b", EventType.VIEW, T0 + 30 * DAY, "web"), item("b", 0, 1));
        updater.apply(reversed, event(null, "a", EventType.VIEW, T0, "web"), item("a", 1, 0));
        // the 30-day-old view weighs half: (0.5*[1,0] + 1*[0,1]) / 1.5
        float[] expected = { 1f / 3, 2f / 3 };
        assertArrayEquals(expected, inOrder.longTerm().mean(), 1e-6f);
        assertArrayEquals(expected, reversed.longTerm().mean(), 1e-6f);
    }

    @Test
    void sessionVectorCoversOnlyTheCurrentSession() {
        ProfileState state = new ProfileState("u1");
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        updater.apply(state, event(null, "a", EventType.VIEW, T0, "app"), item("a", 1, 0));
        updater.apply(state, event(null, "b", EventType.VIEW, T0 + 10 * 60_000, "app"), item("b", 0, 1));
        assertArrayEquals(new float[] { 0.5f, 0.5f }, state.session().mean(), 1e-6f);
        // 31 minutes later: the gap ends the session
        updater.apply(state, event(null, "c", EventType.VIEW, T0 + 41 * 60_000, "app"), item("c", 0, 1));
        assertArrayEquals(new float[] { 0f, 1f }, state.session().mean(), 1e-6f);
    }

    @Test
    void countsHistoryPurchasesAndMedianPrice() {
        ProfileState state = new ProfileState("u1");
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        for (int i = 0; i < 8; i++) {
            updater.apply(state, event(null, "i" + i, i % 2 == 0 ? EventType.PURCHASE : EventType.VIEW, T0 + i, i < 3 ? "app" : "web"), item("i" + i, 1, 1));
        }
        updater.apply(state, event(null, "shown", EventType.IMPRESSION, T0 + 100, "web"), item("shown", 1, 1));
        assertEquals(9, state.eventCount());
        assertEquals(Map.of("app", 3L, "web", 6L), state.platformCounts());
        assertEquals(Map.of("purchase", 4L, "view", 4L, "impression", 1L), state.typeCounts());
        assertEquals(5, state.recent().size(), "bounded by max_recent_items");
        assertEquals("i7", state.recent().get(0).item(), "newest first; impressions are not history");
        assertEquals(List.of("i0", "i2", "i4", "i6"), List.copyOf(state.purchased()));
        assertEquals(10.0, state.medianPrice());
    }

    @Test
    void amongEventsOfTheSameTimeTheLastToArriveIsTheNewest() {
        // the lines of one order share its timestamp: the item added last is the first anchor of the next query
        ProfileState state = new ProfileState("u1");
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        updater.apply(state, event(null, "old", EventType.VIEW, T0, "web"), item("old", 1, 1));
        for (String line : List.of("first", "second", "third")) {
            updater.apply(state, event(null, line, EventType.PURCHASE, T0 + 1_000, "web"), item(line, 1, 1));
        }
        // an event that arrives late but happened earlier still sorts by its time
        updater.apply(state, event(null, "late", EventType.VIEW, T0 + 500, "web"), item("late", 1, 1));
        assertEquals(List.of("third", "second", "first", "late", "old"), state.recent().stream().map(RecentItem::item).toList());
    }

    @Test
    void itemsOutsideTheCatalogAreCountedWithoutTouchingTheVector() {
        ProfileState state = new ProfileState("u1");
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        updater.apply(state, event(null, "ghost", EventType.PURCHASE, T0, "app"), null);
        assertNull(state.longTerm().mean());
        assertEquals(1, state.eventCount());
        assertEquals("ghost", state.recent().get(0).item());
        assertNull(state.medianPrice());
    }

    @Test
    void anAppliedEventIdIsNotAppliedTwice() {
        ProfileState state = new ProfileState("u1");
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        assertTrue(updater.apply(state, event("e1", "a", EventType.CLICK, T0, "app"), item("a", 1, 0)));
        assertFalse(updater.apply(state, event("e1", "a", EventType.CLICK, T0, "app"), item("a", 1, 0)));
        assertEquals(1, state.eventCount());
    }

    @Test
    void aVectorOfAnotherDimensionIsRefusedNamingTheItem() {
        ProfileState state = new ProfileState("u1");
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        updater.apply(state, event(null, "a", EventType.CLICK, T0, "app"), item("a", 1, 0));
        IllegalArgumentException e = assertThrows(
            IllegalArgumentException.class,
            () -> updater.apply(state, event(null, "b", EventType.CLICK, T0, "app"), item("b", 1, 0, 0))
        );
        assertTrue(e.getMessage().startsWith("[item] vector dimension 3"), e.getMessage());
        assertEquals(1, state.eventCount(), "the refused event changed nothing");
    }

    @Test
    void mergingTwoProfilesEqualsApplyingAllTheirEventsToOne() {
        EventsConfig config = new EventsConfig(Map.of(), TimeValue.timeValueDays(30), TimeValue.timeValueMinutes(30), 1000);
        ProfileUpdater updater = new ProfileUpdater(config);
        Random random = new Random(42);
        List<Event> events = new ArrayList<>();
        Map<String, CatalogItem> items = new java.util.HashMap<>();
        for (int i = 0; i < 200; i++) {
            String id = "i" + random.nextInt(40);
            items.computeIfAbsent(id, k -> item(k, random.nextFloat(), random.nextFloat(), random.nextFloat()));
            EventType type = EventType.values()[random.nextInt(4)];
            events.add(event("e" + i, id, type, T0 + random.nextInt(100) * DAY / 10, random.nextBoolean() ? "app" : "web"));
        }
        ProfileState all = new ProfileState("u1");
        ProfileState user = new ProfileState("u1");
        ProfileState anonymous = new ProfileState("anon:app:d1");
        List<Event> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, random);
        for (int i = 0; i < shuffled.size(); i++) {
            Event e = shuffled.get(i);
            updater.apply(all, e, items.get(e.item()));
            updater.apply(i % 3 == 0 ? anonymous : user, e, items.get(e.item()));
        }
        updater.merge(user, anonymous);
        assertEquals(all.eventCount(), user.eventCount());
        assertEquals(all.platformCounts(), user.platformCounts());
        assertEquals(all.typeCounts(), user.typeCounts());
        assertArrayEquals(all.longTerm().mean(), user.longTerm().mean(), 1e-5f);
        assertEquals(all.recent().stream().map(RecentItem::timestamp).toList(), user.recent().stream().map(RecentItem::timestamp).toList());
        assertEquals(all.topCategories(5).stream().map(Map.Entry::getKey).toList(), user.topCategories(5).stream().map(Map.Entry::getKey).toList());
        assertTrue(user.hasMerged("anon:app:d1"));
    }

    @Test
    void theLastInteractionWithEachCategoryIsKeptAndMergedButImpressionsDoNotCount() {
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        ProfileState state = new ProfileState("u1");
        updater.apply(state, event(null, "a", EventType.VIEW, T0 + DAY, "app"), item("a", 1, 0));
        updater.apply(state, event(null, "a", EventType.VIEW, T0, "app"), item("a", 1, 0)); // late arrival: the latest stays
        updater.apply(state, event(null, "b", EventType.IMPRESSION, T0 + 2 * DAY, "app"), item("b", 0, 1));
        assertEquals(Map.of("cat-a", T0 + DAY), state.categoryLastSeen());
        ProfileState anonymous = new ProfileState("anon:app:d1");
        updater.apply(anonymous, event(null, "a", EventType.CART, T0 + 3 * DAY, "app"), item("a", 1, 0));
        updater.apply(anonymous, event(null, "c", EventType.VIEW, T0, "app"), item("c", 1, 1));
        updater.merge(state, anonymous);
        assertEquals(Map.of("cat-a", T0 + 3 * DAY, "cat-c", T0), state.categoryLastSeen());
        // a profile written before the field existed reads as never
        assertEquals(Map.of(), ProfileDocument.fromSource("u2", Map.of("state", Map.of())).categoryLastSeen());
    }

    @Test
    void aProfileSurvivesItsDocumentRoundTrip() {
        ProfileState state = new ProfileState("u1");
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        updater.apply(state, event("e1", "a", EventType.PURCHASE, T0, "app"), item("a", 1, 2));
        updater.apply(state, event("e2", "b", EventType.VIEW, T0 + DAY, "web"), item("b", 3, 4));
        ProfileState read = ProfileDocument.fromSource("u1",
            XContentHelper.convertToMap(ProfileDocument.source(state), false, ProfileDocument.SOURCE_TYPE).v2());
        assertArrayEquals(state.longTerm().mean(), read.longTerm().mean());
        assertArrayEquals(state.session().mean(), read.session().mean());
        assertEquals(state.recent(), read.recent());
        assertEquals(state.platformCounts(), read.platformCounts());
        assertEquals(state.categoryScores(), read.categoryScores());
        assertEquals(Map.of("cat-a", T0, "cat-b", T0 + DAY), read.categoryLastSeen());
        assertTrue(read.hasApplied("e2"));
        assertEquals(2, read.eventCount());
    }

    @Test
    void aCopyOfAProfileIsIndependentOfIt() {
        ProfileState state = new ProfileState("u1");
        ProfileUpdater updater = new ProfileUpdater(CONFIG);
        updater.apply(state, event("e1", "a", EventType.PURCHASE, T0, "app"), item("a", 1, 2));
        ProfileState copy = state.copy();
        assertEquals(ProfileDocument.source(state), ProfileDocument.source(copy));
        updater.apply(copy, event("e2", "b", EventType.VIEW, T0 + DAY, "web"), item("b", 3, 4));
        assertEquals(1, state.eventCount());
        assertEquals(1, state.recent().size());
        assertArrayEquals(new float[] { 1, 2 }, state.longTerm().mean());
        assertFalse(state.hasApplied("e2"));
        assertEquals(2, copy.eventCount());
    }
}
