package io.recsys.opensearch.stats;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's counters at one moment, as sent to the node that answers {@code _stats}.
 *
 * @param counts per counter
 * @param stages time spent per query stage
 */
public record NodeStatsSnapshot(Map<Counter, Long> counts, Map<Stage, StageTime> stages) implements Writeable, ToXContentFragment {

    /**
     * Time spent in one stage.
     *
     * @param count number of timed executions
     * @param nanos their summed duration
     */
    public record StageTime(long count, long nanos) {}

    public NodeStatsSnapshot(StreamInput in) throws IOException {
        this(
            in.<Counter, Long>readMap(i -> i.readEnum(Counter.class), StreamInput::readVLong),
            in.<Stage, StageTime>readMap(i -> i.readEnum(Stage.class), i -> new StageTime(i.readVLong(), i.readVLong()))
        );
    }

    public long count(Counter counter) {
        return counts.getOrDefault(counter, 0L);
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeMap(counts, StreamOutput::writeEnum, StreamOutput::writeVLong);
        out.writeMap(stages, StreamOutput::writeEnum, (o, time) -> {
            o.writeVLong(time.count());
            o.writeVLong(time.nanos());
        });
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        Map<String, Map<String, Long>> groups = new LinkedHashMap<>();
        for (Counter counter : Counter.values()) {
            groups.computeIfAbsent(counter.group, g -> new LinkedHashMap<>()).put(counter.field, count(counter));
        }
        for (Map.Entry<String, Map<String, Long>> group : groups.entrySet()) {
            builder.startObject(group.getKey());
            for (Map.Entry<String, Long> field : group.getValue().entrySet()) {
                builder.field(field.getKey(), field.getValue());
            }
            builder.endObject();
        }
        builder.startObject("latency");
        for (Map.Entry<Stage, StageTime> stage : stages.entrySet()) {
            StageTime time = stage.getValue();
            builder.startObject(stage.getKey().jsonName())
                .field("count", time.count())
                .field("total_ms", time.nanos() / 1_000_000.0)
                .field("avg_ms", time.count() == 0 ? 0.0 : time.nanos() / 1_000_000.0 / time.count())
                .endObject();
        }
        return builder.endObject();
    }
}
