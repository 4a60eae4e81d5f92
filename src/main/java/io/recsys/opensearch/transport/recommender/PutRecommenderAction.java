package io.recsys.opensearch.transport.recommender;

import org.opensearch.action.ActionType;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;

/** Creates or updates a recommender. */
public final class PutRecommenderAction extends ActionType<AcknowledgedResponse> {

    public static final String NAME = "cluster:admin/recsys/recommender/put";
    public static final PutRecommenderAction INSTANCE = new PutRecommenderAction();

    private PutRecommenderAction() {
        super(NAME, AcknowledgedResponse::new);
    }
}
