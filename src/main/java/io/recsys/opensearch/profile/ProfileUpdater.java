package io.recsys.opensearch.profile;

import io.recsys.opensearch.events.Event;
import io.recsys.opensearch.events.EventLimits;
import io.recsys.opensearch.recommender.EventType;
import io.recsys.opensearch.recommender.EventsConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The profile arithmetic: how one event changes a profile, and how two profiles merge when identities are linked.
 * Pure (no I/O), so that serving, tests and tooling compute profiles the same way.
 */
public final class ProfileUpdater {

    /** How the recommender weighs and decays events. */
    private final EventsConfig config;

    public ProfileUpdater(EventsConfig config) {
        this.config = config;
    }

    /**
     * Makes a profile that an earlier version let go wrong usable again: a vector that is not finite, or that decays
     * relative to a time further ahead of {@code now} than an event may be (later events would weigh nothing), is
     * cleared with the category scores that share its time; history, purchases and counts stay. Returns whether
     * anything was cleared.
     */
    public boolean repair(ProfileState state, long now) {
        long latest = now + EventLimits.MAX_FUTURE_MILLIS;
        boolean repaired = false;
        boolean categoriesFinite = state.categoryScores.values().stream().allMatch(v -> Double.isFinite(v) && v >= 0);
        if (state.longTerm.isFinite() == false || state.longTerm.referenceTime() > latest || categoriesFinite == false
            || state.categoryReferenceTime > latest) {
            state.longTerm.clear();
            state.categoryScores.clear();
            state.categoryReferenceTime = 0;
            repaired = true;
        }
        if (state.session.isFinite() == false || state.sessionLastTimestamp > latest) {
            state.session.clear();
            state.sessionLastTimestamp = 0;
            repaired = true;
        }
        return repaired;
    }

    /**
     * Applies one event. {@code item} is null when the item is not in the catalog: the event is counted and kept in the
     * history, the vectors and categories are left alone. Returns false (and changes nothing) for an already applied
     * event id.
     */
    public boolean apply(ProfileState state, Event event, CatalogItem item) {
        if (state.hasApplied(event.eventId())) {
            return false;
        }
        double weight = config.weight(event.type());
        long halfLife = config.halfLife().millis();
        if (item != null && item.vector() != null) {
            state.longTerm.add(item.vector(), weight, event.timestamp(), halfLife);
            updateSession(state, event, item.vector(), weight);
        }
        if (item != null && item.category() != null && weight > 0) {
            addCategory(state, item.category(), weight, event.timestamp(), halfLife);
        }
        if (event.type() != EventType.IMPRESSION && item != null && item.category() != null) {
            state.categoryLastSeen.merge(item.category(), event.timestamp(), Math::max);
        }
        if (event.type() != EventType.IMPRESSION) {
            addRecent(state, new RecentItem(event.item(), event.timestamp(), event.type().jsonName(), event.platform()));
        }
        if (event.type() == EventType.PURCHASE) {
            state.purchased.remove(event.item());
            state.purchased.add(event.item());
            trimOldest(state.purchased, ProfileState.MAX_PURCHASED);
            Double price = event.price() != null ? event.price() : item == null ? null : item.price();
            if (price != null) {
                state.prices.add(price);
                while (state.prices.size() > ProfileState.MAX_PRICES) {
                    state.prices.remove(0);
                }
            }
        }
        state.platformCounts.merge(event.platform(), 1L, Long::sum);
        state.typeCounts.merge(event.type().jsonName(), 1L, Long::sum);
        if (event.eventId() != null) {
            state.appliedEventIds.add(event.eventId());
            trimOldest(state.appliedEventIds, ProfileState.MAX_APPLIED_EVENT_IDS);
        }
        state.eventCount++;
        state.updatedAt = Math.max(state.updatedAt, event.timestamp());
        return true;
    }

    /** A new session starts when the client's session id changes or after the session gap without events. */
    private void updateSession(ProfileState state, Event event, float[] vector, double weight) {
        boolean sameSession = state.session.dimension() > 0
            && (event.session() == null || event.session().equals(state.sessionId))
            && Math.abs(event.timestamp() - state.sessionLastTimestamp) <= config.sessionGap().millis();
        if (sameSession == false) {
            if (event.timestamp() < state.sessionLastTimestamp) {
                return; // a late event of an earlier session does not reopen it
            }
            state.session.clear();
            state.sessionId = event.session();
        }
        state.session.add(vector, weight, event.timestamp(), 0);
        state.sessionLastTimestamp = Math.max(state.sessionLastTimestamp, event.timestamp());
    }

    private static void addCategory(ProfileState state, String category, double weight, long timestamp, long halfLife) {
        if (state.categoryScores.isEmpty()) {
            state.categoryReferenceTime = timestamp;
        }
        if (timestamp > state.categoryReferenceTime) {
            double factor = DecayedVector.decay(timestamp - state.categoryReferenceTime, halfLife);
            state.categoryScores.replaceAll((c, score) -> score * factor);
            state.categoryReferenceTime = timestamp;
            state.categoryScores.merge(category, weight, Double::sum);
        } else {
            state.categoryScores.merge(category, weight * DecayedVector.decay(state.categoryReferenceTime - timestamp, halfLife), Double::sum);
        }
    }

    /**
     * Newest first; among events with the same timestamp (the lines of one order, clicks within a second) the one that
     * arrived last counts as the newest, so that the item just added to a basket is the first anchor of the next query.
     */
    private void addRecent(ProfileState state, RecentItem item) {
        int at = 0;
        while (at < state.recent.size() && state.recent.get(at).timestamp() > item.timestamp()) {
            at++;
        }
        state.recent.add(at, item);
        while (state.recent.size() > config.maxRecentItems()) {
            state.recent.remove(state.recent.size() - 1);
        }
    }

    /** Merges an anonymous profile (or a whole account) into a user's: vectors combined by their weights, histories in time order, counts added. */
    public void merge(ProfileState target, ProfileState source) {
        long halfLife = config.halfLife().millis();
        target.longTerm.merge(source.longTerm, halfLife);
        if (source.sessionLastTimestamp > target.sessionLastTimestamp) {
            target.session.clear();
            target.session.merge(source.session, 0);
            target.sessionId = source.sessionId;
            target.sessionLastTimestamp = source.sessionLastTimestamp;
        }
        if (source.categoryScores.isEmpty() == false) {
            long reference = Math.max(target.categoryReferenceTime, source.categoryReferenceTime);
            double targetFactor = target.categoryScores.isEmpty() ? 1 : DecayedVector.decay(reference - target.categoryReferenceTime, halfLife);
            double sourceFactor = DecayedVector.decay(reference - source.categoryReferenceTime, halfLife);
            target.categoryScores.replaceAll((c, score) -> score * targetFactor);
            source.categoryScores.forEach((c, score) -> target.categoryScores.merge(c, score * sourceFactor, Double::sum));
            target.categoryReferenceTime = reference;
        }
        source.categoryLastSeen.forEach((c, t) -> target.categoryLastSeen.merge(c, t, Math::max));
        List<RecentItem> recent = new ArrayList<>(target.recent);
        recent.addAll(source.recent);
        recent.sort(Comparator.comparingLong(RecentItem::timestamp).reversed());
        target.recent.clear();
        target.recent.addAll(recent.subList(0, Math.min(recent.size(), config.maxRecentItems())));
        for (String item : source.purchased) {
            target.purchased.remove(item);
            target.purchased.add(item);
        }
        trimOldest(target.purchased, ProfileState.MAX_PURCHASED);
        target.prices.addAll(source.prices);
        while (target.prices.size() > ProfileState.MAX_PRICES) {
            target.prices.remove(0);
        }
        source.platformCounts.forEach((k, v) -> target.platformCounts.merge(k, v, Long::sum));
        source.typeCounts.forEach((k, v) -> target.typeCounts.merge(k, v, Long::sum));
        target.appliedEventIds.addAll(source.appliedEventIds);
        trimOldest(target.appliedEventIds, ProfileState.MAX_APPLIED_EVENT_IDS);
        target.identities.addAll(source.identities);
        target.mergedProfiles.add(source.profileId);
        // an account merge brings the devices merged into the old account: forgetting the user still finds their history
        target.mergedProfiles.addAll(source.mergedProfiles);
        target.eventCount += source.eventCount;
        target.updatedAt = Math.max(target.updatedAt, source.updatedAt);
    }

    private static void trimOldest(java.util.Collection<String> ordered, int max) {
        Iterator<String> oldest = ordered.iterator();
        int excess = ordered.size() - max;
        while (excess-- > 0 && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** The categories the profile is most drawn to, for the searchable {@code categories} field. */
    static List<String> topCategoryNames(ProfileState state, int limit) {
        return state.topCategories(limit).stream().map(Map.Entry::getKey).toList();
    }
}
