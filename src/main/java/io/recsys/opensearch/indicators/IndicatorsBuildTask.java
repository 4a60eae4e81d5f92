package io.recsys.opensearch.indicators;

import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.tasks.CancellableTask;
import org.opensearch.tasks.Task;

import java.io.IOException;
import java.util.Map;

/**
 * The task of an indicators build: cancellable, and its progress is its status, so that
 * {@code GET _tasks?actions=cluster:admin/recsys/indicators/build&detailed} shows how far a long build is.
 */
public final class IndicatorsBuildTask extends CancellableTask {

    private volatile Status status = new Status(0, 0, 0);

    public IndicatorsBuildTask(long id, String type, String action, String description, TaskId parentTaskId, Map<String, String> headers) {
        super(id, type, action, description, parentTaskId, headers);
    }

    @Override
    public boolean shouldCancelChildrenOnCancellation() {
        return true;
    }

    void progress(long items, long done, long withIndicators) {
        status = new Status(items, done, withIndicators);
    }

    @Override
    public Status getStatus() {
        return status;
    }

    /**
     * @param items          anchor items this build computes
     * @param done           items computed so far
     * @param withIndicators of those, items that got at least one indicator
     */
    public record Status(long items, long done, long withIndicators) implements Task.Status {

        public static final String NAME = "recsys_indicators_build";

        public Status(StreamInput in) throws IOException {
            this(in.readVLong(), in.readVLong(), in.readVLong());
        }

        @Override
        public String getWriteableName() {
            return NAME;
        }

        @Override
        public void writeTo(StreamOutput out) throws IOException {
            out.writeVLong(items);
            out.writeVLong(done);
            out.writeVLong(withIndicators);
        }

        @Override
        public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
            return builder.startObject()
                .field("items", items)
                .field("done", done)
                .field("items_with_indicators", withIndicators)
                .field("percent", items == 0 ? 0.0 : Math.round(1000.0 * done / items) / 10.0)
                .endObject();
        }
    }
}
