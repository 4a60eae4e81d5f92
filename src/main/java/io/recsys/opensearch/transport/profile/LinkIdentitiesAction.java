package io.recsys.opensearch.transport.profile;

import org.opensearch.action.ActionType;

/** Links platform identities to a user and merges their anonymous profiles. */
public final class LinkIdentitiesAction extends ActionType<ProfileJsonResponse> {

    public static final String NAME = "indices:data/write/recsys/identities/link";
    public static final LinkIdentitiesAction INSTANCE = new LinkIdentitiesAction();

    private LinkIdentitiesAction() {
        super(NAME, ProfileJsonResponse::new);
    }
}
