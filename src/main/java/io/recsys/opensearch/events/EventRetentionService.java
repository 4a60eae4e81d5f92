package io.recsys.opensearch.events;

import io.recsys.opensearch.recommender.EventPartitions;
import io.recsys.opensearch.recommender.IndexKind;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.action.admin.indices.delete.DeleteIndexRequest;
import org.opensearch.action.support.IndicesOptions;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Applies a recommender's {@code events.retention}: deletes the whole monthly partitions whose newest possible event
 * (the end of their month) is older than now minus the retention. Never a delete-by-query: dropping a month is one
 * index deletion, a cluster-state update whose cost does not depend on how many events the month held. Profiles are
 * never touched (they keep their aggregates); the migrated legacy index is never dropped (its events have no month).
 * When every partition would go, the current month's is created first, so that the alias readers use never dangles.
 */
public final class EventRetentionService {

    private final Client client;
    private final Supplier<Metadata> metadata;
    private final LongSupplier clock;
    private final EventPartitionCreator partitionCreator;

    public EventRetentionService(Client client, Supplier<Metadata> metadata, LongSupplier clock) {
        this.client = client;
        this.metadata = metadata;
        this.clock = clock;
        this.partitionCreator = new EventPartitionCreator(client, metadata);
    }

    /** The partitions retention drops now, oldest first; empty without a retention. */
    static List<String> expired(EventPartitions partitions, List<String> existing, TimeValue retention, long now) {
        List<String> expired = new ArrayList<>();
        if (retention == null) {
            return expired;
        }
        long cutoff = now - retention.millis();
        for (String index : existing) {
            YearMonth month = partitions.monthOf(index);
            if (month != null && EventPartitions.endMillis(month) <= cutoff) {
                expired.add(index);
            }
        }
        return expired;
    }

    /** Runs retention for one recommender now. */
    public void apply(String name, RecommenderConfig config, ActionListener<EventRetentionResult> listener) {
        TimeValue retention = config.events().retention();
        long now = clock.getAsLong();
        Long cutoff = retention == null ? null : now - retention.millis();
        EventPartitions partitions = EventPartitions.of(RecommenderIndices.of(name));
        List<String> existing = partitions.existing(metadata.get());
        List<String> expired = expired(partitions, existing, retention, now);
        if (expired.isEmpty()) {
            listener.onResponse(new EventRetentionResult(name, retention, cutoff, List.of(), existing));
            return;
        }
        List<String> kept = new ArrayList<>(existing);
        kept.removeAll(expired);
        List<String> needed = kept.isEmpty() ? List.of(partitions.partitionFor(now)) : List.of();
        partitionCreator.ensure(partitions, needed, config.indices().shape(IndexKind.EVENTS), ActionListener.wrap(created -> {
            DeleteIndexRequest delete = new DeleteIndexRequest(expired.toArray(String[]::new)).indicesOptions(IndicesOptions.lenientExpandOpen());
            client.admin().indices().delete(delete, ActionListener.wrap(response -> {
                List<String> left = new ArrayList<>(kept);
                left.addAll(created);
                left.sort(null);
                listener.onResponse(new EventRetentionResult(name, retention, cutoff, expired, left));
            }, listener::onFailure));
        }, listener::onFailure));
    }
}
