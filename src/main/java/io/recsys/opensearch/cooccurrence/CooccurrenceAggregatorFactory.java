package io.recsys.opensearch.cooccurrence;

import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.opensearch.common.lucene.Lucene;
import org.opensearch.common.lucene.search.Queries;
import org.opensearch.index.analysis.NamedAnalyzer;
import org.opensearch.index.fielddata.IndexFieldData;
import org.opensearch.index.fielddata.IndexOrdinalsFieldData;
import org.opensearch.index.mapper.KeywordFieldMapper;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.search.aggregations.Aggregator;
import org.opensearch.search.aggregations.AggregatorFactories;
import org.opensearch.search.aggregations.AggregatorFactory;
import org.opensearch.search.aggregations.CardinalityUpperBound;
import org.opensearch.search.aggregations.InternalAggregation;
import org.opensearch.search.aggregations.NonCollectingAggregator;
import org.opensearch.search.aggregations.support.ValuesSource;
import org.opensearch.search.internal.SearchContext;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Resolves a {@code cooccurrence} request against one shard's mapping: the field must be a {@code keyword} field that is
 * both indexed (background counts come from its terms dictionary) and has doc values (items are read per document).
 * A field this index does not map contributes nothing, as with {@code terms}, so a search over several indices works.
 */
final class CooccurrenceAggregatorFactory extends AggregatorFactory {

    /** The request, read-only from here on. */
    private final CooccurrenceAggregationBuilder request;
    /** The field, or null when this index does not map it. */
    private final MappedFieldType fieldType;
    /** The background filter as a Lucene query, or null for every document. */
    private final Query backgroundFilter;

    CooccurrenceAggregatorFactory(
        String name,
        CooccurrenceAggregationBuilder request,
        QueryShardContext context,
        AggregatorFactory parent,
        AggregatorFactories.Builder subFactoriesBuilder,
        Map<String, Object> metadata
    ) throws IOException {
        super(name, context, parent, subFactoriesBuilder, metadata);
        this.request = request;
        this.fieldType = context.fieldMapper(request.field());
        if (fieldType != null) {
            checkField(fieldType);
        }
        this.backgroundFilter = request.backgroundFilter() == null ? null : request.backgroundFilter().toQuery(context);
    }

    private static void checkField(MappedFieldType fieldType) {
        String name = fieldType.name();
        if (KeywordFieldMapper.CONTENT_TYPE.equals(fieldType.typeName()) == false) {
            throw new IllegalArgumentException(
                "[cooccurrence.field] field [" + name + "] is of type [" + fieldType.typeName() + "]; it must be a [keyword] field of item ids"
            );
        }
        if (fieldType.isSearchable() == false) {
            throw new IllegalArgumentException(
                "[cooccurrence.field] field [" + name + "] is not indexed; background counts need its terms (mapping \"index\": true)"
            );
        }
        if (fieldType.hasDocValues() == false) {
            throw new IllegalArgumentException(
                "[cooccurrence.field] field [" + name + "] has no doc values; items are read from them (mapping \"doc_values\": true)"
            );
        }
    }

    @Override
    protected Aggregator createInternal(SearchContext searchContext, Aggregator parent, CardinalityUpperBound cardinality, Map<String, Object> metadata)
        throws IOException {
        if (fieldType == null) {
            return new NonCollectingAggregator(name, searchContext, parent, factories, metadata) {
                @Override
                public InternalAggregation buildEmptyAggregation() {
                    return InternalCooccurrence.empty(name, request, metadata());
                }
            };
        }
        IndexFieldData<?> fieldData = queryShardContext.getForField(fieldType);
        if (fieldData instanceof IndexOrdinalsFieldData == false) {
            throw new IllegalArgumentException("[cooccurrence.field] field [" + fieldType.name() + "] has no ordinals to aggregate on");
        }
        ValuesSource.Bytes.WithOrdinals valuesSource = new ValuesSource.Bytes.WithOrdinals.FieldData((IndexOrdinalsFieldData) fieldData);
        Query population = backgroundFilter;
        if (searchContext.mapperService().hasNested()) {
            // only top-level documents hold the field: count only them in the background
            Query topLevel = Queries.newNonNestedFilter();
            population = population == null
                ? topLevel
                : new BooleanQuery.Builder().add(population, BooleanClause.Occur.FILTER).add(topLevel, BooleanClause.Occur.FILTER).build();
        }
        ShardBackground background = new ShardBackground(searchContext.searcher(), fieldType.name(), population);
        return new CooccurrenceAggregator(
            name,
            request,
            valuesSource,
            fieldType.name(),
            terms(request.anchors()),
            request.include() == null ? null : terms(request.include()),
            terms(request.exclude()),
            background,
            searchContext,
            parent,
            cardinality,
            metadata
        );
    }

    /** Items as the field indexes them: through its normalizer, if it has one. */
    private BytesRef[] terms(List<String> items) {
        NamedAnalyzer analyzer = fieldType.getTextSearchInfo().getSearchAnalyzer();
        BytesRef[] terms = new BytesRef[items.size()];
        for (int i = 0; i < terms.length; i++) {
            String item = items.get(i);
            terms[i] = analyzer == null || analyzer == Lucene.KEYWORD_ANALYZER ? new BytesRef(item) : analyzer.normalize(fieldType.name(), item);
        }
        return terms;
    }
}
