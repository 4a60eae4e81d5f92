package io.recsys.opensearch.it;

import io.recsys.opensearch.plugin.RecsysPlugin;
import org.opensearch.knn.plugin.KNNPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.OpenSearchSingleNodeTestCase;

import java.util.Collection;
import java.util.List;

/** One real node with the real k-NN plugin and this plugin: the base of every single-node test. */
public abstract class RecsysSingleNodeTestCase extends OpenSearchSingleNodeTestCase {

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        return List.of(KNNPlugin.class, RecsysPlugin.class);
    }
}
