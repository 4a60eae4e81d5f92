package io.recsys.opensearch.catalogread;

import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;
import org.opensearch.common.lucene.search.Queries;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.support.XContentMapValues;
import org.opensearch.index.IndexService;
import org.opensearch.index.fielddata.IndexFieldData;
import org.opensearch.index.fielddata.IndexNumericFieldData;
import org.opensearch.index.fielddata.IndexOrdinalsFieldData;
import org.opensearch.index.fielddata.SortedBinaryDocValues;
import org.opensearch.index.fielddata.SortedNumericDoubleValues;
import org.opensearch.index.fieldvisitor.FieldsVisitor;
import org.opensearch.index.mapper.IdFieldMapper;
import org.opensearch.index.mapper.MappedFieldType;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.index.query.Rewriteable;
import org.opensearch.core.index.shard.ShardId;
import org.opensearch.knn.index.query.KNNQueryBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs a {@link CatalogRead} on one shard's searcher. A k-NN read runs the Lucene query of the k-NN plugin's
 * {@code knn} query (the filter inside it), a best-matches read its query with the filter (scored by the shard's
 * similarity, as a search would); a lookup finds the ids through the id field's terms ({@link IdPostings}) and keeps
 * the documents the filter matches. Then the items' fields straight from the segments: doc values (each
 * keyword value looked up once per segment) and the segment's vector values; stored fields only for {@code _id} ids of
 * a k-NN read and a diversity field without doc values. What a search with {@code docvalue_fields} would return,
 * without a search context, a fetch phase or hits to serialize: the recommend query makes three such reads a request.
 */
public final class ShardCatalogReader {

    private ShardCatalogReader() {}

    /**
     * Runs the reads on one shard, over one searcher; each item carries its {@link DocAddress} in the searcher's reader.
     * The ranked reads search first, then their hits' fields are read in one pass over the segments (per set of fields):
     * one doc values reader per segment and field, and an item two reads found read once.
     */
    public static List<List<ReadItem>> read(IndexService indexService, ShardId shardId, IndexSearcher searcher, List<CatalogRead> reads)
        throws IOException {
        QueryShardContext context = indexService.newQueryShardContext(shardId.id(), searcher, System::currentTimeMillis, null);
        boolean nested = indexService.mapperService().hasNested();
        Addresses addresses = new Addresses(shardId, ReaderIdentity.of(searcher.getIndexReader()));
        List<List<ReadItem>> items = new ArrayList<>(Collections.nCopies(reads.size(), null));
        Map<CatalogFields, List<Integer>> rankedByFields = new LinkedHashMap<>();
        List<Callable<ScoreDoc[]>> searches = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            CatalogRead read = reads.get(i);
            if (read.isRanked()) {
                if (read.k() == 0) {
                    searches.add(() -> new ScoreDoc[0]);
                } else if (read.isNearest() && read.hidden() != null) {
                    // on this thread: the shard context is not thread-safe
                    Query hiddenQuery = searcher.rewrite(toQuery(context, read.hidden()));
                    Weight hidden = searcher.createWeight(hiddenQuery, ScoreMode.COMPLETE_NO_SCORES, 1f);
                    int slack = hiddenSlack(read.k(), hiddenEstimate(searcher, hidden), searcher.getIndexReader().numDocs());
                    Query exact = rankedQuery(context, read, visibleFilter(read), read.k(), nested);
                    if (slack > read.k()) {
                        searches.add(() -> searcher.search(exact, read.k()).scoreDocs); // hidden items are many: filter
                    } else {
                        Query overfetch = rankedQuery(context, read, read.filter(), read.k() + slack, nested);
                        searches.add(() -> nearestVisible(searcher, overfetch, read.k() + slack, hidden, exact, read.k()));
                    }
                } else {
                    Query query = rankedQuery(context, read, visibleFilter(read), read.k(), nested); // on this thread: the shard context is not thread-safe
                    searches.add(() -> searcher.search(query, read.k()).scoreDocs);
                }
                rankedByFields.computeIfAbsent(read.fields(), f -> new ArrayList<>()).add(i);
            } else {
                items.set(i, lookup(context, searcher, read, nested, addresses));
            }
        }
        // the searches at once, through the searcher's executor as Lucene runs a k-NN query's segments (this thread
        // takes part; without an executor they run one after the other)
        List<ScoreDoc[]> found = searches.size() == 1 ? Collections.singletonList(call(searches.get(0))) : searcher.getTaskExecutor().invokeAll(searches);
        ScoreDoc[][] hits = new ScoreDoc[reads.size()][];
        int next = 0;
        for (int i = 0; i < reads.size(); i++) {
            if (reads.get(i).isRanked()) {
                hits[i] = found.get(next++);
            }
        }
        for (Map.Entry<CatalogFields, List<Integer>> group : rankedByFields.entrySet()) {
            List<ScoreDoc[]> groupHits = group.getValue().stream().map(i -> hits[i]).toList();
            List<List<ReadItem>> groupItems = readHits(context, searcher, group.getKey(), groupHits, addresses);
            for (int j = 0; j < groupItems.size(); j++) {
                items.set(group.getValue().get(j), groupItems.get(j));
            }
        }
        return items;
    }

    /** The shard and reader a read's items are found in. */
    private record Addresses(ShardId shard, long reader) {
        DocAddress of(LeafReaderContext leaf, int doc) {
            return new DocAddress(shard, reader, leaf.docBase + doc);
        }
    }

    /**
     * The query of a k-NN read (its k nearest items that pass {@code filter}) or of a best-matches read (the k best
     * matches of its query that pass it).
     */
    private static Query rankedQuery(QueryShardContext context, CatalogRead read, QueryBuilder filter, int k, boolean nested) throws IOException {
        QueryBuilder builder;
        if (read.isNearest()) {
            builder = new KNNQueryBuilder(read.fields().vectorField(), read.nearTo(), k, filter);
        } else {
            builder = filter == null ? read.query() : QueryBuilders.boolQuery().must(read.query()).filter(filter);
        }
        Query query = toQuery(context, builder);
        if (nested) {
            query = new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST).add(Queries.newNonNestedFilter(), BooleanClause.Occur.FILTER).build();
        }
        return query;
    }

    /** The read's filter and its hidden items as one filter (null when it has neither). */
    private static QueryBuilder visibleFilter(CatalogRead read) {
        if (read.hidden() == null) {
            return read.filter();
        }
        BoolQueryBuilder visible = QueryBuilders.boolQuery().mustNot(read.hidden());
        if (read.filter() != null) {
            visible.filter(read.filter());
        }
        return visible;
    }

    /**
     * How many more neighbours a k-NN read asks for so that k are left once its hidden items are dropped. A few hidden
     * items (at most a tenth of k, such as a page's excluded items) are all asked for: they may well be the nearest.
     * Otherwise as many as are hidden, by their share of the shard, among the k / (1 - share) items that leave k
     * visible, plus three standard deviations of that (Poisson) count, never more than the shard hides. Above k the
     * read filters its search instead (more than about 40% hidden). {@code hidden} is {@link #hiddenEstimate}.
     */
    static int hiddenSlack(int k, int hidden, int docs) {
        if (hidden == 0 || docs == 0) {
            return 0;
        }
        if (hidden <= k / 10 || hidden >= docs) {
            return hidden;
        }
        double share = (double) hidden / docs;
        double expected = k / (1 - share) * share;
        return (int) Math.min(hidden, Math.ceil(expected + 3 * Math.sqrt(expected)) + 1);
    }

    /**
     * How many documents of the shard are hidden, without reading them: per segment the exact count when Lucene has it
     * at hand (a term's statistics without deletions, the points' tree), else the matching's cost estimate (a term's
     * document frequency, deletions included: an upper bound). It only sizes the over-fetch, so an estimate does;
     * counting by iteration cost a pass over every hidden document per read (50,000 at 1M items, 5% out of stock).
     */
    private static int hiddenEstimate(IndexSearcher searcher, Weight hidden) throws IOException {
        long total = 0;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            int count = hidden.count(leaf);
            if (count >= 0) {
                total += count;
            } else {
                ScorerSupplier supplier = hidden.scorerSupplier(leaf);
                total += supplier == null ? 0 : Math.min(supplier.cost(), leaf.reader().maxDoc());
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /**
     * The k nearest items that are not hidden: an unfiltered search over-fetching ({@code overfetch}, {@code fetched}
     * items: {@link #hiddenSlack}), its hidden hits
     * dropped. A k-NN filter costs a pass over every document of the shard before the search (the k-NN plugin builds
     * the set of documents it accepts), while out-of-stock items and exclusions are a few of the catalog: dropping
     * them after the search is cheaper. When too few are left although the search was cut at its k (more hidden
     * items among the nearest than the slack allowed for), the filtered search ({@code exact}) answers instead: the result is
     * the filtered search's either way.
     */
    private static ScoreDoc[] nearestVisible(IndexSearcher searcher, Query overfetch, int fetched, Weight hidden, Query exact, int k)
        throws IOException {
        ScoreDoc[] hits = searcher.search(overfetch, fetched).scoreDocs;
        List<ScoreDoc> visible = dropHidden(searcher, hidden, hits);
        if (visible.size() >= k) {
            return visible.subList(0, k).toArray(new ScoreDoc[0]);
        }
        if (hits.length < fetched) {
            return visible.toArray(new ScoreDoc[0]); // the search found every item there is: none is missing
        }
        return searcher.search(exact, k).scoreDocs;
    }

    /** The hits {@code hidden} does not match, in their order; each segment's hidden iterator advanced in doc id order. */
    private static List<ScoreDoc> dropHidden(IndexSearcher searcher, Weight hidden, ScoreDoc[] hits) throws IOException {
        Integer[] byDoc = new Integer[hits.length]; // positions in the hits, in doc id order
        for (int i = 0; i < byDoc.length; i++) {
            byDoc[i] = i;
        }
        Arrays.sort(byDoc, (a, b) -> Integer.compare(hits[a].doc, hits[b].doc));
        boolean[] dropped = new boolean[hits.length];
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = null;
        DocIdSetIterator matching = null;
        for (int position : byDoc) {
            int global = hits[position].doc;
            if (leaf == null || global >= leaf.docBase + leaf.reader().maxDoc()) {
                leaf = leaves.get(ReaderUtil.subIndex(global, leaves));
                ScorerSupplier supplier = hidden.scorerSupplier(leaf);
                matching = supplier == null ? null : supplier.get(hits.length).iterator();
            }
            int doc = global - leaf.docBase;
            dropped[position] = matching != null && (matching.docID() < doc ? matching.advance(doc) : matching.docID()) == doc;
        }
        List<ScoreDoc> visible = new ArrayList<>(hits.length);
        for (int i = 0; i < hits.length; i++) {
            if (dropped[i] == false) {
                visible.add(hits[i]);
            }
        }
        return visible;
    }

    private static ScoreDoc[] call(Callable<ScoreDoc[]> search) throws IOException {
        try {
            return search.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The items of each read's hits, in the hits' order; the fields read in doc id order (doc values, vector values) over
     * the hits of all the reads, each document once.
     */
    private static List<List<ReadItem>> readHits(QueryShardContext context, IndexSearcher searcher, CatalogFields fields, List<ScoreDoc[]> hitsPerRead,
        Addresses addresses) throws IOException {
        int total = hitsPerRead.stream().mapToInt(hits -> hits.length).sum();
        // (doc, read, position) packed to sort by doc: doc in the high 32 bits, then the read (8 bits: a request carries
        // at most 255 reads), then the hit's position (24 bits: k is at most 10,000)
        long[] order = new long[total];
        int n = 0;
        for (int read = 0; read < hitsPerRead.size(); read++) {
            ScoreDoc[] hits = hitsPerRead.get(read);
            for (int position = 0; position < hits.length; position++) {
                order[n++] = ((long) hits[position].doc << 32) | ((long) read << 24) | position;
            }
        }
        Arrays.sort(order);
        ReadItem[][] items = new ReadItem[hitsPerRead.size()][];
        for (int read = 0; read < items.length; read++) {
            items[read] = new ReadItem[hitsPerRead.get(read).length];
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        SegmentFields segment = null;
        ReadItem previous = null;
        for (long packed : order) {
            int doc = (int) (packed >>> 32);
            int read = (int) ((packed >>> 24) & 0xFF);
            int position = (int) (packed & 0xFFFFFF);
            float score = hitsPerRead.get(read)[position].score;
            if (previous == null || previous.address().doc() != doc) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
                if (segment == null || segment.leaf != leaf) {
                    segment = new SegmentFields(context, fields, leaf, true, addresses);
                }
                previous = segment.item(doc - leaf.docBase, score, null);
            } else {
                previous = previous.withScore(score); // another read found the same item: read once
            }
            items[read][position] = previous;
        }
        List<List<ReadItem>> found = new ArrayList<>(items.length);
        for (ReadItem[] readItems : items) {
            found.add(Arrays.stream(readItems).filter(item -> item.id() != null).toList());
        }
        return found;
    }

    private static List<ReadItem> lookup(QueryShardContext context, IndexSearcher searcher, CatalogRead read, boolean nested, Addresses addresses)
        throws IOException {
        CatalogFields fields = read.fields();
        List<String> ids = read.ids();
        if (ids.isEmpty()) {
            return List.of();
        }
        BytesRef[] terms = new BytesRef[ids.size()];
        for (int i = 0; i < terms.length; i++) {
            terms[i] = IdPostings.term(fields.idField(), ids.get(i));
        }
        int[] seekOrder = IdPostings.seekOrder(terms);
        Weight filter = null;
        QueryBuilder visible = visibleFilter(read);
        if (visible != null || nested) {
            BooleanQuery.Builder allowed = new BooleanQuery.Builder();
            if (visible != null) {
                allowed.add(toQuery(context, visible), BooleanClause.Occur.FILTER);
            }
            if (nested) {
                allowed.add(Queries.newNonNestedFilter(), BooleanClause.Occur.FILTER);
            }
            filter = searcher.createWeight(searcher.rewrite(allowed.build()), ScoreMode.COMPLETE_NO_SCORES, 1f);
        }
        List<ReadItem> items = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            IdPostings.Matches matches = IdPostings.find(leaf.reader(), fields.idField(), terms, seekOrder);
            if (matches == null) {
                continue;
            }
            DocIdSetIterator passing = null;
            if (filter != null) {
                ScorerSupplier supplier = filter.scorerSupplier(leaf);
                if (supplier == null) {
                    continue; // nothing in this segment passes the filter
                }
                passing = supplier.get(matches.docs().length).iterator();
            }
            SegmentFields segment = new SegmentFields(context, fields, leaf, false, addresses);
            for (int j = 0; j < matches.docs().length; j++) {
                int doc = matches.docs()[j];
                if (passing != null) {
                    // the filter's iterator may stand on this doc already (its last advance went past the previous one)
                    int at = passing.docID() < doc ? passing.advance(doc) : passing.docID();
                    if (at != doc) {
                        continue;
                    }
                }
                items.add(segment.item(doc, 0f, ids.get(matches.ids()[j])));
            }
        }
        return items;
    }

    private static Query toQuery(QueryShardContext context, QueryBuilder builder) throws IOException {
        return context.toQuery(Rewriteable.rewrite(builder, context, true)).query();
    }

    /** The readers of one segment; documents must come in increasing doc id order (doc values, vector values). */
    private static final class SegmentFields {
        final LeafReaderContext leaf;
        private final CatalogFields fields;
        /** Null when the ids come from {@code _id} (stored) or are known already. */
        private final FirstValue ids;
        private final boolean idFromStoredFields;
        private final FloatVectorValues vectors;
        private final KnnVectorValues.DocIndexIterator vectorDocs;
        private final FirstValue categories;
        /** Prices of a numeric field as doubles; a price field of another type is read as text. */
        private final SortedNumericDoubleValues prices;
        private final FirstValue pricesAsText;
        private final FirstValue diversity;
        /** The diversity field has no doc values: read from {@code _source}. */
        private final boolean diversityFromSource;
        private final Addresses addresses;

        SegmentFields(QueryShardContext context, CatalogFields fields, LeafReaderContext leaf, boolean readIds, Addresses addresses) throws IOException {
            this.leaf = leaf;
            this.addresses = addresses;
            this.fields = fields;
            boolean byDocId = IdFieldMapper.NAME.equals(fields.idField());
            this.idFromStoredFields = readIds && byDocId;
            this.ids = readIds && byDocId == false ? FirstValue.of(context, fields.idField(), leaf, false) : null;
            this.vectors = fields.featureInputs() ? leaf.reader().getFloatVectorValues(fields.vectorField()) : null;
            this.vectorDocs = vectors == null ? null : vectors.iterator();
            this.categories = fields.featureInputs() ? FirstValue.of(context, fields.categoryField(), leaf, true) : null;
            MappedFieldType priceType = fields.priceField() == null || fields.featureInputs() == false ? null : context.fieldMapper(fields.priceField());
            IndexFieldData<?> priceData = priceType == null ? null : context.getForField(priceType);
            this.prices = priceData instanceof IndexNumericFieldData numeric ? numeric.load(leaf).getDoubleValues() : null;
            this.pricesAsText = priceData != null && prices == null ? FirstValue.of(context, fields.priceField(), leaf, false) : null;
            MappedFieldType diversityType = fields.diversityField() == null ? null : context.fieldMapper(fields.diversityField());
            this.diversityFromSource = diversityType != null && diversityType.isAggregatable() == false;
            this.diversity = diversityType != null && diversityFromSource == false ? FirstValue.of(context, fields.diversityField(), leaf, true) : null;
        }

        /** @param knownId the item's id when the read knows it, else null (read from the document) */
        ReadItem item(int doc, float score, String knownId) throws IOException {
            String id = knownId;
            String diversityValue = null;
            if (idFromStoredFields && knownId == null || diversityFromSource) {
                FieldsVisitor stored = new FieldsVisitor(diversityFromSource);
                leaf.reader().storedFields().document(doc, stored);
                if (id == null && idFromStoredFields) {
                    id = stored.id();
                }
                if (diversityFromSource && stored.source() != null) {
                    Object value = XContentMapValues.extractValue(fields.diversityField(), XContentHelper.convertToMap(stored.source(), false).v2());
                    diversityValue = value == null ? null : value.toString();
                }
            }
            if (id == null && ids != null) {
                id = ids.get(doc);
            }
            if (diversity != null) {
                diversityValue = diversity.get(doc);
            }
            return new ReadItem(id, score, vector(doc), categories == null ? null : categories.get(doc), price(doc), diversityValue,
                addresses.of(leaf, doc));
        }

        private float[] vector(int doc) throws IOException {
            if (vectorDocs == null) {
                return null;
            }
            if (vectorDocs.docID() < doc) {
                vectorDocs.advance(doc);
            }
            return vectorDocs.docID() == doc ? vectors.vectorValue(vectorDocs.index()).clone() : null;
        }

        private Double price(int doc) throws IOException {
            if (prices != null) {
                return prices.advanceExact(doc) && prices.docValueCount() > 0 ? prices.nextValue() : null;
            }
            String text = pricesAsText == null ? null : pricesAsText.get(doc);
            try {
                return text == null ? null : Double.parseDouble(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /**
     * The first value of a field per document, as text, from doc values: through ordinals when the field has them
     * (keyword), each ordinal's term looked up once per segment when {@code remember} (few distinct values, such as
     * categories), else through the field data's text values.
     */
    private static final class FirstValue {
        private final SortedSetDocValues ordinals;
        private final Map<Long, String> terms;
        private final SortedBinaryDocValues text;

        private FirstValue(SortedSetDocValues ordinals, boolean remember, SortedBinaryDocValues text) {
            this.ordinals = ordinals;
            this.terms = remember ? new HashMap<>() : null;
            this.text = text;
        }

        static FirstValue of(QueryShardContext context, String field, LeafReaderContext leaf, boolean remember) {
            MappedFieldType type = field == null ? null : context.fieldMapper(field);
            if (type == null) {
                return null;
            }
            IndexFieldData<?> data = context.getForField(type);
            if (data instanceof IndexOrdinalsFieldData ordinals) {
                return new FirstValue(ordinals.load(leaf).getOrdinalsValues(), remember, null);
            }
            return new FirstValue(null, false, data.load(leaf).getBytesValues());
        }

        String get(int doc) throws IOException {
            if (ordinals != null) {
                if (ordinals.advanceExact(doc) == false || ordinals.docValueCount() == 0) {
                    return null;
                }
                long ord = ordinals.nextOrd();
                if (terms == null) {
                    return ordinals.lookupOrd(ord).utf8ToString();
                }
                String term = terms.get(ord);
                if (term == null) {
                    term = ordinals.lookupOrd(ord).utf8ToString();
                    terms.put(ord, term);
                }
                return term;
            }
            if (text.advanceExact(doc) == false || text.docValueCount() == 0) {
                return null;
            }
            return text.nextValue().utf8ToString();
        }
    }
}
