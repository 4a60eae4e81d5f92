package io.recsys.opensearch.transport.profile;

import org.opensearch.action.ActionType;

/** Forgets a user entirely: profile, identity links, events, feature-log entries. */
public final class DeleteProfileAction extends ActionType<ProfileJsonResponse> {

    public static final String NAME = "indices:data/write/recsys/profile/delete";
    public static final DeleteProfileAction INSTANCE = new DeleteProfileAction();

    private DeleteProfileAction() {
        super(NAME, ProfileJsonResponse::new);
    }
}
