package io.recsys.opensearch.transport.recommender;

import org.opensearch.action.ActionType;

/** Reads one recommender, or all of them. */
public final class GetRecommenderAction extends ActionType<GetRecommenderResponse> {

    public static final String NAME = "cluster:admin/recsys/recommender/get";
    public static final GetRecommenderAction INSTANCE = new GetRecommenderAction();

    private GetRecommenderAction() {
        super(NAME, GetRecommenderResponse::new);
    }
}
