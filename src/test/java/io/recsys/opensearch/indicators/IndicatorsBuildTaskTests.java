package io.recsys.opensearch.indicators;

import io.recsys.opensearch.plugin.RecsysPlugin;
import org.junit.jupiter.api.Test;
import org.opensearch.common.io.stream.BytesStreamOutput;
import org.opensearch.common.xcontent.XContentHelper;
import org.opensearch.common.xcontent.XContentType;
import org.opensearch.core.common.io.stream.NamedWriteableAwareStreamInput;
import org.opensearch.core.common.io.stream.NamedWriteableRegistry;
import org.opensearch.core.tasks.TaskId;
import org.opensearch.core.common.bytes.BytesReference;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.common.xcontent.XContentFactory;
import org.opensearch.core.xcontent.ToXContent;
import org.opensearch.tasks.Task;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The progress a build shows in {@code GET _tasks?detailed}, and that it travels between nodes. */
class IndicatorsBuildTaskTests {

    @Test
    void progressIsTheTaskStatus() throws Exception {
        IndicatorsBuildTask task = new IndicatorsBuildTask(7, "transport", "cluster:admin/recsys/indicators/build", "d", TaskId.EMPTY_TASK_ID, Map.of());
        task.progress(2_000, 500, 480);
        XContentBuilder json = XContentFactory.jsonBuilder();
        task.getStatus().toXContent(json, ToXContent.EMPTY_PARAMS);
        Map<String, Object> shown = XContentHelper.convertToMap(BytesReference.bytes(json), false, XContentType.JSON).v2();
        assertEquals(Map.of("items", 2_000, "done", 500, "items_with_indicators", 480, "percent", 25.0), shown);

        NamedWriteableRegistry registry = new NamedWriteableRegistry(new RecsysPlugin().getNamedWriteables());
        try (BytesStreamOutput out = new BytesStreamOutput()) {
            out.writeNamedWriteable(task.getStatus());
            var in = new NamedWriteableAwareStreamInput(out.bytes().streamInput(), registry);
            assertEquals(task.getStatus(), in.readNamedWriteable(Task.Status.class));
        }
    }
}
