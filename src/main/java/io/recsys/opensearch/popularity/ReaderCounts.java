package io.recsys.opensearch.popularity;

import org.apache.lucene.index.IndexReader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interaction counts already read from each open reader of an events index — the shard's whole reader (item id to
 * count) and each of its segment readers (term to count) — dropped when the reader closes. Keyed by the reader's cache
 * key, which changes whenever the reader's documents or deletions do (a new reader after a refresh that changed
 * something), so a count is never read from a reader it was not counted on.
 */
final class ReaderCounts {

    /** Items remembered per reader: bounds the heap whatever the catalog's size (~100 bytes an item). */
    static final int MAX_ITEMS_PER_READER = 50_000;

    private static final Map<IndexReader.CacheKey, Map<Object, Long>> BY_READER = new ConcurrentHashMap<>();

    private ReaderCounts() {}

    /**
     * The counts known for this reader (to read and add to, at most {@link #MAX_ITEMS_PER_READER}), or null when it
     * cannot be cached. Keys are item ids (String) for a shard's reader, terms (BytesRef) for a segment's.
     */
    @SuppressWarnings("unchecked")
    static <K> Map<K, Long> of(IndexReader reader) {
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        if (helper == null) {
            return null;
        }
        return (Map<K, Long>) (Map<?, Long>) BY_READER.computeIfAbsent(helper.getKey(), key -> {
            helper.addClosedListener(BY_READER::remove);
            return new ConcurrentHashMap<>();
        });
    }
}
