package io.recsys.opensearch.profile;

import org.opensearch.cluster.ClusterChangedEvent;
import org.opensearch.cluster.ClusterStateListener;
import org.opensearch.common.cache.Cache;
import org.opensearch.common.cache.CacheBuilder;
import org.opensearch.core.common.unit.ByteSizeValue;
import org.opensearch.core.index.Index;

import java.util.ArrayList;
import java.util.List;

/**
 * The profiles this node wrote last, as written (the parsed state, never changed once cached: readers get a copy), with
 * the sequence number and primary term of the write: the events path starts a profile update from here instead of a
 * real-time multi-get and the parsing of the profile's JSON, which were the largest cost of ingest after the writes.
 * <p>
 * Never a source of truth: the write that follows carries the cached sequence number, so a profile that changed
 * anywhere since (another node's events, a link, a forget) makes it fail with a version conflict, and the retry reads
 * the index. Sequence numbers are never reused within an index; entries of a deleted index are dropped when the
 * cluster state says so, so a recreated index of the same name never meets them. Bounded by
 * {@code recsys.events.profile_cache_size} (estimated heap), least recently used out first.
 */
public final class ProfileCache implements ClusterStateListener {

    /**
     * A profile as this node last wrote it.
     *
     * @param state       the profile written; nobody changes it any more
     * @param sourceBytes the size of its document, what the cache's bound counts
     */
    public record Entry(ProfileState state, int sourceBytes, long seqNo, long primaryTerm) {}

    private final Cache<String, Entry> cache;

    public ProfileCache(ByteSizeValue maxSize) {
        this.cache = CacheBuilder.<String, Entry>builder()
            .setMaximumWeight(maxSize.getBytes())
            // a parsed profile takes about twice its SMILE document on the heap (boxed values, strings, collections)
            .weigher((key, entry) -> key.length() * 2L + entry.sourceBytes() * 2L + 256)
            .build();
    }

    private static String key(String index, String id) {
        return index + '\u0000' + id;
    }

    /** The cached profile, or null. */
    StoredProfile get(String index, String id) {
        if (cache.getMaximumWeight() == 0) {
            return null;
        }
        Entry entry = cache.get(key(index, id));
        if (entry == null) {
            return null;
        }
        return new StoredProfile(entry.state().copy(), true, entry.seqNo(), entry.primaryTerm());
    }

    void put(String index, String id, Entry entry) {
        if (cache.getMaximumWeight() > 0) {
            cache.put(key(index, id), entry);
        }
    }

    void invalidate(String index, String id) {
        cache.invalidate(key(index, id));
    }

    public long count() {
        return cache.count();
    }

    @Override
    public void clusterChanged(ClusterChangedEvent event) {
        List<Index> deleted = event.indicesDeleted();
        if (deleted.isEmpty() || cache.count() == 0) {
            return;
        }
        List<String> stale = new ArrayList<>();
        for (String key : cache.keys()) {
            for (Index index : deleted) {
                if (key.startsWith(index.getName() + '\u0000')) {
                    stale.add(key);
                }
            }
        }
        stale.forEach(cache::invalidate);
    }
}
