package io.recsys.opensearch.transport.catalog;

import io.recsys.opensearch.catalogread.ReadItem;
import org.opensearch.action.support.broadcast.BroadcastResponse;
import org.opensearch.core.action.support.DefaultShardOperationFailedException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.List;

/**
 * The items of every shard that answered, per read of the request: the k nearest (or best matches) over all shards,
 * or every item of a lookup found.
 */
public final class CatalogReadResponse extends BroadcastResponse {

    private final List<List<ReadItem>> items;

    CatalogReadResponse(List<List<ReadItem>> items, int totalShards, int successfulShards, int failedShards,
        List<DefaultShardOperationFailedException> failures) {
        super(totalShards, successfulShards, failedShards, failures);
        this.items = items;
    }

    public CatalogReadResponse(StreamInput in) throws IOException {
        super(in);
        this.items = in.readList(input -> input.readList(ReadItem::new));
    }

    /** The items of the request's first (or only) read. */
    public List<ReadItem> items() {
        return items.get(0);
    }

    /** The items of each of the request's reads, in the request's order. */
    public List<List<ReadItem>> itemsPerRead() {
        return items;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeCollection(items, StreamOutput::writeList);
    }
}
