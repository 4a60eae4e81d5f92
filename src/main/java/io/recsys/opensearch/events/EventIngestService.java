package io.recsys.opensearch.events;

import io.recsys.opensearch.profile.CatalogItem;
import io.recsys.opensearch.profile.CatalogItemLookup;
import io.recsys.opensearch.profile.ProfileCache;
import io.recsys.opensearch.profile.ProfileStore;
import io.recsys.opensearch.profile.ProfileUpdater;
import io.recsys.opensearch.profile.StoredProfile;
import io.recsys.opensearch.recommender.EventPartitions;
import io.recsys.opensearch.recommender.IndexKind;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.get.MultiGetItemResponse;
import org.opensearch.action.get.MultiGetRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.engine.VersionConflictEngineException;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Applies a batch of events: resolves each event's user through the identity links, looks the items up in the catalog,
 * then updates each touched profile once per batch with a conditional write, retrying the profiles another writer
 * changed meanwhile, and finally stores the events. The reply says, per event, what happened.
 */
public final class EventIngestService {

    /** Rounds of re-reading profiles that another writer changed; contention on one profile is resolved well before. */
    static final int MAX_ROUNDS = 200;

    private final Client client;
    private final CatalogItemLookup catalog;
    /** Profiles this node wrote last: a batch starts from them instead of reading the index. */
    private final ProfileCache profileCache;
    /** Keeps this node's batches from updating one profile at the same time. */
    private final ProfileUpdateGate gate = new ProfileUpdateGate();

    /** The cluster metadata as this node sees it: whether the events are partitioned, which partitions exist. */
    private final Supplier<Metadata> metadata;
    /** Creates the month's partition of an event when it is the first one of that month. */
    private final EventPartitionCreator partitionCreator;

    public EventIngestService(Client client, ProfileCache profileCache, Supplier<Metadata> metadata) {
        this.client = client;
        this.catalog = new CatalogItemLookup(client);
        this.profileCache = profileCache;
        this.metadata = metadata;
        this.partitionCreator = new EventPartitionCreator(client, metadata);
    }

    /** A profile being written and its write request (bulk items answer in the order of these). */
    private record Write(StoredProfile profile, IndexRequest request) {}

    /** One accepted event and where its result goes. */
    private record Slot(int position, Event event) {}

    /** The state of one batch as it moves through the steps. */
    private final class Batch {
        final String recommender;
        final RecommenderConfig config;
        final RecommenderIndices indices;
        final ProfileUpdater updater;
        final ProfileStore store;
        final EventResult[] results;
        final List<Slot> slots = new ArrayList<>();
        final Map<Integer, String> profileOf = new HashMap<>();
        Map<String, CatalogItem> items = Map.of();
        final ActionListener<List<EventResult>> listener;

        Batch(String recommender, RecommenderConfig config, int size, ActionListener<List<EventResult>> listener) {
            this.recommender = recommender;
            this.config = config;
            this.indices = RecommenderIndices.of(recommender);
            this.updater = new ProfileUpdater(config.events());
            this.store = new ProfileStore(client, indices.profiles(), profileCache);
            this.results = new EventResult[size];
            this.listener = listener;
        }
    }

    /**
     * Ingests parsed events; {@code maxBatchSize} bounds the accepted ones (the rest get 413 each). Completes with one
     * result per parsed event, in order.
     */
    public void ingest(String recommender, RecommenderConfig config, List<EventParser.Parsed> parsed, int maxBatchSize, ActionListener<List<EventResult>> listener) {
        Batch batch = new Batch(recommender, config, parsed.size(), listener);
        for (int i = 0; i < parsed.size(); i++) {
            EventParser.Parsed p = parsed.get(i);
            if (p.error() != null) {
                batch.results[i] = EventResult.refused(400, p.error());
            } else if (batch.slots.size() >= maxBatchSize) {
                batch.results[i] = new EventResult(413, null, null, "illegal_argument_exception",
                    "[events] the batch holds more than [" + maxBatchSize + "] events (setting recsys.events.max_batch_size); send the rest in another request");
            } else {
                batch.slots.add(new Slot(i, p.event()));
            }
        }
        if (batch.slots.isEmpty()) {
            finish(batch);
            return;
        }
        resolveIdentities(batch, ActionListener.wrap(ignored -> lookupItems(batch), e -> failAll(batch, e)));
    }

    private void resolveIdentities(Batch batch, ActionListener<Void> listener) {
        Set<String> linkIds = new HashSet<>();
        for (Slot slot : batch.slots) {
            if (slot.event().identity() != null) {
                linkIds.add(slot.event().identity().linkDocId());
            } else {
                batch.profileOf.put(slot.position(), slot.event().userId());
            }
        }
        if (linkIds.isEmpty()) {
            listener.onResponse(null);
            return;
        }
        MultiGetRequest request = new MultiGetRequest().realtime(true);
        linkIds.forEach(id -> request.add(new MultiGetRequest.Item(batch.indices.identities(), id).fetchSourceContext(
            new org.opensearch.search.fetch.subphase.FetchSourceContext(true, new String[] { "user_id" }, null))));
        client.multiGet(request, ActionListener.wrap(response -> {
            Map<String, String> linkedUser = new HashMap<>();
            for (MultiGetItemResponse item : response.getResponses()) {
                if (item.isFailed()) {
                    listener.onFailure(item.getFailure().getFailure());
                    return;
                }
                if (item.getResponse().isExists()) {
                    linkedUser.put(item.getId(), (String) item.getResponse().getSourceAsMap().get("user_id"));
                }
            }
            for (Slot slot : batch.slots) {
                Identity identity = slot.event().identity();
                if (identity != null) {
                    batch.profileOf.put(slot.position(), linkedUser.getOrDefault(identity.linkDocId(), identity.anonymousProfileId()));
                }
            }
            listener.onResponse(null);
        }, listener::onFailure));
    }

    private void lookupItems(Batch batch) {
        Set<String> itemIds = new HashSet<>();
        batch.slots.forEach(slot -> itemIds.add(slot.event().item()));
        catalog.lookup(batch.config.catalog(), itemIds, ActionListener.wrap(items -> {
            batch.items = items;
            Map<String, List<Slot>> byProfile = new LinkedHashMap<>();
            for (Slot slot : batch.slots) {
                byProfile.computeIfAbsent(batch.profileOf.get(slot.position()), p -> new ArrayList<>()).add(slot);
            }
            // Applied in time order, so the session logic sees events as they happened whatever the batch order.
            byProfile.values().forEach(slots -> slots.sort(Comparator.comparingLong(s -> s.event().timestamp())));
            updateProfiles(batch, byProfile, 1);
        }, e -> failAll(batch, e)));
    }

    /**
     * One round: take the profiles no other batch of this node is updating (the others wait for the next round), read
     * them, apply their events, write them back conditionally; conflicts go to the next round.
     */
    private void updateProfiles(Batch batch, Map<String, List<Slot>> pending, int round) {
        ProfileUpdateGate.Admission admission = gate.admit(batch.indices.profiles(), pending.keySet());
        if (admission.admitted().isEmpty()) {
            // every profile is being written by another batch: start again from their writes once they are done
            gate.whenReleased(batch.indices.profiles(), admission.busy(), () -> forkRound(batch, pending, round));
            return;
        }
        Map<String, List<Slot>> next = new LinkedHashMap<>();
        admission.busy().forEach(id -> next.put(id, pending.get(id)));
        List<String> admitted = admission.admitted();
        // profiles this node wrote last come from its cache; a conflict means one changed elsewhere, and it is read again
        batch.store.read(admitted, ActionListener.wrap(profiles -> {
            BulkRequest bulk = new BulkRequest();
            List<Write> writes = new ArrayList<>();
            Map<Integer, EventResult> tentative = new HashMap<>();
            boolean redirected = false;
            for (String profileId : admitted) {
                List<Slot> slots = pending.get(profileId);
                StoredProfile stored = profiles.get(profileId);
                String redirect = stored.state().mergedInto();
                if (redirect != null) {
                    // an anonymous profile merged into a user (or an account into another) since it was resolved: its events follow
                    next.computeIfAbsent(redirect, p -> new ArrayList<>()).addAll(slots);
                    redirected = true;
                    continue;
                }
                if (apply(batch, profileId, stored, slots, tentative)) {
                    Write write = new Write(stored, batch.store.writeRequest(stored));
                    bulk.add(write.request());
                    writes.add(write);
                } else {
                    slots.forEach(slot -> batch.results[slot.position()] = tentative.get(slot.position()));
                }
            }
            // a redirect counts as a round: a chain of merges ends, and a cycle left by a failed merge cannot spin forever
            int roundAfter = redirected ? round + 1 : round;
            if (bulk.numberOfActions() == 0) {
                admission.release();
                nextRound(batch, next, roundAfter);
                return;
            }
            client.bulk(bulk, ActionListener.wrap(response -> {
                BulkItemResponse[] items = response.getItems();
                boolean conflicts = false;
                for (int i = 0; i < items.length; i++) {
                    Write write = writes.get(i);
                    String profileId = write.request().id();
                    List<Slot> slots = pending.get(profileId);
                    if (items[i].isFailed() == false) {
                        batch.store.written(write.profile(), write.request(), items[i].getResponse().getSeqNo(), items[i].getResponse().getPrimaryTerm());
                        slots.forEach(slot -> batch.results[slot.position()] = tentative.get(slot.position()));
                        continue;
                    }
                    batch.store.notWritten(profileId);
                    if (ExceptionsHelper.unwrapCause(items[i].getFailure().getCause()) instanceof VersionConflictEngineException) {
                        conflicts = true;
                        next.computeIfAbsent(profileId, p -> new ArrayList<>()).addAll(slots);
                    } else {
                        Exception cause = items[i].getFailure().getCause();
                        int status = items[i].getFailure().getStatus().getStatus();
                        slots.forEach(slot -> batch.results[slot.position()] = EventResult.refused(status, cause));
                    }
                }
                admission.release();
                nextRound(batch, next, conflicts ? roundAfter + 1 : roundAfter);
            }, e -> {
                admission.release();
                admitted.forEach(batch.store::notWritten);
                failAll(batch, e);
            }));
        }, e -> {
            admission.release();
            failAll(batch, e);
        }));
    }

    /**
     * Applies a profile's events of this batch to it; {@code tentative} gets each event's result, final once the write
     * succeeds. Returns whether the profile changed (and must be written).
     */
    private boolean apply(Batch batch, String profileId, StoredProfile stored, List<Slot> slots, Map<Integer, EventResult> tentative) {
        boolean changed = batch.updater.repair(stored.state(), System.currentTimeMillis());
        for (Slot slot : slots) {
            if (slot.event().identity() != null && ProfileIds.isAnonymous(profileId)) {
                stored.state().identities().add(slot.event().identity().linkDocId()); // an anonymous profile names its device
            }
            CatalogItem item = batch.items.get(slot.event().item());
            try {
                if (batch.updater.apply(stored.state(), slot.event(), item)) {
                    changed = true;
                    tentative.put(slot.position(), EventResult.applied(profileId, item != null));
                } else {
                    tentative.put(slot.position(), EventResult.duplicate(profileId, item != null));
                }
            } catch (IllegalArgumentException e) {
                tentative.put(slot.position(), EventResult.refused(400, e));
            }
        }
        return changed;
    }

    /**
     * Runs a round of this batch on another thread: it was woken by another batch's release, whose thread should go on
     * with that batch.
     */
    private void forkRound(Batch batch, Map<String, List<Slot>> pending, int round) {
        ThreadPool threadPool = client.threadPool();
        threadPool.generic().execute(threadPool.getThreadContext().preserveContext(() -> updateProfiles(batch, pending, round)));
    }

    /** Goes on with what is left: profiles that were busy, conflicted, or redirected; {@code round} counts conflicts. */
    private void nextRound(Batch batch, Map<String, List<Slot>> next, int round) {
        if (next.isEmpty()) {
            storeEvents(batch);
        } else if (round > MAX_ROUNDS) {
            Exception e = new IllegalStateException("profile kept changing under " + MAX_ROUNDS + " attempts; retry the event");
            next.values().forEach(slots -> slots.forEach(slot -> batch.results[slot.position()] = new EventResult(
                RestStatus.SERVICE_UNAVAILABLE.getStatus(), null, null, "profile_contention_exception", e.getMessage())));
            storeEvents(batch);
        } else {
            next.values().forEach(slots -> slots.sort(Comparator.comparingLong(s -> s.event().timestamp())));
            updateProfiles(batch, next, round);
        }
    }

    /**
     * Stores the applied events, each in the partition of its own month (created if it is the month's first event); a
     * recommender created before partitioning keeps its single index. A retried event id overwrites its own document,
     * never adds one: the document id is scoped to the event's sender (two users' {@code order-1} stay two documents)
     * and the partition is decided by the event's time, so a retry lands in the same partition. An event older than the
     * recommender's {@code events.retention} updates the profile but is not stored: its partition is one retention drops.
     */
    private void storeEvents(Batch batch) {
        Metadata current = metadata.get();
        EventPartitions partitions = EventPartitions.of(batch.indices);
        boolean legacy = partitions.isLegacy(current);
        TimeValue retention = batch.config.events().retention();
        long keptFrom = retention == null ? Long.MIN_VALUE : System.currentTimeMillis() - retention.millis();
        List<Slot> stored = new ArrayList<>();
        Set<String> months = new HashSet<>();
        BulkRequest bulk = new BulkRequest();
        for (Slot slot : batch.slots) {
            EventResult result = batch.results[slot.position()];
            if (result == null || result.failed()) {
                continue;
            }
            String index = partitions.alias(); // the single index of a recommender from before partitions
            if (legacy == false) {
                YearMonth month = EventPartitions.monthOf(slot.event().timestamp());
                if (EventPartitions.endMillis(month) <= keptFrom) {
                    continue;
                }
                index = partitions.partitionOf(month);
                months.add(index);
            }
            stored.add(slot);
            bulk.add(eventDocument(index, slot.event(), result));
        }
        if (bulk.numberOfActions() == 0) {
            finish(batch);
            return;
        }
        partitionCreator.ensure(partitions, months, batch.config.indices().shape(IndexKind.EVENTS), ActionListener.wrap(
            created -> writeEvents(batch, stored, bulk),
            e -> notStored(batch, stored, e)));
    }

    private void writeEvents(Batch batch, List<Slot> stored, BulkRequest bulk) {
        client.bulk(bulk, ActionListener.wrap(response -> {
            if (response.hasFailures()) {
                // An event is acknowledged only once it is stored too: the profile already holds it (a retry with its
                // event_id is not applied twice), and its own item says that storing it failed.
                BulkItemResponse[] items = response.getItems();
                for (int i = 0; i < items.length; i++) {
                    if (items[i].isFailed()) {
                        batch.results[stored.get(i).position()] = EventResult.notStored(items[i].getFailure().getStatus().getStatus(),
                            items[i].getFailure().getCause());
                    }
                }
            }
            finish(batch);
        }, e -> notStored(batch, stored, e)));
    }

    /** The whole write failed (a partition could not be created, the bulk was refused, the node could not send it). */
    private void notStored(Batch batch, List<Slot> stored, Exception e) {
        int status = ExceptionsHelper.status(e).getStatus();
        for (Slot slot : stored) {
            batch.results[slot.position()] = EventResult.notStored(status, e);
        }
        finish(batch);
    }

    /** The event's document, written field by field; absent (null) fields are left out. */
    private IndexRequest eventDocument(String index, Event event, EventResult result) {
        IndexRequest request = new IndexRequest(index);
        try (XContentBuilder doc = XContentBuilder.builder(XContentType.SMILE.xContent())) {
            doc.startObject();
            optional(doc, "event_id", event.eventId());
            optional(doc, "user_id", result.userId());
            optional(doc, "identity", event.identity() == null ? null : event.identity().linkDocId());
            optional(doc, "platform", event.platform());
            doc.field("item", event.item());
            doc.field("type", event.type().jsonName());
            doc.field("ts", event.timestamp());
            optional(doc, "session", event.session());
            optional(doc, "query", event.query());
            optional(doc, "request_id", event.requestId());
            optional(doc, "position", event.position());
            optional(doc, "quantity", event.quantity());
            optional(doc, "price", event.price());
            doc.field("in_catalog", result.inCatalog());
            request.source(doc.endObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (event.eventId() != null) {
            request.id(EventDocumentIds.of(event));
        }
        return request;
    }

    private static void optional(XContentBuilder doc, String field, Object value) throws IOException {
        if (value != null) {
            doc.field(field, value);
        }
    }

    private void failAll(Batch batch, Exception e) {
        int status = ExceptionsHelper.status(e).getStatus();
        for (Slot slot : batch.slots) {
            if (batch.results[slot.position()] == null) {
                batch.results[slot.position()] = EventResult.refused(status, e);
            }
        }
        finish(batch);
    }

    private void finish(Batch batch) {
        batch.listener.onResponse(List.of(batch.results));
    }
}
