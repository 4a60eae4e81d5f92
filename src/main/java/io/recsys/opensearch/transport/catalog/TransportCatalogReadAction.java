package io.recsys.opensearch.transport.catalog;

import io.recsys.opensearch.catalogread.CatalogRead;
import io.recsys.opensearch.catalogread.ReadItem;
import io.recsys.opensearch.catalogread.ShardCatalogReader;
import org.apache.lucene.search.IndexSearcher;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.broadcast.BroadcastShardOperationFailedException;
import org.opensearch.action.support.broadcast.TransportBroadcastAction;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.routing.GroupShardsIterator;
import org.opensearch.cluster.routing.ShardIterator;
import org.opensearch.cluster.routing.ShardRouting;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.support.DefaultShardOperationFailedException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.IndexService;
import org.opensearch.index.IndexSettings;
import org.opensearch.index.engine.Engine;
import org.opensearch.index.shard.IndexShard;
import org.opensearch.indices.IndicesService;
import org.opensearch.search.SearchService;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Runs catalog reads on one copy of every catalog shard (the next copy when one fails), on the search pool, all of a
 * request's reads over one searcher of the last refresh, and merges per read: the k best scores over all shards for a
 * k-NN or best-matches read (scores as each shard computes them, like a search's default), every item found for a lookup. Shards that fail are reported in the response like a search's failed shards.
 */
public class TransportCatalogReadAction extends TransportBroadcastAction<CatalogReadRequest, CatalogReadResponse, CatalogReadShardRequest, CatalogReadShardResponse> {

    private final IndicesService indicesService;

    @Inject
    public TransportCatalogReadAction(
        ClusterService clusterService,
        TransportService transportService,
        IndicesService indicesService,
        ActionFilters actionFilters,
        IndexNameExpressionResolver resolver
    ) {
        super(CatalogReadAction.NAME, clusterService, transportService, actionFilters, resolver, CatalogReadRequest::new, CatalogReadShardRequest::new,
            ThreadPool.Names.SEARCH);
        this.indicesService = indicesService;
    }

    @Override
    protected CatalogReadShardResponse shardOperation(CatalogReadShardRequest request, Task task) throws IOException {
        IndexService indexService = indicesService.indexServiceSafe(request.shardId().getIndex());
        IndexShard shard = indexService.getShard(request.shardId().id());
        try (Engine.Searcher searcher = shard.acquireSearcher("recsys_catalog_read")) {
            boolean nearest = request.reads().stream().anyMatch(CatalogRead::isNearest);
            IndexSearcher reading = nearest && concurrentSegmentSearch(indexService.getIndexSettings()) ? concurrent(searcher) : searcher;
            return new CatalogReadShardResponse(request.shardId(), ShardCatalogReader.read(indexService, request.shardId(), reading, request.reads()));
        }
    }

    /**
     * The same reader, with the segments' HNSW searches run on the {@code index_searcher} pool at once, as a {@code knn}
     * search does under concurrent segment search (the k-NN plugin opts its queries in when the mode is {@code auto}).
     */
    private IndexSearcher concurrent(Engine.Searcher searcher) {
        IndexSearcher concurrent = new IndexSearcher(searcher.getIndexReader(), transportService.getThreadPool().executor(ThreadPool.Names.INDEX_SEARCHER));
        concurrent.setSimilarity(searcher.getSimilarity());
        concurrent.setQueryCache(searcher.getQueryCache());
        concurrent.setQueryCachingPolicy(searcher.getQueryCachingPolicy());
        return concurrent;
    }

    /**
     * Whether concurrent segment search is on for the index: its {@code index.search.concurrent_segment_search.mode}
     * when set, else the cluster's {@code search.concurrent_segment_search.mode} ({@code auto} by default).
     */
    private boolean concurrentSegmentSearch(IndexSettings indexSettings) {
        Settings settings = indexSettings.getSettings();
        String mode = IndexSettings.INDEX_CONCURRENT_SEGMENT_SEARCH_MODE.exists(settings)
            ? IndexSettings.INDEX_CONCURRENT_SEGMENT_SEARCH_MODE.get(settings)
            : clusterService.getClusterSettings().get(SearchService.CLUSTER_CONCURRENT_SEGMENT_SEARCH_MODE);
        return SearchService.CONCURRENT_SEGMENT_SEARCH_MODE_NONE.equals(mode) == false;
    }

    @Override
    protected CatalogReadResponse newResponse(CatalogReadRequest request, AtomicReferenceArray shardsResponses, ClusterState clusterState) {
        List<CatalogRead> reads = request.reads();
        List<List<ReadItem>> items = new ArrayList<>(reads.size());
        for (int read = 0; read < reads.size(); read++) {
            items.add(new ArrayList<>());
        }
        List<DefaultShardOperationFailedException> failures = new ArrayList<>();
        int successful = 0;
        for (int i = 0; i < shardsResponses.length(); i++) {
            Object response = shardsResponses.get(i);
            if (response instanceof BroadcastShardOperationFailedException failure) {
                failures.add(new DefaultShardOperationFailedException(failure));
            } else if (response instanceof CatalogReadShardResponse shardResponse) {
                successful++;
                for (int read = 0; read < reads.size(); read++) {
                    items.get(read).addAll(shardResponse.items(read));
                }
            }
        }
        for (int read = 0; read < reads.size(); read++) {
            if (reads.get(read).isRanked()) {
                // each shard sent its k best, by score then doc; the k best of all, ties in shard order (a stable sort), as a
                // search merges its shards' hits
                List<ReadItem> all = items.get(read);
                all.sort(Comparator.comparing(ReadItem::score).reversed());
                items.set(read, new ArrayList<>(all.subList(0, Math.min(reads.get(read).k(), all.size()))));
            }
        }
        return new CatalogReadResponse(items, shardsResponses.length(), successful, failures.size(), failures);
    }

    @Override
    protected CatalogReadShardRequest newShardRequest(int numShards, ShardRouting shard, CatalogReadRequest request) {
        return new CatalogReadShardRequest(shard.shardId(), request);
    }

    @Override
    protected CatalogReadShardResponse readShardResponse(StreamInput in) throws IOException {
        return new CatalogReadShardResponse(in);
    }

    @Override
    protected GroupShardsIterator<ShardIterator> shards(ClusterState state, CatalogReadRequest request, String[] concreteIndices) {
        return clusterService.operationRouting().searchShards(state, concreteIndices, null, null);
    }

    @Override
    protected ClusterBlockException checkGlobalBlock(ClusterState state, CatalogReadRequest request) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.READ);
    }

    @Override
    protected ClusterBlockException checkRequestBlock(ClusterState state, CatalogReadRequest request, String[] concreteIndices) {
        return state.blocks().indicesBlockedException(ClusterBlockLevel.READ, concreteIndices);
    }
}
