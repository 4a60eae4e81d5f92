package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.Rest;
import io.recsys.opensearch.stats.Stage;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The plugin's own per-stage latency counters ({@code GET /_plugins/_recsys/_stats}), read before and after a scenario:
 * the difference is the average time per query of each stage on the coordinating node.
 */
final class StageTimes {

    /** Per stage: {count, total ms}. */
    private final Map<Stage, double[]> totals;

    private StageTimes(Map<Stage, double[]> totals) {
        this.totals = totals;
    }

    @SuppressWarnings("unchecked")
    static StageTimes read(Rest rest) {
        Map<String, Object> nodes = (Map<String, Object>) rest.call("GET", "/_plugins/_recsys/_stats", null).get("nodes");
        Map<Stage, double[]> totals = new EnumMap<>(Stage.class);
        for (Object node : nodes.values()) {
            Map<String, Object> latency = (Map<String, Object>) ((Map<String, Object>) node).get("latency");
            for (Stage stage : Stage.values()) {
                Map<String, Object> time = latency == null ? null : (Map<String, Object>) latency.get(stage.jsonName());
                double[] sum = totals.computeIfAbsent(stage, s -> new double[2]);
                if (time != null) {
                    sum[0] += ((Number) time.get("count")).doubleValue();
                    sum[1] += ((Number) time.get("total_ms")).doubleValue();
                }
            }
        }
        return new StageTimes(totals);
    }

    /** Mean milliseconds per query of one stage between {@code before} and this reading; NaN when it did not run. */
    double meanMs(StageTimes before, Stage stage) {
        double count = totals.get(stage)[0] - before.totals.get(stage)[0];
        return count > 0 ? (totals.get(stage)[1] - before.totals.get(stage)[1]) / count : Double.NaN;
    }

    /** "profile_lookup 0.4 ms, recall 5.1 ms, …" between {@code before} and this reading. */
    String since(StageTimes before) {
        StringJoiner line = new StringJoiner(", ");
        for (Stage stage : Stage.values()) {
            double[] now = totals.get(stage);
            double[] then = before.totals.get(stage);
            double count = now[0] - then[0];
            if (count > 0) {
                line.add(String.format(Locale.ROOT, "%s %.2f ms", stage.jsonName(), (now[1] - then[1]) / count));
            }
        }
        return line.toString();
    }
}
