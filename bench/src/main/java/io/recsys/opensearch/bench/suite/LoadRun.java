package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.Latencies;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one scenario at a fixed concurrency: that many client threads, each sending its next request as soon as the last
 * answered (a closed loop), first {@code warmup} requests unmeasured, then {@code queries} measured ones. QPS is the
 * measured requests over the wall time of the measured phase.
 */
final class LoadRun {

    /** One request of the scenario; returns the number of hits (for the sanity line), throws on failure. */
    interface Request {
        int send(int index) throws Exception;
    }

    /**
     * @param name      the scenario
     * @param latencies the measured requests' latencies
     * @param qps       measured requests per second
     * @param usage     the node's CPU, allocation and heap over the measured phase
     * @param errors    failed requests (warm-up included)
     * @param firstError the first failure's message, or null
     * @param meanHits  hits per answer
     */
    record Result(String name, Latencies latencies, double qps, NodeMeter.Usage usage, long errors, String firstError, double meanHits) {
        double p(double percentile) {
            return latencies.percentileMillis(percentile);
        }
    }

    private LoadRun() {}

    static Result run(String name, int concurrency, int warmup, int queries, Request request) throws InterruptedException {
        AtomicInteger nextWarmup = new AtomicInteger();
        AtomicInteger nextMeasured = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        AtomicLong hits = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicReference<NodeMeter> meter = new AtomicReference<>();
        AtomicLong measuredStart = new AtomicLong();
        CyclicBarrier measuring = new CyclicBarrier(concurrency, () -> {
            meter.set(new NodeMeter());
            measuredStart.set(System.nanoTime());
        });
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            long[] took = new long[queries];
            int[] count = new int[1];
            perThread.add(took);
            Thread thread = new Thread(() -> {
                for (int i; (i = nextWarmup.getAndIncrement()) < warmup;) {
                    send(request, queries + i, errors, hits, firstError);
                }
                try {
                    measuring.await();
                } catch (Exception e) {
                    return;
                }
                for (int i; (i = nextMeasured.getAndIncrement()) < queries;) {
                    long start = System.nanoTime();
                    send(request, i, errors, hits, firstError);
                    took[i] = System.nanoTime() - start;
                    count[0]++;
                }
            }, "bench-client-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - measuredStart.get()) / 1e9;
        NodeMeter.Usage usage = meter.get().stop();
        Latencies latencies = new Latencies();
        for (long[] took : perThread) {
            for (long value : took) {
                if (value > 0) {
                    latencies.add(value);
                }
            }
        }
        Result result = new Result(name, latencies, queries / seconds, usage, errors.get(), firstError.get(), hits.get() / (double) (warmup + queries));
        System.out.printf(Locale.ROOT, "  %-44s p50 %7.2f  p90 %7.2f  p99 %7.2f ms  %6.1f QPS  node %.2f cores  %s%n", name, result.p(50), result.p(90),
            result.p(99), result.qps(), usage.nodeCores(), errors.get() == 0 ? "" : errors.get() + " errors, first: " + firstError.get());
        return result;
    }

    private static void send(Request request, int index, AtomicLong errors, AtomicLong hits, AtomicReference<String> firstError) {
        try {
            hits.addAndGet(request.send(index));
        } catch (Exception e) {
            errors.incrementAndGet();
            firstError.compareAndSet(null, e.toString());
        }
    }
}
