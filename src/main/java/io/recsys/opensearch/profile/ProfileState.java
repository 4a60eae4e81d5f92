package io.recsys.opensearch.profile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole state of one unified profile, as read from and written to its document. Mutable: it lives for one
 * read-modify-write of the profile; {@link ProfileUpdater} changes it, {@link ProfileDocument} converts it.
 */
public final class ProfileState {

    /** Bounds that keep a profile document small, whatever the user's activity. */
    public static final int MAX_PURCHASED = 1_000;
    public static final int MAX_PRICES = 200;
    public static final int MAX_APPLIED_EVENT_IDS = 1_000;

    /** Profile id: the user id, or {@code anon:<platform>:<id>}. */
    final String profileId;
    /** Identities linked to this profile, as {@code platform:id}, in link order. */
    final LinkedHashSet<String> identities = new LinkedHashSet<>();
    /** Set on an anonymous profile once merged into a user: events for it go to that user. */
    String mergedInto;
    /** Long-term, time-decayed, event-type-weighted mean of item vectors. */
    final DecayedVector longTerm;
    /** Mean of the item vectors of the current session (no decay). */
    final DecayedVector session;
    /** Current session: the client's session id, or null when sessions are cut by the gap only. */
    String sessionId;
    /** Time of the latest event of the current session. */
    long sessionLastTimestamp;
    /** Category to time-decayed weighted count, relative to the long-term vector's reference time. */
    final Map<String, Double> categoryScores;
    /** Reference time of {@link #categoryScores}. */
    long categoryReferenceTime;
    /** Category to the time of the user's latest interaction with an item of it (the category_recency feature). */
    final Map<String, Long> categoryLastSeen;
    /** Touched items, newest first, bounded by the recommender's max_recent_items. */
    final List<RecentItem> recent;
    /** Purchased item ids, oldest first, bounded by {@link #MAX_PURCHASED}. */
    final LinkedHashSet<String> purchased;
    /** Events per platform. */
    final Map<String, Long> platformCounts;
    /** Events per type. */
    final Map<String, Long> typeCounts;
    /** Recent unit prices paid, oldest first, for the median. */
    final List<Double> prices;
    /** Ids of the latest applied events, so that a retried event is not applied twice. */
    final LinkedHashSet<String> appliedEventIds;
    /** Anonymous profiles merged into this one (makes a retried link idempotent). */
    final LinkedHashSet<String> mergedProfiles;
    /** Events applied in all. */
    long eventCount;
    /** Time of the last change, epoch millis. */
    long updatedAt;

    public ProfileState(String profileId) {
        this(profileId, new DecayedVector(), new DecayedVector());
    }

    ProfileState(String profileId, DecayedVector longTerm, DecayedVector session) {
        this.profileId = profileId;
        this.longTerm = longTerm;
        this.session = session;
        this.categoryScores = new TreeMap<>();
        this.categoryLastSeen = new TreeMap<>();
        this.recent = new ArrayList<>();
        this.purchased = new LinkedHashSet<>();
        this.platformCounts = new TreeMap<>();
        this.typeCounts = new TreeMap<>();
        this.prices = new ArrayList<>();
        this.appliedEventIds = new LinkedHashSet<>();
        this.mergedProfiles = new LinkedHashSet<>();
    }

    /** A deep copy: changing one never changes the other. */
    public ProfileState copy() {
        ProfileState copy = new ProfileState(profileId, longTerm.copy(), session.copy());
        copy.identities.addAll(identities);
        copy.mergedInto = mergedInto;
        copy.sessionId = sessionId;
        copy.sessionLastTimestamp = sessionLastTimestamp;
        copy.categoryScores.putAll(categoryScores);
        copy.categoryReferenceTime = categoryReferenceTime;
        copy.categoryLastSeen.putAll(categoryLastSeen);
        copy.recent.addAll(recent); // RecentItem is an immutable record
        copy.purchased.addAll(purchased);
        copy.platformCounts.putAll(platformCounts);
        copy.typeCounts.putAll(typeCounts);
        copy.prices.addAll(prices);
        copy.appliedEventIds.addAll(appliedEventIds);
        copy.mergedProfiles.addAll(mergedProfiles);
        copy.eventCount = eventCount;
        copy.updatedAt = updatedAt;
        return copy;
    }

    public String profileId() {
        return profileId;
    }

    /** Time of the latest event (or link), epoch millis; 0 for a new profile. */
    public long updatedAt() {
        return updatedAt;
    }

    /** Ids of the anonymous profiles merged into this one. */
    public java.util.Set<String> mergedProfiles() {
        return java.util.Collections.unmodifiableSet(mergedProfiles);
    }

    public String mergedInto() {
        return mergedInto;
    }

    /** Marks an anonymous profile as merged into a user: later events for it go to that user. */
    public void markMergedInto(String userId) {
        this.mergedInto = userId;
    }

    /**
     * Stops counting {@code profileId} as merged into this one (an unlinked device): a later link merges what the device
     * does from then on.
     */
    public void forgetMerged(String profileId) {
        mergedProfiles.remove(profileId);
    }

    /** Records a change made at {@code timestamp} that carries no event (a link). */
    public void touch(long timestamp) {
        this.updatedAt = Math.max(updatedAt, timestamp);
    }

    public long eventCount() {
        return eventCount;
    }

    public Collection<String> identities() {
        return identities;
    }

    public List<RecentItem> recent() {
        return recent;
    }

    public Collection<String> purchased() {
        return purchased;
    }

    public Map<String, Long> platformCounts() {
        return platformCounts;
    }

    public Map<String, Long> typeCounts() {
        return typeCounts;
    }

    public Map<String, Double> categoryScores() {
        return categoryScores;
    }

    /** Category to the epoch millis of the user's latest interaction with it (impressions do not count). */
    public Map<String, Long> categoryLastSeen() {
        return categoryLastSeen;
    }

    public DecayedVector longTerm() {
        return longTerm;
    }

    public DecayedVector session() {
        return session;
    }

    public boolean hasApplied(String eventId) {
        return eventId != null && appliedEventIds.contains(eventId);
    }

    public boolean hasMerged(String profileId) {
        return mergedProfiles.contains(profileId);
    }

    /** Median unit price paid, or null when no purchase carried a price. */
    public Double medianPrice() {
        if (prices.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(prices);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Category affinities normalized to sum to 1, highest first. */
    public List<Map.Entry<String, Double>> topCategories(int limit) {
        double total = categoryScores.values().stream().mapToDouble(Double::doubleValue).sum();
        return categoryScores.entrySet()
            .stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .limit(limit)
            .map(e -> Map.entry(e.getKey(), total <= 0 ? 0.0 : e.getValue() / total))
            .toList();
    }
}
