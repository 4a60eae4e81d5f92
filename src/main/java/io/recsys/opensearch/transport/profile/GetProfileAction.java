package io.recsys.opensearch.transport.profile;

import org.opensearch.action.ActionType;

/** Reads a unified profile. */
public final class GetProfileAction extends ActionType<ProfileJsonResponse> {

    public static final String NAME = "indices:data/read/recsys/profile/get";
    public static final GetProfileAction INSTANCE = new GetProfileAction();

    private GetProfileAction() {
        super(NAME, ProfileJsonResponse::new);
    }
}
