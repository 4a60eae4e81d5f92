package io.recsys.opensearch.transport.model;

import org.opensearch.action.ActionType;
import org.opensearch.action.support.clustermanager.AcknowledgedResponse;

/** Adds and removes model aliases, all in one atomic registry update. */
public final class ModelAliasesAction extends ActionType<AcknowledgedResponse> {

    public static final String NAME = "cluster:admin/recsys/model/aliases";
    public static final ModelAliasesAction INSTANCE = new ModelAliasesAction();

    private ModelAliasesAction() {
        super(NAME, AcknowledgedResponse::new);
    }
}
