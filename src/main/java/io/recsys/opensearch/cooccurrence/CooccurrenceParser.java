package io.recsys.opensearch.cooccurrence;

import org.opensearch.core.ParseField;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;
import java.util.List;

/**
 * Parses the body of a {@code cooccurrence} aggregation. Unknown keys fail with {@code [cooccurrence] unknown field [x]};
 * values are checked by the builder's setters once the object is read, so a bad value fails with a message that names
 * it ({@code [cooccurrence.size] must be in the range [1, 10000], got [0]}) instead of a generic "failed to parse".
 */
public final class CooccurrenceParser {

    public static final ParseField FIELD = new ParseField("field");
    public static final ParseField ANCHORS = new ParseField("anchors");
    public static final ParseField SIZE = new ParseField("size");
    public static final ParseField SHARD_SIZE = new ParseField("shard_size");
    public static final ParseField MIN_DOC_COUNT = new ParseField("min_doc_count");
    public static final ParseField SAMPLE_SIZE = new ParseField("sample_size");
    public static final ParseField BACKGROUND_FILTER = new ParseField("background_filter");
    public static final ParseField INCLUDE = new ParseField("include");
    public static final ParseField EXCLUDE = new ParseField("exclude");
    public static final ParseField SCORE = new ParseField("score");
    public static final ParseField SHRINK = new ParseField("shrink");

    private static final ObjectParser<Raw, Void> PARSER = new ObjectParser<>(CooccurrenceAggregationBuilder.NAME, Raw::new);

    static {
        PARSER.declareString((r, v) -> r.field = v, FIELD);
        PARSER.declareStringArray((r, v) -> r.anchors = v, ANCHORS);
        PARSER.declareInt((r, v) -> r.size = v, SIZE);
        PARSER.declareInt((r, v) -> r.shardSize = v, SHARD_SIZE);
        PARSER.declareLong((r, v) -> r.minDocCount = v, MIN_DOC_COUNT);
        PARSER.declareInt((r, v) -> r.sampleSize = v, SAMPLE_SIZE);
        PARSER.declareObject((r, v) -> r.backgroundFilter = v, (p, c) -> AbstractQueryBuilder.parseInnerQueryBuilder(p), BACKGROUND_FILTER);
        PARSER.declareStringArray((r, v) -> r.include = v, INCLUDE);
        PARSER.declareStringArray((r, v) -> r.exclude = v, EXCLUDE);
        PARSER.declareString((r, v) -> r.score = v, SCORE);
        PARSER.declareDouble((r, v) -> r.shrink = v, SHRINK);
    }

    private CooccurrenceParser() {}

    /** Reads {@code {"field": ..., "anchors": [...], ...}} into a validated builder named {@code aggregationName}. */
    public static CooccurrenceAggregationBuilder parse(XContentParser parser, String aggregationName) throws IOException {
        Raw raw = PARSER.parse(parser, null);
        if (raw.field == null) {
            throw new IllegalArgumentException("[cooccurrence.field] is required: the keyword field that holds each document's items");
        }
        if (raw.anchors == null) {
            throw new IllegalArgumentException("[cooccurrence.anchors] is required: the items to find co-occurring items for");
        }
        CooccurrenceAggregationBuilder builder = new CooccurrenceAggregationBuilder(aggregationName).field(raw.field).anchors(raw.anchors);
        if (raw.size != null) {
            builder.size(raw.size);
        }
        if (raw.shardSize != null) {
            builder.shardSize(raw.shardSize);
        }
        if (raw.minDocCount != null) {
            builder.minDocCount(raw.minDocCount);
        }
        if (raw.sampleSize != null) {
            builder.sampleSize(raw.sampleSize);
        }
        if (raw.backgroundFilter != null) {
            builder.backgroundFilter(raw.backgroundFilter);
        }
        if (raw.include != null) {
            builder.include(raw.include);
        }
        if (raw.exclude != null) {
            builder.exclude(raw.exclude);
        }
        builder.score(PairScore.of(raw.score, raw.shrink, "cooccurrence."));
        return builder;
    }

    /** Values as read, before validation; null when absent. */
    private static final class Raw {
        String field;
        List<String> anchors;
        Integer size;
        Integer shardSize;
        Long minDocCount;
        Integer sampleSize;
        QueryBuilder backgroundFilter;
        List<String> include;
        List<String> exclude;
        String score;
        Double shrink;
    }
}
