package io.recsys.opensearch.recall;

import io.recsys.opensearch.catalogread.CatalogFields;
import io.recsys.opensearch.catalogread.CatalogRead;
import io.recsys.opensearch.catalogread.DocAddress;
import io.recsys.opensearch.catalogread.ReadItem;
import io.recsys.opensearch.profile.CatalogItem;
import io.recsys.opensearch.transport.catalog.CatalogReadAction;
import io.recsys.opensearch.transport.catalog.CatalogReadRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog side of the candidates, through catalog reads ({@link CatalogReadAction}): only candidates that pass the
 * catalog filter (the request's filter, the text query) and are not hidden (exclusions, out of stock), with what the features need (vector,
 * category, price) and the diversity field. {@link CatalogPrefetch} decides when the candidates' lookup runs.
 */
public final class CatalogItems {

    /**
     * A candidate's catalog fields.
     *
     * @param item           vector, category, price
     * @param diversityValue value of the diversity field, or null
     * @param address        where the read found it (the final search finds it there again without a lookup)
     */
    public record Details(CatalogItem item, String diversityValue, DocAddress address) {}

    private CatalogItems() {}

    /** Looks the given ids up in one catalog read; completes with the details of those that pass the catalog filter. */
    static void lookup(Client client, RecallContext context, List<String> ids, String diversityField, ActionListener<Map<String, Details>> listener) {
        CatalogRead lookup = CatalogRead.items(fields(context, diversityField), ids, context.catalogFilter()).hiding(context.hiddenItems());
        read(client, context, lookup, ActionListener.wrap(items -> {
            Map<String, Details> details = new HashMap<>();
            for (ReadItem item : items) {
                details.put(item.id(), details(item));
            }
            listener.onResponse(details);
        }, listener::onFailure));
    }

    /** What a read returns of each catalog item: what {@link #details} needs. */
    static CatalogFields fields(RecallContext context, String diversityField) {
        var catalog = context.config().catalog();
        return new CatalogFields(catalog.idField(), catalog.vectorField(), catalog.categoryField(), catalog.priceField(), diversityField,
            context.withFeatures());
    }

    /**
     * Reads catalog items on the shards ({@link CatalogReadAction}); fails when every shard failed, with the first
     * shard's error (a bad filter stays the user's 400), and goes on with the shards that answered otherwise, as a
     * search would.
     */
    static void read(Client client, RecallContext context, CatalogRead read, ActionListener<List<ReadItem>> listener) {
        read(client, context, List.of(read), ActionListener.wrap(items -> listener.onResponse(items.get(0)), listener::onFailure));
    }

    /** Several reads in one request, run together on each shard; completes with each read's items, in order. */
    static void read(Client client, RecallContext context, List<CatalogRead> reads, ActionListener<List<List<ReadItem>>> listener) {
        client.execute(CatalogReadAction.INSTANCE, new CatalogReadRequest(context.config().catalog().index(), reads), ActionListener.wrap(response -> {
            if (response.getSuccessfulShards() == 0 && response.getShardFailures().length > 0) {
                Throwable cause = response.getShardFailures()[0].getCause();
                listener.onFailure(cause instanceof Exception e ? e : new IllegalStateException(cause));
                return;
            }
            listener.onResponse(response.itemsPerRead());
        }, listener::onFailure));
    }

    static Details details(ReadItem item) {
        return new Details(new CatalogItem(item.id(), item.vector(), item.category(), item.price()), item.diversity(), item.address());
    }
}
