package io.recsys.opensearch.recall;

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

    /** Looks the given ids up in one catalog search; completes with the details of those that pass the catalog filter. */
    static void search(Client client, RecallContext context, List<String> ids, String diversityField, ActionListener<Map<String, Details>> listener) {
        var catalog = context.config().catalog();
        BoolQueryBuilder query = context.catalogFilter().filter(ItemIds.query(catalog.idField(), ids));
        SearchSourceBuilder source = new SearchSourceBuilder().query(query).size(ids.size()).trackTotalHits(false);
        client.search(new SearchRequest(catalog.index()).source(withDetails(source, context, diversityField)), ActionListener.wrap(response -> {
            Map<String, Details> details = new HashMap<>();
            for (SearchHit hit : response.getHits().getHits()) {
                String id = ItemIds.of(hit, catalog.idField());
                details.put(id, details(id, hit, context, diversityField));
            }
            listener.onResponse(details);
        }, listener::onFailure));
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
