package io.recsys.opensearch.vectorfetch;

import io.recsys.opensearch.recommender.CatalogMapping;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.opensearch.common.document.DocumentField;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.search.SearchExtBuilder;
import org.opensearch.search.fetch.FetchContext;
import org.opensearch.search.fetch.FetchSubPhase;
import org.opensearch.search.fetch.FetchSubPhaseProcessor;

import java.io.IOException;
import java.util.List;

/**
 * Serves {@link VectorFetchExt}: for each hit, the vector of the requested field from the segment's
 * {@link FloatVectorValues} (every k-NN 3.x engine writes them), as the hit field {@link #FIELD} holding one
 * {@code byte[]}. A hit without a vector gets no field.
 */
public final class VectorFetchSubPhase implements FetchSubPhase {

    /** The hit field that carries the bytes. */
    public static final String FIELD = "_recsys_vector";

    /** A field that is not a float knn_vector would silently give no vectors: the request is wrong, say so (400). */
    private static void checkVectorField(FetchContext context, String field) {
        MappedFieldType type = context.mapperService().fieldType(field);
        if (type == null) {
            throw new IllegalArgumentException("[ext." + VectorFetchExt.NAME + ".field] field [" + field + "] is not mapped in index [" + context.getIndexName() + "]");
        }
        if (type.typeName().equals(CatalogMapping.KNN_VECTOR) == false) {
            throw new IllegalArgumentException("[ext." + VectorFetchExt.NAME + ".field] field [" + field + "] in index [" + context.getIndexName()
                + "] is of type [" + type.typeName() + "], expected [" + CatalogMapping.KNN_VECTOR + "]");
        }
    }

    @Override
    public FetchSubPhaseProcessor getProcessor(FetchContext context) {
        SearchExtBuilder ext = context.getSearchExt(VectorFetchExt.NAME);
        if ((ext instanceof VectorFetchExt) == false) {
            return null;
        }
        String field = ((VectorFetchExt) ext).field();
        checkVectorField(context, field);
        return new FetchSubPhaseProcessor() {
            private FloatVectorValues values;
            private KnnVectorValues.DocIndexIterator iterator;

            @Override
            public void setNextReader(LeafReaderContext readerContext) throws IOException {
                values = readerContext.reader().getFloatVectorValues(field);
                iterator = values == null ? null : values.iterator();
            }

            @Override
            public void process(HitContext hit) throws IOException {
                if (iterator == null) {
                    return;
                }
                int doc = hit.docId();
                if (iterator.docID() > doc) {
                    // hits of a segment come in doc id order; should one come back, start over
                    iterator = values.iterator();
                }
                if (iterator.docID() < doc) {
                    iterator.advance(doc);
                }
                if (iterator.docID() != doc) {
                    return;
                }
                hit.hit().setDocumentField(FIELD, new DocumentField(FIELD, List.of(VectorBytes.encode(values.vectorValue(iterator.index())))));
            }
        };
    }
}
