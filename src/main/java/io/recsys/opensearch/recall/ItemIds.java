package io.recsys.opensearch.recall;

import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.common.document.DocumentField;
import org.opensearch.search.SearchHit;
import org.opensearch.search.builder.SearchSourceBuilder;
import org.opensearch.search.fetch.StoredFieldsContext;

import java.util.List;

import java.util.Collection;

/** Item ids in the catalog: the document id, or a keyword field. */
public final class ItemIds {

    private ItemIds() {}

    public static boolean byDocId(String idField) {
        return "_id".equals(idField);
    }

    /**
     * Makes a catalog search return item ids without {@code _source}: the document id, or the id field's doc values.
     * (Loading {@code _source} from a k-NN index rebuilds every vector in it as text: the plugin's searches avoid it.)
     * With an id field no stored field is read at all ({@code stored_fields: _none_}): reading even {@code _id}
     * decompresses the document's block of stored fields, the largest remaining cost of a catalog lookup.
     */
    public static SearchSourceBuilder fetchIds(SearchSourceBuilder source, String idField) {
        source.fetchSource(false);
        if (byDocId(idField) == false) {
            source.storedFields(List.of(StoredFieldsContext._NONE_)).docValueField(idField);
        }
        return source;
    }

    /** The item id of a catalog hit of a search made {@link #fetchIds}, or with {@code idField} in its {@code _source}. */
    public static String of(SearchHit hit, String idField) {
        if (byDocId(idField)) {
            return hit.getId();
        }
        DocumentField field = hit.field(idField);
        if (field != null && field.getValue() != null) {
            return field.getValue().toString();
        }
        Object value = hit.getSourceAsMap() == null ? null : hit.getSourceAsMap().get(idField);
        return value == null ? null : value.toString();
    }

    /** A query matching the given item ids. */
    public static QueryBuilder query(String idField, Collection<String> ids) {
        return byDocId(idField) ? QueryBuilders.idsQuery().addIds(ids.toArray(String[]::new)) : QueryBuilders.termsQuery(idField, ids);
    }
}
