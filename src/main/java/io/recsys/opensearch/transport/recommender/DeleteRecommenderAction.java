package io.recsys.opensearch.transport.recommender;

import org.opensearch.action.ActionType;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;

/** Deletes a recommender and its own indices (never its catalog). */
public final class DeleteRecommenderAction extends ActionType<AcknowledgedResponse> {

    public static final String NAME = "cluster:admin/recsys/recommender/delete";
    public static final DeleteRecommenderAction INSTANCE = new DeleteRecommenderAction();

    private DeleteRecommenderAction() {
        super(NAME, AcknowledgedResponse::new);
    }
}
