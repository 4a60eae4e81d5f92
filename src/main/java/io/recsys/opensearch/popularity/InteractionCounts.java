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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Counts, on one shard of a recommender's events index, the interactions with each of some items: the live events
 * whose {@code item} is the item and whose {@code type} is not {@code impression}. Read from the terms dictionary and
 * postings, not by aggregating: in a segment without deletions nor impressions an item's count is its term's docFreq
 * (one seek); otherwise its postings are walked, skipping deleted documents and impressions.
 */
public final class InteractionCounts {

    public static final String ITEM_FIELD = "item";
    public static final String TYPE_FIELD = "type";
    public static final BytesRef NOT_COUNTED_TYPE = new BytesRef("impression");

    private InteractionCounts() {}

    /** The interaction count of each item, in the order given. */
    public static long[] count(IndexReader reader, List<String> items) throws IOException {
        long[] counts = new long[items.size()];
        BytesRef[] terms = items.stream().map(BytesRef::new).toArray(BytesRef[]::new);
        // seeking in ascending order lets the terms enum reuse the blocks it has loaded (as TermInSetQuery does)
        Integer[] order = new Integer[terms.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> terms[i]));
        PostingsEnum postings = null;
        PostingsEnum impressions = null;
        for (LeafReaderContext leaf : reader.leaves()) {
            LeafReader segment = leaf.reader();
            Terms itemTerms = segment.terms(ITEM_FIELD);
            if (itemTerms == null) {
                continue;
            }
            Bits live = segment.getLiveDocs();
            Terms typeTerms = segment.terms(TYPE_FIELD);
            TermsEnum impressionTerm = typeTerms == null ? null : typeTerms.iterator();
            boolean hasImpressions = impressionTerm != null && impressionTerm.seekExact(NOT_COUNTED_TYPE);
            TermsEnum itemTerm = itemTerms.iterator();
            for (int i : order) {
                if (itemTerm.seekExact(terms[i]) == false) {
                    continue;
                }
                if (live == null && hasImpressions == false) {
                    counts[i] += itemTerm.docFreq();
                    continue;
                }
                postings = itemTerm.postings(postings, PostingsEnum.NONE);
                if (hasImpressions) {
                    impressions = impressionTerm.postings(impressions, PostingsEnum.NONE); // forward-only: a fresh one per item
                }
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    if (live != null && live.get(doc) == false) {
                        continue;
                    }
                    if (hasImpressions && (impressions.docID() >= doc ? impressions.docID() : impressions.advance(doc)) == doc) {
                        continue;
                    }
                    counts[i]++;
                }
            }
        }
        return counts;
    }
}
