package io.recsys.opensearch.recall;

import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.search.SearchHit;

import java.util.Collection;

/** Item ids in the catalog: the document id, or a keyword field. */
public final class ItemIds {

    private ItemIds() {}

    public static boolean byDocId(String idField) {
        return "_id".equals(idField);
    }

    /** The item id of a catalog hit; the hit must have fetched {@code idField} when it is not {@code _id}. */
    public static String of(SearchHit hit, String idField) {
        if (byDocId(idField)) {
            return hit.getId();
        }
        Object value = hit.getSourceAsMap() == null ? null : hit.getSourceAsMap().get(idField);
        return value == null ? null : value.toString();
    }

    /** A query matching the given item ids. */
    public static QueryBuilder query(String idField, Collection<String> ids) {
        return byDocId(idField) ? QueryBuilders.idsQuery().addIds(ids.toArray(String[]::new)) : QueryBuilders.termsQuery(idField, ids);
    }
}
