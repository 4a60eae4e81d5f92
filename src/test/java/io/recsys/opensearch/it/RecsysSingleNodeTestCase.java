package io.recsys.opensearch.it;

import io.recsys.opensearch.plugin.RecsysPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.knn.plugin.KNNPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchSingleNodeTestCase;

import java.util.Collection;
import java.util.List;

/** One real node with the real k-NN plugin and this plugin: the base of every single-node test. */
public abstract class RecsysSingleNodeTestCase extends OpenSearchSingleNodeTestCase {

    /**
     * A source time budget far above what a busy 2-core test machine needs: what the sources return is under test, not
     * how fast, and the default (500 ms) can cut off a first k-NN search on a loaded machine. Tests of the budget itself
     * set it per test.
     */
    public static final String GENEROUS_SOURCE_TIMEOUT = "60s";

    /**
     * The same for the model stage: the default (100 ms, queue wait included) can pass on a loaded machine, and the
     * fused order then stands where a test checks what the model did. Tests of the budget itself set it per test.
     */
    public static final String GENEROUS_INFERENCE_TIMEOUT = "60s";

    /** Node settings that keep wall-clock budgets out of what a test checks. */
    public static Settings generousBudgets() {
        return Settings.builder()
            .put("recsys.recommend.source_timeout", GENEROUS_SOURCE_TIMEOUT)
            .put("recsys.model.inference_timeout", GENEROUS_INFERENCE_TIMEOUT)
            .build();
    }

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(KNNPlugin.class, RecsysPlugin.class);
    }

    @Override
    protected Settings nodeSettings() {
        return Settings.builder().put(super.nodeSettings()).put(generousBudgets()).build();
    }
}
