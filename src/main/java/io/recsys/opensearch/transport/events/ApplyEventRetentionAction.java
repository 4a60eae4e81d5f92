package io.recsys.opensearch.transport.events;

import org.opensearch.action.ActionType;

/** Applies one recommender's {@code events.retention} now, on the elected cluster manager (as the periodic job does). */
public final class ApplyEventRetentionAction extends ActionType<ApplyEventRetentionResponse> {

    public static final String NAME = "cluster:admin/recsys/events/retention";
    public static final ApplyEventRetentionAction INSTANCE = new ApplyEventRetentionAction();

    private ApplyEventRetentionAction() {
        super(NAME, ApplyEventRetentionResponse::new);
    }
}
