package io.recsys.opensearch.catalogread;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;
import java.util.List;

/**
 * One read of catalog items on the shards, of one of three kinds: the {@code k} items nearest to a vector (the k-NN
 * plugin's query, with the filter inside it), the {@code k} best matches of a scoring query (text), or the given items;
 * always only items that pass the filter and are not hidden, each with the fields the recommend query needs.
 * <p>
 * The filter and the hidden items differ in how a k-NN read applies them: the filter goes inside the k-NN query (the
 * k-NN plugin then collects every document the filter accepts before it searches, a pass over the whole shard), the
 * hidden items (exclusions, out of stock: usually few of the catalog) are dropped from the hits of an unfiltered search
 * that asks for as many more as are likely hidden, and a filtered search answers only when too few are left, or at once
 * when that margin would be more than k (see {@link ShardCatalogReader#hiddenSlack}).
 *
 * @param fields what to read of each item
 * @param filter the catalog filter (already rewritten on the coordinating node), or null
 * @param hidden the query matching items never returned (exclusions, out of stock), or null
 * @param nearTo the query vector of a k-NN read, or null
 * @param query  the scoring query of a best-matches read, or null
 * @param k      how many items a k-NN or best-matches read keeps
 * @param ids    the item ids of a lookup, or null
 */
public record CatalogRead(CatalogFields fields, QueryBuilder filter, QueryBuilder hidden, float[] nearTo, QueryBuilder query, int k, List<String> ids) implements Writeable {

    public static CatalogRead nearest(CatalogFields fields, float[] vector, int k, QueryBuilder filter) {
        return new CatalogRead(fields, filter, null, vector, null, k, null);
    }

    public static CatalogRead bestMatches(CatalogFields fields, QueryBuilder query, int k, QueryBuilder filter) {
        return new CatalogRead(fields, filter, null, null, query, k, null);
    }

    public static CatalogRead items(CatalogFields fields, List<String> ids, QueryBuilder filter) {
        return new CatalogRead(fields, filter, null, null, null, 0, List.copyOf(ids));
    }

    /** This read, also never returning the items {@code hiddenItems} matches (null: none). */
    public CatalogRead hiding(QueryBuilder hiddenItems) {
        return new CatalogRead(fields, filter, hiddenItems, nearTo, query, k, ids);
    }

    public boolean isNearest() {
        return nearTo != null;
    }

    /** A k-NN or best-matches read: the k best scores over all shards are kept. */
    public boolean isRanked() {
        return ids == null;
    }

    public static CatalogRead readFrom(StreamInput in) throws IOException {
        CatalogFields fields = new CatalogFields(in);
        QueryBuilder filter = in.readOptionalNamedWriteable(QueryBuilder.class);
        QueryBuilder hidden = in.readOptionalNamedWriteable(QueryBuilder.class);
        float[] vector = in.readBoolean() ? in.readFloatArray() : null;
        QueryBuilder query = in.readOptionalNamedWriteable(QueryBuilder.class);
        int k = in.readVInt();
        List<String> ids = in.readBoolean() ? in.readStringList() : null;
        return new CatalogRead(fields, filter, hidden, vector, query, k, ids);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        fields.writeTo(out);
        out.writeOptionalNamedWriteable(filter);
        out.writeOptionalNamedWriteable(hidden);
        out.writeBoolean(nearTo != null);
        if (nearTo != null) {
            out.writeFloatArray(nearTo);
        }
        out.writeOptionalNamedWriteable(query);
        out.writeVInt(k);
        out.writeBoolean(ids != null);
        if (ids != null) {
            out.writeStringCollection(ids);
        }
    }
}
