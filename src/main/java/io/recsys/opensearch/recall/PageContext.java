package io.recsys.opensearch.recall;

import io.recsys.opensearch.events.Event;
import io.recsys.opensearch.profile.CatalogItem;
import io.recsys.opensearch.profile.CatalogItemLookup;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.ProfileUpdater;
import io.recsys.opensearch.recommender.EventType;
import io.recsys.opensearch.recommender.RecommenderConfig;
import org.opensearch.core.action.ActionListener;
import org.opensearch.transport.client.Client;

import java.util.List;
import java.util.Map;

/**
 * The items on the page now ({@code context.items}: a product page, a cart, clicks not yet sent as events) become the
 * most recent views of a copy of the user's profile — or of an empty one, for a shopper the shop does not know — so
 * that every source anchors on them as it anchors on ingested events: the k-NN source through the session and long-term
 * vectors (the page items are the current session, so the session read of the k-NN source is "similar to this page"),
 * co-occurrence and neighbours through the recent items. Nothing is written: the copy lives for the request.
 * The first item is the newest (the product the page is about), the others follow in the order given.
 */
final class PageContext {

    /** The page's items are a session of their own: the session vector is the page's, beside the long-term one. */
    static final String PAGE_SESSION = "recsys-page-context";
    /** Profile id of the copy when the request names no user. */
    static final String PAGE_ONLY = "page";

    private PageContext() {}

    static void apply(Client client, RecommenderConfig config, List<String> items, ProfileLookup.Resolved resolved, long now,
                      ActionListener<ProfileLookup.Resolved> listener) {
        if (items.isEmpty()) {
            listener.onResponse(resolved);
            return;
        }
        new CatalogItemLookup(client).lookup(config.catalog(), items, ActionListener.wrap(found -> {
            listener.onResponse(new ProfileLookup.Resolved(resolved.profileId(), withPage(config, resolved, items, found, now)));
        }, listener::onFailure));
    }

    static ProfileState withPage(RecommenderConfig config, ProfileLookup.Resolved resolved, List<String> items, Map<String, CatalogItem> found, long now) {
        ProfileState state = resolved.profile() != null ? resolved.profile().copy()
            : new ProfileState(resolved.profileId() != null ? resolved.profileId() : PAGE_ONLY);
        ProfileUpdater updater = new ProfileUpdater(config.events());
        long newest = Math.max(now, state.updatedAt()) + items.size();
        for (int i = items.size() - 1; i >= 0; i--) { // oldest first, as events arrive; the first item ends up newest
            String item = items.get(i);
            Event view = new Event(null, null, null, item, EventType.VIEW, "page", newest - i, PAGE_SESSION, null, null, null, null, null);
            updater.apply(state, view, found.get(item));
        }
        return state;
    }
}
