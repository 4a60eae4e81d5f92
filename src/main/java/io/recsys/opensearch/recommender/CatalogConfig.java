package io.recsys.opensearch.recommender;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentObject;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Where a recommender finds its items: the catalog index and the fields it reads from each item document.
 *
 * @param index         catalog index or alias (required)
 * @param idField       field holding the item id that events refer to; {@code _id} means the document id
 * @param vectorField   the item embedding, mapped as {@code knn_vector}
 * @param categoryField keyword field for category affinities and diversity
 * @param textFields    fields the search-box text is matched against
 * @param priceField    numeric price, for the price-ratio feature
 * @param stockField    boolean (or 0/1) availability
 */
public record CatalogConfig(
    String index,
    String idField,
    String vectorField,
    String categoryField,
    List<String> textFields,
    String priceField,
    String stockField
) implements Writeable, ToXContentObject {

    public static final String DEFAULT_ID_FIELD = "_id";
    public static final String DEFAULT_VECTOR_FIELD = "embedding";
    public static final String DEFAULT_CATEGORY_FIELD = "category";
    public static final List<String> DEFAULT_TEXT_FIELDS = List.of("title");
    public static final String DEFAULT_PRICE_FIELD = "price";
    public static final String DEFAULT_STOCK_FIELD = "in_stock";

    public CatalogConfig {
        Objects.requireNonNull(index, "index");
        textFields = List.copyOf(textFields);
    }

    public CatalogConfig(StreamInput in) throws IOException {
        this(
            in.readString(),
            in.readString(),
            in.readString(),
            in.readString(),
            in.readStringList(),
            in.readString(),
            in.readString()
        );
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(index);
        out.writeString(idField);
        out.writeString(vectorField);
        out.writeString(categoryField);
        out.writeStringCollection(textFields);
        out.writeString(priceField);
        out.writeString(stockField);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.startObject();
        toXContentFields(builder);
        return builder.endObject();
    }

    /** Writes the fields without the enclosing object, so callers can add derived ones (e.g. the dimension). */
    public XContentBuilder toXContentFields(XContentBuilder builder) throws IOException {
        builder.field(RecommenderConfigParser.INDEX.getPreferredName(), index);
        builder.field(RecommenderConfigParser.ID_FIELD.getPreferredName(), idField);
        builder.field(RecommenderConfigParser.VECTOR_FIELD.getPreferredName(), vectorField);
        builder.field(RecommenderConfigParser.CATEGORY_FIELD.getPreferredName(), categoryField);
        builder.field(RecommenderConfigParser.TEXT_FIELDS.getPreferredName(), textFields);
        builder.field(RecommenderConfigParser.PRICE_FIELD.getPreferredName(), priceField);
        builder.field(RecommenderConfigParser.STOCK_FIELD.getPreferredName(), stockField);
        return builder;
    }
}
