package io.recsys.opensearch.model;

import io.recsys.opensearch.access.SystemContext;
import org.opensearch.ResourceAlreadyExistsException;
import org.opensearch.action.DocWriteRequest;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.delete.DeleteRequest;
import org.opensearch.action.get.MultiGetItemResponse;
import org.opensearch.action.get.MultiGetRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.action.support.WriteRequest;
import org.opensearch.cluster.ClusterState;
import org.opensearch.common.hash.MessageDigests;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The models' bytes, in the system index {@value #INDEX}: one upload is split into chunk documents
 * ({@code {blob_id}-{n}}, {@value #CHUNK_SIZE} bytes each) so a large model is never one huge document. Chunks are read
 * back with one real-time multi-get (no refresh needed) and checked against the SHA-256 recorded in the registry.
 */
public final class ModelStore {

    public static final String INDEX = ".recsys-models";
    /** Raw bytes per chunk document; 1 MiB keeps each document (base64 in _source) well under indexing limits. */
    public static final int CHUNK_SIZE = 1 << 20;

    /** The node's client; calls run in the system context. */
    private final Client client;
    /** Whether the index exists yet is read from the local cluster state. */
    private final Supplier<ClusterState> clusterState;

    public ModelStore(Client client, Supplier<ClusterState> clusterState) {
        this.client = client;
        this.clusterState = clusterState;
    }

    static String mapping() {
        return """
            {"dynamic": "strict",
             "properties": {
               "blob_id":  {"type": "keyword"},
               "model_id": {"type": "keyword"},
               "chunk":    {"type": "integer"},
               "chunks":   {"type": "integer"},
               "data":     {"type": "binary"}
             }}""";
    }

    static String settings() {
        // a copy on every node (small index, read on first use of a model anywhere), hidden like other system indices
        return """
            {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-all", "hidden": true}}""";
    }

    public static int chunkCount(long size) {
        return (int) Math.max(1, (size + CHUNK_SIZE - 1) / CHUNK_SIZE);
    }

    public static String sha256(byte[] bytes) {
        return MessageDigests.toHexString(MessageDigests.sha256().digest(bytes));
    }

    /** Stores the bytes under a new blob id, creating the index on first use. */
    public void write(String modelId, String blobId, byte[] bytes, ActionListener<Void> listener) {
        SystemContext.run(client.threadPool().getThreadContext(), listener, l -> ensureIndex(ActionListener.wrap(ignored -> {
            int chunks = chunkCount(bytes.length);
            BulkRequest bulk = new BulkRequest().setRefreshPolicy(WriteRequest.RefreshPolicy.NONE);
            for (int i = 0; i < chunks; i++) {
                int from = i * CHUNK_SIZE;
                int to = Math.min(bytes.length, from + CHUNK_SIZE);
                byte[] chunk = java.util.Arrays.copyOfRange(bytes, from, to);
                bulk.add(new IndexRequest(INDEX).id(chunkId(blobId, i)).opType(DocWriteRequest.OpType.CREATE)
                    .source(Map.of("blob_id", blobId, "model_id", modelId, "chunk", i, "chunks", chunks, "data", chunk)));
            }
            client.bulk(bulk, ActionListener.wrap(response -> {
                if (response.hasFailures()) {
                    l.onFailure(new IllegalStateException("storing model [" + modelId + "] failed: " + response.buildFailureMessage()));
                } else {
                    l.onResponse(null);
                }
            }, l::onFailure));
        }, l::onFailure)));
    }

    /** The bytes of a registered version, checked against its digest. */
    public void read(ModelInfo model, ActionListener<byte[]> listener) {
        SystemContext.run(client.threadPool().getThreadContext(), listener, l -> {
            MultiGetRequest get = new MultiGetRequest().realtime(true);
            for (int i = 0; i < model.chunks(); i++) {
                get.add(INDEX, chunkId(model.blobId(), i));
            }
            client.multiGet(get, ActionListener.wrap(response -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) model.sizeInBytes());
                for (MultiGetItemResponse item : response.getResponses()) {
                    if (item.isFailed() || item.getResponse().isExists() == false) {
                        l.onFailure(new IllegalStateException("model [" + model.key() + "]: chunk [" + item.getId() + "] is missing from ["
                            + INDEX + "]" + (item.isFailed() ? ": " + item.getFailure().getMessage() : "")));
                        return;
                    }
                    Object data = item.getResponse().getSource().get("data");
                    bytes.writeBytes(data instanceof byte[] raw ? raw : Base64.getDecoder().decode((String) data));
                }
                byte[] all = bytes.toByteArray();
                if (all.length != model.sizeInBytes() || sha256(all).equals(model.sha256()) == false) {
                    l.onFailure(new IllegalStateException("model [" + model.key() + "]: stored bytes do not match the registered SHA-256"));
                    return;
                }
                l.onResponse(all);
            }, l::onFailure));
        });
    }

    /** Deletes the chunks of an upload (best effort: an unreferenced blob is only wasted space). */
    public void delete(String blobId, int chunks, ActionListener<Void> listener) {
        if (clusterState.get().metadata().hasIndex(INDEX) == false) {
            listener.onResponse(null);
            return;
        }
        SystemContext.run(client.threadPool().getThreadContext(), listener, l -> {
            BulkRequest bulk = new BulkRequest();
            for (int i = 0; i < chunks; i++) {
                bulk.add(new DeleteRequest(INDEX, chunkId(blobId, i)));
            }
            client.bulk(bulk, ActionListener.wrap(r -> l.onResponse(null), l::onFailure));
        });
    }

    private void ensureIndex(ActionListener<Void> listener) {
        if (clusterState.get().metadata().hasIndex(INDEX)) {
            listener.onResponse(null);
            return;
        }
        CreateIndexRequest create = new CreateIndexRequest(INDEX).settings(settings(), XContentType.JSON).mapping(mapping(), XContentType.JSON);
        client.admin().indices().create(create, ActionListener.wrap(r -> listener.onResponse(null), e -> {
            if (e instanceof ResourceAlreadyExistsException) {
                listener.onResponse(null);
            } else {
                listener.onFailure(e);
            }
        }));
    }

    static String chunkId(String blobId, int chunk) {
        return blobId + "-" + chunk;
    }
}
