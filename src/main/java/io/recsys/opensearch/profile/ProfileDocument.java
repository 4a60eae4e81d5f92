package io.recsys.opensearch.profile;

import io.recsys.opensearch.events.ProfileIds;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.MediaType;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A profile as a document of the profiles index: searchable keyword fields at the top (history and purchases for the
 * {@code cooccurrence} aggregation, platforms, categories) and the exact state under {@code state}, not indexed.
 */
public final class ProfileDocument {

    /** Categories written to the searchable {@code categories} field. */
    public static final int TOP_CATEGORIES = 10;

    private ProfileDocument() {}

    /**
     * The profile's document, written field by field (building a map first and letting the builder walk it cost more than
     * the profile update itself). SMILE, not JSON: the index parses it faster and keeps the vector sums as raw bytes;
     * the document APIs show it as JSON like any other.
     */
    public static BytesReference source(ProfileState s) {
        try (XContentBuilder b = XContentBuilder.builder(SOURCE_TYPE.xContent())) {
            b.startObject();
            b.field("user_id", s.profileId);
            b.field("anonymous", ProfileIds.isAnonymous(s.profileId));
            b.field("merged_into", s.mergedInto);
            stringArray(b, "identities", s.identities);
            stringArray(b, "platforms", s.platformCounts.keySet());
            stringArray(b, "history", history(s));
            stringArray(b, "purchased", s.purchased);
            stringArray(b, "categories", ProfileUpdater.topCategoryNames(s, TOP_CATEGORIES));
            b.field("event_count", s.eventCount);
            b.field("updated_at", s.updatedAt);

            b.startObject("state");
            vector(b, "long_term", s.longTerm);
            vector(b, "session", s.session);
            b.field("session_id", s.sessionId);
            b.field("session_last_ts", s.sessionLastTimestamp);
            b.startObject("category_scores");
            for (Map.Entry<String, Double> category : s.categoryScores.entrySet()) {
                b.field(category.getKey(), category.getValue().doubleValue());
            }
            b.endObject();
            b.field("category_ref_ts", s.categoryReferenceTime);
            counts(b, "category_last_ts", s.categoryLastSeen);
            b.startArray("recent");
            for (RecentItem item : s.recent) {
                b.startArray().value(item.item()).value(item.timestamp()).value(item.type()).value(item.platform()).endArray();
            }
            b.endArray();
            counts(b, "platform_counts", s.platformCounts);
            counts(b, "type_counts", s.typeCounts);
            b.startArray("prices");
            for (Double price : s.prices) {
                b.value(price.doubleValue());
            }
            b.endArray();
            stringArray(b, "applied_event_ids", s.appliedEventIds);
            stringArray(b, "merged_profiles", s.mergedProfiles);
            b.endObject();
            return BytesReference.bytes(b.endObject());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write profile [" + s.profileId + "]", e);
        }
    }

    /** The content type of profile documents. */
    public static final MediaType SOURCE_TYPE = XContentType.SMILE;

    private static void stringArray(XContentBuilder b, String name, Collection<String> values) throws IOException {
        b.startArray(name);
        for (String value : values) {
            b.value(value);
        }
        b.endArray();
    }

    private static void counts(XContentBuilder b, String name, Map<String, Long> counts) throws IOException {
        b.startObject(name);
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            b.field(count.getKey(), count.getValue().longValue());
        }
        b.endObject();
    }

    private static void vector(XContentBuilder b, String name, DecayedVector vector) throws IOException {
        if (vector.sum() == null) {
            return;
        }
        b.startObject(name).field("sum", sumBytes(vector.sum())).field("weight", vector.weight()).field("ref_ts", vector.referenceTime()).endObject();
    }

    /** Distinct touched items, most recent first. */
    static List<String> history(ProfileState s) {
        LinkedHashSet<String> items = new LinkedHashSet<>();
        for (RecentItem item : s.recent) {
            items.add(item.item());
        }
        return List.copyOf(items);
    }

    @SuppressWarnings("unchecked")
    public static ProfileState fromSource(String profileId, Map<String, Object> source) {
        Map<String, Object> state = (Map<String, Object>) source.getOrDefault("state", Map.of());
        ProfileState s = new ProfileState(profileId, readVector(state, "long_term"), readVector(state, "session"));
        s.mergedInto = (String) source.get("merged_into");
        s.identities.addAll((List<String>) source.getOrDefault("identities", List.of()));
        s.sessionId = (String) state.get("session_id");
        s.sessionLastTimestamp = asLong(state.get("session_last_ts"));
        ((Map<String, Object>) state.getOrDefault("category_scores", Map.of())).forEach(
            (k, v) -> s.categoryScores.put(k, ((Number) v).doubleValue())
        );
        s.categoryReferenceTime = asLong(state.get("category_ref_ts"));
        // absent in profiles written before contract v2: category_recency is 0 until the user's next event
        ((Map<String, Object>) state.getOrDefault("category_last_ts", Map.of())).forEach((k, v) -> s.categoryLastSeen.put(k, asLong(v)));
        for (List<Object> item : (List<List<Object>>) state.getOrDefault("recent", List.of())) {
            s.recent.add(new RecentItem((String) item.get(0), asLong(item.get(1)), (String) item.get(2), (String) item.get(3)));
        }
        s.purchased.addAll((List<String>) source.getOrDefault("purchased", List.of()));
        ((Map<String, Object>) state.getOrDefault("platform_counts", Map.of())).forEach((k, v) -> s.platformCounts.put(k, asLong(v)));
        ((Map<String, Object>) state.getOrDefault("type_counts", Map.of())).forEach((k, v) -> s.typeCounts.put(k, asLong(v)));
        for (Object price : (List<Object>) state.getOrDefault("prices", List.of())) {
            s.prices.add(((Number) price).doubleValue());
        }
        s.appliedEventIds.addAll((List<String>) state.getOrDefault("applied_event_ids", List.of()));
        s.mergedProfiles.addAll((List<String>) state.getOrDefault("merged_profiles", List.of()));
        s.eventCount = asLong(source.get("event_count"));
        s.updatedAt = asLong(source.get("updated_at"));
        return s;
    }

    @SuppressWarnings("unchecked")
    private static DecayedVector readVector(Map<String, Object> state, String name) {
        Map<String, Object> vector = (Map<String, Object>) state.get(name);
        if (vector == null) {
            return new DecayedVector();
        }
        return new DecayedVector(decodeSum(vector.get("sum")), ((Number) vector.get("weight")).doubleValue(), asLong(vector.get("ref_ts")));
    }

    /**
     * A vector sum as its float64 values, little-endian: exact, and written and read without printing and parsing decimal
     * numbers, which cost more than the rest of a profile update together. Raw bytes in SMILE, base64 in JSON.
     */
    static byte[] sumBytes(double[] sum) {
        ByteBuffer buffer = ByteBuffer.allocate(sum.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(sum);
        return buffer.array();
    }

    /**
     * Reads {@link #sumBytes}: raw bytes from a SMILE document, base64 from a JSON one, or the plain number array that
     * early profiles hold.
     */
    @SuppressWarnings("unchecked")
    static double[] decodeSum(Object value) {
        if (value instanceof byte[] || value instanceof String) {
            byte[] bytes = value instanceof byte[] raw ? raw : Base64.getDecoder().decode((String) value);
            double[] sum = new double[bytes.length / Double.BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(sum);
            return sum;
        }
        List<Number> values = (List<Number>) value;
        double[] sum = new double[values.size()];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = values.get(i).doubleValue();
        }
        return sum;
    }

    private static long asLong(Object value) {
        return value == null ? 0L : ((Number) value).longValue();
    }

    /** The profile as {@code GET .../profiles/{user_id}} shows it. */
    public static XContentBuilder toApiXContent(XContentBuilder builder, ProfileState s) throws IOException {
        builder.startObject();
        builder.field("user_id", s.profileId);
        if (s.mergedInto != null) {
            builder.field("merged_into", s.mergedInto); // an anonymous profile whose history went to this user
        }
        builder.startArray("identities");
        for (String identity : s.identities) {
            int colon = identity.indexOf(':');
            builder.startObject().field("platform", identity.substring(0, colon)).field("id", identity.substring(colon + 1)).endObject();
        }
        builder.endArray();
        builder.field("event_count", s.eventCount);
        builder.startObject("counts").field("platform", s.platformCounts).field("type", s.typeCounts).endObject();
        builder.startArray("top_categories");
        for (Map.Entry<String, Double> category : s.topCategories(TOP_CATEGORIES)) {
            builder.startObject().field("category", category.getKey()).field("affinity", category.getValue()).endObject();
        }
        builder.endArray();
        builder.startArray("recent_items");
        for (RecentItem item : s.recent) {
            builder.startObject()
                .field("item", item.item())
                .field("type", item.type())
                .field("platform", item.platform())
                .field("ts", java.time.Instant.ofEpochMilli(item.timestamp()).toString())
                .endObject();
        }
        builder.endArray();
        builder.field("purchased", s.purchased);
        vectorXContent(builder, "vector", s.longTerm);
        vectorXContent(builder, "session_vector", s.session);
        builder.field("median_price", s.medianPrice());
        builder.field("updated_at", java.time.Instant.ofEpochMilli(s.updatedAt).toString());
        return builder.endObject();
    }

    private static void vectorXContent(XContentBuilder builder, String name, DecayedVector vector) throws IOException {
        float[] mean = vector.mean();
        builder.startObject(name);
        builder.field("dimension", vector.dimension());
        double norm = 0;
        if (mean != null) {
            for (float v : mean) {
                norm += v * v;
            }
        }
        builder.field("norm", Math.sqrt(norm));
        builder.field("weight", vector.weight());
        builder.endObject();
    }
}
