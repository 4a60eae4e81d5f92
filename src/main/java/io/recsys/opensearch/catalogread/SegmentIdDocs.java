package io.recsys.opensearch.catalogread;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.util.BytesRef;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The documents each item id was found at in a segment's id terms (none when the segment does not hold it), remembered
 * while the segment is open: a segment's terms and documents never change, only which documents are live (checked at
 * each use). Keyed by the segment's core, which deletions do not change. The same candidates come back request after
 * request (the popular items, the indicators of the most viewed items), and with many segments most seeks miss: each
 * is a walk down the terms index and a block scan, allocation included.
 */
final class SegmentIdDocs {

    /** Ids remembered per segment and field: bounds the heap whatever the catalog's size (~150 bytes an id, 3 MB a segment). */
    static final int MAX_IDS_PER_SEGMENT = 20_000;

    static final int[] ABSENT = new int[0];

    /** An id term of a field. */
    private record Key(String field, BytesRef term) {}

    private static final Map<IndexReader.CacheKey, Map<Key, int[]>> BY_SEGMENT = new ConcurrentHashMap<>();

    private final Map<Key, int[]> known;
    private final String field;

    private SegmentIdDocs(Map<Key, int[]> known, String field) {
        this.known = known;
        this.field = field;
    }

    /** The ids known for this segment's field, or null when the segment cannot be cached (no core cache key). */
    static SegmentIdDocs of(LeafReader reader, String field) {
        IndexReader.CacheHelper helper = reader.getCoreCacheHelper();
        if (helper == null) {
            return null;
        }
        Map<Key, int[]> known = BY_SEGMENT.computeIfAbsent(helper.getKey(), key -> {
            helper.addClosedListener(BY_SEGMENT::remove);
            return new ConcurrentHashMap<>();
        });
        return new SegmentIdDocs(known, field);
    }

    /** The documents (live or not) holding the term, {@link #ABSENT} when none, null when not known yet. */
    int[] docs(BytesRef term) {
        return known.get(new Key(field, term));
    }

    /** Remembers what a seek found, while there is room. */
    void remember(BytesRef term, int[] docs) {
        if (known.size() < MAX_IDS_PER_SEGMENT) {
            known.put(new Key(field, BytesRef.deepCopyOf(term)), docs.length == 0 ? ABSENT : docs);
        }
    }
}
