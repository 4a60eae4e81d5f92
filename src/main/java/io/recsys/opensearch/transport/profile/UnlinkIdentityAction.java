package io.recsys.opensearch.transport.profile;

import org.opensearch.action.ActionType;

/** Unlinks one platform identity from its user: its later events go to its own profile again. */
public final class UnlinkIdentityAction extends ActionType<ProfileJsonResponse> {

    public static final String NAME = "indices:data/write/recsys/identities/unlink";
    public static final UnlinkIdentityAction INSTANCE = new UnlinkIdentityAction();

    private UnlinkIdentityAction() {
        super(NAME, ProfileJsonResponse::new);
    }
}
