package io.recsys.opensearch.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * This node's counters. One instance per node, created by the plugin and handed to whoever counts; LongAdder because
 * search and ingest threads increment concurrently and a read only needs a near-current sum.
 */
public final class RecsysStats {

    /** Count per counter. */
    private final Map<Counter, LongAdder> counts = new EnumMap<>(Counter.class);
    /** Number of timed executions per stage. */
    private final Map<Stage, LongAdder> stageCounts = new EnumMap<>(Stage.class);
    /** Summed nanoseconds per stage. */
    private final Map<Stage, LongAdder> stageNanos = new EnumMap<>(Stage.class);

    public RecsysStats() {
        for (Counter counter : Counter.values()) {
            counts.put(counter, new LongAdder());
        }
        for (Stage stage : Stage.values()) {
            stageCounts.put(stage, new LongAdder());
            stageNanos.put(stage, new LongAdder());
        }
    }

    public void increment(Counter counter) {
        counts.get(counter).increment();
    }

    public void add(Counter counter, long amount) {
        counts.get(counter).add(amount);
    }

    public void recordStage(Stage stage, long nanos) {
        stageCounts.get(stage).increment();
        stageNanos.get(stage).add(nanos);
    }

    /** A consistent-enough copy for reporting. */
    public NodeStatsSnapshot snapshot() {
        Map<Counter, Long> countValues = new EnumMap<>(Counter.class);
        counts.forEach((counter, adder) -> countValues.put(counter, adder.sum()));
        Map<Stage, NodeStatsSnapshot.StageTime> stages = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            stages.put(stage, new NodeStatsSnapshot.StageTime(stageCounts.get(stage).sum(), stageNanos.get(stage).sum()));
        }
        return new NodeStatsSnapshot(countValues, stages);
    }
}
