package io.recsys.opensearch.popularity;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Counts, on one shard of a recommender's events index, the interactions with each of some items: the live events
 * whose {@code item} is the item and whose {@code type} is not {@code impression}. Read from the terms dictionary and
 * postings, not by aggregating: in a segment without deletions nor impressions an item's count is its term's docFreq
 * (one seek); otherwise its postings are walked, skipping deleted documents and impressions.
 * <p>
 * A reader's counts never change while it lives (new events or deletions come with a new reader), and queries ask for
 * the same popular items over and over: the shard's reader keeps the counts it was asked for, and so does each segment
 * reader ({@link ReaderCounts}) — an item asked before costs one hash lookup; after a refresh only the new segments
 * are read.
 */
public final class InteractionCounts {

    public static final String ITEM_FIELD = "item";
    public static final String TYPE_FIELD = "type";
    public static final BytesRef NOT_COUNTED_TYPE = new BytesRef("impression");

    private InteractionCounts() {}

    /** The interaction count of each item, in the order given. */
    public static long[] count(IndexReader reader, List<String> items) throws IOException {
        long[] counts = new long[items.size()];
        Map<String, Long> known = ReaderCounts.of(reader);
        List<Integer> unknown = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            Long count = known == null ? null : known.get(items.get(i));
            if (count == null) {
                unknown.add(i);
            } else {
                counts[i] = count;
            }
        }
        if (unknown.isEmpty()) {
            return counts;
        }
        BytesRef[] terms = new BytesRef[counts.length];
        unknown.forEach(i -> terms[i] = new BytesRef(items.get(i)));
        // seeking in ascending order lets the terms enums reuse the blocks they have loaded (as TermInSetQuery does)
        unknown.sort(Comparator.comparing(i -> terms[i]));
        for (LeafReaderContext leaf : reader.leaves()) {
            countInSegment(leaf.reader(), terms, unknown, counts);
        }
        if (known != null) {
            for (int i : unknown) {
                if (known.size() >= ReaderCounts.MAX_ITEMS_PER_READER) {
                    break;
                }
                known.put(items.get(i), counts[i]);
            }
        }
        return counts;
    }

    /** Adds the segment's counts of the items at {@code positions} (in term order) to {@code counts}. */
    private static void countInSegment(LeafReader segment, BytesRef[] terms, List<Integer> positions, long[] counts) throws IOException {
        Terms itemTerms = segment.terms(ITEM_FIELD);
        if (itemTerms == null) {
            return;
        }
        Map<BytesRef, Long> known = ReaderCounts.of(segment);
        SegmentCounter counter = null;
        for (int i : positions) {
            Long count = known == null ? null : known.get(terms[i]);
            if (count == null) {
                if (counter == null) {
                    counter = new SegmentCounter(segment, itemTerms);
                }
                count = counter.count(terms[i]);
                if (known != null && known.size() < ReaderCounts.MAX_ITEMS_PER_READER) {
                    known.put(terms[i], count);
                }
            }
            counts[i] += count;
        }
    }

    /** Counts items in one segment; asked in ascending order, its terms enum reuses the blocks it has loaded. */
    private static final class SegmentCounter {
        private final Bits live;
        private final TermsEnum itemTerm;
        private final TermsEnum impressionTerm;
        private final boolean hasImpressions;
        private PostingsEnum postings;
        private PostingsEnum impressions;

        SegmentCounter(LeafReader segment, Terms itemTerms) throws IOException {
            this.live = segment.getLiveDocs();
            Terms typeTerms = segment.terms(TYPE_FIELD);
            this.impressionTerm = typeTerms == null ? null : typeTerms.iterator();
            this.hasImpressions = impressionTerm != null && impressionTerm.seekExact(NOT_COUNTED_TYPE);
            this.itemTerm = itemTerms.iterator();
        }

        long count(BytesRef item) throws IOException {
            if (itemTerm.seekExact(item) == false) {
                return 0;
            }
            if (live == null && hasImpressions == false) {
                return itemTerm.docFreq();
            }
            postings = itemTerm.postings(postings, PostingsEnum.NONE);
            if (hasImpressions) {
                impressions = impressionTerm.postings(impressions, PostingsEnum.NONE); // forward-only: a fresh one per item
            }
            long count = 0;
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                if (live != null && live.get(doc) == false) {
                    continue;
                }
                if (hasImpressions && (impressions.docID() >= doc ? impressions.docID() : impressions.advance(doc)) == doc) {
                    continue;
                }
                count++;
            }
            return count;
        }
    }
}
