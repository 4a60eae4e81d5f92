package io.recsys.opensearch.tools.train;

/**
 * One logged hit joined with what the user did: a training example.
 *
 * @param requestId the page view that showed it (the ranking group)
 * @param item      the item shown
 * @param position  its position on the page
 * @param fused     the fused (pre-model) score the plugin logged, the baseline order
 * @param features  the feature vector the plugin scored, in the log's feature order
 * @param label     1 when the user clicked, carted or bought it under that request id, else 0
 * @param loggedAt  when the plugin logged it (epoch millis of the feature log's {@code ts}): orders requests for validation
 */
public record LoggedRow(String requestId, String item, int position, float fused, float[] features, int label, long loggedAt) {}
