package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.profile.RecentItem;
import io.recsys.opensearch.recommender.EventType;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryBuilders;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every source of one request needs: the request, the recommender, the user's profile (null when unknown) and
 * the items excluded from the result.
 *
 * @param spec      the request
 * @param config    the recommender
 * @param indices   the recommender's indices
 * @param profileId the profile the user resolved to (null when no identity link nor profile exists)
 * @param profile   the profile, or null
 * @param excluded  item ids never returned (request's list, and purchases when asked)
 * @param outOfStock the query matching the catalog's out-of-stock items, never returned; null when the catalog has no
 *                  stock field or the request asks for them ({@code exclude.out_of_stock: false})
 * @param indicators the recommender's precomputed indicators when fresh enough to read, else why not (see {@link Indicators})
 * @param recalled  catalog details of items a source already fetched, having passed the catalog filter inside its own
 *                  read (the k-NN and text sources' items): {@link CatalogItems} does not fetch them again
 * @param withFeatures whether anything reads the candidates' features (a model re-ranking them, explain, the feature
 *                  log): only then are the items' vectors, categories and prices read and the features computed
 * @param now       the request's time ({@link RecommendSpec#timeOr}): what "recent" and "in a session" are measured from
 */
public record RecallContext(
    RecommendSpec spec,
    RecommenderConfig config,
    RecommenderIndices indices,
    String profileId,
    ProfileState profile,
    Set<String> excluded,
    QueryBuilder outOfStock,
    Indicators.Fresh indicators,
    Map<String, CatalogItems.Details> recalled,
    boolean withFeatures,
    long now
) {

    public static Set<String> exclusions(RecommendSpec spec, ProfileState profile, long now) {
        Set<String> excluded = new LinkedHashSet<>(spec.exclude().items());
        if (spec.exclude().purchased() && profile != null) {
            excluded.addAll(profile.purchased());
        }
        if (spec.exclude().contextItems()) {
            excluded.addAll(spec.contextItems()); // the page shows them already
        }
        if (spec.exclude().seen() != null && profile != null) {
            long since = now - spec.exclude().seen().millis();
            for (RecentItem recent : profile.recent()) {
                if (recent.timestamp() >= since && SEEN_TYPES.contains(recent.type())) {
                    excluded.add(recent.item());
                }
            }
        }
        return excluded;
    }

    /** What {@code exclude.seen} leaves out: items the user looked at; a cart or a purchase is not "seen" but chosen. */
    static final Set<String> SEEN_TYPES = Set.of(EventType.VIEW.jsonName(), EventType.CLICK.jsonName());

    /**
     * Whether the shopper is in a session at the request's time: the newest event (a page item counts as one, at the
     * request's time) is no older than the recommender's {@code events.session_gap}. An event stamped after the
     * request's time (a client clock ahead of the node's) counts as in the session.
     */
    public boolean inSession() {
        if (profile == null || profile.recent().isEmpty()) {
            return false;
        }
        return now - profile.recent().get(0).timestamp() <= config.events().sessionGap().millis();
    }

    /**
     * The distinct items of the current session, newest first, at most {@code max}: the newest event and each one before
     * it that is within the recommender's {@code events.session_gap} of the event after it (the page's items, stamped at
     * the request's time, are the newest). Empty when the shopper is not {@link #inSession in a session}.
     */
    public List<String> sessionItems(int max) {
        if (inSession() == false) {
            return List.of();
        }
        long gap = config.events().sessionGap().millis();
        Set<String> items = new LinkedHashSet<>();
        long after = profile.recent().get(0).timestamp(); // in a session: there is a newest event
        for (RecentItem recent : profile.recent()) {
            if (items.size() >= max || after - recent.timestamp() > gap) {
                break;
            }
            items.add(recent.item());
            after = Math.min(after, recent.timestamp());
        }
        return List.copyOf(items);
    }

    /** The field the request diversifies on, or null. */
    public String diversityField() {
        return spec.diversity() == null ? null : spec.diversity().field();
    }

    /**
     * The catalog filter every catalog source applies inside its read: the request's filter and the text query when
     * there is one (so no item that does not match the text is recalled); null when there is neither (a k-NN search
     * with a filter builds the set of documents it accepts first, a pass over every vector of the catalog, even when
     * the filter matches all).
     */
    public BoolQueryBuilder catalogFilter() {
        BoolQueryBuilder filter = QueryBuilders.boolQuery();
        if (spec.filter() != null) {
            filter.filter(spec.filter());
        }
        if (spec.query() != null) {
            filter.filter(spec.query());
        }
        return filter.hasClauses() ? filter : null;
    }

    /**
     * The items no catalog read returns ({@link io.recsys.opensearch.catalogread.CatalogRead#hiding}): the exclusions
     * and, unless the request asks for them, the items out of stock; null when there are none. Kept apart from the
     * filter because they are few: a k-NN read drops them from its hits instead of filtering its search.
     */
    public QueryBuilder hiddenItems() {
        BoolQueryBuilder hidden = QueryBuilders.boolQuery();
        if (excluded.isEmpty() == false) {
            hidden.should(ItemIds.query(config.catalog().idField(), excluded));
        }
        if (outOfStock != null) {
            hidden.should(outOfStock);
        }
        return hidden.hasClauses() ? hidden : null;
    }
}
