package io.recsys.opensearch.transport.events;

import org.opensearch.common.util.concurrent.ThreadContext;
import io.recsys.opensearch.access.SystemContext;
import io.recsys.opensearch.events.EventIngestService;
import io.recsys.opensearch.profile.ProfileCache;
import io.recsys.opensearch.events.EventParser;
import io.recsys.opensearch.events.EventResult;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import io.recsys.opensearch.settings.RecsysSettings;
import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.stats.RecsysStats;
import org.opensearch.action.support.ActionFilters;
import org.opensearch.action.support.HandledTransportAction;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.inject.Inject;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.tasks.Task;
import org.opensearch.transport.TransportService;
import org.opensearch.transport.client.Client;

import java.util.List;

/** Runs on the node that received the request; profiles are updated through ordinary conditional writes. */
public final class TransportIngestEventsAction extends HandledTransportAction<IngestEventsRequest, IngestEventsResponse> {

    private final ClusterService clusterService;
    private final EventIngestService ingestService;
    private final RecsysStats stats;
    /** Where the plugin's own writes run (see {@link SystemContext}). */
    private final ThreadContext threadContext;
    private final EventParser parser = new EventParser(System::currentTimeMillis);
    /** Current value of recsys.events.max_batch_size. */
    private volatile int maxBatchSize;

    @Inject
    public TransportIngestEventsAction(
        TransportService transportService,
        ActionFilters actionFilters,
        ClusterService clusterService,
        Client client,
        RecsysStats stats,
        ProfileCache profileCache
    ) {
        super(IngestEventsAction.NAME, transportService, actionFilters, IngestEventsRequest::new);
        this.clusterService = clusterService;
        this.ingestService = new EventIngestService(client, profileCache, () -> clusterService.state().metadata());
        this.stats = stats;
        this.threadContext = client.threadPool().getThreadContext();
        this.maxBatchSize = RecsysSettings.EVENTS_MAX_BATCH_SIZE.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.EVENTS_MAX_BATCH_SIZE, v -> maxBatchSize = v);
    }

    @Override
    protected void doExecute(Task task, IngestEventsRequest request, ActionListener<IngestEventsResponse> listener) {
        long start = System.nanoTime();
        RecommenderConfig config;
        List<EventParser.Parsed> parsed;
        try {
            config = RecommenderMetadata.require(clusterService.state(), request.recommender());
            parsed = parser.parse(BytesReference.toBytes(request.body()));
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        // The events, profiles and identities are written as the plugin: the caller needs this action, not write access to them.
        SystemContext.run(threadContext, listener, l -> ingestService.ingest(request.recommender(), config, parsed, maxBatchSize, ActionListener.wrap(results -> {
            long rejected = results.stream().filter(EventResult::failed).count();
            stats.add(Counter.EVENTS_INGESTED, results.size() - rejected);
            stats.add(Counter.EVENTS_REJECTED, rejected);
            l.onResponse(new IngestEventsResponse((System.nanoTime() - start) / 1_000_000, results));
        }, l::onFailure)));
    }
}
