package io.recsys.opensearch.candidate;

import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.common.io.stream.StreamInput;
import org.opensearch.core.common.io.stream.StreamOutput;
import org.opensearch.core.common.io.stream.Writeable;
import org.opensearch.core.xcontent.ToXContentFragment;
import org.opensearch.core.xcontent.XContentBuilder;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@code recommend} query asks for, validated: built by {@link RecommendQueryParser}, carried by
 * {@link RecommendQueryBuilder}, executed by the recall pipeline.
 *
 * @param recommender name of the recommender (catalog and settings)
 * @param user        whose recommendations
 * @param query       search-box query; null for pure recommendation
 * @param filter      applied inside every source; null for none
 * @param budgets     candidates per source
 * @param exclude     items never returned
 * @param rerank      re-ranking model and window
 * @param diversity   at most N hits per value of a field; null for none
 * @param platform    the request's platform (context), or null
 * @param contextItems the items on the page now (context.items): the most recent anchors of every source; empty for none
 * @param rules       the request's merchandising rules, or null: the recommender's apply
 * @param time        when the request is made (context.time), epoch millis; null = the node's clock. A replay of past
 *                    events (an offline evaluation) gives the moment it simulates, so that "recent" means the same as live
 */
public record RecommendSpec(
    String recommender,
    UserRef user,
    QueryBuilder query,
    QueryBuilder filter,
    Budgets budgets,
    Exclusions exclude,
    Rerank rerank,
    Diversity diversity,
    String platform,
    List<String> contextItems,
    Rules rules,
    Long time
) implements Writeable, ToXContentFragment {

    /** A request made now (no {@code context.time}). */
    public RecommendSpec(String recommender, UserRef user, QueryBuilder query, QueryBuilder filter, Budgets budgets, Exclusions exclude,
                         Rerank rerank, Diversity diversity, String platform, List<String> contextItems, Rules rules) {
        this(recommender, user, query, filter, budgets, exclude, rerank, diversity, platform, contextItems, rules, null);
    }

    /** The request's time: {@code context.time} when given, else {@code clock} (the node's current time). */
    public long timeOr(long clock) {
        return time != null ? time : clock;
    }

    /**
     * The user: a user id, or a platform identity resolved through the identity links. Null in a request that gives
     * only {@code context.items} (a product page of a shopper the shop does not know).
     *
     * @param platform platform of the identity, or null for a user id
     * @param id       user id or identity id
     */
    public record UserRef(String platform, String id) {}

    /**
     * @param knnK             k of the k-NN source (0 = off)
     * @param cooccurrenceSize candidates from co-occurrence (0 = off)
     * @param textWindow       top text matches considered (0 = off)
     * @param popularSize      popular items (0 = off)
     * @param neighborsK       similar profiles that vote (0 = off)
     * @param trendingSize     trending items (0 = off); {@link #TRENDING_IN_FALLBACK} when the request does not say: then
     *                         {@link #FALLBACK_TRENDING_SIZE} for a shopper without history (the fallback), else off
     * @param trendingHalfLife how fast an interaction stops counting for trending: its weight halves every half-life
     */
    public record Budgets(int knnK, int cooccurrenceSize, int textWindow, int popularSize, int neighborsK, int trendingSize, TimeValue trendingHalfLife) {
        public static final int TRENDING_IN_FALLBACK = -1;
        public static final int FALLBACK_TRENDING_SIZE = 50;
        public static final Budgets DEFAULTS = new Budgets(200, 200, 500, 50, 0, TRENDING_IN_FALLBACK, TimeValue.timeValueDays(7));

        public Budgets {
            Objects.requireNonNull(trendingHalfLife);
        }
    }

    /**
     * @param purchased    exclude what the user bought
     * @param items        item ids never returned
     * @param contextItems exclude the request's context items (the page already shows them)
     * @param outOfStock   exclude items the catalog's {@code stock_field} says are out of stock
     * @param seen         exclude the items the user viewed or clicked within this time, or null
     * @param impressed    exclude the items shown to the user (impression events) this many times within a time, or null
     */
    public record Exclusions(boolean purchased, List<String> items, boolean contextItems, boolean outOfStock, TimeValue seen, Impressed impressed) {
        public static final Exclusions DEFAULTS = new Exclusions(false, List.of(), true, true, null, null);
    }

    /**
     * A cap on showing an item again: once shown {@code max} times within {@code within}, it is not recommended.
     *
     * @param max    impressions of an item before it is left out
     * @param within how far back impressions count
     */
    public record Impressed(int max, TimeValue within) {}

    /**
     * @param model  model id or alias; null = the recommender's model
     * @param window candidates re-ranked by the model (0 = no re-ranking)
     */
    public record Rerank(String model, int window) {
        public static final Rerank DEFAULTS = new Rerank(null, 300);
    }

    /**
     * @param field       catalog keyword field
     * @param maxPerValue hits per value before lower-ranked items of other values move up
     */
    public record Diversity(String field, int maxPerValue) {}

    public RecommendSpec {
        Objects.requireNonNull(recommender);
        Objects.requireNonNull(contextItems);
        if (user == null && contextItems.isEmpty()) {
            throw new IllegalArgumentException("[recommend.user] is required unless [recommend.context.items] is given");
        }
        Objects.requireNonNull(budgets);
        Objects.requireNonNull(exclude);
        Objects.requireNonNull(rerank);
    }

    public RecommendSpec(StreamInput in) throws IOException {
        this(
            in.readString(),
            in.readBoolean() ? new UserRef(in.readOptionalString(), in.readString()) : null,
            in.readOptionalNamedWriteable(QueryBuilder.class),
            in.readOptionalNamedWriteable(QueryBuilder.class),
            new Budgets(in.readVInt(), in.readVInt(), in.readVInt(), in.readVInt(), in.readVInt(), in.readInt(), in.readTimeValue()),
            new Exclusions(in.readBoolean(), in.readStringList(), in.readBoolean(), in.readBoolean(), in.readOptionalTimeValue(),
                in.readBoolean() ? new Impressed(in.readVInt(), in.readTimeValue()) : null),
            new Rerank(in.readOptionalString(), in.readVInt()),
            in.readBoolean() ? new Diversity(in.readString(), in.readVInt()) : null,
            in.readOptionalString(),
            in.readStringList(),
            in.readOptionalWriteable(Rules::new),
            in.readOptionalLong()
        );
    }

    @Override
    public void writeTo(StreamOutput out) throws IOException {
        out.writeString(recommender);
        out.writeBoolean(user != null);
        if (user != null) {
            out.writeOptionalString(user.platform());
            out.writeString(user.id());
        }
        out.writeOptionalNamedWriteable(query);
        out.writeOptionalNamedWriteable(filter);
        out.writeVInt(budgets.knnK());
        out.writeVInt(budgets.cooccurrenceSize());
        out.writeVInt(budgets.textWindow());
        out.writeVInt(budgets.popularSize());
        out.writeVInt(budgets.neighborsK());
        out.writeInt(budgets.trendingSize());
        out.writeTimeValue(budgets.trendingHalfLife());
        out.writeBoolean(exclude.purchased());
        out.writeStringCollection(exclude.items());
        out.writeBoolean(exclude.contextItems());
        out.writeBoolean(exclude.outOfStock());
        out.writeOptionalTimeValue(exclude.seen());
        out.writeBoolean(exclude.impressed() != null);
        if (exclude.impressed() != null) {
            out.writeVInt(exclude.impressed().max());
            out.writeTimeValue(exclude.impressed().within());
        }
        out.writeOptionalString(rerank.model());
        out.writeVInt(rerank.window());
        out.writeBoolean(diversity != null);
        if (diversity != null) {
            out.writeString(diversity.field());
            out.writeVInt(diversity.maxPerValue());
        }
        out.writeOptionalString(platform);
        out.writeStringCollection(contextItems);
        out.writeOptionalWriteable(rules);
        out.writeOptionalLong(time);
    }

    @Override
    public XContentBuilder toXContent(XContentBuilder builder, Params params) throws IOException {
        builder.field("recommender", recommender);
        if (user != null) {
            builder.startObject("user");
            if (user.platform() != null) {
                builder.field("platform", user.platform());
            }
            builder.field("id", user.id()).endObject();
        }
        if (query != null) {
            builder.field("query", query);
        }
        if (filter != null) {
            builder.field("filter", filter);
        }
        builder.startObject("sources")
            .startObject("knn").field("k", budgets.knnK()).endObject()
            .startObject("cooccurrence").field("size", budgets.cooccurrenceSize()).endObject()
            .startObject("text").field("window", budgets.textWindow()).endObject()
            .startObject("popular").field("size", budgets.popularSize()).endObject()
            .startObject("neighbors").field("k", budgets.neighborsK()).endObject()
            .startObject("trending");
        if (budgets.trendingSize() != Budgets.TRENDING_IN_FALLBACK) {
            builder.field("size", budgets.trendingSize()); // absent: the default, trending for the fallback only
        }
        builder.field("half_life", budgets.trendingHalfLife().getStringRep()).endObject()
            .endObject();
        builder.startObject("exclude").field("purchased", exclude.purchased()).field("items", exclude.items())
            .field("context_items", exclude.contextItems()).field("out_of_stock", exclude.outOfStock());
        if (exclude.seen() != null) {
            builder.field("seen", exclude.seen().getStringRep());
        }
        if (exclude.impressed() != null) {
            builder.startObject("impressed").field("max", exclude.impressed().max()).field("within", exclude.impressed().within().getStringRep()).endObject();
        }
        builder.endObject();
        builder.startObject("rerank");
        if (rerank.model() != null) {
            builder.field("model", rerank.model());
        }
        builder.field("window", rerank.window()).endObject();
        if (diversity != null) {
            builder.startObject("diversity").field("field", diversity.field()).field("max_per_value", diversity.maxPerValue()).endObject();
        }
        if (platform != null || contextItems.isEmpty() == false || time != null) {
            builder.startObject("context");
            if (platform != null) {
                builder.field("platform", platform);
            }
            if (contextItems.isEmpty() == false) {
                builder.field("items", contextItems);
            }
            if (time != null) {
                builder.field("time", java.time.Instant.ofEpochMilli(time).toString());
            }
            builder.endObject();
        }
        if (rules != null) {
            builder.field("rules", rules);
        }
        return builder;
    }

    public RecommendSpec withQueries(QueryBuilder newQuery, QueryBuilder newFilter) {
        return new RecommendSpec(recommender, user, newQuery, newFilter, budgets, exclude, rerank, diversity, platform, contextItems, rules, time);
    }
}
