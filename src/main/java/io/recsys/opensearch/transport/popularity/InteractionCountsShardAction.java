package io.recsys.opensearch.transport.popularity;

import org.opensearch.action.ActionType;

/** Interaction counts of some items on one concrete events index (one partition); {@link InteractionCountsAction} sums them. */
public final class InteractionCountsShardAction extends ActionType<InteractionCountsResponse> {

    public static final String NAME = InteractionCountsAction.NAME + "[index]";
    public static final InteractionCountsShardAction INSTANCE = new InteractionCountsShardAction();

    private InteractionCountsShardAction() {
        super(NAME, InteractionCountsResponse::new);
    }
}
