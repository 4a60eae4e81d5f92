package io.recsys.opensearch.catalogread;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.index.shard.ShardId;

import java.io.IOException;

/**
 * Where a catalog read found an item: its shard, the exact point-in-time reader it read ({@link ReaderIdentity}) and
 * the document's id in that reader. A search of the same shard over the same reader finds the item at {@code doc}
 * without looking its id up again; over any other reader the id must be looked up.
 *
 * @param shard  the shard the item was read on
 * @param reader the identity of the reader it was read in
 * @param doc    the document's id in that reader (top level, not per segment)
 */
public record DocAddress(ShardId shard, long reader, int doc) implements Writeable {

    public DocAddress(StreamInput in) throws IOException {
        this(new ShardId(in), in.readLong(), in.readVInt());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        shard.writeTo(out);
        out.writeLong(reader);
        out.writeVInt(doc);
    }
}
