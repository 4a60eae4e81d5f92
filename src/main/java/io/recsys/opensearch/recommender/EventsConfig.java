package io.recsys.opensearch.recommender;

import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How events shape a profile.
 *
 * @param weights        weight of each event type in the long-term vector (every type present)
 * @param halfLife       age at which an event counts half as much
 * @param sessionGap     inactivity that ends a session (and resets the short-term vector)
 * @param maxRecentItems bound on the recent-items history kept per profile
 * @param retention      age past which whole monthly partitions of stored events are dropped; null keeps every event
 *                       (profiles are never touched: they keep their aggregates)
 */
public record EventsConfig(Map<EventType, Double> weights, TimeValue halfLife, TimeValue sessionGap, int maxRecentItems, TimeValue retention)
    implements
        Writeable,
        ToXContentObject {

    public static final TimeValue DEFAULT_HALF_LIFE = TimeValue.timeValueDays(30);
    public static final TimeValue DEFAULT_SESSION_GAP = TimeValue.timeValueMinutes(30);
    /**
     * Shortest half-life and session gap accepted: below a minute the decay forgets an event before the next one
     * arrives (every profile is its last event) and every click starts a new session, which silently turns both off.
     */
    public static final TimeValue MIN_DURATION = TimeValue.timeValueMinutes(1);
    /**
     * Longest half-life and session gap accepted (100 years): beyond it a duration no longer fits the milliseconds the
     * profile arithmetic adds to timestamps (a duration past 292 years is silently capped), and decay is off anyway.
     */
    public static final TimeValue MAX_DURATION = TimeValue.timeValueDays(36_500);
    public static final int DEFAULT_MAX_RECENT_ITEMS = 200;
    /** Upper bound on the history per profile: profiles are rewritten on every event, so they must stay small. */
    public static final int MAX_RECENT_ITEMS_LIMIT = 10_000;
    /**
     * Shortest retention accepted: stored events are dropped by whole monthly partitions, so a retention under a day
     * drops nothing sooner and is almost surely a unit mistake ({@code 365m} meant as days).
     */
    public static final TimeValue MIN_RETENTION = TimeValue.timeValueDays(1);

    public EventsConfig {
        EnumMap<EventType, Double> complete = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            complete.put(type, weights.getOrDefault(type, type.defaultWeight));
        }
        weights = Collections.unmodifiableMap(complete);
    }

    /** Keeping every stored event (no retention). */
    public EventsConfig(Map<EventType, Double> weights, TimeValue halfLife, TimeValue sessionGap, int maxRecentItems) {
        this(weights, halfLife, sessionGap, maxRecentItems, null);
    }

    public static EventsConfig defaults() {
        return new EventsConfig(Map.of(), DEFAULT_HALF_LIFE, DEFAULT_SESSION_GAP, DEFAULT_MAX_RECENT_ITEMS);
    }

    public double weight(EventType type) {
        return weights.get(type);
    }

    public EventsConfig(StreamInput in) throws IOException {
        this(in.readMap(i -> i.readEnum(EventType.class), StreamInput::readDouble), in.readTimeValue(), in.readTimeValue(), in.readVInt(), in.readOptionalTimeValue());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(weights, StreamOutput::writeEnum, StreamOutput::writeDouble);
        out.writeTimeValue(halfLife);
        out.writeTimeValue(sessionGap);
        out.writeVInt(maxRecentItems);
        out.writeOptionalTimeValue(retention);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.startObject(RecommenderConfigParser.WEIGHTS.getPreferredName());
        for (Map.Entry<EventType, Double> weight : weights.entrySet()) {
            builder.field(weight.getKey().jsonName(), weight.getValue());
        }
        builder.endObject();
        builder.field(RecommenderConfigParser.HALF_LIFE.getPreferredName(), halfLife.getStringRep());
        builder.field(RecommenderConfigParser.SESSION_GAP.getPreferredName(), sessionGap.getStringRep());
        builder.field(RecommenderConfigParser.MAX_RECENT_ITEMS.getPreferredName(), maxRecentItems);
        if (retention != null) {
            builder.field(RecommenderConfigParser.RETENTION.getPreferredName(), retention.getStringRep());
        }
        return builder.endObject();
    }
}
