package io.recsys.opensearch.transport.model;

import org.opensearch.action.ActionType;

/** Reads one model (by id or alias) or lists them all, from the local cluster state. */
public final class GetModelsAction extends ActionType<GetModelsResponse> {

    public static final String NAME = "cluster:admin/recsys/model/get";
    public static final GetModelsAction INSTANCE = new GetModelsAction();

    private GetModelsAction() {
        super(NAME, GetModelsResponse::new);
    }
}
