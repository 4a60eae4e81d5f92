package io.recsys.opensearch.transport.indicators;

import io.recsys.opensearch.indicators.IndicatorsBuildTask;
import io.recsys.opensearch.indicators.IndicatorsBuildConfig;
import org.opensearch.action.ActionRequest;
import org.opensearch.action.ActionRequestValidationException;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.tasks.Task;

import java.io.IOException;
import java.util.Map;

/**
 * A parsed, validated build request. Its task can be cancelled ({@code POST _tasks/{id}/_cancel}) and shows its progress
 * ({@code GET _tasks?actions=cluster:admin/recsys/indicators/build&detailed}).
 */
public final class BuildIndicatorsRequest extends ActionRequest {

    /** What to build. */
    private final IndicatorsBuildConfig config;

    public BuildIndicatorsRequest(IndicatorsBuildConfig config) {
        this.config = config;
    }

    public BuildIndicatorsRequest(StreamInput in) throws IOException {
        super(in);
        this.config = new IndicatorsBuildConfig(in);
    }

    public IndicatorsBuildConfig config() {
        return config;
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        super.writeTo(out);
        config.writeTo(out);
    }

    @Override
    public ActionRequestValidationException validate() {
        return null;
    }

    @Override
    public Task createTask(long id, String type, String action, TaskId parentTaskId, Map<String, String> headers) {
        return new IndicatorsBuildTask(id, type, action, getDescription(), parentTaskId, headers);
    }

    @Override
    public String getDescription() {
        return "indicators of [" + config.sourceIndex() + "][" + config.field() + "] into [" + config.dest() + "]";
    }
}
