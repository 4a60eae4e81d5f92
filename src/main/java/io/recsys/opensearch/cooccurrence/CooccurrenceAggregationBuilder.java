package io.recsys.opensearch.cooccurrence;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryRewriteContext;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.search.aggregations.AbstractAggregationBuilder;
import org.opensearch.search.aggregations.AggregationBuilder;
import org.opensearch.search.aggregations.AggregatorFactories;
import org.opensearch.search.aggregations.AggregatorFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code "cooccurrence": {"field": "purchased", "anchors": ["sku-1"], ...}}: the items that co-occur with the anchors
 * in the documents' baskets more than chance says they should, scored by {@link Llr log-likelihood ratio} or, with
 * {@code "score": "cosine"}, by the shrunk cosine of the item sets ({@link PairScore}).
 * Holds and validates the request; {@link CooccurrenceParser} reads it, {@link CooccurrenceAggregatorFactory} runs it.
 * Takes no sub-aggregations.
 */
public final class CooccurrenceAggregationBuilder extends AbstractAggregationBuilder<CooccurrenceAggregationBuilder> {

    public static final String NAME = "cooccurrence";

    public static final int DEFAULT_SIZE = 10;
    public static final long DEFAULT_MIN_DOC_COUNT = 3;
    public static final int MAX_SIZE = 10_000;
    public static final int MAX_SHARD_SIZE = 100_000;
    public static final int MAX_ANCHORS = 1_024;
    public static final int MAX_LISTED_ITEMS = 10_000;
    /** The sample is held in memory on each shard: 12 bytes per document. */
    public static final int MAX_SAMPLE_SIZE = 1_000_000;

    /** Keyword field holding each document's items. */
    private String field;
    /** Items to find co-occurring items for; a document is in the foreground when it holds any of them. */
    private List<String> anchors = List.of();
    /** Items returned. */
    private int size = DEFAULT_SIZE;
    /** Candidates each shard returns; -1 for the default derived from {@link #size}. */
    private int shardSize = -1;
    /** Fewest foreground documents an item must be in (summed over shards) to be returned. */
    private long minDocCount = DEFAULT_MIN_DOC_COUNT;
    /** Best-scoring foreground documents each shard counts; 0 counts them all. */
    private int sampleSize = 0;
    /** The background population; null for every document of the index. */
    private QueryBuilder backgroundFilter;
    /** Only these items are candidates, each counted on every shard (exact); null for any item. */
    private List<String> include;
    /** Items never returned (the anchors never are). */
    private List<String> exclude = List.of();
    /** How an item is scored from its counts. */
    private PairScore score = PairScore.LLR;

    public CooccurrenceAggregationBuilder(String name) {
        super(name);
    }

    private CooccurrenceAggregationBuilder(CooccurrenceAggregationBuilder clone, AggregatorFactories.Builder factories, Map<String, Object> metadata) {
        super(clone, factories, metadata);
        this.field = clone.field;
        this.anchors = clone.anchors;
        this.size = clone.size;
        this.shardSize = clone.shardSize;
        this.minDocCount = clone.minDocCount;
        this.sampleSize = clone.sampleSize;
        this.backgroundFilter = clone.backgroundFilter;
        this.include = clone.include;
        this.exclude = clone.exclude;
        this.score = clone.score;
    }

    public CooccurrenceAggregationBuilder(StreamInput in) throws IOException {
        super(in);
        this.field = in.readString();
        this.anchors = in.readStringList();
        this.size = in.readVInt();
        this.shardSize = in.readInt();
        this.minDocCount = in.readVLong();
        this.sampleSize = in.readVInt();
        this.backgroundFilter = in.readOptionalNamedWriteable(QueryBuilder.class);
        this.include = in.readBoolean() ? in.readStringList() : null;
        this.exclude = in.readStringList();
        this.score = new PairScore(in);
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeString(field);
        out.writeStringCollection(anchors);
        out.writeVInt(size);
        out.writeInt(shardSize);
        out.writeVLong(minDocCount);
        out.writeVInt(sampleSize);
        out.writeOptionalNamedWriteable(backgroundFilter);
        out.writeBoolean(include != null);
        if (include != null) {
            out.writeStringCollection(include);
        }
        out.writeStringCollection(exclude);
        score.writeTo(out);
    }

    public CooccurrenceAggregationBuilder field(String field) {
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("[cooccurrence.field] must be a field name, got [" + field + "]");
        }
        this.field = field;
        return this;
    }

    public CooccurrenceAggregationBuilder anchors(List<String> anchors) {
        this.anchors = items(anchors, "anchors", 1, MAX_ANCHORS);
        return this;
    }

    public CooccurrenceAggregationBuilder size(int size) {
        this.size = inRange(size, 1, MAX_SIZE, "size");
        return this;
    }

    /** Raised to {@link #size()} when smaller, as {@code terms} does. */
    public CooccurrenceAggregationBuilder shardSize(int shardSize) {
        this.shardSize = inRange(shardSize, 1, MAX_SHARD_SIZE, "shard_size");
        return this;
    }

    public CooccurrenceAggregationBuilder minDocCount(long minDocCount) {
        if (minDocCount < 1) {
            throw new IllegalArgumentException("[cooccurrence.min_doc_count] must be at least 1, got [" + minDocCount + "]");
        }
        this.minDocCount = minDocCount;
        return this;
    }

    public CooccurrenceAggregationBuilder sampleSize(int sampleSize) {
        this.sampleSize = inRange(sampleSize, 1, MAX_SAMPLE_SIZE, "sample_size");
        return this;
    }

    public CooccurrenceAggregationBuilder backgroundFilter(QueryBuilder backgroundFilter) {
        this.backgroundFilter = Objects.requireNonNull(backgroundFilter, "[cooccurrence.background_filter] must not be null");
        return this;
    }

    public CooccurrenceAggregationBuilder include(List<String> include) {
        this.include = items(include, "include", 1, MAX_LISTED_ITEMS);
        return this;
    }

    public CooccurrenceAggregationBuilder exclude(List<String> exclude) {
        this.exclude = items(exclude, "exclude", 0, MAX_LISTED_ITEMS);
        return this;
    }

    public CooccurrenceAggregationBuilder score(PairScore score) {
        this.score = Objects.requireNonNull(score, "[cooccurrence.score] must not be null");
        return this;
    }

    public String field() {
        return field;
    }

    public List<String> anchors() {
        return anchors;
    }

    public int size() {
        return size;
    }

    /** What each shard returns: as given (at least {@link #size()}), or {@code size * 1.5 + 10} like {@code terms}. */
    public int effectiveShardSize() {
        if (shardSize > 0) {
            return Math.max(shardSize, size);
        }
        return (int) Math.min(MAX_SHARD_SIZE, (long) (size * 1.5 + 10));
    }

    public long minDocCount() {
        return minDocCount;
    }

    public int sampleSize() {
        return sampleSize;
    }

    public QueryBuilder backgroundFilter() {
        return backgroundFilter;
    }

    public List<String> include() {
        return include;
    }

    public List<String> exclude() {
        return exclude;
    }

    public PairScore score() {
        return score;
    }

    private static int inRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                String.format(Locale.ROOT, "[cooccurrence.%s] must be in the range [%d, %d], got [%d]", name, min, max, value)
            );
        }
        return value;
    }

    /** Non-empty strings, duplicates dropped (first kept), between min and max of them. */
    private static List<String> items(List<String> values, String name, int min, int max) {
        if (values == null) {
            throw new IllegalArgumentException("[cooccurrence." + name + "] must be a list of items");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("[cooccurrence." + name + "] must not contain null or empty items");
            }
            unique.add(value);
        }
        if (unique.size() < min || unique.size() > max) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "[cooccurrence.%s] must hold between %d and %d distinct items, got [%d]",
                    name,
                    min,
                    max,
                    unique.size()
                )
            );
        }
        return List.copyOf(new ArrayList<>(unique));
    }

    /** Sub-aggregations would need a bucket per candidate item on every document: refused while parsing (400). */
    @Override
    public CooccurrenceAggregationBuilder subAggregations(AggregatorFactories.Builder subFactories) {
        if (subFactories != null && subFactories.count() > 0) {
            throw new IllegalArgumentException("[cooccurrence] aggregation [" + name + "] does not take sub-aggregations");
        }
        return super.subAggregations(subFactories);
    }

    @Override
    public CooccurrenceAggregationBuilder subAggregation(AggregationBuilder aggregation) {
        throw new IllegalArgumentException("[cooccurrence] aggregation [" + name + "] does not take sub-aggregations");
    }

    @Override
    protected AggregationBuilder shallowCopy(AggregatorFactories.Builder factoriesBuilder, Map<String, Object> metadata) {
        return new CooccurrenceAggregationBuilder(this, factoriesBuilder, metadata);
    }

    @Override
    protected AggregationBuilder doRewrite(QueryRewriteContext context) throws IOException {
        if (backgroundFilter != null) {
            QueryBuilder rewritten = backgroundFilter.rewrite(context);
            if (rewritten != backgroundFilter) {
                CooccurrenceAggregationBuilder copy = new CooccurrenceAggregationBuilder(this, factoriesBuilder, metadata);
                copy.backgroundFilter = rewritten;
                return copy;
            }
        }
        return this;
    }

    @Override
    protected AggregatorFactory doBuild(QueryShardContext context, AggregatorFactory parent, AggregatorFactories.Builder subFactoriesBuilder)
        throws IOException {
        return new CooccurrenceAggregatorFactory(name, this, context, parent, subFactoriesBuilder, metadata);
    }

    @Override
    protected XContentBuilder internalXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        builder.field(CooccurrenceParser.FIELD.getPreferredName(), field);
        builder.field(CooccurrenceParser.ANCHORS.getPreferredName(), anchors);
        builder.field(CooccurrenceParser.SIZE.getPreferredName(), size);
        if (shardSize > 0) {
            builder.field(CooccurrenceParser.SHARD_SIZE.getPreferredName(), shardSize);
        }
        builder.field(CooccurrenceParser.MIN_DOC_COUNT.getPreferredName(), minDocCount);
        if (sampleSize > 0) {
            builder.field(CooccurrenceParser.SAMPLE_SIZE.getPreferredName(), sampleSize);
        }
        if (backgroundFilter != null) {
            builder.field(CooccurrenceParser.BACKGROUND_FILTER.getPreferredName(), backgroundFilter);
        }
        if (include != null) {
            builder.field(CooccurrenceParser.INCLUDE.getPreferredName(), include);
        }
        if (exclude.isEmpty() == false) {
            builder.field(CooccurrenceParser.EXCLUDE.getPreferredName(), exclude);
        }
        if (score.kind() != PairScore.Kind.LLR) {
            builder.field(CooccurrenceParser.SCORE.getPreferredName(), score.kind().parseName());
            builder.field(CooccurrenceParser.SHRINK.getPreferredName(), score.shrink());
        }
        return builder.endObject();
    }

    @Override
    public BucketCardinality bucketCardinality() {
        return BucketCardinality.NONE;
    }

    @Override
    public String getType() {
        return NAME;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), field, anchors, size, shardSize, minDocCount, sampleSize, backgroundFilter, include, exclude, score);
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass() || super.equals(obj) == false) {
            return false;
        }
        CooccurrenceAggregationBuilder other = (CooccurrenceAggregationBuilder) obj;
        return Objects.equals(field, other.field)
            && Objects.equals(anchors, other.anchors)
            && size == other.size
            && shardSize == other.shardSize
            && minDocCount == other.minDocCount
            && sampleSize == other.sampleSize
            && Objects.equals(backgroundFilter, other.backgroundFilter)
            && Objects.equals(include, other.include)
            && Objects.equals(exclude, other.exclude)
            && score.equals(other.score);
    }
}
