package io.recsys.opensearch.recall;

import org.opensearch.action.StepListener;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog lookups of one request's candidates. The candidates of the sources whose hits do not come from the
 * catalog (co-occurrence, popular) are looked up as soon as those sources have answered, while the slower k-NN reads
 * still run, instead of after every source has answered: the lookup leaves the request's critical path, and it is
 * still one read. Candidates a catalog source already brought with their details (k-NN, text) are never looked up.
 */
final class CatalogPrefetch {

    private final Client client;
    private final RecallContext context;
    private final String diversityField;
    /** The early lookup: the ids it asked for and what passed the catalog filter; null until {@link #start}. */
    private volatile List<String> requested;
    private final StepListener<Map<String, CatalogItems.Details>> found = new StepListener<>();

    CatalogPrefetch(Client client, RecallContext context) {
        this.client = client;
        this.context = context;
        this.diversityField = context.diversityField();
    }

    /** Starts the early lookup of the candidates no source brought with their details; called at most once. */
    void start(List<String> ids) {
        List<String> fresh = ids.stream().distinct().filter(id -> context.recalled().containsKey(id) == false).toList();
        requested = fresh;
        if (fresh.isEmpty()) {
            found.onResponse(Map.of());
            return;
        }
        // a failed early lookup looks nothing up: details() asks again, and reports the failure if it persists
        CatalogItems.lookup(client, context, fresh, diversityField, ActionListener.wrap(found::onResponse, e -> {
            requested = List.of();
            found.onResponse(Map.of());
        }));
    }

    /**
     * The details of the candidates that pass the catalog filter: from the sources' hits and the early lookup (once it
     * has answered), and one more read for the candidates neither covered. Called after {@link #start}, if at all.
     */
    void details(Collection<String> ids, ActionListener<Map<String, CatalogItems.Details>> listener) {
        if (requested == null) {
            found.onResponse(Map.of()); // no early lookup (a source failed before all had answered)
            requested = List.of();
        }
        found.whenComplete(early -> {
            Set<String> lookedUp = new HashSet<>(requested);
            Map<String, CatalogItems.Details> details = new HashMap<>();
            List<String> missing = new ArrayList<>();
            for (String id : ids) {
                CatalogItems.Details known = context.recalled().getOrDefault(id, early.get(id));
                if (known != null) {
                    details.put(id, known);
                } else if (lookedUp.contains(id) == false) {
                    missing.add(id); // absent from a lookup means filtered out; never looked up means ask now
                }
            }
            if (missing.isEmpty()) {
                listener.onResponse(details);
                return;
            }
            CatalogItems.lookup(client, context, missing, diversityField, ActionListener.wrap(more -> {
                details.putAll(more);
                listener.onResponse(details);
            }, listener::onFailure));
        }, listener::onFailure);
    }
}
