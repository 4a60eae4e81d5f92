package io.recsys.opensearch.plugin;

import io.recsys.opensearch.access.DirectWriteGuard;
import io.recsys.opensearch.cooccurrence.CooccurrenceAggregationBuilder;
import io.recsys.opensearch.cooccurrence.CooccurrenceParser;
import io.recsys.opensearch.cooccurrence.InternalCooccurrence;
import io.recsys.opensearch.cooccurrence.LlrHeuristic;
import io.recsys.opensearch.featurelog.FeatureLogCapture;
import io.recsys.opensearch.featurelog.FeatureLogFilter;
import io.recsys.opensearch.featurelog.FeatureLogWriter;
import io.recsys.opensearch.featurelog.RecsysLogExt;
import io.recsys.opensearch.indicators.IndicatorsBuildTask;
import io.recsys.opensearch.model.DefaultModel;
import io.recsys.opensearch.model.InferencePool;
import io.recsys.opensearch.model.ModelRegistryMetadata;
import io.recsys.opensearch.model.ModelService;
import io.recsys.opensearch.model.ModelStore;
import io.recsys.opensearch.profile.ProfileCache;
import io.recsys.opensearch.query.CandidatesQueryBuilder;
import io.recsys.opensearch.query.RecommendQueryBuilder;
import io.recsys.opensearch.query.RecommendQueryParser;
import io.recsys.opensearch.query.RecommendService;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import io.recsys.opensearch.rerank.FeatureDemand;
import io.recsys.opensearch.rerank.ModelReranker;
import io.recsys.opensearch.events.EventRetentionScheduler;
import io.recsys.opensearch.events.EventRetentionService;
import io.recsys.opensearch.rest.RestApplyEventRetentionAction;
import io.recsys.opensearch.rest.RestBuildIndicatorsAction;
import io.recsys.opensearch.rest.RestDeleteModelAction;
import io.recsys.opensearch.rest.RestDeleteRecommenderAction;
import io.recsys.opensearch.rest.RestGetModelAction;
import io.recsys.opensearch.rest.RestGetRecommenderAction;
import io.recsys.opensearch.rest.RestIngestEventsAction;
import io.recsys.opensearch.rest.RestLinkIdentitiesAction;
import io.recsys.opensearch.rest.RestMergeUsersAction;
import io.recsys.opensearch.rest.RestUnlinkIdentityAction;
import io.recsys.opensearch.rest.RestModelAliasesAction;
import io.recsys.opensearch.rest.RestProfileAction;
import io.recsys.opensearch.rest.RestPutModelAction;
import io.recsys.opensearch.rest.RestPutRecommenderAction;
import io.recsys.opensearch.rest.RestRecsysStatsAction;
import io.recsys.opensearch.settings.RecsysSettings;
import io.recsys.opensearch.stats.RecsysStats;
import io.recsys.opensearch.transport.catalog.CatalogReadAction;
import io.recsys.opensearch.transport.catalog.TransportCatalogReadAction;
import io.recsys.opensearch.transport.events.ApplyEventRetentionAction;
import io.recsys.opensearch.transport.events.IngestEventsAction;
import io.recsys.opensearch.transport.events.TransportApplyEventRetentionAction;
import io.recsys.opensearch.transport.events.TransportIngestEventsAction;
import io.recsys.opensearch.transport.indicators.BuildIndicatorsAction;
import io.recsys.opensearch.transport.indicators.TransportBuildIndicatorsAction;
import io.recsys.opensearch.transport.model.DeleteModelAction;
import io.recsys.opensearch.transport.model.GetModelsAction;
import io.recsys.opensearch.transport.model.ModelAliasesAction;
import io.recsys.opensearch.transport.model.PutModelAction;
import io.recsys.opensearch.transport.model.TransportDeleteModelAction;
import io.recsys.opensearch.transport.model.TransportGetModelsAction;
import io.recsys.opensearch.transport.model.TransportModelAliasesAction;
import io.recsys.opensearch.transport.model.TransportPutModelAction;
import io.recsys.opensearch.transport.popularity.InteractionCountsAction;
import io.recsys.opensearch.transport.popularity.InteractionCountsShardAction;
import io.recsys.opensearch.transport.popularity.TransportInteractionCountsAction;
import io.recsys.opensearch.transport.popularity.TransportInteractionCountsShardAction;
import io.recsys.opensearch.transport.profile.DeleteProfileAction;
import io.recsys.opensearch.transport.profile.GetProfileAction;
import io.recsys.opensearch.transport.profile.LinkIdentitiesAction;
import io.recsys.opensearch.transport.profile.MergeUsersAction;
import io.recsys.opensearch.transport.profile.UnlinkIdentityAction;
import io.recsys.opensearch.transport.profile.TransportDeleteProfileAction;
import io.recsys.opensearch.transport.profile.TransportGetProfileAction;
import io.recsys.opensearch.transport.profile.TransportLinkIdentitiesAction;
import io.recsys.opensearch.transport.profile.TransportMergeUsersAction;
import io.recsys.opensearch.transport.profile.TransportUnlinkIdentityAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.GetRecommenderAction;
import io.recsys.opensearch.transport.recommender.PutRecommenderAction;
import io.recsys.opensearch.transport.recommender.TransportDeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.TransportGetRecommenderAction;
import io.recsys.opensearch.transport.recommender.TransportPutRecommenderAction;
import io.recsys.opensearch.transport.stats.RecsysStatsAction;
import io.recsys.opensearch.transport.stats.TransportRecsysStatsAction;
import io.recsys.opensearch.vectorfetch.VectorFetchExt;
import io.recsys.opensearch.vectorfetch.VectorFetchSubPhase;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.support.ActionFilter;
import org.opensearch.cluster.NamedDiff;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.cluster.node.DiscoveryNodes;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.settings.ClusterSettings;
import org.opensearch.common.settings.IndexScopedSettings;
import org.opensearch.common.settings.Setting;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.settings.SettingsFilter;
import org.opensearch.core.ParseField;
import org.opensearch.core.action.ActionResponse;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.xcontent.NamedXContentRegistry;
import org.opensearch.env.Environment;
import org.opensearch.env.NodeEnvironment;
import org.opensearch.indices.SystemIndexDescriptor;
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;
import org.opensearch.plugins.SystemIndexPlugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.rest.RestController;
import org.opensearch.rest.RestHandler;
import org.opensearch.script.ScriptService;
import org.opensearch.search.fetch.FetchSubPhase;
import org.opensearch.tasks.Task;
import org.opensearch.threadpool.ExecutorBuilder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** Registration only: the plugin's actions, REST handlers, cluster-state parts and per-node components. */
public class RecsysPlugin extends Plugin implements ActionPlugin, SearchPlugin, SystemIndexPlugin {

    /** This node's counters; created here and injected into the actions that count. */
    private final RecsysStats stats = new RecsysStats();
    /** The recommend query's machinery; handed to each parsed query, wired in createComponents. */
    private final RecommendService recommendService = new RecommendService();
    /** The model registry's node-side parts (stored bytes, loaded sessions); created in createComponents. */
    private ModelService modelService;
    /** Writes the feature log of searches with ext.recsys_log; created in createComponents (action filters are read after). */
    private FeatureLogFilter featureLogFilter;
    private FeatureDemand featureDemand;
    /** Refuses direct document writes into the plugin's indices; created in createComponents. */
    private DirectWriteGuard directWriteGuard;
    /** Drops events partitions past their recommender's retention while this node is the cluster manager; created in createComponents. */
    private EventRetentionScheduler retentionScheduler;

    @Override
    public Collection<Object> createComponents(
        Client client,
        ClusterService clusterService,
        ThreadPool threadPool,
        ResourceWatcherService resourceWatcherService,
        ScriptService scriptService,
        NamedXContentRegistry xContentRegistry,
        Environment environment,
        NodeEnvironment nodeEnvironment,
        NamedWriteableRegistry namedWriteableRegistry,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<RepositoriesService> repositoriesServiceSupplier
    ) {
        modelService = new ModelService(client, clusterService, threadPool, stats);
        DefaultModel defaultModel = new DefaultModel(environment.configDir().resolve("opensearch-recsys"), client);
        ModelReranker reranker = new ModelReranker(clusterService::state, modelService.cache(), defaultModel, threadPool, stats,
            modelService::inferenceTimeout);
        FeatureLogCapture capture = new FeatureLogCapture(threadPool.getThreadContext());
        featureLogFilter = new FeatureLogFilter(capture, new FeatureLogWriter(client, stats), threadPool.getThreadContext());
        featureDemand = new FeatureDemand(threadPool.getThreadContext());
        directWriteGuard = new DirectWriteGuard(clusterService, threadPool.getThreadContext(), indexNameExpressionResolver);
        recommendService.initialize(clusterService, indexNameExpressionResolver, threadPool, stats, reranker, capture);
        ProfileCache profileCache = new ProfileCache(RecsysSettings.EVENTS_PROFILE_CACHE_SIZE.get(clusterService.getSettings()));
        clusterService.addListener(profileCache);
        retentionScheduler = new EventRetentionScheduler(clusterService, threadPool,
            new EventRetentionService(client, () -> clusterService.state().metadata(), System::currentTimeMillis));
        clusterService.addLocalNodeClusterManagerListener(retentionScheduler);
        return List.of(stats, recommendService, modelService, profileCache);
    }

    @Override
    public List<ExecutorBuilder<?>> getExecutorBuilders(Settings settings) {
        return List.of(InferencePool.executorBuilder(settings));
    }

    @Override
    public List<ActionFilter> getActionFilters() {
        return featureLogFilter == null ? List.of() : List.of(featureLogFilter, featureDemand, directWriteGuard);
    }

    @Override
    public List<SearchExtSpec<?>> getSearchExts() {
        return List.of(
            new SearchExtSpec<>(RecsysLogExt.NAME, RecsysLogExt::new, RecsysLogExt::fromXContent),
            new SearchExtSpec<>(VectorFetchExt.NAME, VectorFetchExt::new, VectorFetchExt::fromXContent)
        );
    }

    @Override
    public List<FetchSubPhase> getFetchSubPhases(FetchPhaseConstructionContext context) {
        return List.of(new VectorFetchSubPhase());
    }

    @Override
    public Collection<SystemIndexDescriptor> getSystemIndexDescriptors(Settings settings) {
        return List.of(new SystemIndexDescriptor(ModelStore.INDEX, "opensearch-recsys: the bytes of registered ONNX models, in chunks"));
    }

    @Override
    public void close() throws IOException {
        if (retentionScheduler != null) {
            retentionScheduler.close();
        }
        if (modelService != null) {
            modelService.close();
        }
    }

    @Override
    public List<QuerySpec<?>> getQueries() {
        return List.of(
            new QuerySpec<>(RecommendQueryBuilder.NAME, in -> new RecommendQueryBuilder(in, recommendService), p -> RecommendQueryParser.parse(p, recommendService)),
            new QuerySpec<>(CandidatesQueryBuilder.NAME, CandidatesQueryBuilder::new, CandidatesQueryBuilder::fromXContent)
        );
    }

    @Override
    public List<ActionHandler<? extends ActionRequest, ? extends ActionResponse>> getActions() {
        return List.of(
            new ActionHandler<>(PutRecommenderAction.INSTANCE, TransportPutRecommenderAction.class),
            new ActionHandler<>(GetRecommenderAction.INSTANCE, TransportGetRecommenderAction.class),
            new ActionHandler<>(DeleteRecommenderAction.INSTANCE, TransportDeleteRecommenderAction.class),
            new ActionHandler<>(RecsysStatsAction.INSTANCE, TransportRecsysStatsAction.class),
            new ActionHandler<>(IngestEventsAction.INSTANCE, TransportIngestEventsAction.class),
            new ActionHandler<>(ApplyEventRetentionAction.INSTANCE, TransportApplyEventRetentionAction.class),
            new ActionHandler<>(LinkIdentitiesAction.INSTANCE, TransportLinkIdentitiesAction.class),
            new ActionHandler<>(UnlinkIdentityAction.INSTANCE, TransportUnlinkIdentityAction.class),
            new ActionHandler<>(MergeUsersAction.INSTANCE, TransportMergeUsersAction.class),
            new ActionHandler<>(GetProfileAction.INSTANCE, TransportGetProfileAction.class),
            new ActionHandler<>(DeleteProfileAction.INSTANCE, TransportDeleteProfileAction.class),
            new ActionHandler<>(PutModelAction.INSTANCE, TransportPutModelAction.class),
            new ActionHandler<>(GetModelsAction.INSTANCE, TransportGetModelsAction.class),
            new ActionHandler<>(DeleteModelAction.INSTANCE, TransportDeleteModelAction.class),
            new ActionHandler<>(ModelAliasesAction.INSTANCE, TransportModelAliasesAction.class),
            new ActionHandler<>(BuildIndicatorsAction.INSTANCE, TransportBuildIndicatorsAction.class),
            new ActionHandler<>(InteractionCountsAction.INSTANCE, TransportInteractionCountsAction.class),
            new ActionHandler<>(InteractionCountsShardAction.INSTANCE, TransportInteractionCountsShardAction.class),
            new ActionHandler<>(CatalogReadAction.INSTANCE, TransportCatalogReadAction.class)
        );
    }

    @Override
    public List<RestHandler> getRestHandlers(
        Settings settings,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster
    ) {
        return List.of(
            new RestPutRecommenderAction(),
            new RestGetRecommenderAction(),
            new RestDeleteRecommenderAction(),
            new RestRecsysStatsAction(),
            new RestIngestEventsAction(),
            new RestApplyEventRetentionAction(),
            new RestLinkIdentitiesAction(),
            new RestUnlinkIdentityAction(),
            new RestMergeUsersAction(),
            new RestProfileAction(),
            new RestPutModelAction(),
            new RestGetModelAction(),
            new RestDeleteModelAction(),
            new RestModelAliasesAction(),
            new RestBuildIndicatorsAction()
        );
    }

    @Override
    public List<Setting<?>> getSettings() {
        return RecsysSettings.all();
    }

    @Override
    public List<NamedWriteableRegistry.Entry> getNamedWriteables() {
        return List.of(
            new NamedWriteableRegistry.Entry(Metadata.Custom.class, RecommenderMetadata.TYPE, RecommenderMetadata::new),
            new NamedWriteableRegistry.Entry(Task.Status.class, IndicatorsBuildTask.Status.NAME, IndicatorsBuildTask.Status::new),
            new NamedWriteableRegistry.Entry(NamedDiff.class, RecommenderMetadata.TYPE, RecommenderMetadata::readDiffFrom),
            new NamedWriteableRegistry.Entry(Metadata.Custom.class, ModelRegistryMetadata.TYPE, ModelRegistryMetadata::new),
            new NamedWriteableRegistry.Entry(NamedDiff.class, ModelRegistryMetadata.TYPE, ModelRegistryMetadata::readDiffFrom)
        );
    }

    @Override
    public List<NamedXContentRegistry.Entry> getNamedXContent() {
        return List.of(
            new NamedXContentRegistry.Entry(Metadata.Custom.class, new ParseField(RecommenderMetadata.TYPE), RecommenderMetadata::fromXContent),
            new NamedXContentRegistry.Entry(Metadata.Custom.class, new ParseField(ModelRegistryMetadata.TYPE), ModelRegistryMetadata::fromXContent)
        );
    }

    @Override
    public List<AggregationSpec> getAggregations() {
        return List.of(
            new AggregationSpec(CooccurrenceAggregationBuilder.NAME, CooccurrenceAggregationBuilder::new, CooccurrenceParser::parse)
                .addResultReader(InternalCooccurrence::new)
        );
    }

    @Override
    public List<SignificanceHeuristicSpec<?>> getSignificanceHeuristics() {
        return List.of(new SignificanceHeuristicSpec<>(LlrHeuristic.NAME, LlrHeuristic::new, LlrHeuristic.PARSER));
    }
}
