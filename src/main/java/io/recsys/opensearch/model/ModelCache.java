package io.recsys.opensearch.model;

import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.stats.RecsysStats;
import org.opensearch.common.lease.Releasable;
import org.opensearch.core.action.ActionListener;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's loaded models, keyed by {@link ModelKey} (id and version). A request takes a {@link Lease} for the
 * duration of its one batched run; a model leaves the cache when its version is no longer registered or when the cache
 * is over its byte budget and nobody holds it (least recently used first), and its native session is closed as soon as
 * the last lease is released. Concurrent first requests for a key share one load.
 */
public final class ModelCache implements Closeable {

    /** Loads a registered version into ONNX Runtime (reads the bytes, creates the session), asynchronously. */
    public interface Loader {
        void load(ModelInfo model, ActionListener<OnnxModel> listener);
    }

    /**
     * A loaded model as the stats report it.
     *
     * @param key         id and version
     * @param sizeInBytes serialized size (the memory estimate)
     * @param leases      requests using it right now
     * @param loadedAtMillis when it was loaded
     */
    public record LoadedModel(ModelKey key, long sizeInBytes, int leases, long loadedAtMillis) {}

    /** One key's state; guarded by the cache's monitor. */
    private static final class Entry {
        /** Which version. */
        final ModelKey key;
        /** The session once loaded; null while loading. */
        OnnxModel model;
        /** Requests waiting for the load. */
        final List<ActionListener<Lease>> waiters = new ArrayList<>();
        /** Leases not yet released. */
        int leases;
        /** Out of the cache: close the session when the last lease goes. */
        boolean evicted;
        /** Load completion time. */
        long loadedAtMillis;

        Entry(ModelKey key) {
            this.key = key;
        }
    }

    /** A request's hold on a loaded model; release it in a finally. */
    public final class Lease implements Releasable {
        /** The held entry. */
        private final Entry entry;
        /** Released already (close is idempotent). */
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public OnnxModel model() {
            return entry.model;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(entry);
            }
        }
    }

    /** Entries in access order (least recently used first). */
    private final Map<ModelKey, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    /** Loads missing models. */
    private final Loader loader;
    /** Counts loads. */
    private final RecsysStats stats;
    /** Budget for loaded models (sum of their sizes); recsys.model.cache.size. */
    private volatile long maxBytes;

    public ModelCache(Loader loader, RecsysStats stats, long maxBytes) {
        this.loader = loader;
        this.stats = stats;
        this.maxBytes = maxBytes;
    }

    public void setMaxBytes(long maxBytes) {
        this.maxBytes = maxBytes;
        List<OnnxModel> toClose;
        synchronized (this) {
            toClose = enforceBudget(null);
        }
        toClose.forEach(OnnxModel::close);
    }

    /** A lease on the model version, loading it first when this node does not have it. */
    public void acquire(ModelInfo model, ActionListener<Lease> listener) {
        Lease ready = null;
        Entry created = null;
        synchronized (this) {
            Entry entry = entries.get(model.key());
            if (entry == null) {
                entry = new Entry(model.key());
                entries.put(model.key(), entry);
                created = entry;
            }
            if (entry.model != null) {
                entry.leases++;
                ready = new Lease(entry);
            } else {
                entry.waiters.add(listener);
            }
        }
        if (ready != null) {
            listener.onResponse(ready);
        } else if (created != null) {
            Entry loading = created;
            try {
                loader.load(model, ActionListener.wrap(session -> loaded(loading, session), e -> failed(loading, e)));
            } catch (RuntimeException e) {
                failed(loading, e);
            }
        }
    }

    private void loaded(Entry entry, OnnxModel model) {
        stats.increment(Counter.MODELS_LOADED);
        List<ActionListener<Lease>> waiters;
        List<Lease> leases = new ArrayList<>();
        List<OnnxModel> toClose;
        synchronized (this) {
            entry.model = model;
            entry.loadedAtMillis = System.currentTimeMillis();
            waiters = new ArrayList<>(entry.waiters);
            entry.waiters.clear();
            for (int i = 0; i < waiters.size(); i++) {
                entry.leases++;
                leases.add(new Lease(entry));
            }
            toClose = enforceBudget(entry);
            if (entry.evicted && entry.leases == 0) {
                toClose.add(model);
            }
        }
        toClose.forEach(OnnxModel::close);
        for (int i = 0; i < waiters.size(); i++) {
            waiters.get(i).onResponse(leases.get(i));
        }
    }

    private void failed(Entry entry, Exception e) {
        List<ActionListener<Lease>> waiters;
        synchronized (this) {
            if (entries.get(entry.key) == entry) {
                entries.remove(entry.key); // not cached: the next request tries again
            }
            waiters = new ArrayList<>(entry.waiters);
            entry.waiters.clear();
        }
        for (ActionListener<Lease> waiter : waiters) {
            waiter.onFailure(e);
        }
    }

    private void release(Entry entry) {
        OnnxModel toClose = null;
        synchronized (this) {
            entry.leases--;
            if (entry.leases == 0 && entry.evicted) {
                toClose = entry.model;
            }
        }
        if (toClose != null) {
            toClose.close();
        }
    }

    /** Evicts idle entries, least recently used first, until the loaded models fit the budget; returns sessions to close. */
    private List<OnnxModel> enforceBudget(Entry keep) {
        List<OnnxModel> toClose = new ArrayList<>();
        long total = 0;
        for (Entry entry : entries.values()) {
            total += entry.model == null ? 0 : entry.model.sizeInBytes();
        }
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && total > maxBytes;) {
            Entry entry = it.next();
            if (entry != keep && entry.model != null && entry.leases == 0) {
                it.remove();
                entry.evicted = true;
                total -= entry.model.sizeInBytes();
                toClose.add(entry.model);
            }
        }
        return toClose;
    }

    /** Drops every version not in {@code live} (deleted models, replaced versions); sessions in use close on release. */
    public void retainOnly(Set<ModelKey> live) {
        List<OnnxModel> toClose = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
                Entry entry = it.next();
                if (live.contains(entry.key) == false) {
                    it.remove();
                    entry.evicted = true;
                    if (entry.model != null && entry.leases == 0) {
                        toClose.add(entry.model);
                    }
                }
            }
        }
        toClose.forEach(OnnxModel::close);
    }

    public synchronized List<LoadedModel> loaded() {
        List<LoadedModel> loaded = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.model != null) {
                loaded.add(new LoadedModel(entry.key, entry.model.sizeInBytes(), entry.leases, entry.loadedAtMillis));
            }
        }
        return loaded;
    }

    public synchronized boolean isLoaded(ModelKey key) {
        Entry entry = entries.get(key);
        return entry != null && entry.model != null;
    }

    @Override
    public void close() {
        retainOnly(Set.of());
    }
}
