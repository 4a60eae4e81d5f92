package io.recsys.opensearch.catalogread;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;

import java.io.IOException;

/**
 * The catalog fields a read returns for each item.
 *
 * @param idField        the item id: {@code _id} or a keyword field
 * @param vectorField    the {@code knn_vector} field
 * @param categoryField  a keyword field, or null
 * @param priceField     a numeric field, or null
 * @param diversityField any field the request diversifies by, or null
 * @param featureInputs  whether to read each item's vector, category and price (only the features read them: a request
 *                       that neither re-ranks nor shows its features needs ids alone)
 */
public record CatalogFields(String idField, String vectorField, String categoryField, String priceField, String diversityField, boolean featureInputs)
    implements Writeable {

    public CatalogFields(StreamInput in) throws IOException {
        this(in.readString(), in.readString(), in.readOptionalString(), in.readOptionalString(), in.readOptionalString(), in.readBoolean());
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(idField);
        out.writeString(vectorField);
        out.writeOptionalString(categoryField);
        out.writeOptionalString(priceField);
        out.writeOptionalString(diversityField);
        out.writeBoolean(featureInputs);
    }
}
