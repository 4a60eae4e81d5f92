package io.recsys.opensearch.events;

import io.recsys.opensearch.profile.CatalogItem;
import io.recsys.opensearch.profile.CatalogItemLookup;
import io.recsys.opensearch.profile.ProfileCache;
import io.recsys.opensearch.profile.ProfileStore;
import io.recsys.opensearch.profile.ProfileUpdater;
import io.recsys.opensearch.profile.StoredProfile;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.bulk.BulkItemResponse;
import org.opensearch.action.bulk.BulkRequest;
import org.opensearch.action.get.MultiGetItemResponse;
import org.opensearch.action.get.MultiGetRequest;
import org.opensearch.action.index.IndexRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.core.rest.RestStatus;
import org.opensearch.index.engine.VersionConflictEngineException;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    public EventIngestService(Client client, ProfileCache profileCache) {
        this.client = client;
        this.catalog = new CatalogItemLookup(client);
        this.profileCache = profileCache;
    }

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

    /** One round: read the profiles, apply their events, write them back conditionally; conflicts go to the next round. */
    private void updateProfiles(Batch batch, Map<String, List<Slot>> pending, int round) {
        // the first round may start from this node's cached profiles; a conflict means one changed, so retries read the index
        batch.store.read(pending.keySet(), round == 1, ActionListener.wrap(profiles -> {
            Map<String, List<Slot>> next = new LinkedHashMap<>();
            BulkRequest bulk = new BulkRequest();
            List<String> written = new ArrayList<>();
            List<IndexRequest> writes = new ArrayList<>();
            Map<Integer, EventResult> tentative = new HashMap<>();
            for (Map.Entry<String, List<Slot>> entry : pending.entrySet()) {
                StoredProfile stored = profiles.get(entry.getKey());
                String redirect = stored.state().mergedInto();
                if (redirect != null) {
                    // an anonymous profile merged into a user since the identity was resolved: its events go to the user
                    next.computeIfAbsent(redirect, p -> new ArrayList<>()).addAll(entry.getValue());
                    continue;
                }
                boolean changed = false;
                for (Slot slot : entry.getValue()) {
                    if (slot.event().identity() != null && ProfileIds.isAnonymous(entry.getKey())) {
                        stored.state().identities().add(slot.event().identity().linkDocId()); // an anonymous profile names its device
                    }
                    CatalogItem item = batch.items.get(slot.event().item());
                    try {
                        if (batch.updater.apply(stored.state(), slot.event(), item)) {
                            changed = true;
                            tentative.put(slot.position(), EventResult.applied(entry.getKey(), item != null));
                        } else {
                            tentative.put(slot.position(), EventResult.duplicate(entry.getKey(), item != null));
                        }
                    } catch (IllegalArgumentException e) {
                        tentative.put(slot.position(), EventResult.refused(400, e));
                    }
                }
                if (changed) {
                    IndexRequest write = batch.store.writeRequest(stored);
                    bulk.add(write);
                    writes.add(write);
                    written.add(entry.getKey());
                } else {
                    entry.getValue().forEach(slot -> batch.results[slot.position()] = tentative.get(slot.position()));
                }
            }
            if (bulk.numberOfActions() == 0) {
                nextRound(batch, next, round);
                return;
            }
            client.bulk(bulk, ActionListener.wrap(response -> {
                BulkItemResponse[] items = response.getItems();
                for (int i = 0; i < items.length; i++) {
                    String profileId = written.get(i);
                    List<Slot> slots = pending.get(profileId);
                    if (items[i].isFailed() == false) {
                        batch.store.written(writes.get(i), items[i].getResponse().getSeqNo(), items[i].getResponse().getPrimaryTerm());
                        slots.forEach(slot -> batch.results[slot.position()] = tentative.get(slot.position()));
                        continue;
                    }
                    batch.store.notWritten(profileId);
                    if (ExceptionsHelper.unwrapCause(items[i].getFailure().getCause()) instanceof VersionConflictEngineException) {
                        next.computeIfAbsent(profileId, p -> new ArrayList<>()).addAll(slots);
                    } else {
                        Exception cause = items[i].getFailure().getCause();
                        int status = items[i].getFailure().getStatus().getStatus();
                        slots.forEach(slot -> batch.results[slot.position()] = EventResult.refused(status, cause));
                    }
                }
                nextRound(batch, next, round);
            }, e -> failAll(batch, e)));
        }, e -> failAll(batch, e)));
    }

    private void nextRound(Batch batch, Map<String, List<Slot>> next, int round) {
        if (next.isEmpty()) {
            storeEvents(batch);
        } else if (round >= MAX_ROUNDS) {
            Exception e = new IllegalStateException("profile kept changing under " + MAX_ROUNDS + " attempts; retry the event");
            next.values().forEach(slots -> slots.forEach(slot -> batch.results[slot.position()] = new EventResult(
                RestStatus.SERVICE_UNAVAILABLE.getStatus(), null, null, "profile_contention_exception", e.getMessage())));
            storeEvents(batch);
        } else {
            next.values().forEach(slots -> slots.sort(Comparator.comparingLong(s -> s.event().timestamp())));
            updateProfiles(batch, next, round + 1);
        }
    }

    /** Stores the applied events (a retried event id overwrites its own document, never adds one). */
    private void storeEvents(Batch batch) {
        BulkRequest bulk = new BulkRequest();
        for (Slot slot : batch.slots) {
            EventResult result = batch.results[slot.position()];
            if (result == null || result.failed()) {
                continue;
            }
            bulk.add(eventDocument(batch, slot.event(), result));
        }
        if (bulk.numberOfActions() == 0) {
            finish(batch);
            return;
        }
        client.bulk(bulk, ActionListener.wrap(response -> {
            if (response.hasFailures()) {
                // The profile already holds these events; report the storage failure without pretending they were lost.
                BulkItemResponse[] items = response.getItems();
                int i = 0;
                for (Slot slot : batch.slots) {
                    EventResult result = batch.results[slot.position()];
                    if (result == null || result.failed()) {
                        continue;
                    }
                    if (items[i].isFailed()) {
                        batch.results[slot.position()] = EventResult.refused(items[i].getFailure().getStatus().getStatus(), items[i].getFailure().getCause());
                    }
                    i++;
                }
            }
            finish(batch);
        }, e -> failAll(batch, e)));
    }

    private IndexRequest eventDocument(Batch batch, Event event, EventResult result) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("event_id", event.eventId());
        doc.put("user_id", result.userId());
        doc.put("identity", event.identity() == null ? null : event.identity().linkDocId());
        doc.put("platform", event.platform());
        doc.put("item", event.item());
        doc.put("type", event.type().jsonName());
        doc.put("ts", event.timestamp());
        doc.put("session", event.session());
        doc.put("query", event.query());
        doc.put("request_id", event.requestId());
        doc.put("position", event.position());
        doc.put("quantity", event.quantity());
        doc.put("price", event.price());
        doc.put("in_catalog", result.inCatalog());
        IndexRequest request = new IndexRequest(batch.indices.events()).source(doc);
        if (event.eventId() != null) {
            request.id(event.eventId());
        }
        return request;
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
