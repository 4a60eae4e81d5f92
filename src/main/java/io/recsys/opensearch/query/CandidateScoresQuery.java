package io.recsys.opensearch.query;

import io.recsys.opensearch.catalogread.IdPostings;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Matches exactly the given candidates and scores each matching document with the score computed for it on the
 * coordinating node. A candidate the recall's catalog reads found in this very reader ({@link CandidateDocs}) is
 * matched at its document; any other is looked up through the id field's terms, one seek per candidate and segment
 * (in term order), so the cost is the number of candidates, never the size of the index.
 */
final class CandidateScoresQuery extends Query {

    /** Field holding the item id ({@code _id} or a keyword field). */
    private final String field;
    /** Indexed form of each candidate id that is looked up (null for the others). */
    private final BytesRef[] terms;
    /** Final score per candidate, same order as {@link #terms}. */
    private final float[] scores;
    /** Builds the explanation of candidate i (a hit's breakdown). */
    private final IntFunction<Explanation> explainer;
    /** The candidates known by their document in this shard's reader, and those to look up. */
    private final CandidateDocs docs;
    /** The candidates to look up, in ascending order of their terms: seeking in that order reuses the terms blocks loaded. */
    private final int[] seekOrder;

    CandidateScoresQuery(String field, BytesRef[] terms, float[] scores, IntFunction<Explanation> explainer, CandidateDocs docs) {
        this.field = field;
        this.terms = terms;
        this.scores = scores;
        this.explainer = explainer;
        this.docs = docs;
        this.seekOrder = IdPostings.seekOrder(terms, docs.toLookUp());
    }

    /** The segment's matching documents, sorted, with the candidate index of each; null when none. */
    private IdPostings.Matches candidatesIn(LeafReaderContext context) throws IOException {
        IdPostings.Matches known = docs.inSegment(context);
        IdPostings.Matches found = seekOrder.length == 0 ? null : IdPostings.find(context.reader(), field, terms, seekOrder);
        return CandidateDocs.union(known, found);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) {
        return new Weight(this) {
            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                IdPostings.Matches matches = candidatesIn(context);
                if (matches == null) {
                    return null;
                }
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) {
                        return new ArrayScorer(matches.docs(), matches.ids(), boost);
                    }

                    @Override
                    public long cost() {
                        return matches.docs().length;
                    }
                };
            }

            @Override
            public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                IdPostings.Matches matches = candidatesIn(context);
                int at = matches == null ? -1 : Arrays.binarySearch(matches.docs(), doc);
                if (at < 0) {
                    return Explanation.noMatch("not among the recommended candidates");
                }
                Explanation detail = explainer.apply(matches.ids()[at]);
                if (boost == 1f) {
                    return detail;
                }
                return Explanation.match(detail.getValue().floatValue() * boost, "boost [" + boost + "]", detail);
            }

            @Override
            public boolean isCacheable(LeafReaderContext ctx) {
                return false; // scores are per request
            }
        };
    }

    /** Iterates precomputed matches. */
    private final class ArrayScorer extends Scorer {
        private final int[] docs;
        private final int[] candidates;
        private final float boost;
        private int index = -1;
        private final DocIdSetIterator iterator = new DocIdSetIterator() {
            @Override
            public int docID() {
                return index < 0 ? -1 : index >= docs.length ? NO_MORE_DOCS : docs[index];
            }

            @Override
            public int nextDoc() {
                index++;
                return docID();
            }

            @Override
            public int advance(int target) {
                do {
                    index++;
                } while (index < docs.length && docs[index] < target);
                return docID();
            }

            @Override
            public long cost() {
                return docs.length;
            }
        };

        ArrayScorer(int[] docs, int[] candidates, float boost) {
            this.docs = docs;
            this.candidates = candidates;
            this.boost = boost;
        }

        @Override
        public DocIdSetIterator iterator() {
            return iterator;
        }

        @Override
        public int docID() {
            return iterator.docID();
        }

        @Override
        public float score() {
            return scores[candidates[index]] * boost;
        }

        @Override
        public float getMaxScore(int upTo) {
            float max = 0;
            for (float score : scores) {
                max = Math.max(max, score);
            }
            return max * boost;
        }
    }

    @Override
    public String toString(String defaultField) {
        // shown by the search profile API: how many candidates this shard took from the recall's reads, how many it looked up
        return "CandidateScores(" + field + ", " + terms.length + " candidates: " + docs.known() + " found by the recall's reads, " + seekOrder.length
            + " looked up)";
    }

    @Override
    public void visit(QueryVisitor visitor) {
        visitor.visitLeaf(this);
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other)
            && field.equals(((CandidateScoresQuery) other).field)
            && Arrays.equals(terms, ((CandidateScoresQuery) other).terms)
            && Arrays.equals(scores, ((CandidateScoresQuery) other).scores)
            && docs.equals(((CandidateScoresQuery) other).docs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), field, Arrays.hashCode(terms), Arrays.hashCode(scores), docs);
    }
}
