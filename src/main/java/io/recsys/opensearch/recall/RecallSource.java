package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Source;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

/**
 * One recall source of the recommend query: reads its candidates for a request and completes its listener, never
 * blocking. The {@link RecommendPipeline} runs every source at once, each within its time budget, and fuses their
 * ranks; a source the request turns off answers at once with an empty result.
 */
public interface RecallSource {

    /** Which source this is: its name in the DSL, explain, its feature and its fusion weight. */
    Source source();

    void recall(Client client, RecallContext context, ActionListener<SourceResult> listener);
}
