package io.recsys.opensearch.transport.catalog;

import io.recsys.opensearch.catalogread.CatalogRead;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.action.support.broadcast.BroadcastRequest;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;

import java.io.IOException;

/** A {@link CatalogRead} of the catalog index (or alias). */
public final class CatalogReadRequest extends BroadcastRequest<CatalogReadRequest> {

    private final CatalogRead read;

    public CatalogReadRequest(String catalog, CatalogRead read) {
        super(new String[] { catalog }, IndicesOptions.strictExpandOpenAndForbidClosed());
        this.read = read;
    }

    public CatalogReadRequest(StreamInput in) throws IOException {
        super(in);
        this.read = CatalogRead.readFrom(in);
    }

    public CatalogRead read() {
        return read;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        read.writeTo(out);
    }
}
