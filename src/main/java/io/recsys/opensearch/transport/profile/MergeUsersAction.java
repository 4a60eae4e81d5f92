package io.recsys.opensearch.transport.profile;

import org.opensearch.action.ActionType;

/** Merges one user account into another: identities, profile aggregate and later events. */
public final class MergeUsersAction extends ActionType<ProfileJsonResponse> {

    public static final String NAME = "indices:data/write/recsys/identities/merge";
    public static final MergeUsersAction INSTANCE = new MergeUsersAction();

    private MergeUsersAction() {
        super(NAME, ProfileJsonResponse::new);
    }
}
