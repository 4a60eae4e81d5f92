package io.recsys.opensearch.transport.model;

import org.opensearch.action.ActionType;

/** Registers a model, or a new version of it, after ONNX Runtime has loaded it. */
public final class PutModelAction extends ActionType<PutModelResponse> {

    public static final String NAME = "cluster:admin/recsys/model/put";
    public static final PutModelAction INSTANCE = new PutModelAction();

    private PutModelAction() {
        super(NAME, PutModelResponse::new);
    }
}
