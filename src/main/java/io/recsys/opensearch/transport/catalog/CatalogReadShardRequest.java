package io.recsys.opensearch.transport.catalog;

import io.recsys.opensearch.catalogread.CatalogRead;
import org.opensearch.action.support.broadcast.BroadcastShardRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.index.shard.ShardId;

import java.io.IOException;

/** The read, sent to one copy of one catalog shard. */
public final class CatalogReadShardRequest extends BroadcastShardRequest {

    private final CatalogRead read;

    CatalogReadShardRequest(ShardId shardId, CatalogReadRequest request) {
        super(shardId, request);
        this.read = request.read();
    }

    public CatalogReadShardRequest(StreamInput in) throws IOException {
        super(in);
        this.read = CatalogRead.readFrom(in);
    }

    CatalogRead read() {
        return read;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        read.writeTo(out);
    }
}
