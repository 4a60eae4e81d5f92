package io.recsys.opensearch.bench.scaling;

import io.recsys.opensearch.bench.Latencies;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingReportTest {

    private static ClusterSnapshot.ShardCopy copy(String index, int shard, String node, boolean primary) {
        return new ClusterSnapshot.ShardCopy(index, shard, node, primary);
    }

    /** 1 primary each, no replica: node-3 holds the profiles, node-1 the events, node-2 nothing. */
    private static ScalingReport.Run onePrimaryRun() {
        var profiles = copy("recsys-scale-profiles", 0, "node-3", true);
        var events = copy("recsys-scale-events", 0, "node-1", true);
        ClusterSnapshot before = new ClusterSnapshot(Map.of("node-1", 1_000L, "node-2", 1_000L, "node-3", 1_000L), Map.of("node-1", 0L, "node-2", 0L,
            "node-3", 0L), Map.of(profiles, 0L, events, 0L), 0, 0);
        // 100 events: node-2 only coordinates (2 ms), node-3 also writes 80 profiles (2 + 8 ms), node-1 stores 100 events (2 + 1 ms)
        ClusterSnapshot after = new ClusterSnapshot(Map.of("node-1", 1_003L, "node-2", 1_002L, "node-3", 1_010L), Map.of("node-1", 0L, "node-2", 0L,
            "node-3", 0L), Map.of(profiles, 80L, events, 100L), 100, 0);
        return new ScalingReport.Run(new ScalingOptions.Config(1, 0), 1, 100, 0.5, new Latencies(), 0, null, before, after, 1, 1);
    }

    @Test
    void writesPerNodeAndPlacementComeFromTheShardCopies() {
        ScalingReport.Run run = onePrimaryRun();
        assertEquals(100, run.operations("node-1"));
        assertEquals(0, run.operations("node-2"));
        assertEquals(80, run.operations("node-3", "-profiles"));
        assertEquals(180, run.totalOperations());
        assertEquals(100 / 180.0, run.maxWriteShare(), 1e-9);
        assertEquals("events P0", run.placement("node-1"));
        assertEquals("—", run.placement("node-2"));
        assertEquals(0.15, run.cpuMillisPerEvent(), 1e-9);
        assertEquals(2.0, run.machineCores(), 1e-9); // 100 ticks in 0.5 s
    }

    @Test
    void costSplitReadsCoordinationFromTheNodeWithoutACopy() {
        double[] split = onePrimaryRun().costSplit();
        // coordination: 2 ms on a third of the requests → 6 ms for 100 events; 8 ms for 80 profile writes; 1 ms for 100 events
        assertArrayEquals(new double[] { 0.06, 0.1, 0.01 }, split, 1e-9);
    }

    @Test
    void noCostSplitWhenEveryNodeHoldsACopy() {
        var p0 = copy("recsys-scale-profiles", 0, "node-1", true);
        var r0 = copy("recsys-scale-profiles", 0, "node-2", false);
        var e0 = copy("recsys-scale-events-2026.09", 0, "node-3", true);
        ClusterSnapshot snapshot = new ClusterSnapshot(Map.of("node-1", 0L, "node-2", 0L, "node-3", 0L), Map.of(), Map.of(p0, 5L, r0, 5L, e0, 7L), 0, 0);
        ScalingReport.Run run = new ScalingReport.Run(new ScalingOptions.Config(1, 1), 1, 10, 1, new Latencies(), 0, null, snapshot, snapshot, 1, 1);
        assertNull(run.costSplit());
        assertEquals("profiles R0", run.placement("node-2"));
        assertEquals("events P0", run.placement("node-3")); // a partition of a time-partitioned events index counts as events
    }

    @Test
    void scheduleReversesEveryOtherPass() {
        ScalingOptions options = ScalingOptions.parse(List.of("scaling", "--shards", "1,3", "--replicas", "0", "--repeat", "2"));
        assertEquals(List.of(new ScalingOptions.Config(1, 0), new ScalingOptions.Config(3, 0), new ScalingOptions.Config(3, 0), new ScalingOptions.Config(1, 0)),
            options.schedule());
        assertTrue(ScalingOptions.parse(List.of("scaling", "--smoke")).events() < options.events());
    }
}
