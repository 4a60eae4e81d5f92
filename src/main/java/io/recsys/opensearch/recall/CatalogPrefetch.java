package io.recsys.opensearch.recall;

import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The catalog lookups of one request's candidates. The candidates of the sources whose hits do not come from the
 * catalog (co-occurrence, popular) are looked up as soon as those sources have answered, while the slower k-NN searches
 * still run, instead of after every source has answered: the lookup leaves the request's critical path, and it is
 * still one search. Candidates a catalog source already brought with their details (k-NN, text) are never looked up.
 */
final class CatalogPrefetch {

    private final Client client;
    private final RecallContext context;
    private final String diversityField;
    /** Ids looked up or being looked up; an id in here and not in {@link #found} did not pass the catalog filter. */
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final Map<String, CatalogItems.Details> found = new ConcurrentHashMap<>();
    /** Lookups started and not answered yet. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** What waits for the lookups in flight to answer. */
    private final List<Runnable> waiting = new CopyOnWriteArrayList<>();

    CatalogPrefetch(Client client, RecallContext context) {
        this.client = client;
        this.context = context;
        this.diversityField = context.diversityField();
    }

    /** Starts the lookup of candidates that no source brought with their details yet. */
    void start(List<String> ids) {
        List<String> fresh = new ArrayList<>();
        for (String id : ids) {
            if (context.recalled().containsKey(id) == false && requested.add(id)) {
                fresh.add(id);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        inFlight.incrementAndGet();
        CatalogItems.search(client, context, fresh, diversityField, ActionListener.wrap(details -> {
            found.putAll(details);
            lookupDone();
        }, e -> {
            fresh.forEach(requested::remove); // looked up again by details(), which reports the failure if it persists
            lookupDone();
        }));
    }

    private void lookupDone() {
        if (inFlight.decrementAndGet() == 0) {
            waiting.forEach(Runnable::run);
        }
    }

    /**
     * The details of the candidates that pass the catalog filter: once the lookups started have answered, from the
     * sources' hits and those lookups, and one more search for the candidates none of them covered. Call it after
     * every {@link #start}.
     */
    void details(Collection<String> ids, ActionListener<Map<String, CatalogItems.Details>> listener) {
        AtomicBoolean ran = new AtomicBoolean();
        Runnable rest = () -> {
            if (ran.compareAndSet(false, true) == false) {
                return; // the last lookup's answer and this call may both find nothing in flight
            }
            Map<String, CatalogItems.Details> details = new HashMap<>();
            List<String> missing = new ArrayList<>();
            for (String id : ids) {
                CatalogItems.Details known = context.recalled().get(id);
                if (known == null) {
                    known = found.get(id);
                }
                if (known != null) {
                    details.put(id, known);
                } else if (requested.contains(id) == false) {
                    missing.add(id);
                }
            }
            if (missing.isEmpty()) {
                listener.onResponse(details);
                return;
            }
            CatalogItems.search(client, context, missing, diversityField, ActionListener.wrap(more -> {
                details.putAll(more);
                listener.onResponse(details);
            }, listener::onFailure));
        };
        waiting.add(rest);
        if (inFlight.get() == 0) {
            rest.run();
        }
    }
}
