package io.recsys.opensearch.transport.popularity;

import org.opensearch.action.ActionType;

/** Interaction counts of some items, read on the shard of a recommender's events index (the popularity feature). */
public final class InteractionCountsAction extends ActionType<InteractionCountsResponse> {

    public static final String NAME = "indices:data/read/recsys/interaction_counts";
    public static final InteractionCountsAction INSTANCE = new InteractionCountsAction();

    private InteractionCountsAction() {
        super(NAME, InteractionCountsResponse::new);
    }
}
