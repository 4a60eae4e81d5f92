package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.RecentItem;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one source recalled, best first.
 *
 * @param source the source
 * @param ids    item ids in rank order
 * @param scores the source's own score per id (cosine, LLR, BM25, count), same order
 * @param note   why the source returned less than it could (cut off, skipped), or null
 */
public record SourceResult(Source source, List<String> ids, List<Float> scores, String note) {

    public static SourceResult empty(Source source, String note) {
        return new SourceResult(source, List.of(), List.of(), note);
    }

    /** The {@code size} best-scored items, best first, ties by id (so every node ranks them alike). */
    public static SourceResult top(Source source, Map<String, Double> scores, int size) {
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> ids = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (Map.Entry<String, Double> entry : ranked.subList(0, Math.min(size, ranked.size()))) {
            ids.add(entry.getKey());
            values.add(entry.getValue().floatValue());
        }
        return new SourceResult(source, ids, values, null);
    }

    /** The profile's distinct recent items, newest first, up to {@code max}: the anchors of the history-based sources. */
    public static List<String> recentItems(ProfileState profile, int max) {
        if (profile == null) {
            return List.of();
        }
        Set<String> items = new LinkedHashSet<>();
        for (RecentItem item : profile.recent()) {
            if (items.size() >= max) {
                break;
            }
            items.add(item.item());
        }
        return List.copyOf(items);
    }
}
