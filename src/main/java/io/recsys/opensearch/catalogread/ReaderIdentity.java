package io.recsys.opensearch.catalogread;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FilterDirectoryReader;
import org.apache.lucene.index.IndexReader;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A number for each open point-in-time reader of a shard, the same for the catalog read and the search that follows it
 * as long as no refresh came between them (both take the shard's current reader; the wrappers a search adds around it
 * are looked through). Numbers start at a random point per node, so two nodes' readers never share one in practice,
 * and are forgotten when their reader closes.
 */
public final class ReaderIdentity {

    /** A reader whose identity cannot be known (no cache key): it matches none. */
    public static final long UNKNOWN = 0;

    private static final AtomicLong NEXT = new AtomicLong(new SecureRandom().nextLong());
    private static final Map<IndexReader.CacheKey, Long> IDENTITIES = new ConcurrentHashMap<>();

    private ReaderIdentity() {}

    public static long of(IndexReader reader) {
        IndexReader inner = reader instanceof DirectoryReader directory ? FilterDirectoryReader.unwrap(directory) : reader;
        IndexReader.CacheHelper helper = inner.getReaderCacheHelper();
        if (helper == null) {
            return UNKNOWN;
        }
        IndexReader.CacheKey key = helper.getKey();
        Long known = IDENTITIES.get(key);
        if (known != null) {
            return known;
        }
        long fresh = nextIdentity();
        Long raced = IDENTITIES.putIfAbsent(key, fresh);
        if (raced != null) {
            return raced;
        }
        helper.addClosedListener(IDENTITIES::remove);
        return fresh;
    }

    private static long nextIdentity() {
        long next;
        do {
            next = NEXT.incrementAndGet();
        } while (next == UNKNOWN);
        return next;
    }
}
