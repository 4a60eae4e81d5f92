package io.recsys.opensearch.bench.suite;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the node spends during a measured window, told apart from the benchmark's own client threads in the same JVM:
 * the node's threads are the ones OpenSearch names {@code opensearch[<node>][<pool>][T#n]} (search, write, the inference
 * pool, the HTTP workers, …). CPU time and allocated bytes are summed over those threads; the process's CPU time is
 * kept too (the rest is the client's threads, GC and JIT). Heap use is sampled every 20 ms (one heap, shared with the
 * client).
 */
final class NodeMeter implements AutoCloseable {

    /**
     * CPU time, allocation and peak heap of a window, and the JIT compilers' time in it (summed over the compiler
     * threads: on 2 cores, a JVM minutes old still compiles enough to slow the node; see docs/benchmarks.md).
     */
    record Usage(double seconds, double nodeCpuSeconds, double clientCpuSeconds, double processCpuSeconds, long nodeAllocatedBytes, long peakHeapBytes,
        long compileMillis) {
        /** Cores kept busy by the node on average. */
        double nodeCores() {
            return nodeCpuSeconds / seconds;
        }
    }

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** Per thread id at the start: {cpu ns, allocated bytes}. */
    private final Map<Long, long[]> start;
    private final long startNanos = System.nanoTime();
    /** The whole process's CPU time at the start (threads, GC, JIT compilers). */
    private final long startProcessCpu = processCpu();
    /** The JIT compilers' accumulated time at the start. */
    private final long startCompileMillis = compileMillis();
    /** Highest heap use seen. */
    private final AtomicLong peakHeap = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    NodeMeter() {
        this.start = snapshot();
        this.sampler = new Thread(() -> {
            while (running) {
                peakHeap.accumulateAndGet(MEMORY.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static boolean isNodeThread(String name) {
        return name.startsWith("opensearch[");
    }

    Usage stop() {
        running = false;
        sampler.interrupt();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<Long, long[]> end = snapshot();
        long nodeCpu = 0;
        long clientCpu = 0;
        long nodeAllocated = 0;
        ThreadInfo[] infos = THREADS.getThreadInfo(end.keySet().stream().mapToLong(Long::longValue).toArray());
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue;
            }
            long[] before = start.getOrDefault(info.getThreadId(), new long[2]);
            long[] after = end.get(info.getThreadId());
            long cpu = Math.max(0, after[0] - before[0]);
            if (isNodeThread(info.getThreadName())) {
                nodeCpu += cpu;
                nodeAllocated += Math.max(0, after[1] - before[1]);
            } else {
                clientCpu += cpu;
            }
        }
        return new Usage(seconds, nodeCpu / 1e9, clientCpu / 1e9, (processCpu() - startProcessCpu) / 1e9, nodeAllocated, peakHeap.get(),
            compileMillis() - startCompileMillis);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    private static long compileMillis() {
        var compilation = ManagementFactory.getCompilationMXBean();
        return compilation != null && compilation.isCompilationTimeMonitoringSupported() ? compilation.getTotalCompilationTime() : 0;
    }

    private static Map<Long, long[]> snapshot() {
        long[] ids = THREADS.getAllThreadIds();
        long[] cpu = THREADS.getThreadCpuTime(ids);
        long[] allocated = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, long[]> result = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            result.put(ids[i], new long[] { cpu[i], allocated[i] });
        }
        return result;
    }
}
