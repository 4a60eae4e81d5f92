package io.recsys.opensearch.cooccurrence;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.ConjunctionUtils;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.DocIdSetBuilder;
import org.opensearch.common.lease.Releasables;
import org.opensearch.common.util.LongArray;
import org.opensearch.common.util.ObjectArray;
import org.opensearch.search.aggregations.AggregatorBase;
import org.opensearch.search.aggregations.AggregatorFactories;
import org.opensearch.search.aggregations.CardinalityUpperBound;
import org.opensearch.search.aggregations.InternalAggregation;
import org.opensearch.search.aggregations.LeafBucketCollector;
import org.opensearch.search.aggregations.bucket.terms.LongKeyedBucketOrds;
import org.opensearch.search.aggregations.support.ValuesSource;
import org.opensearch.search.internal.SearchContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, on one shard, how often each item shares a document with an anchor, and returns the shard's best candidates
 * with exact background counts. Items are global ordinals of the keyword field's doc values.
 * <p>
 * Three ways documents reach the counting, all counting the same documents:
 * <ul>
 *   <li>top level, no {@code min_score}/{@code terminate_after}: per segment, only the documents that match the query
 *       <em>and</em> hold an anchor (from the anchors' postings) are read, so a {@code match_all} over millions of baskets
 *       costs what the anchors' documents cost;</li>
 *   <li>otherwise each collected document's items are read and checked for an anchor;</li>
 *   <li>with {@code sample_size}, foreground documents are only remembered (best scores) and counted after collection,
 *       one owning bucket at a time.</li>
 * </ul>
 */
final class CooccurrenceAggregator extends AggregatorBase {

    /** The request. */
    private final CooccurrenceAggregationBuilder request;
    /** Global ordinals of the field. */
    private final ValuesSource.Bytes.WithOrdinals valuesSource;
    /** The field's name in the terms dictionary. */
    private final String field;
    /** Background size and per-item background counts on this shard. */
    private final ShardBackground background;
    /** The anchors' terms as indexed (normalized), to find their postings. */
    private final BytesRef[] anchorTerms;
    /** Global ordinals of the anchors present on this shard, ascending. */
    private final long[] anchorOrds;
    /** Global ordinals never returned (anchors and {@code exclude}), ascending. */
    private final long[] excludedOrds;
    /** Global ordinals of {@code include}, ascending, or null when any item may be returned. */
    private final long[] includedOrds;
    /** Whether segments are counted from the anchors' postings instead of collection (see class comment). */
    private final boolean fromPostings;
    /** Documents per owning bucket that hold an anchor (when sampling: filled after collection). */
    private LongArray foreground;
    /**
     * (owning bucket, item ordinal) → slot in {@link #pairCounts}. When sampling, the buckets are counted one at a time
     * after collection, each into a fresh single-bucket map (bucket 0): reading one bucket's pairs back then costs its own
     * pairs, not every bucket's (a {@code filters} bucket per anchor has many).
     */
    private LongKeyedBucketOrds pairs;
    /** Foreground documents per (owning bucket, item). */
    private LongArray pairCounts;
    /** What {@link #pairs} is built for: the parent's buckets, or one when sampling. */
    private final CardinalityUpperBound pairsCardinality;
    /** Per owning bucket, the sampled foreground documents, or null when not sampling. */
    private ObjectArray<AnchorSample> samples;
    /** The query's weight, created on the first segment counted from postings. */
    private Weight queryWeight;
    /** Exact background counts already counted, by global ordinal (see {@link #exactCounts}). */
    private final Map<Long, Long> exactCountByOrd = new HashMap<>();
    /** Reused buffer for one document's item ordinals. */
    private long[] docOrds = new long[16];

    CooccurrenceAggregator(
        String name,
        CooccurrenceAggregationBuilder request,
        ValuesSource.Bytes.WithOrdinals valuesSource,
        String field,
        BytesRef[] anchorTerms,
        BytesRef[] includeTerms,
        BytesRef[] excludeTerms,
        ShardBackground background,
        SearchContext context,
        org.opensearch.search.aggregations.Aggregator parent,
        CardinalityUpperBound cardinality,
        Map<String, Object> metadata
    ) throws IOException {
        super(name, AggregatorFactories.EMPTY, context, parent, CardinalityUpperBound.NONE, metadata);
        this.request = request;
        this.valuesSource = valuesSource;
        this.field = field;
        this.background = background;
        this.anchorTerms = anchorTerms;
        SortedSetDocValues lookup = lookupValues();
        this.anchorOrds = ordinals(lookup, anchorTerms);
        this.includedOrds = includeTerms == null ? null : ordinals(lookup, includeTerms);
        long[] excluded = ordinals(lookup, excludeTerms);
        long[] allExcluded = Arrays.copyOf(anchorOrds, anchorOrds.length + excluded.length);
        System.arraycopy(excluded, 0, allExcluded, anchorOrds.length, excluded.length);
        Arrays.sort(allExcluded);
        this.excludedOrds = allExcluded;
        this.fromPostings = parent == null
            && context.minimumScore() == null
            && context.terminateAfter() == SearchContext.DEFAULT_TERMINATE_AFTER;
        this.foreground = context.bigArrays().newLongArray(1, true);
        this.samples = request.sampleSize() > 0 ? context.bigArrays().newObjectArray(1) : null;
        this.pairsCardinality = samples != null ? CardinalityUpperBound.ONE : cardinality;
        this.pairs = LongKeyedBucketOrds.build(context.bigArrays(), pairsCardinality);
        this.pairCounts = context.bigArrays().newLongArray(1, true);
    }

    /** Doc values of the first segment: with global ordinals, any segment's values look every term up. */
    private SortedSetDocValues lookupValues() throws IOException {
        List<LeafReaderContext> leaves = context.searcher().getIndexReader().leaves();
        return leaves.isEmpty() ? null : valuesSource.globalOrdinalsValues(leaves.get(0));
    }

    /** Global ordinals of the terms present on this shard, ascending. */
    private static long[] ordinals(SortedSetDocValues lookup, BytesRef[] terms) throws IOException {
        if (lookup == null) {
            return new long[0];
        }
        long[] ords = new long[terms.length];
        int found = 0;
        for (BytesRef term : terms) {
            long ord = lookup.lookupTerm(term);
            if (ord >= 0) {
                ords[found++] = ord;
            }
        }
        long[] result = Arrays.copyOf(ords, found);
        Arrays.sort(result);
        return result;
    }

    @Override
    public ScoreMode scoreMode() {
        return samples != null ? ScoreMode.COMPLETE : ScoreMode.COMPLETE_NO_SCORES;
    }

    @Override
    protected boolean tryPrecomputeAggregationForLeaf(LeafReaderContext leaf) throws IOException {
        if (fromPostings == false) {
            return false;
        }
        checkCancelled();
        if (anchorOrds.length == 0) {
            return true; // no anchor on this shard: no foreground document anywhere
        }
        Terms terms = leaf.reader().terms(field);
        if (terms == null) {
            return true;
        }
        DocIdSetBuilder anchorDocs = new DocIdSetBuilder(leaf.reader().maxDoc(), terms);
        TermsEnum termsEnum = terms.iterator();
        PostingsEnum postings = null;
        for (BytesRef anchor : anchorTerms) {
            if (termsEnum.seekExact(anchor)) {
                postings = termsEnum.postings(postings, PostingsEnum.NONE);
                anchorDocs.add(postings);
            }
        }
        DocIdSetIterator anchorIterator = anchorDocs.build().iterator();
        if (anchorIterator == null) {
            return true;
        }
        if (queryWeight == null) {
            queryWeight = context.searcher().createWeight(context.searcher().rewrite(context.query()), scoreMode(), 1f);
        }
        Scorer scorer = queryWeight.scorer(leaf);
        if (scorer == null) {
            return true;
        }
        DocIdSetIterator matches = ConjunctionUtils.intersectIterators(List.of(scorer.iterator(), anchorIterator));
        Bits live = leaf.reader().getLiveDocs();
        SortedSetDocValues values = valuesSource.globalOrdinalsValues(leaf);
        for (int doc = matches.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = matches.nextDoc()) {
            if ((live != null && live.get(doc) == false) || background.contains(leaf.ord, doc) == false) {
                continue;
            }
            if (samples != null) {
                sample(0).offer(scorer.score(), leaf.ord, doc);
            } else {
                count(values, leaf.ord, doc, 0, 0);
            }
        }
        return true;
    }

    @Override
    protected LeafBucketCollector getLeafCollector(LeafReaderContext leaf, LeafBucketCollector sub) throws IOException {
        if (anchorOrds.length == 0) {
            return LeafBucketCollector.NO_OP_COLLECTOR;
        }
        SortedSetDocValues values = valuesSource.globalOrdinalsValues(leaf);
        return new LeafBucketCollector() {
            /** Set when sampling: the score of the document being collected. */
            private Scorable scorer;

            @Override
            public void setScorer(Scorable scorer) {
                this.scorer = scorer;
            }

            @Override
            public void collect(int doc, long owningBucketOrd) throws IOException {
                if (samples == null) {
                    count(values, leaf.ord, doc, owningBucketOrd, owningBucketOrd);
                } else {
                    AnchorSample sample = sample(owningBucketOrd);
                    float score = scorer.score();
                    // a full sample of equal scores (a filter) takes no more: skip reading the document's items
                    if (sample.wouldKeep(score) && background.contains(leaf.ord, doc)) {
                        int n = readOrds(values, doc);
                        if (n > 0 && holdsAnchor(n)) {
                            sample.offer(score, leaf.ord, doc);
                        }
                    }
                }
            }
        };
    }

    /** Reads the document's item ordinals (ascending) into {@link #docOrds}; returns how many. */
    private int readOrds(SortedSetDocValues values, int doc) throws IOException {
        if (values.advanceExact(doc) == false) {
            return 0;
        }
        int n = values.docValueCount();
        if (n > docOrds.length) {
            docOrds = new long[Math.max(n, docOrds.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            docOrds[i] = values.nextOrd();
        }
        return n;
    }

    /** Whether the ordinals read hold an anchor: a merge of two ascending lists. */
    private boolean holdsAnchor(int n) {
        int a = 0;
        int d = 0;
        while (a < anchorOrds.length && d < n) {
            long anchor = anchorOrds[a];
            long ord = docOrds[d];
            if (anchor == ord) {
                return true;
            } else if (anchor < ord) {
                a++;
            } else {
                d++;
            }
        }
        return false;
    }

    /**
     * Counts the document in the foreground of the bucket if it holds an anchor and belongs to the background population
     * (the foreground is always a subset of the background), and each of its other items with it.
     */
    private void count(SortedSetDocValues values, int segment, int doc, long owningBucketOrd, long pairsBucket) throws IOException {
        if (background.contains(segment, doc) == false) {
            return;
        }
        int n = readOrds(values, doc);
        if (n == 0 || holdsAnchor(n) == false) {
            return;
        }
        foreground = context.bigArrays().grow(foreground, owningBucketOrd + 1);
        foreground.increment(owningBucketOrd, 1);
        for (int i = 0; i < n; i++) {
            long ord = docOrds[i];
            if (Arrays.binarySearch(excludedOrds, ord) >= 0) {
                continue;
            }
            if (includedOrds != null && Arrays.binarySearch(includedOrds, ord) < 0) {
                continue;
            }
            long slot = pairs.add(pairsBucket, ord);
            if (slot < 0) {
                slot = -1 - slot;
            } else {
                pairCounts = context.bigArrays().grow(pairCounts, slot + 1);
            }
            pairCounts.increment(slot, 1);
        }
    }

    private AnchorSample sample(long owningBucketOrd) {
        samples = context.bigArrays().grow(samples, owningBucketOrd + 1);
        AnchorSample sample = samples.get(owningBucketOrd);
        if (sample == null) {
            sample = new AnchorSample(request.sampleSize());
            samples.set(owningBucketOrd, sample);
        }
        return sample;
    }

    /**
     * Counts the sampled documents of a bucket into fresh pairs (bucket 0): a second pass over their doc values, segment
     * by segment.
     */
    private void countSample(long owningBucketOrd) throws IOException {
        Releasables.close(pairs, pairCounts);
        pairs = null; // if building the new ones fails, doClose must not release these again
        pairCounts = null;
        pairs = LongKeyedBucketOrds.build(context.bigArrays(), pairsCardinality);
        pairCounts = context.bigArrays().newLongArray(1, true);
        if (owningBucketOrd >= samples.size() || samples.get(owningBucketOrd) == null) {
            return;
        }
        List<LeafReaderContext> leaves = context.searcher().getIndexReader().leaves();
        int segment = -1;
        SortedSetDocValues values = null;
        for (long key : samples.get(owningBucketOrd).docsInIndexOrder()) {
            int keySegment = (int) (key >>> 32);
            if (keySegment != segment) {
                segment = keySegment;
                values = valuesSource.globalOrdinalsValues(leaves.get(segment));
            }
            count(values, segment, (int) key, owningBucketOrd, 0);
        }
    }

    @Override
    public InternalAggregation[] buildAggregations(long[] owningBucketOrds) throws IOException {
        InternalAggregation[] results = new InternalAggregation[owningBucketOrds.length];
        for (int i = 0; i < owningBucketOrds.length; i++) {
            checkCancelled();
            long bucket = owningBucketOrds[i];
            long pairsBucket = bucket;
            if (samples != null) {
                countSample(bucket);
                pairsBucket = 0;
            }
            long fgSize = bucket < foreground.size() ? foreground.get(bucket) : 0;
            results[i] = InternalCooccurrence.shard(name, request, fgSize, background.size(), shardCandidates(pairsBucket, fgSize), metadata());
        }
        return results;
    }

    /**
     * The bucket's candidates this shard returns:
     * <ul>
     *   <li>with {@code include}, every listed item present on the shard, whether or not it met an anchor here, so that the
     *       sums over shards are complete;</li>
     *   <li>when this shard is the whole search, the final answer already: items below {@code min_doc_count} or negatively
     *       associated are dropped before the best {@code size} are kept, all ranked on exact counts;</li>
     *   <li>otherwise every counted item is ranked by its shard-local score (background counts from the terms dictionary,
     *       cheap) and the best {@code shard_size} get exact background counts.</li>
     * </ul>
     * {@code pairsBucket} is the bucket's key in {@link #pairs}.
     */
    private List<InternalCooccurrence.Bucket> shardCandidates(long pairsBucket, long fgSize) throws IOException {
        SortedSetDocValues lookup = lookupValues();
        if (lookup == null) {
            return List.of();
        }
        boolean onlyShard = context.numberOfShards() == 1;
        long[] ords = new long[(int) pairs.bucketsInOrd(pairsBucket) + (includedOrds == null ? 0 : includedOrds.length)];
        long[] counts = new long[ords.length];
        int n = 0;
        LongKeyedBucketOrds.BucketOrdsEnum it = pairs.ordsEnum(pairsBucket);
        while (it.next()) {
            long count = pairCounts.get(it.ord());
            if (onlyShard && includedOrds == null && count < request.minDocCount()) {
                continue; // this shard's count is the final one
            }
            ords[n] = it.value();
            counts[n++] = count;
        }
        if (includedOrds != null) {
            for (long ord : includedOrds) {
                if (Arrays.binarySearch(excludedOrds, ord) < 0 && pairs.find(pairsBucket, ord) < 0) {
                    ords[n] = ord;
                    counts[n++] = 0;
                }
            }
        }
        Integer[] order = sortedByOrd(ords, n);
        BytesRef[] terms = new BytesRef[n];
        long[] termOrds = new long[n];
        long[] docCounts = new long[n];
        for (int i = 0; i < n; i++) {
            termOrds[i] = ords[order[i]];
            terms[i] = BytesRef.deepCopyOf(lookup.lookupOrd(termOrds[i]));
            docCounts[i] = counts[order[i]];
        }
        long bgSize = background.size();
        List<Integer> chosen = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chosen.add(i);
        }
        long[] allExact = onlyShard && includedOrds == null ? exactCounts(termOrds, terms) : null;
        if (includedOrds == null) {
            int keep = onlyShard ? request.size() : request.effectiveShardSize();
            long[] bgCounts = allExact != null ? allExact : background.approximateCounts(terms);
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                // docFreq may still count deleted documents: keep the table consistent for ranking
                long bg = Math.min(bgCounts[i], bgSize - fgSize + docCounts[i]);
                scores[i] = request.score().score(docCounts[i], fgSize, bg, bgSize);
            }
            if (onlyShard) {
                chosen.removeIf(i -> scores[i] <= 0 || Double.isFinite(scores[i]) == false);
            }
            chosen.sort((a, b) -> {
                int byScore = Double.compare(scores[b], scores[a]);
                return byScore != 0 ? byScore : terms[a].compareTo(terms[b]);
            });
            if (chosen.size() > keep) {
                chosen = new ArrayList<>(chosen.subList(0, keep));
            }
            chosen.sort(Integer::compare); // back to term order for the exact counts
        }
        BytesRef[] chosenTerms = new BytesRef[chosen.size()];
        for (int i = 0; i < chosenTerms.length; i++) {
            chosenTerms[i] = terms[chosen.get(i)];
        }
        long[] exact;
        if (allExact != null) {
            exact = new long[chosenTerms.length];
            for (int i = 0; i < exact.length; i++) {
                exact[i] = allExact[chosen.get(i)];
            }
        } else {
            long[] chosenOrds = new long[chosenTerms.length];
            for (int i = 0; i < chosenOrds.length; i++) {
                chosenOrds[i] = termOrds[chosen.get(i)];
            }
            exact = exactCounts(chosenOrds, chosenTerms);
        }
        List<InternalCooccurrence.Bucket> buckets = new ArrayList<>(chosenTerms.length);
        for (int i = 0; i < chosenTerms.length; i++) {
            long k11 = docCounts[chosen.get(i)];
            if (k11 == 0 && exact[i] == 0) {
                continue; // an included item this shard does not hold
            }
            buckets.add(new InternalCooccurrence.Bucket(chosenTerms[i].utf8ToString(), k11, exact[i], request.score().score(k11, fgSize, exact[i], bgSize)));
        }
        return buckets;
    }

    /**
     * The exact background counts of {@code terms} (ascending, with their global ordinals), each counted once per
     * aggregator: under a parent with a bucket per anchor, the buckets share most of their candidates.
     */
    private long[] exactCounts(long[] termOrds, BytesRef[] terms) throws IOException {
        long[] counts = new long[terms.length];
        int[] missing = new int[terms.length];
        int m = 0;
        for (int i = 0; i < terms.length; i++) {
            Long known = exactCountByOrd.get(termOrds[i]);
            if (known == null) {
                missing[m++] = i;
            } else {
                counts[i] = known;
            }
        }
        if (m > 0) {
            BytesRef[] ask = new BytesRef[m];
            for (int j = 0; j < m; j++) {
                ask[j] = terms[missing[j]];
            }
            long[] counted = background.exactCounts(ask);
            for (int j = 0; j < m; j++) {
                counts[missing[j]] = counted[j];
                exactCountByOrd.put(termOrds[missing[j]], counted[j]);
            }
        }
        return counts;
    }

    /** Positions 0..n-1 of {@code ords}, in ascending ordinal (= term) order. */
    private static Integer[] sortedByOrd(long[] ords, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(ords[a], ords[b]));
        return order;
    }

    @Override
    public InternalAggregation buildEmptyAggregation() {
        return InternalCooccurrence.shard(name, request, 0, background.size(), List.of(), metadata());
    }

    @Override
    protected void doClose() {
        Releasables.close(foreground, pairs, pairCounts, samples);
    }
}
