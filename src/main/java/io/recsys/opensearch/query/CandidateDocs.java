package io.recsys.opensearch.query;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.catalogread.DocAddress;
import io.recsys.opensearch.catalogread.IdPostings;
import io.recsys.opensearch.catalogread.ReaderIdentity;
import org.apache.lucene.index.LeafReaderContext;
import org.opensearch.core.index.shard.ShardId;

import java.util.Arrays;
import java.util.List;

/**
 * Where one shard finds the candidates of a {@code recommend} query. Each candidate is the catalog document the
 * recall's reads found ({@link DocAddress}): when this shard's reader is the one it was read in, the document is
 * taken as is; when it was found on another shard of the same index, it is not looked for here; otherwise (a refresh
 * came between, another copy of the shard answers, the search is over another index, or no read found it) its id is
 * looked up in this shard's terms.
 */
final class CandidateDocs {

    /** Documents known in this reader (top-level ids), ascending, with the candidate index of each. */
    private final IdPostings.Matches known;
    /** The candidates to look up by id. */
    private final int[] toLookUp;

    private CandidateDocs(IdPostings.Matches known, int[] toLookUp) {
        this.known = known;
        this.toLookUp = toLookUp;
    }

    /**
     * @param shard  the shard searched
     * @param reader the {@link ReaderIdentity} of its searcher's reader, or {@link ReaderIdentity#UNKNOWN}
     */
    static CandidateDocs of(List<Candidate> list, ShardId shard, long reader) {
        long[] known = new long[list.size()];
        int knownCount = 0;
        int[] lookUp = new int[list.size()];
        int lookUpCount = 0;
        for (int i = 0; i < list.size(); i++) {
            DocAddress address = list.get(i).address();
            if (address != null && shard != null && address.shard().getIndex().equals(shard.getIndex())) {
                if (address.shard().id() != shard.id()) {
                    continue; // the catalog document of this candidate lives on another shard
                }
                if (reader != ReaderIdentity.UNKNOWN && address.reader() == reader) {
                    known[knownCount++] = IdPostings.Matches.pack(address.doc(), i);
                    continue;
                }
            }
            lookUp[lookUpCount++] = i;
        }
        return new CandidateDocs(IdPostings.Matches.sorted(known, knownCount), Arrays.copyOf(lookUp, lookUpCount));
    }

    int[] toLookUp() {
        return toLookUp;
    }

    /** How many candidates are known by their document. */
    int known() {
        return known.docs().length;
    }

    /** The known documents of one segment (segment-local ids), or null when none. */
    IdPostings.Matches inSegment(LeafReaderContext leaf) {
        int from = firstAtLeast(leaf.docBase);
        int to = firstAtLeast(leaf.docBase + leaf.reader().maxDoc());
        if (from == to) {
            return null;
        }
        int[] local = new int[to - from];
        for (int j = from; j < to; j++) {
            local[j - from] = known.docs()[j] - leaf.docBase;
        }
        return new IdPostings.Matches(local, Arrays.copyOfRange(known.ids(), from, to));
    }

    private int firstAtLeast(int doc) {
        int at = Arrays.binarySearch(known.docs(), doc);
        return at >= 0 ? at : -at - 1;
    }

    /** Both sets of matches of a segment in doc order (a document found both ways counts once). */
    static IdPostings.Matches union(IdPostings.Matches a, IdPostings.Matches b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        int[] docs = new int[a.docs().length + b.docs().length];
        int[] ids = new int[docs.length];
        int i = 0, j = 0, n = 0;
        while (i < a.docs().length || j < b.docs().length) {
            boolean fromA = j == b.docs().length || i < a.docs().length && a.docs()[i] <= b.docs()[j];
            int doc = fromA ? a.docs()[i] : b.docs()[j];
            int id = fromA ? a.ids()[i++] : b.ids()[j++];
            if (n > 0 && docs[n - 1] == doc) {
                continue;
            }
            docs[n] = doc;
            ids[n++] = id;
        }
        return new IdPostings.Matches(Arrays.copyOf(docs, n), Arrays.copyOf(ids, n));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CandidateDocs that
            && Arrays.equals(known.docs(), that.known.docs())
            && Arrays.equals(known.ids(), that.known.ids())
            && Arrays.equals(toLookUp, that.toLookUp);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(known.docs()) + Arrays.hashCode(toLookUp);
    }
}
