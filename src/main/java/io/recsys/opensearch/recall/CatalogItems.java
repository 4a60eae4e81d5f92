package io.recsys.opensearch.recall;

import io.recsys.opensearch.profile.CatalogItem;
import io.recsys.opensearch.profile.CatalogItemLookup;
import io.recsys.opensearch.vectorfetch.VectorFetchExt;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog side of the candidates, in one search: keeps only candidates that pass the catalog filter (the request's
 * filter, the text query, the exclusions) and reads what the features need (vector, category, price) and the
 * diversity field (the vectors as bytes through {@link VectorFetchExt}).
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

    public static void fetch(Client client, RecallContext context, Collection<String> ids, String diversityField, ActionListener<Map<String, Details>> listener) {
        if (ids.isEmpty()) {
            listener.onResponse(Map.of());
            return;
        }
        var catalog = context.config().catalog();
        BoolQueryBuilder query = context.catalogFilter().filter(ItemIds.query(catalog.idField(), ids));
        String[] fields = diversityField == null
            ? new String[] { catalog.idField(), catalog.categoryField(), catalog.priceField() }
            : new String[] { catalog.idField(), catalog.categoryField(), catalog.priceField(), diversityField };
        SearchSourceBuilder source = new SearchSourceBuilder().query(query)
            .size(ids.size())
            .trackTotalHits(false)
            .fetchSource(fields, null)
            .ext(List.of(new VectorFetchExt(catalog.vectorField())));
        client.search(new SearchRequest(catalog.index()).source(source), ActionListener.wrap(response -> {
            Map<String, Details> details = new HashMap<>();
            for (SearchHit hit : response.getHits().getHits()) {
                String id = ItemIds.of(hit, catalog.idField());
                Map<String, Object> doc = hit.getSourceAsMap();
                CatalogItem item = CatalogItemLookup.toItem(id, hit, catalog);
                Object diversity = diversityField == null ? null : org.opensearch.common.xcontent.support.XContentMapValues.extractValue(diversityField, doc);
                details.put(id, new Details(item, diversity == null ? null : diversity.toString()));
            }
            listener.onResponse(details);
        }, listener::onFailure));
    }
}
