package io.recsys.opensearch.transport.model;

import org.opensearch.action.ActionType;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;

/** Deletes a model with all its aliases; refused with 409 while a recommender uses it. */
public final class DeleteModelAction extends ActionType<AcknowledgedResponse> {

    public static final String NAME = "cluster:admin/recsys/model/delete";
    public static final DeleteModelAction INSTANCE = new DeleteModelAction();

    private DeleteModelAction() {
        super(NAME, AcknowledgedResponse::new);
    }
}
