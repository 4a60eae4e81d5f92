package io.recsys.opensearch.transport.recommender;

import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.events.EventPartitionCreator;
import io.recsys.opensearch.model.ModelRegistryMetadata;
import io.recsys.opensearch.recommender.CatalogMapping;
import io.recsys.opensearch.recommender.EventPartitions;
import io.recsys.opensearch.recommender.IndexKind;
import io.recsys.opensearch.recommender.OwnIndexSettings;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import org.opensearch.ResourceAlreadyExistsException;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.action.admin.indices.mapping.put.PutMappingRequest;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;
import org.opensearch.action.support.clustermanager.TransportClusterManagerNodeAction;
import org.opensearch.cluster.AckedClusterStateUpdateTask;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.block.ClusterBlockException;
import org.opensearch.cluster.block.ClusterBlockLevel;
import org.opensearch.cluster.metadata.IndexAbstraction;
import org.opensearch.cluster.metadata.IndexMetadata;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs on the cluster manager: checks the catalog's mapping, the model and the names of the recommender's own indices,
 * creates those indices that are missing (shards and replicas from the {@code indices} section, else a matching index
 * template, else {@link OwnIndexSettings} defaults), then stores the configuration in the cluster state. A request that fails
 * validation changes nothing; one that fails later (an index refused by the cluster, a catalog changed meanwhile)
 * deletes the indices it created before it answers.
 */
public final class TransportPutRecommenderAction extends TransportClusterManagerNodeAction<PutRecommenderRequest, AcknowledgedResponse> {

    /** Used to create the recommender's indices. */
    private final Client client;

    @Inject
    public TransportPutRecommenderAction(
        TransportService transportService,
        ClusterService clusterService,
        ThreadPool threadPool,
        ActionFilters actionFilters,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Client client
    ) {
        super(
            PutRecommenderAction.NAME,
            transportService,
            clusterService,
            threadPool,
            actionFilters,
            PutRecommenderRequest::new,
            indexNameExpressionResolver
        );
        this.client = client;
    }

    @Override
    protected String executor() {
        return ThreadPool.Names.SAME;
    }

    @Override
    protected AcknowledgedResponse read(StreamInput in) throws IOException {
        return new AcknowledgedResponse(in);
    }

    @Override
    protected ClusterBlockException checkBlock(PutRecommenderRequest request, ClusterState state) {
        return state.blocks().globalBlockedException(ClusterBlockLevel.METADATA_WRITE);
    }

    @Override
    protected void clusterManagerOperation(PutRecommenderRequest request, ClusterState state, ActionListener<AcknowledgedResponse> listener) {
        try {
            validate(request, state);
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        RecommenderIndices indices = RecommenderIndices.of(request.name());
        List<CreateIndexRequest> missing = new ArrayList<>();
        for (IndexKind kind : List.of(IndexKind.PROFILES, IndexKind.IDENTITIES, IndexKind.EVENTS, IndexKind.FEATURE_LOG)) {
            String index = kind.indexOf(indices);
            if (kind == IndexKind.EVENTS) {
                if (state.metadata().getIndicesLookup().containsKey(index) == false) {
                    // the current month's partition, so that the alias every reader uses exists from the start
                    EventPartitions partitions = EventPartitions.of(indices);
                    String partition = partitions.partitionFor(System.currentTimeMillis());
                    missing.add(EventPartitionCreator.request(state.metadata(), partitions, partition, request.config().indices().shape(kind)));
                }
            } else if (state.metadata().hasIndex(index) == false) {
                Settings settings = OwnIndexSettings.forNewIndex(state.metadata(), index, request.config().indices().shape(kind));
                missing.add(new CreateIndexRequest(index).settings(settings).mapping(kind.mapping(), XContentType.JSON));
            }
        }
        List<String> created = new ArrayList<>();
        ActionListener<AcknowledgedResponse> cleaningUp = ActionListener.wrap(listener::onResponse, e -> deleteCreated(request.name(), created, e, listener));
        // Created (and on failure deleted) as the plugin: the caller needs this action, not index rights on recsys-*.
        ActionListener<Void> ready = ActionListener.wrap(ignored -> storeConfig(request, cleaningUp), cleaningUp::onFailure);
        String featureLog = IndexKind.FEATURE_LOG.indexOf(indices);
        boolean featureLogExists = state.metadata().hasIndex(featureLog);
        SystemContext.run(threadPool.getThreadContext(), ready, l -> createIndices(missing.iterator(), created, ActionListener.wrap(done -> {
            if (featureLogExists) {
                // a feature log created by an earlier version gains the fields added since (its mapping is strict)
                PutMappingRequest fields = new PutMappingRequest(featureLog).source(IndexKind.FEATURE_LOG.mapping(), XContentType.JSON);
                client.admin().indices().putMapping(fields, ActionListener.wrap(r -> l.onResponse(null), l::onFailure));
            } else {
                l.onResponse(null);
            }
        }, l::onFailure)));
    }

    /**
     * Deletes the indices this request created, then reports its failure. Not when the recommender exists by now: a
     * concurrent PUT of the same name that succeeded uses them.
     */
    private void deleteCreated(String name, List<String> created, Exception failure, ActionListener<AcknowledgedResponse> listener) {
        if (created.isEmpty() || RecommenderMetadata.from(clusterService.state().metadata()).recommenders().containsKey(name)) {
            listener.onFailure(failure);
            return;
        }
        ActionListener<AcknowledgedResponse> reported = ActionListener.wrap(r -> listener.onFailure(failure), e -> {
            failure.addSuppressed(e);
            listener.onFailure(failure);
        });
        SystemContext.run(threadPool.getThreadContext(), reported, l -> client.admin().indices().prepareDelete(created.toArray(String[]::new)).execute(l));
    }

    private void validate(PutRecommenderRequest request, ClusterState state) {
        RecommenderIndices.validateName(request.name());
        CatalogMapping.CatalogInfo catalog = CatalogMapping.validate(state, indexNameExpressionResolver, request.config().catalog());
        checkModel(request.config().model(), state);
        RecommenderIndices indices = RecommenderIndices.of(request.name());
        EventPartitions partitions = EventPartitions.of(indices);
        for (String own : indices.all()) {
            IndexAbstraction taken = state.metadata().getIndicesLookup().get(own);
            if (own.equals(indices.events()) && taken != null && taken.getType() == IndexAbstraction.Type.ALIAS
                && taken.getIndices().stream().allMatch(index -> partitions.owns(index.getIndex().getName()))) {
                continue; // the alias over the recommender's own events partitions
            }
            if (taken != null && taken.getType() != IndexAbstraction.Type.CONCRETE_INDEX) {
                throw new IllegalArgumentException("[name] recommender [" + request.name() + "] needs the index [" + own + "], which is taken by an "
                    + taken.getType().getDisplayName() + "; remove it or choose another name");
            }
        }
        if (request.config().events().retention() != null && partitions.isLegacy(state.metadata())) {
            throw new IllegalArgumentException("[events.retention] recommender [" + request.name() + "] keeps its events in the single index ["
                + indices.events() + "] of a version before monthly partitions, and retention drops whole partitions; migrate the index first "
                + "(README.md, \"Events partitions and retention\") or leave [events.retention] out");
        }
        // The plugin never changes an index that exists: a shape it does not have is refused, not silently ignored. The
        // events partitions are the exception: a new shape applies to the partitions created from now on, as with rollover.
        for (IndexKind kind : IndexKind.values()) {
            IndexMetadata existing = state.metadata().index(kind.indexOf(indices));
            if (existing != null) {
                OwnIndexSettings.checkExisting(existing, kind, request.config().indices().shape(kind));
            }
        }
        for (String name : RecommenderMetadata.from(state.metadata()).recommenders().keySet()) {
            List<String> owned = RecommenderIndices.of(name).all();
            EventPartitions theirs = EventPartitions.of(RecommenderIndices.of(name));
            for (String catalogIndex : catalog.indices()) {
                if (owned.contains(catalogIndex) || theirs.owns(catalogIndex)) {
                    throw new IllegalArgumentException(
                        "[catalog.index] [" + catalogIndex + "] belongs to recommender [" + name + "] and cannot be a catalog"
                    );
                }
            }
        }
    }

    /**
     * A named model must be registered (a model or an alias) before a recommender names it, or every query would 404;
     * the shipped default may always be named (it is registered when first needed), and naming none is the fused order.
     */
    private static void checkModel(String model, ClusterState state) {
        if (model != null && model.equals(RecommenderConfig.DEFAULT_MODEL) == false && ModelRegistryMetadata.from(state).resolve(model) == null) {
            throw new IllegalArgumentException("[model] model or alias [" + model + "] is not registered; register it first "
                + "(PUT /_plugins/_recsys/models/" + model + "), name the shipped [" + RecommenderConfig.DEFAULT_MODEL + "], or leave [model] out for the fused order");
        }
    }

    /** One after the other: four small indices (the events as their current month's partition), and a failure stops at the first one with a clear cause. */
    private void createIndices(Iterator<CreateIndexRequest> requests, List<String> created, ActionListener<Void> listener) {
        if (requests.hasNext() == false) {
            listener.onResponse(null);
            return;
        }
        CreateIndexRequest next = requests.next();
        client.admin().indices().create(next, ActionListener.wrap(response -> {
            created.add(next.index());
            createIndices(requests, created, listener);
        }, e -> {
            if (e instanceof ResourceAlreadyExistsException) {
                createIndices(requests, created, listener); // created by a concurrent PUT of the same recommender: not ours to delete
            } else {
                listener.onFailure(e);
            }
        }));
    }

    private void storeConfig(PutRecommenderRequest request, ActionListener<AcknowledgedResponse> listener) {
        clusterService.submitStateUpdateTask(
            "put-recsys-recommender-" + request.name(),
            new AckedClusterStateUpdateTask<AcknowledgedResponse>(request, listener) {
                @Override
                public ClusterState execute(ClusterState current) {
                    // The catalog may have changed since the first check; the stored configuration must fit the state it joins.
                    validate(request, current);
                    RecommenderConfig config = request.config();
                    RecommenderMetadata updated = RecommenderMetadata.from(current.metadata()).with(request.name(), config);
                    return ClusterState.builder(current)
                        .metadata(Metadata.builder(current.metadata()).putCustom(RecommenderMetadata.TYPE, updated))
                        .build();
                }

                @Override
                protected AcknowledgedResponse newResponse(boolean acknowledged) {
                    return new AcknowledgedResponse(acknowledged);
                }
            }
        );
    }
}
