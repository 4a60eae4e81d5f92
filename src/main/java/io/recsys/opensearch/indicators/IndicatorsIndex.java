package io.recsys.opensearch.indicators;

import io.recsys.opensearch.cooccurrence.InternalCooccurrence;
import io.recsys.opensearch.cooccurrence.PairScore;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.MappingMetadata;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The index a build writes: one document per anchor item, id = the item, readable through the {@code dest} alias with
 * {@code GET {dest}/_doc/{item}} or searched on {@code indicators} (e.g. a {@code terms} query with a user's history).
 * <pre>
 * {"item": "sku-1", "doc_count": 120, "baskets": 5000, "indicators": ["sku-7", "sku-3"],
 *  "details": [{"item": "sku-7", "score": 31.2, "doc_count": 14, "bg_count": 80}, ...], "built_at": "..."}
 * </pre>
 * {@code doc_count} is the number of baskets holding the item, {@code baskets} the number of baskets the build counted
 * (the two give the item's inverse frequency, which weighs it as an anchor); the details are the {@code cooccurrence}
 * buckets, best first.
 * The mapping's {@code _meta.recsys_indicators} marks indices built here: only those are ever replaced or deleted.
 */
public final class IndicatorsIndex {

    /** Key of the {@code _meta} entry that marks an index as built by this API. */
    public static final String META_KEY = "recsys_indicators";

    private IndicatorsIndex() {}

    /** The new backing index of a build: the alias name and the build's start time, so that names sort by age. */
    static String backingIndex(String alias, long startMillis) {
        return alias + "-" + startMillis;
    }

    static String settingsJson() {
        return """
            {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"}}""";
    }

    static String mappingJson(IndicatorsBuildConfig config) {
        return """
            {"dynamic": "strict",
             "_meta": {"%s": {"source_index": "%s", "field": "%s", "size": %d, "min_doc_count": %d, "score": "%s", "sample": "%s"}},
             "properties": {
               "item":       {"type": "keyword"},
               "doc_count":  {"type": "long"},
               "baskets":    {"type": "long"},
               "indicators": {"type": "keyword"},
               "details":    {"type": "object", "enabled": false},
               "built_at":   {"type": "date", "format": "strict_date_optional_time||epoch_millis"}
             }}""".formatted(META_KEY, json(config.sourceIndex()), json(config.field()), config.size(), config.minDocCount(),
            scoreName(config.score()), json(sampleName(config)));
    }

    /**
     * How the build's {@code _meta} names its sample: {@code all}, {@code 200 per shard} or
     * {@code 200 per shard, most recent by updated_at}.
     */
    static String sampleName(IndicatorsBuildConfig config) {
        if (config.sampleSize() == 0) {
            return "all";
        }
        return config.sampleSize() + " per shard" + (config.mostRecentBy() == null ? "" : ", most recent by " + config.mostRecentBy());
    }

    /** How the build's {@code _meta} names its score: {@code llr}, or {@code cosine(shrink)} such as {@code cosine(10.0)}. */
    static String scoreName(PairScore score) {
        return score.kind() == PairScore.Kind.LLR ? "llr" : score.kind().parseName() + "(" + score.shrink() + ")";
    }

    /** The build's {@code _meta.recsys_indicators} (source_index, field, size, min_doc_count, score, sample), or null when not built here. */
    public static Map<?, ?> buildMeta(IndexMetadata index) {
        MappingMetadata mapping = index.mapping();
        if (mapping != null && mapping.sourceAsMap().get("_meta") instanceof Map<?, ?> meta && meta.get(META_KEY) instanceof Map<?, ?> build) {
            return build;
        }
        return null;
    }

    /** Whether the index was built by this API (its mapping carries the marker). */
    static boolean isIndicatorsIndex(IndexMetadata index) {
        MappingMetadata mapping = index.mapping();
        if (mapping == null) {
            return false;
        }
        return mapping.sourceAsMap().get("_meta") instanceof Map<?, ?> meta && meta.containsKey(META_KEY);
    }

    /**
     * Whether the index's documents carry {@code baskets}: indices of builds before it was added cannot take this
     * version's documents (strict mapping), so a build never resumes them.
     */
    static boolean holdsBaskets(IndexMetadata index) {
        MappingMetadata mapping = index.mapping();
        return mapping != null && mapping.sourceAsMap().get("properties") instanceof Map<?, ?> properties && properties.containsKey("baskets");
    }

    /** The document of one anchor item, or null when it has no indicator. */
    static Map<String, Object> document(String item, long docCount, InternalCooccurrence result, long builtAt) {
        if (result.getBuckets().isEmpty()) {
            return null;
        }
        List<String> indicators = new ArrayList<>();
        List<Map<String, Object>> details = new ArrayList<>();
        for (InternalCooccurrence.Bucket bucket : result.getBuckets()) {
            indicators.add(bucket.key());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("item", bucket.key());
            detail.put("score", bucket.score());
            detail.put("doc_count", bucket.docCount());
            detail.put("bg_count", bucket.bgCount());
            details.add(detail);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("item", item);
        doc.put("doc_count", docCount);
        doc.put("baskets", result.getBgCount());
        doc.put("indicators", indicators);
        doc.put("details", details);
        doc.put("built_at", builtAt);
        return doc;
    }

    /** A JSON string body (the names come from the request and may hold quotes or backslashes). */
    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
