package io.recsys.opensearch.demo;

import java.util.List;
import java.util.Map;

/** Reading the parsed JSON of the node's replies: nested objects and numbers, without a cast at every step. */
final class Json {

    private Json() {}

    /** The object at {@code keys} under {@code json}, or null when a step is missing or not an object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> json, String... keys) {
        Object node = json;
        for (String key : keys) {
            if (node instanceof Map<?, ?> map) {
                node = map.get(key);
            } else {
                return null;
            }
        }
        return node instanceof Map<?, ?> ? (Map<String, Object>) node : null;
    }

    /** The list under {@code key}, or an empty one. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> objects(Map<String, Object> json, String key) {
        Object node = json == null ? null : json.get(key);
        return node instanceof List<?> ? (List<Map<String, Object>>) node : List.of();
    }

    /** The number under {@code key}, or {@code fallback} when it is missing. */
    static long number(Map<String, Object> json, String key, long fallback) {
        return json != null && json.get(key) instanceof Number n ? n.longValue() : fallback;
    }

    static double decimal(Map<String, Object> json, String key) {
        return json != null && json.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The hits of a search reply. */
    static List<Map<String, Object>> hits(Map<String, Object> searchReply) {
        return objects(object(searchReply, "hits"), "hits");
    }
}
