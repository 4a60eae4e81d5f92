package io.recsys.opensearch.query;

import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.candidate.Rules;
import org.opensearch.common.time.DateFormatter;
import org.opensearch.common.time.DateFormatters;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.ParseField;
import org.opensearch.core.common.ParsingException;
import org.opensearch.core.xcontent.ObjectParser;
import org.opensearch.core.xcontent.XContentLocation;
import org.opensearch.core.xcontent.XContentParser;
import org.opensearch.index.query.AbstractQueryBuilder;
import org.opensearch.index.query.QueryBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Parses the {@code recommend} query. Unknown fields fail with their position ({@code [knn] unknown field [kk]}); values
 * out of range fail with the full path of the field, its bound and the position of the query
 * ({@code [recommend.sources.knn.k] must be in the range [0, 10000], got [20000]}).
 */
public final class RecommendQueryParser {

    /** k-NN's own bound on k. */
    public static final int MAX_K = 10_000;
    public static final int MAX_SIZE = 10_000;
    public static final int MAX_RERANK_WINDOW = 1_000;
    public static final int MAX_EXCLUDED_ITEMS = 10_000;
    /** Similar profiles read per request: twice this many are fetched with their histories. */
    public static final int MAX_NEIGHBORS = 1_000;
    /** Items on one page: a product, a cart. */
    public static final int MAX_CONTEXT_ITEMS = 100;
    /** How {@code context.time} is read: the format of a date field's default mapping. */
    static final DateFormatter TIME_FORMAT = DateFormatter.forPattern("strict_date_optional_time||epoch_millis");

    private static final ObjectParser<Builder, Void> PARSER = new ObjectParser<>(RecommendQueryBuilder.NAME, Builder::new);
    private static final ObjectParser<UserBuilder, Void> USER = new ObjectParser<>("user", UserBuilder::new);
    private static final ObjectParser<Builder, Void> SOURCES = new ObjectParser<>("sources");
    private static final ObjectParser<Builder, Void> KNN = new ObjectParser<>("knn");
    private static final ObjectParser<Builder, Void> COOCCURRENCE = new ObjectParser<>("cooccurrence");
    private static final ObjectParser<Builder, Void> TEXT = new ObjectParser<>("text");
    private static final ObjectParser<Builder, Void> POPULAR = new ObjectParser<>("popular");
    private static final ObjectParser<Builder, Void> NEIGHBORS = new ObjectParser<>("neighbors");
    private static final ObjectParser<Builder, Void> TRENDING = new ObjectParser<>("trending");
    private static final ObjectParser<Builder, Void> EXCLUDE = new ObjectParser<>("exclude");
    private static final ObjectParser<Builder, Void> IMPRESSED = new ObjectParser<>("impressed");
    private static final ObjectParser<Builder, Void> RERANK = new ObjectParser<>("rerank");
    private static final ObjectParser<Builder, Void> DIVERSITY = new ObjectParser<>("diversity");
    private static final ObjectParser<Builder, Void> CONTEXT = new ObjectParser<>("context");

    static {
        PARSER.declareString((b, v) -> b.recommender = v, new ParseField("recommender"));
        PARSER.declareObject((b, v) -> b.user = v, (p, c) -> USER.parse(p, null), new ParseField("user"));
        PARSER.declareObject((b, v) -> b.query = v, (p, c) -> AbstractQueryBuilder.parseInnerQueryBuilder(p), new ParseField("query"));
        PARSER.declareObject((b, v) -> b.filter = v, (p, c) -> AbstractQueryBuilder.parseInnerQueryBuilder(p), new ParseField("filter"));
        PARSER.declareField((p, b, c) -> SOURCES.parse(p, b, null), new ParseField("sources"), ObjectParser.ValueType.OBJECT);
        PARSER.declareField((p, b, c) -> EXCLUDE.parse(p, b, null), new ParseField("exclude"), ObjectParser.ValueType.OBJECT);
        PARSER.declareField((p, b, c) -> RERANK.parse(p, b, null), new ParseField("rerank"), ObjectParser.ValueType.OBJECT);
        PARSER.declareField((p, b, c) -> DIVERSITY.parse(p, b, null), new ParseField("diversity"), ObjectParser.ValueType.OBJECT);
        PARSER.declareField((p, b, c) -> CONTEXT.parse(p, b, null), new ParseField("context"), ObjectParser.ValueType.OBJECT);
        PARSER.declareField((p, b, c) -> b.rules = Rules.parse(p, "recommend.rules"), new ParseField("rules"), ObjectParser.ValueType.OBJECT);
        PARSER.declareFloat((b, v) -> b.boost = v, AbstractQueryBuilder.BOOST_FIELD);
        PARSER.declareString((b, v) -> b.queryName = v, AbstractQueryBuilder.NAME_FIELD);

        USER.declareString((u, v) -> u.id = v, new ParseField("id"));
        USER.declareString((u, v) -> u.platform = v, new ParseField("platform"));

        KNN.declareInt((b, v) -> b.knnK = v, new ParseField("k"));
        COOCCURRENCE.declareInt((b, v) -> b.cooccurrenceSize = v, new ParseField("size"));
        TEXT.declareInt((b, v) -> b.textWindow = v, new ParseField("window"));
        POPULAR.declareInt((b, v) -> b.popularSize = v, new ParseField("size"));
        NEIGHBORS.declareInt((b, v) -> b.neighborsK = v, new ParseField("k"));
        TRENDING.declareInt((b, v) -> b.trendingSize = v, new ParseField("size"));
        TRENDING.declareString((b, v) -> b.trendingHalfLife = v, new ParseField("half_life"));
        SOURCES.declareField((p, b, c) -> KNN.parse(p, b, null), new ParseField("knn"), ObjectParser.ValueType.OBJECT);
        SOURCES.declareField((p, b, c) -> COOCCURRENCE.parse(p, b, null), new ParseField("cooccurrence"), ObjectParser.ValueType.OBJECT);
        SOURCES.declareField((p, b, c) -> TEXT.parse(p, b, null), new ParseField("text"), ObjectParser.ValueType.OBJECT);
        SOURCES.declareField((p, b, c) -> POPULAR.parse(p, b, null), new ParseField("popular"), ObjectParser.ValueType.OBJECT);
        SOURCES.declareField((p, b, c) -> NEIGHBORS.parse(p, b, null), new ParseField("neighbors"), ObjectParser.ValueType.OBJECT);
        SOURCES.declareField((p, b, c) -> TRENDING.parse(p, b, null), new ParseField("trending"), ObjectParser.ValueType.OBJECT);

        EXCLUDE.declareBoolean((b, v) -> b.excludePurchased = v, new ParseField("purchased"));
        EXCLUDE.declareStringArray((b, v) -> b.excludeItems = v, new ParseField("items"));
        EXCLUDE.declareBoolean((b, v) -> b.excludeContextItems = v, new ParseField("context_items"));
        EXCLUDE.declareBoolean((b, v) -> b.excludeOutOfStock = v, new ParseField("out_of_stock"));
        EXCLUDE.declareString((b, v) -> b.excludeSeen = v, new ParseField("seen"));
        EXCLUDE.declareField((p, b, c) -> {
            b.impressedGiven = true;
            IMPRESSED.parse(p, b, null);
        }, new ParseField("impressed"), ObjectParser.ValueType.OBJECT);
        IMPRESSED.declareInt((b, v) -> b.impressedMax = v, new ParseField("max"));
        IMPRESSED.declareString((b, v) -> b.impressedWithin = v, new ParseField("within"));
        RERANK.declareString((b, v) -> b.rerankModel = v, new ParseField("model"));
        RERANK.declareInt((b, v) -> b.rerankWindow = v, new ParseField("window"));
        DIVERSITY.declareString((b, v) -> b.diversityField = v, new ParseField("field"));
        DIVERSITY.declareInt((b, v) -> b.diversityMax = v, new ParseField("max_per_value"));
        CONTEXT.declareString((b, v) -> b.platform = v, new ParseField("platform"));
        CONTEXT.declareStringArray((b, v) -> b.contextItems = v, new ParseField("items"));
        CONTEXT.declareField((p, b, c) -> b.time = p.text(), new ParseField("time"), ObjectParser.ValueType.VALUE);
    }

    private RecommendQueryParser() {}

    public static RecommendQueryBuilder parse(XContentParser parser, RecommendService service) throws IOException {
        XContentLocation location = parser.getTokenLocation();
        Builder builder = PARSER.parse(parser, null);
        RecommendQueryBuilder query = new RecommendQueryBuilder(builder.build(location), service);
        query.boost(builder.boost).queryName(builder.queryName);
        return query;
    }

    private static final class UserBuilder {
        String id, platform;
    }

    private static final class Builder {
        String recommender;
        UserBuilder user;
        QueryBuilder query, filter;
        int knnK = RecommendSpec.Budgets.DEFAULTS.knnK();
        int cooccurrenceSize = RecommendSpec.Budgets.DEFAULTS.cooccurrenceSize();
        int textWindow = RecommendSpec.Budgets.DEFAULTS.textWindow();
        int popularSize = RecommendSpec.Budgets.DEFAULTS.popularSize();
        int neighborsK = RecommendSpec.Budgets.DEFAULTS.neighborsK();
        Rules rules;
        Integer trendingSize; // null: the default (trending answers the fallback only)
        String trendingHalfLife;
        boolean excludePurchased = RecommendSpec.Exclusions.DEFAULTS.purchased();
        List<String> excludeItems = List.of();
        boolean excludeContextItems = RecommendSpec.Exclusions.DEFAULTS.contextItems();
        boolean excludeOutOfStock = RecommendSpec.Exclusions.DEFAULTS.outOfStock();
        String excludeSeen;
        boolean impressedGiven;
        Integer impressedMax;
        String impressedWithin;
        List<String> contextItems = List.of();
        String rerankModel;
        int rerankWindow = RecommendSpec.Rerank.DEFAULTS.window();
        String diversityField;
        Integer diversityMax;
        String platform;
        String time;
        float boost = AbstractQueryBuilder.DEFAULT_BOOST;
        String queryName;

        RecommendSpec build(XContentLocation location) {
            if (recommender == null || recommender.isEmpty()) {
                throw new ParsingException(location, "[recommend.recommender] is required");
            }
            if (contextItems.size() > MAX_CONTEXT_ITEMS) {
                throw new ParsingException(location, "[recommend.context.items] holds at most " + MAX_CONTEXT_ITEMS + " items, got [" + contextItems.size() + "]");
            }
            for (int i = 0; i < contextItems.size(); i++) {
                String item = contextItems.get(i);
                if (item == null || item.isEmpty() || item.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 512) {
                    throw new ParsingException(location, "[recommend.context.items." + i + "] must be a non-empty item id of at most 512 bytes");
                }
            }
            boolean pageOnly = user == null && contextItems.isEmpty() == false; // a shopper the shop does not know: the page is the context
            if (pageOnly == false && (user == null || user.id == null || user.id.isEmpty())) {
                throw new ParsingException(location, "[recommend.user] is required unless [recommend.context.items] is given: {\"id\": \"u42\"} or {\"platform\": \"app\", \"id\": \"dev-1\"}");
            }
            range(location, "recommend.sources.knn.k", knnK, MAX_K);
            range(location, "recommend.sources.cooccurrence.size", cooccurrenceSize, MAX_SIZE);
            range(location, "recommend.sources.text.window", textWindow, MAX_SIZE);
            range(location, "recommend.sources.popular.size", popularSize, MAX_SIZE);
            range(location, "recommend.sources.neighbors.k", neighborsK, MAX_NEIGHBORS);
            if (trendingSize != null) {
                range(location, "recommend.sources.trending.size", trendingSize, MAX_SIZE);
            }
            int trending = trendingSize == null ? RecommendSpec.Budgets.TRENDING_IN_FALLBACK : trendingSize;
            TimeValue halfLife = trendingHalfLife == null ? RecommendSpec.Budgets.DEFAULTS.trendingHalfLife()
                : duration(location, "recommend.sources.trending.half_life", trendingHalfLife);
            range(location, "recommend.rerank.window", rerankWindow, MAX_RERANK_WINDOW);
            if (excludeItems.size() > MAX_EXCLUDED_ITEMS) {
                throw new ParsingException(location, "[recommend.exclude.items] holds at most " + MAX_EXCLUDED_ITEMS + " items, got [" + excludeItems.size() + "]");
            }
            RecommendSpec.Diversity diversity = null;
            if (diversityField != null || diversityMax != null) {
                if (diversityField == null || diversityField.isEmpty()) {
                    throw new ParsingException(location, "[recommend.diversity.field] is required with diversity");
                }
                int max = diversityMax == null ? 1 : diversityMax;
                if (max < 1) {
                    throw new ParsingException(location, "[recommend.diversity.max_per_value] must be at least 1, got [" + max + "]");
                }
                diversity = new RecommendSpec.Diversity(diversityField, max);
            }
            if (knnK + cooccurrenceSize + textWindow + popularSize + neighborsK + Math.max(0, trending) == 0) {
                throw new ParsingException(location, "[recommend.sources] every source is off: give at least one a size above 0");
            }
            return new RecommendSpec(
                recommender,
                user == null ? null : new RecommendSpec.UserRef(user.platform, user.id),
                query,
                filter,
                new RecommendSpec.Budgets(knnK, cooccurrenceSize, textWindow, popularSize, neighborsK, trending, halfLife),
                new RecommendSpec.Exclusions(excludePurchased, List.copyOf(excludeItems), excludeContextItems, excludeOutOfStock,
                    excludeSeen == null ? null : duration(location, "recommend.exclude.seen", excludeSeen), impressed(location)),
                new RecommendSpec.Rerank(rerankModel, rerankWindow),
                diversity,
                platform,
                List.copyOf(new java.util.LinkedHashSet<>(contextItems)),
                rules,
                time == null ? null : time(location)
            );
        }

        /** {@code context.time}: ISO-8601 or epoch milliseconds, as OpenSearch's date fields take them. */
        private Long time(XContentLocation location) {
            try {
                return DateFormatters.from(TIME_FORMAT.parse(time)).toInstant().toEpochMilli();
            } catch (RuntimeException e) {
                throw new ParsingException(location, "[recommend.context.time] cannot parse [" + time
                    + "]: use ISO-8601 (2026-11-23T10:00:00Z) or epoch milliseconds");
            }
        }

        private RecommendSpec.Impressed impressed(XContentLocation location) {
            if (impressedGiven == false) {
                return null;
            }
            if (impressedMax == null || impressedMax < 1 || impressedMax > 1_000) {
                throw new ParsingException(location, "[recommend.exclude.impressed.max] is required, from 1 to 1000, got [" + impressedMax + "]");
            }
            if (impressedWithin == null) {
                throw new ParsingException(location, "[recommend.exclude.impressed.within] is required, a time such as \"1d\"");
            }
            return new RecommendSpec.Impressed(impressedMax, duration(location, "recommend.exclude.impressed.within", impressedWithin));
        }

        /** A time of at least a minute (shorter would hardly leave anything out). */
        private static TimeValue duration(XContentLocation location, String field, String value) {
            TimeValue time;
            try {
                time = TimeValue.parseTimeValue(value, field);
            } catch (IllegalArgumentException e) {
                throw new ParsingException(location, "[" + field + "] must be a time such as \"7d\" or \"12h\", got [" + value + "]");
            }
            if (time.millis() < 60_000) {
                throw new ParsingException(location, "[" + field + "] must be at least 1m, got [" + value + "]");
            }
            return time;
        }

        private static void range(XContentLocation location, String field, int value, int max) {
            if (value < 0 || value > max) {
                throw new ParsingException(location, String.format(Locale.ROOT, "[%s] must be in the range [0, %d], got [%d]", field, max, value));
            }
        }
    }
}
