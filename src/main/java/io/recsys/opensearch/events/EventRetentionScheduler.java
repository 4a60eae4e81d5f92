package io.recsys.opensearch.events;

import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import io.recsys.opensearch.settings.RecsysSettings;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.opensearch.cluster.LocalNodeClusterManagerListener;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.threadpool.Scheduler;
import org.opensearch.threadpool.ThreadPool;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs {@link EventRetentionService} for every recommender with an {@code events.retention}, every
 * {@code recsys.events.retention_interval}, on the elected cluster manager only: one node decides, so two nodes never
 * race to delete the same month, and the job moves with the election (a new cluster manager starts it, the old one
 * stops). Recommenders are handled one after the other, and a run never overlaps the previous one.
 */
public final class EventRetentionScheduler implements LocalNodeClusterManagerListener, Closeable {

    private static final Logger logger = LogManager.getLogger(EventRetentionScheduler.class);

    private final ClusterService clusterService;
    private final ThreadPool threadPool;
    private final EventRetentionService retention;
    /** Current value of recsys.events.retention_interval. */
    private volatile TimeValue interval;
    /** The periodic run while this node is the elected cluster manager; null otherwise. */
    private Scheduler.Cancellable scheduled;
    /** Set while a run goes through the recommenders, so that a slow run is never joined by the next. */
    private final AtomicBoolean running = new AtomicBoolean();

    public EventRetentionScheduler(ClusterService clusterService, ThreadPool threadPool, EventRetentionService retention) {
        this.clusterService = clusterService;
        this.threadPool = threadPool;
        this.retention = retention;
        this.interval = RecsysSettings.EVENTS_RETENTION_INTERVAL.get(clusterService.getSettings());
        clusterService.getClusterSettings().addSettingsUpdateConsumer(RecsysSettings.EVENTS_RETENTION_INTERVAL, this::setInterval);
    }

    @Override
    public synchronized void onClusterManager() {
        cancel();
        scheduled = threadPool.scheduleWithFixedDelay(this::runAll, interval, ThreadPool.Names.GENERIC);
    }

    @Override
    public synchronized void offClusterManager() {
        cancel();
    }

    private synchronized void setInterval(TimeValue interval) {
        this.interval = interval;
        if (scheduled != null) {
            onClusterManager();
        }
    }

    private synchronized void cancel() {
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
        }
    }

    @Override
    public void close() {
        cancel();
    }

    /** One run over every recommender that has a retention. */
    void runAll() {
        if (clusterService.state().nodes().isLocalNodeElectedClusterManager() == false || running.compareAndSet(false, true) == false) {
            return;
        }
        List<Map.Entry<String, RecommenderConfig>> due = new ArrayList<>();
        for (Map.Entry<String, RecommenderConfig> entry : RecommenderMetadata.from(clusterService.state().metadata()).recommenders().entrySet()) {
            if (entry.getValue().events().retention() != null) {
                due.add(entry);
            }
        }
        next(due.iterator());
    }

    private void next(Iterator<Map.Entry<String, RecommenderConfig>> due) {
        if (due.hasNext() == false) {
            running.set(false);
            return;
        }
        Map.Entry<String, RecommenderConfig> entry = due.next();
        ActionListener<EventRetentionResult> listener = ActionListener.wrap(result -> {
            if (result.deleted().isEmpty() == false) {
                logger.info("recommender [{}]: events retention [{}] deleted partitions {}", result.recommender(), result.retention(), result.deleted());
            }
            next(due);
        }, e -> {
            // the next recommender still gets its run, and this one its next one
            logger.warn(() -> new org.apache.logging.log4j.message.ParameterizedMessage("recommender [{}]: events retention failed", entry.getKey()), e);
            next(due);
        });
        try {
            retention.apply(entry.getKey(), entry.getValue(), listener);
        } catch (RuntimeException e) {
            listener.onFailure(e); // thrown before any callback: without this, `running` would stay set and no run would follow
        }
    }
}
