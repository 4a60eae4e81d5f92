package io.recsys.opensearch.transport.catalog;

import io.recsys.opensearch.catalogread.CatalogRead;
import org.opensearch.action.support.broadcast.BroadcastShardRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.index.shard.ShardId;

import java.io.IOException;
import java.util.List;

/** The reads, sent to one copy of one catalog shard. */
public final class CatalogReadShardRequest extends BroadcastShardRequest {

    private final List<CatalogRead> reads;

    CatalogReadShardRequest(ShardId shardId, CatalogReadRequest request) {
        super(shardId, request);
        this.reads = request.reads();
    }

    public CatalogReadShardRequest(StreamInput in) throws IOException {
        super(in);
        this.reads = in.readList(CatalogRead::readFrom);
    }

    List<CatalogRead> reads() {
        return reads;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeList(reads);
    }
}
