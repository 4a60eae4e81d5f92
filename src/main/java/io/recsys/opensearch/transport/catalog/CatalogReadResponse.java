package io.recsys.opensearch.transport.catalog;

import io.recsys.opensearch.catalogread.ReadItem;
import org.opensearch.action.support.broadcast.BroadcastResponse;
import org.opensearch.core.action.support.DefaultShardOperationFailedException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.List;

/** The items of every shard that answered: the k nearest over all shards, or every item of a lookup found. */
public final class CatalogReadResponse extends BroadcastResponse {

    private final List<ReadItem> items;

    CatalogReadResponse(List<ReadItem> items, int totalShards, int successfulShards, int failedShards, List<DefaultShardOperationFailedException> failures) {
        super(totalShards, successfulShards, failedShards, failures);
        this.items = items;
    }

    public CatalogReadResponse(StreamInput in) throws IOException {
        super(in);
        this.items = in.readList(ReadItem::new);
    }

    public List<ReadItem> items() {
        return items;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeList(items);
    }
}
