package io.recsys.opensearch.profile;

import io.recsys.opensearch.recommender.CatalogConfig;
import io.recsys.opensearch.vectorfetch.VectorBytes;
import io.recsys.opensearch.vectorfetch.VectorFetchExt;
import io.recsys.opensearch.vectorfetch.VectorFetchSubPhase;
import org.opensearch.common.document.DocumentField;
import org.opensearch.action.search.SearchRequest;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches the catalog fields that profiles need (vector, category, price) for a set of item ids, in chunks; the vectors
 * as bytes through {@link VectorFetchExt}, not through {@code _source}.
 */
public final class CatalogItemLookup {

    /** Items per search: well under the default max_result_window and terms limits. */
    static final int CHUNK = 1_000;

    private final Client client;

    public CatalogItemLookup(Client client) {
        this.client = client;
    }

    /** Completes with the items found; ids absent from the map are not in the catalog. */
    public void lookup(CatalogConfig catalog, Collection<String> ids, ActionListener<Map<String, CatalogItem>> listener) {
        List<String> all = new ArrayList<>(ids);
        Map<String, CatalogItem> found = new HashMap<>();
        lookupChunk(catalog, all, 0, found, listener);
    }

    private void lookupChunk(CatalogConfig catalog, List<String> ids, int from, Map<String, CatalogItem> found, ActionListener<Map<String, CatalogItem>> listener) {
        if (from >= ids.size()) {
            listener.onResponse(found);
            return;
        }
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
        boolean byDocId = catalog.idField().equals("_id");
        SearchSourceBuilder source = new SearchSourceBuilder().size(chunk.size())
            .query(byDocId ? QueryBuilders.idsQuery().addIds(chunk.toArray(String[]::new)) : QueryBuilders.termsQuery(catalog.idField(), chunk))
            .fetchSource(false);
        if (byDocId == false) {
            source.storedFields(List.of("_none_")).docValueField(catalog.idField()); // no stored field read at all (see ItemIds)
        }
        fetchDetails(source, catalog);
        client.search(new SearchRequest(catalog.index()).source(source), ActionListener.wrap(response -> {
            for (SearchHit hit : response.getHits().getHits()) {
                String id = byDocId ? hit.getId() : String.valueOf(value(hit, catalog.idField()));
                found.put(id, toItem(id, hit, catalog));
            }
            lookupChunk(catalog, ids, from + CHUNK, found, listener);
        }, listener::onFailure));
    }

    /**
     * Makes a catalog search return what {@link #toItem} reads without {@code _source} (which k-NN rebuilds with every
     * vector printed as text): category and price from doc values (the recommender requires a keyword and a numeric
     * field), the vector as bytes ({@link VectorFetchExt}).
     */
    private static SearchSourceBuilder fetchDetails(SearchSourceBuilder source, CatalogConfig catalog) {
        if (catalog.categoryField() != null) {
            source.docValueField(catalog.categoryField());
        }
        if (catalog.priceField() != null) {
            source.docValueField(catalog.priceField());
        }
        return source.ext(List.of(new VectorFetchExt(catalog.vectorField())));
    }

    /** The fields profiles and features read from a catalog hit of a search made {@link #fetchDetails}. */
    public static CatalogItem toItem(String id, SearchHit hit, CatalogConfig catalog) {
        DocumentField vector = hit.field(VectorFetchSubPhase.FIELD);
        return new CatalogItem(
            id,
            vector == null ? null : VectorBytes.decode(vector.getValue()),
            category(value(hit, catalog.categoryField())),
            price(value(hit, catalog.priceField()))
        );
    }

    private static Object value(SearchHit hit, String field) {
        DocumentField values = field == null ? null : hit.field(field);
        return values == null || values.getValues().isEmpty() ? null : values.getValue();
    }

    private static String category(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? null : String.valueOf(list.get(0));
        }
        return value == null ? null : value.toString();
    }

    private static Double price(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
