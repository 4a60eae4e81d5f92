package io.recsys.opensearch.cooccurrence;

import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The background population on one shard: how many documents it has, and how many of them hold a given item, both
 * counting live documents only: a deleted document still sits in the terms dictionary's docFreq until a merge drops it,
 * so in a segment with deletions the exact count is docFreq minus the deleted documents that hold the term (few
 * deletions: each is looked up in the postings) or a walk of the postings (many deletions, or a background filter).
 * <p>
 * Without a background filter the population is every top-level document of the shard; with one, the documents it matches.
 */
final class ShardBackground {

    /** The shard's searcher: its leaves are the segments counted. */
    private final IndexSearcher searcher;
    /** The keyword field whose terms are counted. */
    private final String field;
    /** Per segment, the documents of the population, or null for every live document of a segment (no filter). */
    private final FixedBitSet[] population;
    /** Documents in the population. */
    private final long size;
    /** Per segment, its deleted documents once listed (see {@link #deletedDocs}). */
    private final int[][] deleted;
    /** Marks a segment with too many deletions to list: its postings are walked. */
    private static final int[] NOT_LISTED = new int[0];
    /** Most deleted documents listed per segment (4 bytes each). */
    static final int MAX_LISTED_DELETIONS = 1 << 16;

    /**
     * @param populationQuery the background filter (already combined with the top-level-documents filter when the index
     *                        has nested documents), or null for every live document
     */
    ShardBackground(IndexSearcher searcher, String field, Query populationQuery) throws IOException {
        this.searcher = searcher;
        this.field = field;
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        this.deleted = new int[leaves.size()][];
        long count = 0;
        if (populationQuery == null) {
            this.population = null;
            for (LeafReaderContext leaf : leaves) {
                count += leaf.reader().numDocs();
            }
        } else {
            this.population = new FixedBitSet[leaves.size()];
            Weight weight = searcher.createWeight(searcher.rewrite(populationQuery), ScoreMode.COMPLETE_NO_SCORES, 1f);
            for (LeafReaderContext leaf : leaves) {
                FixedBitSet bits = new FixedBitSet(leaf.reader().maxDoc());
                Scorer scorer = weight.scorer(leaf);
                if (scorer != null) {
                    Bits live = leaf.reader().getLiveDocs();
                    DocIdSetIterator it = scorer.iterator();
                    for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            bits.set(doc);
                        }
                    }
                }
                population[leaf.ord] = bits;
                count += bits.cardinality();
            }
        }
        this.size = count;
    }

    /** Whether a live document of the given segment belongs to the population. */
    boolean contains(int segment, int doc) {
        return population == null || population[segment].get(doc);
    }

    /** Documents in the background population of this shard. */
    long size() {
        return size;
    }

    /**
     * Documents holding each term, from the terms dictionary alone: deleted documents not yet merged away are counted.
     * Cheap (one seek per term and segment), used to choose which candidates a shard returns. With a background filter
     * there is no shortcut and the counts are exact.
     *
     * @param terms in ascending order
     */
    long[] approximateCounts(BytesRef[] terms) throws IOException {
        return population == null ? count(terms, false) : count(terms, true);
    }

    /**
     * Documents of the population holding each term, exactly.
     *
     * @param terms in ascending order
     */
    long[] exactCounts(BytesRef[] terms) throws IOException {
        return count(terms, true);
    }

    private long[] count(BytesRef[] terms, boolean exact) throws IOException {
        long[] counts = new long[terms.length];
        PostingsEnum postings = null;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            LeafReader reader = leaf.reader();
            Terms leafTerms = reader.terms(field);
            if (leafTerms == null) {
                continue;
            }
            Bits live = reader.getLiveDocs();
            FixedBitSet members = population == null ? null : population[leaf.ord];
            boolean docFreqIsExact = exact == false || (live == null && members == null);
            int[] deleted = members == null && docFreqIsExact == false ? deletedDocs(leaf) : null;
            TermsEnum termsEnum = leafTerms.iterator();
            for (int i = 0; i < terms.length; i++) {
                if (termsEnum.seekExact(terms[i]) == false) {
                    continue;
                }
                int docFreq = termsEnum.docFreq();
                if (docFreqIsExact) {
                    counts[i] += docFreq;
                    continue;
                }
                postings = termsEnum.postings(postings, PostingsEnum.NONE);
                if (deleted != null && deleted.length < docFreq) {
                    // few deletions: subtract the deleted documents that hold the term instead of walking all its postings
                    int held = 0;
                    for (int doc : deleted) {
                        int at = postings.docID() >= doc ? postings.docID() : postings.advance(doc);
                        if (at == DocIdSetIterator.NO_MORE_DOCS) {
                            break;
                        }
                        if (at == doc) {
                            held++;
                        }
                    }
                    counts[i] += docFreq - held;
                    continue;
                }
                for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                    if ((live == null || live.get(doc)) && (members == null || members.get(doc))) {
                        counts[i]++;
                    }
                }
            }
        }
        return counts;
    }

    /** The deleted documents of a segment, ascending, computed once per segment; null when there are too many to list. */
    private int[] deletedDocs(LeafReaderContext leaf) {
        if (deleted[leaf.ord] == null) {
            LeafReader reader = leaf.reader();
            int count = reader.numDeletedDocs();
            Bits live = reader.getLiveDocs();
            if (live == null || count > MAX_LISTED_DELETIONS) {
                deleted[leaf.ord] = NOT_LISTED;
            } else {
                int[] docs = new int[count];
                int n = 0;
                for (int doc = 0; doc < reader.maxDoc() && n < count; doc++) {
                    if (live.get(doc) == false) {
                        docs[n++] = doc;
                    }
                }
                deleted[leaf.ord] = n == count ? docs : Arrays.copyOf(docs, n);
            }
        }
        return deleted[leaf.ord] == NOT_LISTED ? null : deleted[leaf.ord];
    }
}
