package io.recsys.opensearch.catalogread;

import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IntroSorter;
import org.opensearch.index.mapper.IdFieldMapper;
import org.opensearch.index.mapper.Uid;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Item ids to the live documents of a segment that carry them, through the id field's terms: one seek per id, in term
 * order (each seek then starts near the last). How the candidates query and the catalog lookup find their items
 * without reading an id back from any document.
 */
public final class IdPostings {

    private IdPostings() {}

    /**
     * The documents found, in doc id order.
     *
     * @param docs the segment's doc ids
     * @param ids  for each, the index of its id in the terms asked for
     */
    public record Matches(int[] docs, int[] ids) {

        /** A (doc, id index) pair packed in one long, so that sorting the longs sorts by doc. */
        public static long pack(int doc, int id) {
            return ((long) doc << 32) | id;
        }

        /** The first {@code count} packed pairs, sorted by doc (sorts {@code packed} in place). */
        public static Matches sorted(long[] packed, int count) {
            Arrays.sort(packed, 0, count);
            int[] docs = new int[count];
            int[] ids = new int[count];
            for (int j = 0; j < count; j++) {
                docs[j] = (int) (packed[j] >>> 32);
                ids[j] = (int) packed[j];
            }
            return new Matches(docs, ids);
        }
    }

    /** The indexed term of an item id: {@code _id} is stored encoded, a keyword field as is. */
    public static BytesRef term(String idField, String id) {
        return IdFieldMapper.NAME.equals(idField) ? Uid.encodeId(id) : new BytesRef(id);
    }

    /** The order to seek {@code terms} in. */
    public static int[] seekOrder(BytesRef[] terms) {
        return seekOrder(terms, IntStream.range(0, terms.length).toArray());
    }

    /** The order to seek the terms at the indices {@code which} in (sorted in place, without boxing: hundreds a request). */
    public static int[] seekOrder(BytesRef[] terms, int[] which) {
        int[] order = which.clone();
        new IntroSorter() {
            private BytesRef pivot;

            @Override
            protected void swap(int i, int j) {
                int swapped = order[i];
                order[i] = order[j];
                order[j] = swapped;
            }

            @Override
            protected void setPivot(int i) {
                pivot = terms[order[i]];
            }

            @Override
            protected int comparePivot(int j) {
                return pivot.compareTo(terms[order[j]]);
            }
        }.sort(0, order.length);
        return order;
    }

    /** The live documents of the segment holding any of {@code terms} in {@code field}; null when none. */
    public static Matches find(LeafReader reader, String field, BytesRef[] terms, int[] seekOrder) throws IOException {
        Terms fieldTerms = reader.terms(field);
        if (fieldTerms == null) {
            return null;
        }
        TermsEnum termsEnum = fieldTerms.iterator();
        Bits live = reader.getLiveDocs();
        long[] packed = new long[terms.length];
        int count = 0;
        PostingsEnum postings = null;
        for (int i : seekOrder) {
            if (termsEnum.seekExact(terms[i]) == false) {
                continue;
            }
            postings = termsEnum.postings(postings, PostingsEnum.NONE);
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                if (live == null || live.get(doc)) {
                    if (count == packed.length) {
                        packed = Arrays.copyOf(packed, count * 2);
                    }
                    packed[count++] = Matches.pack(doc, i);
                }
            }
        }
        return count == 0 ? null : Matches.sorted(packed, count);
    }
}
