package io.recsys.opensearch.events;

import io.recsys.opensearch.recommender.EventPartitions;
import io.recsys.opensearch.recommender.IndexKind;
import io.recsys.opensearch.recommender.IndexShape;
import io.recsys.opensearch.recommender.OwnIndexSettings;
import org.opensearch.ExceptionsHelper;
import org.opensearch.ResourceAlreadyExistsException;
import org.opensearch.action.admin.indices.alias.Alias;
import org.opensearch.action.admin.indices.create.CreateIndexRequest;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Creates the monthly partitions of a recommender's events on demand, each with the events mapping, the shape the
 * recommender's {@code indices.events} asks (else a matching template, else the plugin's defaults, like every own
 * index) and the alias readers use, in one create request: a partition is never visible without its alias.
 * Two nodes creating the same month at once is fine: the loser's {@code resource_already_exists} counts as success.
 */
public final class EventPartitionCreator {

    private final Client client;
    /** The cluster metadata as this node sees it: which partitions exist, which templates match. */
    private final Supplier<Metadata> metadata;

    public EventPartitionCreator(Client client, Supplier<Metadata> metadata) {
        this.client = client;
        this.metadata = metadata;
    }

    /**
     * Makes sure the named partitions exist (one after the other, in name order; a live batch usually names one month, a replay a few),
     * then completes with the ones this call created. Fails at the first partition the cluster refuses.
     */
    public void ensure(EventPartitions partitions, Collection<String> names, IndexShape shape, ActionListener<List<String>> listener) {
        Metadata current = metadata.get();
        List<CreateIndexRequest> missing = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            if (current.hasIndex(name) == false) {
                missing.add(request(current, partitions, name, shape));
            }
        }
        List<String> created = new ArrayList<>();
        create(missing.iterator(), created, listener);
    }

    /** The request that creates one partition: events mapping, the asked shape, and the readers' alias. */
    public static CreateIndexRequest request(Metadata metadata, EventPartitions partitions, String name, IndexShape shape) {
        return new CreateIndexRequest(name)
            .settings(OwnIndexSettings.forNewIndex(metadata, name, shape))
            .mapping(IndexKind.EVENTS.mapping(), XContentType.JSON)
            .alias(new Alias(partitions.alias()));
    }

    private void create(Iterator<CreateIndexRequest> requests, List<String> created, ActionListener<List<String>> listener) {
        if (requests.hasNext() == false) {
            listener.onResponse(created);
            return;
        }
        CreateIndexRequest next = requests.next();
        client.admin().indices().create(next, ActionListener.wrap(response -> {
            created.add(next.index());
            create(requests, created, listener);
        }, e -> {
            if (ExceptionsHelper.unwrapCause(e) instanceof ResourceAlreadyExistsException) {
                create(requests, created, listener); // another node created it meanwhile, with the same mapping and alias
            } else {
                listener.onFailure(e);
            }
        }));
    }
}
