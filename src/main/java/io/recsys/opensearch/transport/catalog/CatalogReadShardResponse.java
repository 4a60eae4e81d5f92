package io.recsys.opensearch.transport.catalog;

import io.recsys.opensearch.catalogread.ReadItem;
import org.opensearch.action.support.broadcast.BroadcastShardResponse;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.index.shard.ShardId;

import java.io.IOException;
import java.util.List;

/** One shard's items, per read of the request. */
public final class CatalogReadShardResponse extends BroadcastShardResponse {

    private final List<List<ReadItem>> items;

    CatalogReadShardResponse(ShardId shardId, List<List<ReadItem>> items) {
        super(shardId);
        this.items = items;
    }

    CatalogReadShardResponse(StreamInput in) throws IOException {
        super(in);
        this.items = in.readList(input -> input.readList(ReadItem::new));
    }

    /** The items of the request's read {@code read}. */
    List<ReadItem> items(int read) {
        return items.get(read);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeCollection(items, StreamOutput::writeList);
    }
}
