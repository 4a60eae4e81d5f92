package io.recsys.opensearch.recall;

import io.recsys.opensearch.catalogread.CatalogFields;
import io.recsys.opensearch.catalogread.CatalogRead;
import io.recsys.opensearch.catalogread.ReadItem;
import io.recsys.opensearch.profile.CatalogItem;
import io.recsys.opensearch.profile.CatalogItemLookup;
import io.recsys.opensearch.vectorfetch.VectorFetchExt;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.common.xcontent.support.XContentMapValues;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.fetch.subphase.FetchSourceContext;
import io.recsys.opensearch.transport.catalog.CatalogReadAction;
import io.recsys.opensearch.transport.catalog.CatalogReadRequest;
import org.opensearch.transport.client.Client;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog side of the candidates: a search that keeps only candidates that pass the catalog filter (the request's
 * filter, the text query, the exclusions) and reads what the features need (vector, category, price) and the
 * diversity field (the vectors as bytes through {@link VectorFetchExt}). {@link CatalogPrefetch} decides when it runs.
 */
public final class CatalogItems {

    /**
     * A candidate's catalog fields.
     *
     * @param item           vector, category, price
     * @param diversityValue value of the diversity field, or null
     */
    public record Details(CatalogItem item, String diversityValue) {}

    private CatalogItems() {}

    /** Looks the given ids up in one catalog read; completes with the details of those that pass the catalog filter. */
    static void search(Client client, RecallContext context, List<String> ids, String diversityField, ActionListener<Map<String, Details>> listener) {
        CatalogRead lookup = CatalogRead.items(fields(context, diversityField), ids, context.catalogFilter());
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
        return new CatalogFields(catalog.idField(), catalog.vectorField(), catalog.categoryField(), catalog.priceField(), diversityField);
    }

    /**
     * Reads catalog items on the shards ({@link CatalogReadAction}); fails when every shard failed, with the first
     * shard's error (a bad filter stays the user's 400), and goes on with the shards that answered otherwise, as a
     * search would.
     */
    static void read(Client client, RecallContext context, CatalogRead read, ActionListener<List<ReadItem>> listener) {
        client.execute(CatalogReadAction.INSTANCE, new CatalogReadRequest(context.config().catalog().index(), read), ActionListener.wrap(response -> {
            if (response.getSuccessfulShards() == 0 && response.getShardFailures().length > 0) {
                Throwable cause = response.getShardFailures()[0].getCause();
                listener.onFailure(cause instanceof Exception e ? e : new IllegalStateException(cause));
                return;
            }
            listener.onResponse(response.items());
        }, listener::onFailure));
    }

    static Details details(ReadItem item) {
        return new Details(new CatalogItem(item.id(), item.vector(), item.category(), item.price()), item.diversity());
    }

    /**
     * Makes a catalog search return what {@link #details} reads, without {@code _source} (from a k-NN index it is rebuilt
     * with every vector printed as text): the id, category and price from doc values, the vector as bytes, and only the
     * diversity field, when asked for, from {@code _source}.
     */
    static SearchSourceBuilder withDetails(SearchSourceBuilder source, RecallContext context, String diversityField) {
        var catalog = context.config().catalog();
        if (diversityField == null) {
            ItemIds.fetchIds(source, catalog.idField());
        } else {
            // the diversity field may be any field: read from _source, so stored fields are read after all
            source.fetchSource(new FetchSourceContext(true, new String[] { diversityField }, null));
            if (ItemIds.byDocId(catalog.idField()) == false) {
                source.docValueField(catalog.idField());
            }
        }
        return CatalogItemLookup.fetchDetails(source, catalog);
    }

    /** The details of a hit of a search made {@link #withDetails}. */
    static Details details(String id, SearchHit hit, RecallContext context, String diversityField) {
        CatalogItem item = CatalogItemLookup.toItem(id, hit, context.config().catalog());
        Object diversity = diversityField == null || hit.getSourceAsMap() == null ? null : XContentMapValues.extractValue(diversityField, hit.getSourceAsMap());
        return new Details(item, diversity == null ? null : diversity.toString());
    }
}
