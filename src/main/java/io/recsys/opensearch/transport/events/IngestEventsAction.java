package io.recsys.opensearch.transport.events;

import org.opensearch.action.ActionType;

/** Applies a batch of behaviour events to the recommender's profiles. */
public final class IngestEventsAction extends ActionType<IngestEventsResponse> {

    public static final String NAME = "indices:data/write/recsys/events";
    public static final IngestEventsAction INSTANCE = new IngestEventsAction();

    private IngestEventsAction() {
        super(NAME, IngestEventsResponse::new);
    }
}
