package io.recsys.opensearch.cooccurrence;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.search.aggregations.InternalAggregation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The result of {@code cooccurrence}. A shard's result holds its counts; the reduce sums foreground and background sizes
 * and, per item, its foreground and background counts, and only then scores, so the score ({@link PairScore}: G² by
 * default) is that of the global table:
 * <pre>
 *   k11 = doc_count                k12 = fg doc_count - doc_count
 *   k21 = bg_count - doc_count     k22 = bg size - fg doc_count - k21
 * </pre>
 * Rendered as {@code {"doc_count": fg, "bg_count": background size, "exact": bool, "buckets": [{"key", "doc_count", "bg_count",
 * "score"}]}}.
 * <p>
 * {@code exact} is true when every returned count is a sum over all the shards that hold the item: the index has one shard,
 * or the request listed its candidates ({@code include}, the second round of a two-round query). Otherwise a shard reports an
 * item only if it met an anchor there, so an item's bg_count can miss the shards where it never did.
 */
public final class InternalCooccurrence extends InternalAggregation {

    /**
     * One co-occurring item.
     *
     * @param key      the item
     * @param docCount foreground documents holding it (with an anchor)
     * @param bgCount  background documents holding it
     * @param score    its score ({@link PairScore}) from its table (shard results: of the shard's table, for information only)
     */
    public record Bucket(String key, long docCount, long bgCount, double score) implements Writeable {

        Bucket(StreamInput in) throws IOException {
            this(in.readString(), in.readVLong(), in.readVLong(), in.readDouble());
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeString(key);
            out.writeVLong(docCount);
            out.writeVLong(bgCount);
            out.writeDouble(score);
        }
    }

    /** Best first; ties by item for a stable order. */
    private static final Comparator<Bucket> BY_SCORE = Comparator.comparingDouble(Bucket::score).reversed().thenComparing(Bucket::key);

    /** Items returned after the final reduce. */
    private final int size;
    /** Fewest foreground documents an item needs after the final reduce. */
    private final long minDocCount;
    /** Foreground size: documents holding an anchor. */
    private final long docCount;
    /** Background size. */
    private final long bgCount;
    /** Shard candidates, partially reduced ones (any order), or the final result (best first). */
    private final List<Bucket> buckets;
    /** Shard results summed into this one, not counting shards of indices that do not map the field. */
    private final int shards;
    /** Whether every shard counted the same listed candidates ({@code include}), so sums are complete. */
    private final boolean listed;
    /** How the reduce scores the summed counts. */
    private final PairScore score;

    InternalCooccurrence(
        String name,
        int size,
        long minDocCount,
        long docCount,
        long bgCount,
        List<Bucket> buckets,
        int shards,
        boolean listed,
        PairScore score,
        Map<String, Object> metadata
    ) {
        super(name, metadata);
        this.size = size;
        this.minDocCount = minDocCount;
        this.docCount = docCount;
        this.bgCount = bgCount;
        this.buckets = List.copyOf(buckets);
        this.shards = shards;
        this.listed = listed;
        this.score = score;
    }

    /** A shard's result. */
    static InternalCooccurrence shard(String name, CooccurrenceAggregationBuilder request, long docCount, long bgCount, List<Bucket> buckets, Map<String, Object> metadata) {
        return new InternalCooccurrence(name, request.size(), request.minDocCount(), docCount, bgCount, buckets, 1, request.include() != null, request.score(), metadata);
    }

    /** The result of a shard whose index does not map the field: it takes no part. */
    static InternalCooccurrence empty(String name, CooccurrenceAggregationBuilder request, Map<String, Object> metadata) {
        return new InternalCooccurrence(name, request.size(), request.minDocCount(), 0, 0, List.of(), 0, request.include() != null, request.score(), metadata);
    }

    public InternalCooccurrence(StreamInput in) throws IOException {
        super(in);
        this.size = in.readVInt();
        this.minDocCount = in.readVLong();
        this.docCount = in.readVLong();
        this.bgCount = in.readVLong();
        this.buckets = in.readList(Bucket::new);
        this.shards = in.readVInt();
        this.listed = in.readBoolean();
        this.score = new PairScore(in);
    }

    @Override
    protected void doWriteTo(StreamOutput out) throws IOException {
        out.writeVInt(size);
        out.writeVLong(minDocCount);
        out.writeVLong(docCount);
        out.writeVLong(bgCount);
        out.writeList(buckets);
        out.writeVInt(shards);
        out.writeBoolean(listed);
        score.writeTo(out);
    }

    @Override
    public String getWriteableName() {
        return CooccurrenceAggregationBuilder.NAME;
    }

    /** Foreground size: documents that hold an anchor. */
    public long getDocCount() {
        return docCount;
    }

    /** Background size: documents of the population. */
    public long getBgCount() {
        return bgCount;
    }

    public List<Bucket> getBuckets() {
        return buckets;
    }

    /** The same result with at most {@code n} buckets (the best ones, for a final result). */
    InternalCooccurrence truncate(int n) {
        if (buckets.size() <= n) {
            return this;
        }
        return new InternalCooccurrence(name, n, minDocCount, docCount, bgCount, buckets.subList(0, n), shards, listed, score, getMetadata());
    }

    /** Whether every count is a sum over all shards holding the item (see the class comment). */
    public boolean isExact() {
        return shards <= 1 || listed;
    }

    @Override
    public InternalAggregation reduce(List<InternalAggregation> aggregations, ReduceContext reduceContext) {
        long fg = 0;
        long bg = 0;
        int shardCount = 0;
        boolean allListed = true;
        Map<String, long[]> counts = new HashMap<>();
        for (InternalAggregation aggregation : aggregations) {
            InternalCooccurrence shard = (InternalCooccurrence) aggregation;
            fg += shard.docCount;
            bg += shard.bgCount;
            shardCount += shard.shards;
            allListed &= shard.listed || shard.shards == 0;
            for (Bucket bucket : shard.buckets) {
                long[] sums = counts.computeIfAbsent(bucket.key(), k -> new long[2]);
                sums[0] += bucket.docCount();
                sums[1] += bucket.bgCount();
            }
        }
        List<Bucket> merged = new ArrayList<>(counts.size());
        for (Map.Entry<String, long[]> entry : counts.entrySet()) {
            long[] sums = entry.getValue();
            merged.add(new Bucket(entry.getKey(), sums[0], sums[1], score.score(sums[0], fg, sums[1], bg)));
        }
        if (reduceContext.isFinalReduce() == false) {
            return new InternalCooccurrence(name, size, minDocCount, fg, bg, merged, shardCount, allListed, score, getMetadata());
        }
        List<Bucket> top = merged.stream()
            .filter(b -> b.docCount() >= minDocCount && b.score() > 0 && Double.isFinite(b.score()))
            .sorted(BY_SCORE)
            .limit(size)
            .toList();
        return new InternalCooccurrence(name, size, minDocCount, fg, bg, top, shardCount, allListed, score, getMetadata());
    }

    @Override
    protected boolean mustReduceOnSingleInternalAgg() {
        return true; // scoring, min_doc_count and size apply in the final reduce, even for one shard
    }

    @Override
    public Object getProperty(List<String> path) {
        if (path.isEmpty()) {
            return this;
        }
        if (path.size() == 1) {
            switch (path.get(0)) {
                case "doc_count", "_count":
                    return docCount;
                case "bg_count":
                    return bgCount;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("path " + path + " is not supported by [cooccurrence] aggregation [" + getName() + "]");
    }

    @Override
    public XContentBuilder doXContentBody(XContentBuilder builder, Params params) throws IOException {
        builder.field("doc_count", docCount);
        builder.field("bg_count", bgCount);
        builder.field("exact", isExact());
        builder.startArray("buckets");
        for (Bucket bucket : buckets) {
            builder.startObject()
                .field("key", bucket.key())
                .field("doc_count", bucket.docCount())
                .field("bg_count", bucket.bgCount())
                .field("score", bucket.score())
                .endObject();
        }
        return builder.endArray();
    }

    @Override
    public boolean equals(Object obj) {
        if (this == obj) {
            return true;
        }
        if (obj == null || getClass() != obj.getClass() || super.equals(obj) == false) {
            return false;
        }
        InternalCooccurrence other = (InternalCooccurrence) obj;
        return size == other.size
            && minDocCount == other.minDocCount
            && docCount == other.docCount
            && bgCount == other.bgCount
            && buckets.equals(other.buckets)
            && score.equals(other.score)
            && isExact() == other.isExact();
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), size, minDocCount, docCount, bgCount, buckets, isExact(), score);
    }
}
