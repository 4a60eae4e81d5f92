package io.recsys.opensearch.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs many requests with a fixed number in flight. One request at a time leaves the node idle while the demo reads a
 * reply and builds the next body; a few at once keep its cores busy without queueing more than it can take.
 */
final class Workers {

    private Workers() {}

    /** Runs every task with at most {@code inFlight} at once; the first failure stops the rest and is thrown. */
    static void runAll(List<Runnable> tasks, int inFlight, String threadName) {
        ExecutorService pool = Executors.newFixedThreadPool(inFlight, r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(tasks.size());
            for (Runnable task : tasks) {
                futures.add(pool.submit(task));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DemoException demo) {
                throw demo;
            }
            throw new DemoException(e.getCause().toString(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
