package io.recsys.opensearch.profile;

import io.recsys.opensearch.events.ProfileIds;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
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

    public static Map<String, Object> toSource(ProfileState s) {
        Map<String, Object> state = new LinkedHashMap<>();
        putVector(state, "long_term", s.longTerm);
        putVector(state, "session", s.session);
        state.put("session_id", s.sessionId);
        state.put("session_last_ts", s.sessionLastTimestamp);
        state.put("category_scores", s.categoryScores);
        state.put("category_ref_ts", s.categoryReferenceTime);
        List<List<Object>> recent = new ArrayList<>();
        for (RecentItem item : s.recent) {
            recent.add(List.of(item.item(), item.timestamp(), item.type(), item.platform()));
        }
        state.put("recent", recent);
        state.put("platform_counts", s.platformCounts);
        state.put("type_counts", s.typeCounts);
        state.put("prices", s.prices);
        state.put("applied_event_ids", List.copyOf(s.appliedEventIds));
        state.put("merged_profiles", List.copyOf(s.mergedProfiles));

        Map<String, Object> source = new LinkedHashMap<>();
        source.put("user_id", s.profileId);
        source.put("anonymous", ProfileIds.isAnonymous(s.profileId));
        source.put("merged_into", s.mergedInto);
        source.put("identities", List.copyOf(s.identities));
        source.put("platforms", List.copyOf(s.platformCounts.keySet()));
        source.put("history", history(s));
        source.put("purchased", List.copyOf(s.purchased));
        source.put("categories", ProfileUpdater.topCategoryNames(s, TOP_CATEGORIES));
        source.put("event_count", s.eventCount);
        source.put("updated_at", s.updatedAt);
        source.put("state", state);
        return source;
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

    private static void putVector(Map<String, Object> state, String name, DecayedVector vector) {
        if (vector.sum() == null) {
            return;
        }
        state.put(name, Map.of("sum", encodeSum(vector.sum()), "weight", vector.weight(), "ref_ts", vector.referenceTime()));
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
     * A vector sum as base64 of its float64 values (little-endian): exact, and written and read without printing and
     * parsing decimal numbers, which cost more than the rest of a profile update together.
     */
    static String encodeSum(double[] sum) {
        ByteBuffer buffer = ByteBuffer.allocate(sum.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asDoubleBuffer().put(sum);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    /** Reads {@link #encodeSum}, or the plain number array that profiles written by 0.1.0 before it hold. */
    @SuppressWarnings("unchecked")
    static double[] decodeSum(Object value) {
        if (value instanceof String text) {
            byte[] bytes = Base64.getDecoder().decode(text);
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
