package io.recsys.opensearch.transport.popularity;

import io.recsys.opensearch.popularity.InteractionCounts;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.single.shard.TransportSingleShardAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.routing.ShardsIterator;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;

/**
 * Runs {@link InteractionCounts} on a copy of one events index's only shard (one partition), on the search pool, over
 * the searcher of the last refresh (like a search: what a query can see).
 */
public class TransportInteractionCountsShardAction extends TransportSingleShardAction<InteractionCountsRequest, InteractionCountsResponse> {

    private final IndicesService indicesService;

    @Inject
    public TransportInteractionCountsShardAction(
        ClusterService clusterService,
        TransportService transportService,
        IndicesService indicesService,
        ThreadPool threadPool,
        ActionFilters actionFilters,
        IndexNameExpressionResolver resolver
    ) {
        super(InteractionCountsShardAction.NAME, threadPool, clusterService, transportService, actionFilters, resolver, InteractionCountsRequest::new,
            ThreadPool.Names.SEARCH);
        this.indicesService = indicesService;
    }

    @Override
    protected InteractionCountsResponse shardOperation(InteractionCountsRequest request, ShardId shardId) throws IOException {
        IndexShard shard = indicesService.indexServiceSafe(shardId.getIndex()).getShard(shardId.id());
        try (Engine.Searcher searcher = shard.acquireSearcher("recsys_interaction_counts")) {
            return new InteractionCountsResponse(InteractionCounts.count(searcher.getIndexReader(), request.items()));
        }
    }

    @Override
    protected Writeable.Reader<InteractionCountsResponse> getResponseReader() {
        return InteractionCountsResponse::new;
    }

    @Override
    protected boolean resolveIndex(InteractionCountsRequest request) {
        return true;
    }

    @Override
    protected ShardsIterator shards(ClusterState state, InternalRequest request) {
        int shards = state.metadata().index(request.concreteIndex()).getNumberOfShards();
        if (shards != 1) {
            // the plugin creates its events indices with one shard; counts from one shard of several would be wrong
            throw new IllegalStateException("[" + request.concreteIndex() + "] has " + shards + " shards; interaction counts are read from a single-shard events index");
        }
        return clusterService.operationRouting().getShards(state, request.concreteIndex(), 0, null);
    }
}
