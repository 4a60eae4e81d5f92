package io.recsys.opensearch.transport.catalog;

import io.recsys.opensearch.catalogread.CatalogRead;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.action.support.broadcast.BroadcastRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;
import java.util.List;

/**
 * {@link CatalogRead}s of the catalog index (or alias), run together on each shard over one searcher: the k-NN reads
 * of a request's long-term and session vectors make one hop, and the items both find are read once.
 */
public final class CatalogReadRequest extends BroadcastRequest<CatalogReadRequest> {

    /** A shard packs each hit's read into 8 bits when it sorts the hits of all reads by document. */
    public static final int MAX_READS = 255;

    private final List<CatalogRead> reads;

    public CatalogReadRequest(String catalog, CatalogRead read) {
        this(catalog, List.of(read));
    }

    public CatalogReadRequest(String catalog, List<CatalogRead> reads) {
        super(new String[] { catalog }, IndicesOptions.strictExpandOpenAndForbidClosed());
        if (reads.isEmpty() || reads.size() > MAX_READS) {
            throw new IllegalArgumentException("a catalog read request carries 1 to " + MAX_READS + " reads, not " + reads.size());
        }
        this.reads = List.copyOf(reads);
    }

    public CatalogReadRequest(StreamInput in) throws IOException {
        super(in);
        this.reads = in.readList(CatalogRead::readFrom);
    }

    public List<CatalogRead> reads() {
        return reads;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        out.writeList(reads);
    }
}
