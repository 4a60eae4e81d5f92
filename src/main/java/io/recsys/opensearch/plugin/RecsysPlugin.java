package io.recsys.opensearch.plugin;

import io.recsys.opensearch.cooccurrence.CooccurrenceAggregationBuilder;
import io.recsys.opensearch.cooccurrence.CooccurrenceParser;
import io.recsys.opensearch.cooccurrence.InternalCooccurrence;
import io.recsys.opensearch.cooccurrence.LlrHeuristic;
import io.recsys.opensearch.query.CandidatesQueryBuilder;
import io.recsys.opensearch.query.RecommendQueryBuilder;
import io.recsys.opensearch.query.RecommendQueryParser;
import io.recsys.opensearch.query.RecommendService;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import io.recsys.opensearch.rest.RestBuildIndicatorsAction;
import io.recsys.opensearch.rest.RestDeleteRecommenderAction;
import io.recsys.opensearch.rest.RestGetRecommenderAction;
import io.recsys.opensearch.rest.RestPutRecommenderAction;
import io.recsys.opensearch.rest.RestRecsysStatsAction;
import io.recsys.opensearch.rest.RestIngestEventsAction;
import io.recsys.opensearch.rest.RestLinkIdentitiesAction;
import io.recsys.opensearch.rest.RestProfileAction;
import io.recsys.opensearch.settings.RecsysSettings;
import io.recsys.opensearch.stats.RecsysStats;
import io.recsys.opensearch.transport.events.IngestEventsAction;
import io.recsys.opensearch.transport.events.TransportIngestEventsAction;
import io.recsys.opensearch.transport.indicators.BuildIndicatorsAction;
import io.recsys.opensearch.transport.indicators.TransportBuildIndicatorsAction;
import io.recsys.opensearch.transport.profile.DeleteProfileAction;
import io.recsys.opensearch.transport.profile.GetProfileAction;
import io.recsys.opensearch.transport.profile.LinkIdentitiesAction;
import io.recsys.opensearch.transport.profile.TransportDeleteProfileAction;
import io.recsys.opensearch.transport.profile.TransportGetProfileAction;
import io.recsys.opensearch.transport.profile.TransportLinkIdentitiesAction;
import io.recsys.opensearch.transport.recommender.DeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.GetRecommenderAction;
import io.recsys.opensearch.transport.recommender.PutRecommenderAction;
import io.recsys.opensearch.transport.recommender.TransportDeleteRecommenderAction;
import io.recsys.opensearch.transport.recommender.TransportGetRecommenderAction;
import io.recsys.opensearch.transport.recommender.TransportPutRecommenderAction;
import io.recsys.opensearch.transport.stats.RecsysStatsAction;
import io.recsys.opensearch.transport.stats.TransportRecsysStatsAction;
import org.opensearch.action.ActionRequest;
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
import org.opensearch.plugins.ActionPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.plugins.SearchPlugin;
import org.opensearch.repositories.RepositoriesService;
import org.opensearch.rest.RestController;
import org.opensearch.rest.RestHandler;
import org.opensearch.script.ScriptService;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;
import org.opensearch.watcher.ResourceWatcherService;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/** Registration only: the plugin's actions, REST handlers, cluster-state parts and per-node components. */
public class RecsysPlugin extends Plugin implements ActionPlugin, SearchPlugin {

    /** This node's counters; created here and injected into the actions that count. */
    private final RecsysStats stats = new RecsysStats();
    /** The recommend query's machinery; handed to each parsed query, wired in createComponents. */
    private final RecommendService recommendService = new RecommendService();

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
        recommendService.initialize(clusterService, indexNameExpressionResolver, threadPool, stats, RecommendService.fusedOrder());
        return List.of(stats, recommendService);
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
            new ActionHandler<>(LinkIdentitiesAction.INSTANCE, TransportLinkIdentitiesAction.class),
            new ActionHandler<>(GetProfileAction.INSTANCE, TransportGetProfileAction.class),
            new ActionHandler<>(DeleteProfileAction.INSTANCE, TransportDeleteProfileAction.class),
            new ActionHandler<>(BuildIndicatorsAction.INSTANCE, TransportBuildIndicatorsAction.class)
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
            new RestLinkIdentitiesAction(),
            new RestProfileAction(),
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
            new NamedWriteableRegistry.Entry(NamedDiff.class, RecommenderMetadata.TYPE, RecommenderMetadata::readDiffFrom)
        );
    }

    @Override
    public List<NamedXContentRegistry.Entry> getNamedXContent() {
        return List.of(
            new NamedXContentRegistry.Entry(Metadata.Custom.class, new ParseField(RecommenderMetadata.TYPE), RecommenderMetadata::fromXContent)
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
