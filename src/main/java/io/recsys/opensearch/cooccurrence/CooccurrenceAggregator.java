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
import org.apache.lucene.util.InPlaceMergeSorter;
import org.apache.lucene.util.IntroSorter;
import org.apache.lucene.util.LongBitSet;
import org.opensearch.common.lease.Releasables;
import org.opensearch.common.util.LongArray;
import org.opensearch.common.util.LongHash;
import org.opensearch.common.util.ObjectArray;
import org.opensearch.search.aggregations.AggregatorBase;
import org.opensearch.search.aggregations.AggregatorFactories;
import org.opensearch.search.aggregations.CardinalityUpperBound;
import org.opensearch.search.aggregations.InternalAggregation;
import org.opensearch.search.aggregations.LeafBucketCollector;
import org.opensearch.search.aggregations.support.ValuesSource;
import org.opensearch.search.internal.SearchContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
    /** {@link #excludedOrds} and {@link #includedOrds} as bits (null: any item), for the checks each counted item goes through. */
    private final LongBitSet excludedBits;
    private final LongBitSet includedBits;
    /**
     * Foreground documents per (owning bucket, item). When sampling, the buckets are counted one at a time after
     * collection, each from zero as bucket 0: reading one bucket's pairs back then costs its own pairs, not every bucket's
     * (a {@code filters} bucket per anchor has many).
     */
    private final PairCounts pairCounts;
    /** Per owning bucket, the sampled foreground documents, or null when not sampling. */
    private ObjectArray<AnchorSample> samples;
    /** The query's weight, created on the first segment counted from postings. */
    private Weight queryWeight;
    /** Global ordinal → slot in {@link #exactCountValues}: the exact background counts already counted ({@link #exactCounts}). */
    private final LongHash exactCountSlots;
    /** The exact background counts, by slot of {@link #exactCountSlots}. */
    private LongArray exactCountValues;
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
        this.excludedBits = bits(allExcluded);
        this.includedBits = includedOrds == null ? null : bits(includedOrds);
        this.fromPostings = parent == null
            && context.minimumScore() == null
            && context.terminateAfter() == SearchContext.DEFAULT_TERMINATE_AFTER;
        this.foreground = context.bigArrays().newLongArray(1, true);
        this.samples = request.sampleSize() > 0 ? context.bigArrays().newObjectArray(1) : null;
        this.pairCounts = PairCounts.create(
            context.bigArrays(),
            samples != null ? CardinalityUpperBound.ONE : cardinality,
            lookup == null ? 0 : lookup.getValueCount()
        );
        this.exactCountSlots = new LongHash(64, context.bigArrays());
        this.exactCountValues = context.bigArrays().newLongArray(64, false);
    }

    /** Ascending global ordinals as bits, as long as the largest. */
    private static LongBitSet bits(long[] ascendingOrds) {
        LongBitSet bits = new LongBitSet(ascendingOrds.length == 0 ? 1 : ascendingOrds[ascendingOrds.length - 1] + 1);
        for (long ord : ascendingOrds) {
            bits.set(ord);
        }
        return bits;
    }

    private static boolean holds(LongBitSet bits, long ord) {
        return ord < bits.length() && bits.get(ord);
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
            if (holds(excludedBits, ord) || (includedBits != null && holds(includedBits, ord) == false)) {
                continue;
            }
            pairCounts.increment(pairsBucket, ord);
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
     * Counts the sampled documents of a bucket from zero (as bucket 0): a second pass over their doc values, segment by
     * segment.
     */
    private void countSample(long owningBucketOrd) throws IOException {
        pairCounts.clear();
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
        PairCounts.Counted counted = pairCounts.counted(pairsBucket);
        // the candidates, ascending by global ordinal (= term order)
        int capacity = counted.ords().length + (includedOrds == null ? 0 : includedOrds.length);
        long[] ords = new long[capacity];
        long[] docCounts = new long[capacity];
        int n = 0;
        for (int i = 0; i < counted.ords().length; i++) {
            long count = counted.counts()[i];
            if (onlyShard && includedOrds == null && count < request.minDocCount()) {
                continue; // this shard's count is the final one
            }
            ords[n] = counted.ords()[i];
            docCounts[n++] = count;
        }
        if (includedOrds != null) {
            for (long ord : includedOrds) {
                if (Arrays.binarySearch(excludedOrds, ord) < 0 && pairCounts.contains(pairsBucket, ord) == false) {
                    ords[n] = ord;
                    docCounts[n++] = 0;
                }
            }
            sortByOrd(ords, docCounts, n);
        }
        long bgSize = background.size();
        int[] chosen = new int[n]; // positions in ords, ascending
        int chosenCount = n;
        for (int i = 0; i < n; i++) {
            chosen[i] = i;
        }
        long[] allExact = onlyShard && includedOrds == null ? exactCounts(lookup, ords, chosen, n) : null;
        if (includedOrds == null) {
            int keep = onlyShard ? request.size() : request.effectiveShardSize();
            long[] bgCounts = allExact != null ? allExact : background.approximateCounts(terms(lookup, ords, chosen, n));
            double[] scores = new double[n];
            chosenCount = 0;
            for (int i = 0; i < n; i++) {
                // docFreq may still count deleted documents: keep the table consistent for ranking
                long bg = Math.min(bgCounts[i], bgSize - fgSize + docCounts[i]);
                scores[i] = request.score().score(docCounts[i], fgSize, bg, bgSize);
                if (onlyShard == false || (scores[i] > 0 && Double.isFinite(scores[i]))) {
                    chosen[chosenCount++] = i;
                }
            }
            chosenCount = best(chosen, chosenCount, scores, keep);
            Arrays.sort(chosen, 0, chosenCount); // back to term order for the exact counts
        }
        BytesRef[] chosenTerms = terms(lookup, ords, chosen, chosenCount);
        long[] exact;
        if (allExact != null) {
            exact = new long[chosenCount];
            for (int i = 0; i < chosenCount; i++) {
                exact[i] = allExact[chosen[i]];
            }
        } else {
            exact = exactCounts(lookup, ords, chosen, chosenCount);
        }
        List<InternalCooccurrence.Bucket> buckets = new ArrayList<>(chosenCount);
        for (int i = 0; i < chosenCount; i++) {
            long k11 = docCounts[chosen[i]];
            if (k11 == 0 && exact[i] == 0) {
                continue; // an included item this shard does not hold
            }
            buckets.add(new InternalCooccurrence.Bucket(chosenTerms[i].utf8ToString(), k11, exact[i], request.score().score(k11, fgSize, exact[i], bgSize)));
        }
        return buckets;
    }

    /**
     * Moves the {@code keep} best of the first {@code count} positions (highest score, then lowest ordinal: term order
     * breaks ties) to the front of {@code positions}; returns how many are kept.
     */
    private static int best(int[] positions, int count, double[] scores, int keep) {
        new IntroSorter() {
            private int pivot;

            @Override
            protected void setPivot(int i) {
                pivot = positions[i];
            }

            @Override
            protected int comparePivot(int j) {
                return byScoreThenOrd(pivot, positions[j]);
            }

            @Override
            protected int compare(int i, int j) {
                return byScoreThenOrd(positions[i], positions[j]);
            }

            @Override
            protected void swap(int i, int j) {
                int t = positions[i];
                positions[i] = positions[j];
                positions[j] = t;
            }

            private int byScoreThenOrd(int a, int b) {
                int byScore = Double.compare(scores[b], scores[a]);
                return byScore != 0 ? byScore : Integer.compare(a, b); // positions ascend with the ordinals
            }
        }.sort(0, count);
        return Math.min(count, keep);
    }

    /** Sorts the first {@code n} (ordinal, count) pairs by ordinal. */
    private static void sortByOrd(long[] ords, long[] counts, int n) {
        new InPlaceMergeSorter() {
            @Override
            protected int compare(int i, int j) {
                return Long.compare(ords[i], ords[j]);
            }

            @Override
            protected void swap(int i, int j) {
                long ord = ords[i];
                ords[i] = ords[j];
                ords[j] = ord;
                long count = counts[i];
                counts[i] = counts[j];
                counts[j] = count;
            }
        }.sort(0, n);
    }

    /** The terms of {@code ords} at the first {@code count} {@code positions} (ascending, so the terms are too). */
    private static BytesRef[] terms(SortedSetDocValues lookup, long[] ords, int[] positions, int count) throws IOException {
        BytesRef[] terms = new BytesRef[count];
        for (int i = 0; i < count; i++) {
            terms[i] = BytesRef.deepCopyOf(lookup.lookupOrd(ords[positions[i]]));
        }
        return terms;
    }

    /**
     * The exact background counts of {@code ords} at the first {@code count} {@code positions} (ascending), each counted
     * once per aggregator: under a parent with a bucket per anchor, the buckets share most of their candidates. Only the
     * items not counted yet are looked up in the terms dictionary.
     */
    private long[] exactCounts(SortedSetDocValues lookup, long[] ords, int[] positions, int count) throws IOException {
        long[] counts = new long[count];
        int[] missing = new int[count];
        int m = 0;
        for (int i = 0; i < count; i++) {
            long slot = exactCountSlots.find(ords[positions[i]]);
            if (slot < 0) {
                missing[m++] = i;
            } else {
                counts[i] = exactCountValues.get(slot);
            }
        }
        if (m > 0) {
            BytesRef[] ask = new BytesRef[m];
            for (int j = 0; j < m; j++) {
                ask[j] = BytesRef.deepCopyOf(lookup.lookupOrd(ords[positions[missing[j]]]));
            }
            long[] found = background.exactCounts(ask);
            for (int j = 0; j < m; j++) {
                counts[missing[j]] = found[j];
                long slot = exactCountSlots.add(ords[positions[missing[j]]]);
                exactCountValues = context.bigArrays().grow(exactCountValues, slot + 1);
                exactCountValues.set(slot, found[j]);
            }
        }
        return counts;
    }

    @Override
    public InternalAggregation buildEmptyAggregation() {
        return InternalCooccurrence.shard(name, request, 0, background.size(), List.of(), metadata());
    }

    @Override
    protected void doClose() {
        Releasables.close(foreground, pairCounts, samples, exactCountSlots, exactCountValues);
    }
}
