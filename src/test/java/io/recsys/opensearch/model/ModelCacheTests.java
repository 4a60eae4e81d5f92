package io.recsys.opensearch.model;

import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.stats.RecsysStats;
import org.junit.jupiter.api.Test;
import org.opensearch.core.action.ActionListener;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-node cache with real ONNX Runtime sessions: shared loads, leases that outlive eviction, the byte budget. */
class ModelCacheTests {

    /** Loads a real two-feature linear model for any key; loads complete when the test says so. */
    private static final class Loads implements ModelCache.Loader {
        final List<CompletableFuture<Void>> pending = new ArrayList<>();
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void load(ModelInfo model, ActionListener<OnnxModel> listener) {
            count.incrementAndGet();
            CompletableFuture<Void> gate = new CompletableFuture<>();
            pending.add(gate);
            gate.thenRun(() -> listener.onResponse(OnnxGraphs.load(OnnxGraphs.linear(new float[] { 1, 2 }, 0), 2, "m")));
        }

        void completeAll() {
            new ArrayList<>(pending).forEach(g -> g.complete(null));
        }
    }

    private static ModelInfo info(String id, long version) {
        return new ModelInfo(id, version, List.of("knn_score", "popularity"), "", "sha", 100, "blob", 1, 0);
    }

    private static ModelCache.Lease acquire(ModelCache cache, ModelInfo model) {
        CompletableFuture<ModelCache.Lease> lease = new CompletableFuture<>();
        cache.acquire(model, ActionListener.wrap(lease::complete, lease::completeExceptionally));
        return lease.join();
    }

    private static boolean usable(OnnxModel model) {
        try {
            model.score(FloatBuffer.allocate(2), 1, new float[1]);
            return true;
        } catch (Exception | Error e) {
            return false;
        }
    }

    @Test
    void concurrentFirstRequestsShareOneLoad() {
        Loads loads = new Loads();
        RecsysStats stats = new RecsysStats();
        ModelCache cache = new ModelCache(loads, stats, Long.MAX_VALUE);
        List<CompletableFuture<ModelCache.Lease>> leases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CompletableFuture<ModelCache.Lease> lease = new CompletableFuture<>();
            cache.acquire(info("m", 1), ActionListener.wrap(lease::complete, lease::completeExceptionally));
            leases.add(lease);
        }
        assertEquals(1, loads.count.get());
        loads.completeAll();
        leases.forEach(l -> assertTrue(usable(l.join().model())));
        assertEquals(1, stats.snapshot().count(Counter.MODELS_LOADED));
        assertEquals(5, cache.loaded().get(0).leases());
        leases.forEach(l -> l.join().close());
        assertEquals(0, cache.loaded().get(0).leases());
        cache.close();
    }

    @Test
    void aVersionDroppedFromTheRegistryClosesOnlyWhenItsLastRequestIsDone() {
        Loads loads = new Loads();
        ModelCache cache = new ModelCache(loads, new RecsysStats(), Long.MAX_VALUE);
        CompletableFuture<ModelCache.Lease> first = new CompletableFuture<>();
        cache.acquire(info("m", 1), ActionListener.wrap(first::complete, first::completeExceptionally));
        loads.completeAll();
        ModelCache.Lease lease = first.join();
        cache.retainOnly(Set.of(new ModelKey("m", 2)));
        assertFalse(cache.isLoaded(new ModelKey("m", 1)), "out of the cache at once");
        assertTrue(usable(lease.model()), "but still running for the request that holds it");
        lease.close();
        assertFalse(usable(lease.model()), "closed when released");
        assertDoesNotThrow(lease::close, "release is idempotent");
    }

    @Test
    void overTheBudgetTheLeastRecentlyUsedIdleModelIsClosed() {
        Loads loads = new Loads();
        ModelCache cache = new ModelCache(loads, new RecsysStats(), 1); // any loaded model is over budget
        CompletableFuture<ModelCache.Lease> a = new CompletableFuture<>();
        cache.acquire(info("a", 1), ActionListener.wrap(a::complete, a::completeExceptionally));
        loads.completeAll();
        OnnxModel modelA = a.join().model();
        a.join().close();
        CompletableFuture<ModelCache.Lease> b = new CompletableFuture<>();
        cache.acquire(info("b", 1), ActionListener.wrap(b::complete, b::completeExceptionally));
        loads.completeAll();
        assertTrue(usable(b.join().model()));
        assertFalse(cache.isLoaded(new ModelKey("a", 1)));
        assertFalse(usable(modelA), "the idle model was closed");
        assertTrue(cache.isLoaded(new ModelKey("b", 1)), "the model just loaded stays even alone over budget");
        b.join().close();
        cache.close();
        assertThrows(IllegalStateException.class, () -> {
            if (usable(b.join().model()) == false) {
                throw new IllegalStateException("closed with the cache");
            }
        });
    }

    @Test
    void aFailedLoadIsNotCachedAndTheNextRequestTriesAgain() {
        AtomicInteger attempts = new AtomicInteger();
        ModelCache cache = new ModelCache((model, listener) -> {
            if (attempts.incrementAndGet() == 1) {
                listener.onFailure(new IllegalStateException("bytes missing"));
            } else {
                listener.onResponse(OnnxGraphs.load(OnnxGraphs.linear(new float[] { 1, 2 }, 0), 2, "m"));
            }
        }, new RecsysStats(), Long.MAX_VALUE);
        CompletableFuture<ModelCache.Lease> failed = new CompletableFuture<>();
        cache.acquire(info("m", 1), ActionListener.wrap(failed::complete, failed::completeExceptionally));
        assertTrue(failed.isCompletedExceptionally());
        ModelCache.Lease lease = acquire(cache, info("m", 1));
        assertTrue(usable(lease.model()));
        assertEquals(2, attempts.get());
        lease.close();
        cache.close();
    }
}
