package io.recsys.opensearch.indicators;

import io.recsys.opensearch.cooccurrence.PairScore;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;
import java.util.Objects;

/**
 * What {@code POST /_plugins/_recsys/indicators/_build} materializes: for each item of {@code source.field} in
 * {@code source.index}, its {@code size} most significantly co-occurring items (the exact {@code cooccurrence} answer with
 * that item as the only anchor), written to a new index that the alias {@code dest.index} then points at.
 * Validated by {@link IndicatorsBuildParser}.
 *
 * @param sourceIndex  index, alias or pattern holding the baskets
 * @param field        keyword field of item ids
 * @param query        the documents that count, foreground and background alike, or null for all
 * @param dest         alias the readers use; the build writes a new index behind it
 * @param size         indicators kept per item
 * @param minDocCount  fewest baskets an item must share with the anchor item
 * @param score        how an item is scored against the anchor item: LLR (the default) or the shrunk cosine
 * @param sampleSize   baskets per shard read per anchor item ({@code cooccurrence.sample_size}), 0 for all
 * @param mostRecentBy a date field of the baskets: each item's sample is its most recent baskets by it
 *                     ({@link io.recsys.opensearch.cooccurrence.MostRecentFirst}); null for the first a shard holds
 * @param maxItems     the most frequent items that get indicators, 0 for every item
 * @param parallelism  anchor items computed at once
 * @param resume       continue the newest unfinished build of the same dest and settings: items it wrote are kept
 */
public record IndicatorsBuildConfig(
    String sourceIndex,
    String field,
    QueryBuilder query,
    String dest,
    int size,
    long minDocCount,
    PairScore score,
    int sampleSize,
    String mostRecentBy,
    int maxItems,
    int parallelism,
    boolean resume
) implements Writeable {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 1_000;
    public static final long DEFAULT_MIN_DOC_COUNT = 3;
    public static final int DEFAULT_PARALLELISM = 2;
    public static final int MAX_PARALLELISM = 16;

    public IndicatorsBuildConfig {
        Objects.requireNonNull(sourceIndex, "sourceIndex");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(dest, "dest");
        Objects.requireNonNull(score, "score");
    }

    public IndicatorsBuildConfig(StreamInput in) throws IOException {
        this(
            in.readString(),
            in.readString(),
            in.readOptionalNamedWriteable(QueryBuilder.class),
            in.readString(),
            in.readVInt(),
            in.readVLong(),
            new PairScore(in),
            in.readVInt(),
            in.readOptionalString(),
            in.readVInt(),
            in.readVInt(),
            in.readBoolean()
        );
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(sourceIndex);
        out.writeString(field);
        out.writeOptionalNamedWriteable(query);
        out.writeString(dest);
        out.writeVInt(size);
        out.writeVLong(minDocCount);
        score.writeTo(out);
        out.writeVInt(sampleSize);
        out.writeOptionalString(mostRecentBy);
        out.writeVInt(maxItems);
        out.writeVInt(parallelism);
        out.writeBoolean(resume);
    }
}
