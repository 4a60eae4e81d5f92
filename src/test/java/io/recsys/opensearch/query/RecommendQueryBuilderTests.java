package io.recsys.opensearch.query;

import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.candidate.Rules;
import io.recsys.opensearch.plugin.RecsysPlugin;
import org.apache.lucene.search.Query;
import org.opensearch.action.get.GetRequest;
import org.opensearch.action.get.GetResponse;
import org.opensearch.core.common.bytes.BytesArray;
import org.opensearch.index.get.GetResult;
import org.opensearch.indices.TermsLookup;
import org.opensearch.core.xcontent.XContentParseException;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.index.query.BoolQueryBuilder;
import org.opensearch.index.query.ExistsQueryBuilder;
import org.opensearch.index.query.MatchAllQueryBuilder;
import org.opensearch.index.query.MatchQueryBuilder;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.index.query.QueryShardContext;
import org.opensearch.index.query.TermQueryBuilder;
import org.opensearch.index.query.TermsQueryBuilder;
import org.opensearch.plugins.Plugin;
import org.opensearch.test.AbstractQueryTestCase;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;

/**
 * The {@code recommend} query as the coordinating node receives it: parsed from JSON, sent between nodes, compared.
 * The framework's generic checks (XContent and wire round trips, equals/hashCode, unknown fields and objects, boost,
 * _name) run on random valid requests. What it becomes once the recall pipeline ran is checked against real indices in
 * {@link io.recsys.opensearch.it.RecommendSingleNodeTests}; the query it becomes, in {@link CandidatesQueryBuilderTests}.
 */
public class RecommendQueryBuilderTests extends AbstractQueryTestCase<RecommendQueryBuilder> {

    private static final String MUST_BE_REWRITTEN = "[recommend] must be rewritten on the coordinating node before it runs on a shard";

    /** The shop's saved list of brands a shopper follows, as a terms lookup in {@code filter} reads it. */
    private static final TermsLookup FOLLOWED_BRANDS = new TermsLookup("shopper-lists", "u42", "brands");

    @Override
    protected Collection<Class<? extends Plugin>> getPlugins() {
        // the framework's own (geo_shape for its test mapping) and this plugin, which registers the query
        List<Class<? extends Plugin>> plugins = new ArrayList<>(super.getPlugins());
        plugins.add(RecsysPlugin.class);
        return plugins;
    }

    @Override
    protected RecommendQueryBuilder doCreateTestQueryBuilder() {
        return new RecommendQueryBuilder(randomSpec(), null);
    }

    private static RecommendSpec randomSpec() {
        List<String> contextItems = distinctItems(0, 5);
        RecommendSpec.UserRef user;
        if (contextItems.isEmpty() == false && randomBoolean()) {
            user = null; // a product page of a shopper the shop does not know
        } else {
            user = new RecommendSpec.UserRef(randomBoolean() ? null : randomFrom("app", "web", "pos"), randomAlphaOfLengthBetween(1, 12));
        }
        return new RecommendSpec(
            randomAlphaOfLengthBetween(1, 10),
            user,
            randomBoolean() ? null : randomInnerQuery(),
            randomBoolean() ? null : randomInnerQuery(),
            randomBudgets(),
            new RecommendSpec.Exclusions(randomBoolean(), distinctItems(0, 5), randomBoolean(), randomBoolean(), randomBoolean() ? null : randomTime(),
                randomBoolean() ? null : new RecommendSpec.Impressed(randomIntBetween(1, 1_000), randomTime())),
            new RecommendSpec.Rerank(randomBoolean() ? null : randomAlphaOfLengthBetween(1, 10), randomIntBetween(0, RecommendQueryParser.MAX_RERANK_WINDOW)),
            randomBoolean() ? null : new RecommendSpec.Diversity(randomAlphaOfLengthBetween(1, 10), randomIntBetween(1, 5)),
            randomBoolean() ? null : randomFrom("app", "web"),
            contextItems,
            randomBoolean() ? null : randomRules(),
            randomBoolean() ? null : randomLongBetween(0, 4_102_444_800_000L) // context.time, up to 2100
        );
    }

    /** A duration the parser takes: at least a minute. */
    private static TimeValue randomTime() {
        return randomFrom(TimeValue.timeValueMinutes(randomIntBetween(1, 600)), TimeValue.timeValueHours(randomIntBetween(1, 48)),
            TimeValue.timeValueDays(randomIntBetween(1, 365)));
    }

    /** Merchandising rules: pins at distinct positions, boosts and burials with filters; sometimes none at all ({}). */
    private static Rules randomRules() {
        List<String> pinned = distinctItems(0, 3);
        List<Rules.Pin> pins = new ArrayList<>();
        for (int i = 0; i < pinned.size(); i++) {
            pins.add(new Rules.Pin(pinned.get(i), i * 3 + randomIntBetween(0, 2)));
        }
        List<Rules.Boost> boosts = randomList(0, 2, () -> new Rules.Boost(randomInnerQuery(), randomFrom(0.5f, 2f, 100f)));
        List<Rules.Bury> buries = randomList(0, 2, () -> new Rules.Bury(randomInnerQuery()));
        return new Rules(pins, boosts, buries);
    }

    /** Each source off (0), small, or at its bound; at least one on, as the parser requires. */
    private static RecommendSpec.Budgets randomBudgets() {
        RecommendSpec.Budgets budgets;
        do {
            budgets = new RecommendSpec.Budgets(
                randomBudget(RecommendQueryParser.MAX_K),
                randomBudget(RecommendQueryParser.MAX_SIZE),
                randomBudget(RecommendQueryParser.MAX_SIZE),
                randomBudget(RecommendQueryParser.MAX_SIZE),
                randomBudget(RecommendQueryParser.MAX_NEIGHBORS),
                randomBoolean() ? RecommendSpec.Budgets.TRENDING_IN_FALLBACK : randomBudget(RecommendQueryParser.MAX_SIZE),
                randomTime()
            );
        } while (budgets.knnK() + budgets.cooccurrenceSize() + budgets.textWindow() + budgets.popularSize() + budgets.neighborsK()
            + Math.max(0, budgets.trendingSize()) == 0);
        return budgets;
    }

    private static int randomBudget(int max) {
        return switch (randomIntBetween(0, 3)) {
            case 0 -> 0;
            case 1 -> max;
            default -> randomIntBetween(1, 500);
        };
    }

    /** Item ids as a page or an exclusion list holds them: distinct (the parser keeps the first of duplicate context items). */
    private static List<String> distinctItems(int min, int max) {
        Set<String> items = new LinkedHashSet<>();
        int count = randomIntBetween(min, max);
        while (items.size() < count) {
            items.add("sku-" + randomAlphaOfLengthBetween(1, 6));
        }
        return List.copyOf(items);
    }

    /** Search-box queries and filters as a shop sends them, over the framework's mapped fields. */
    private static QueryBuilder randomInnerQuery() {
        return switch (randomIntBetween(0, 6)) {
            case 0 -> new TermQueryBuilder(KEYWORD_FIELD_NAME, randomAlphaOfLengthBetween(1, 8));
            case 1 -> new TermsQueryBuilder(KEYWORD_FIELD_NAME, randomList(1, 4, () -> randomAlphaOfLengthBetween(1, 8)));
            case 2 -> new MatchQueryBuilder(TEXT_FIELD_NAME, randomAlphaOfLengthBetween(1, 8));
            case 3 -> new ExistsQueryBuilder(randomFrom(KEYWORD_FIELD_NAME, INT_FIELD_NAME, TEXT_FIELD_NAME));
            case 4 -> new BoolQueryBuilder().filter(new TermQueryBuilder(KEYWORD_FIELD_NAME, randomAlphaOfLengthBetween(1, 8)))
                .mustNot(new TermQueryBuilder(BOOLEAN_FIELD_NAME, true));
            case 5 -> new TermsQueryBuilder(KEYWORD_FIELD_NAME, FOLLOWED_BRANDS); // fetched by the rewrite: see executeGet
            default -> new MatchAllQueryBuilder();
        };
    }

    /** Changes one thing a user can ask for: any of them makes another query. */
    @Override
    public RecommendQueryBuilder mutateInstance(RecommendQueryBuilder instance) throws IOException {
        RecommendSpec s = instance.spec();
        RecommendSpec mutated = switch (randomIntBetween(0, 14)) {
            case 0 -> new RecommendSpec(s.recommender() + "x", s.user(), s.query(), s.filter(), s.budgets(), s.exclude(), s.rerank(), s.diversity(),
                s.platform(), s.contextItems(), s.rules());
            case 1 -> new RecommendSpec(s.recommender(), new RecommendSpec.UserRef(s.user() == null ? "app" : s.user().platform(),
                s.user() == null ? "u1" : s.user().id() + "x"), s.query(), s.filter(), s.budgets(), s.exclude(), s.rerank(), s.diversity(), s.platform(),
                s.contextItems(), s.rules());
            case 2 -> s.withQueries(s.query() == null ? new MatchAllQueryBuilder() : null, s.filter());
            case 3 -> s.withQueries(s.query(), s.filter() == null ? new TermQueryBuilder(KEYWORD_FIELD_NAME, "red") : null);
            case 4 -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), new RecommendSpec.Budgets(s.budgets().knnK() == 7 ? 8 : 7,
                s.budgets().cooccurrenceSize(), s.budgets().textWindow(), s.budgets().popularSize(), s.budgets().neighborsK(), s.budgets().trendingSize(),
                s.budgets().trendingHalfLife()), s.exclude(), s.rerank(),
                s.diversity(), s.platform(), s.contextItems(), s.rules());
            case 5 -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), s.budgets(), new RecommendSpec.Exclusions(
                s.exclude().purchased() == false, s.exclude().items(), s.exclude().contextItems(), s.exclude().outOfStock(), s.exclude().seen(), s.exclude().impressed()), s.rerank(), s.diversity(),
                s.platform(), s.contextItems(), s.rules());
            case 6 -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), s.budgets(), new RecommendSpec.Exclusions(
                s.exclude().purchased(), append(s.exclude().items(), "sku-excluded"), s.exclude().contextItems(), s.exclude().outOfStock(), s.exclude().seen(), s.exclude().impressed()), s.rerank(),
                s.diversity(), s.platform(), s.contextItems(), s.rules());
            case 7 -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), s.budgets(), s.exclude(),
                new RecommendSpec.Rerank(s.rerank().model(), s.rerank().window() == 0 ? 1 : 0), s.diversity(), s.platform(), s.contextItems(), s.rules());
            case 8 -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), s.budgets(), s.exclude(), s.rerank(),
                s.diversity() == null ? new RecommendSpec.Diversity("brand", 2) : null, s.platform(), s.contextItems(), s.rules());
            case 9 -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), s.budgets(), s.exclude(), s.rerank(), s.diversity(),
                s.platform() == null ? "app" : null, s.contextItems(), s.rules());
            case 10 -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), new RecommendSpec.Budgets(s.budgets().knnK(),
                s.budgets().cooccurrenceSize(), s.budgets().textWindow(), s.budgets().popularSize(), s.budgets().neighborsK(),
                s.budgets().trendingSize() == 9 ? 10 : 9, s.budgets().trendingHalfLife()), s.exclude(), s.rerank(), s.diversity(), s.platform(),
                s.contextItems(), s.rules());
            case 11 -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), s.budgets(), new RecommendSpec.Exclusions(
                s.exclude().purchased(), s.exclude().items(), s.exclude().contextItems(), s.exclude().outOfStock(),
                s.exclude().seen() == null ? TimeValue.timeValueDays(7) : null, s.exclude().impressed()), s.rerank(), s.diversity(), s.platform(),
                s.contextItems(), s.rules());
            case 12 -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), s.budgets(), s.exclude(), s.rerank(), s.diversity(),
                s.platform(), s.contextItems(), s.rules() == null ? new Rules(List.of(new Rules.Pin("sku-pinned", 0)), List.of(), List.of()) : null);
            case 13 -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), s.budgets(), s.exclude(), s.rerank(), s.diversity(),
                s.platform(), s.contextItems(), s.rules(), s.time() == null ? Long.valueOf(1_320_796_800_000L) : Long.valueOf(s.time() + 1));
            default -> new RecommendSpec(s.recommender(), s.user(), s.query(), s.filter(), s.budgets(), s.exclude(), s.rerank(), s.diversity(),
                s.platform(), append(s.contextItems(), "sku-on-the-page"), s.rules());
        };
        if (randomBoolean()) {
            return changeNameOrBoost(instance);
        }
        RecommendQueryBuilder copy = new RecommendQueryBuilder(mutated, null);
        copy.boost(instance.boost()).queryName(instance.queryName());
        return copy;
    }

    private static List<String> append(List<String> list, String item) {
        List<String> longer = new ArrayList<>(list);
        longer.add(item);
        return List.copyOf(longer);
    }

    /** Requests as users write them: only what they need, the rest takes its default. */
    @Override
    protected Map<String, RecommendQueryBuilder> getAlternateVersions() {
        RecommendSpec minimal = new RecommendSpec("shop", new RecommendSpec.UserRef(null, "u42"), null, null, RecommendSpec.Budgets.DEFAULTS,
            RecommendSpec.Exclusions.DEFAULTS, RecommendSpec.Rerank.DEFAULTS, null, null, List.of(), null);
        RecommendSpec productPage = new RecommendSpec("shop", null, null, null, RecommendSpec.Budgets.DEFAULTS, RecommendSpec.Exclusions.DEFAULTS,
            RecommendSpec.Rerank.DEFAULTS, new RecommendSpec.Diversity("brand", 1), null, List.of("sku-1", "sku-2"), null);
        return Map.of(
            "{\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"u42\"}}}",
            new RecommendQueryBuilder(minimal, null),
            // a product page without a known shopper; a repeated item counts once; diversity defaults to one hit per value
            "{\"recommend\": {\"recommender\": \"shop\", \"context\": {\"items\": [\"sku-1\", \"sku-2\", \"sku-1\"]}, \"diversity\": {\"field\": \"brand\"}}}",
            new RecommendQueryBuilder(productPage, null)
        );
    }

    /**
     * An unknown field inside any part of the request fails and names the part and the field: the innermost cause, which
     * the REST response shows as its root cause.
     */
    public void testAnUnknownFieldInsideAPartIsNamed() {
        Map<String, String> bodies = Map.of(
            "[user] unknown field [name]", "\"user\": {\"id\": \"u1\", \"name\": \"x\"}",
            "[knn] unknown field [kk]", "\"user\": {\"id\": \"u1\"}, \"sources\": {\"knn\": {\"kk\": 3}}",
            "[sources] unknown field [vectors]", "\"user\": {\"id\": \"u1\"}, \"sources\": {\"vectors\": {\"k\": 3}}",
            "[exclude] unknown field [sold]", "\"user\": {\"id\": \"u1\"}, \"exclude\": {\"sold\": true}",
            "[rerank] unknown field [size]", "\"user\": {\"id\": \"u1\"}, \"rerank\": {\"size\": 10}",
            "[diversity] unknown field [max]", "\"user\": {\"id\": \"u1\"}, \"diversity\": {\"field\": \"brand\", \"max\": 2}",
            "[context] unknown field [device]", "\"user\": {\"id\": \"u1\"}, \"context\": {\"device\": \"ios\"}"
        );
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            String json = "{\"recommend\": {\"recommender\": \"shop\", " + body.getValue() + "}}";
            Throwable cause = expectThrows(XContentParseException.class, () -> parseQuery(json));
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(json, cause.getMessage(), containsString(body.getKey()));
        }
    }

    /** {@code context.time} takes what a date field takes: ISO-8601 or epoch milliseconds; anything else is named. */
    public void testTheRequestTimeIsReadAsADate() throws IOException {
        String prefix = "{\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"u1\"}, \"context\": {\"time\": ";
        long cut = 1_320_796_800_000L; // 2011-11-09T00:00:00Z
        for (String time : List.of("\"2011-11-09T00:00:00Z\"", "\"2011-11-09\"", String.valueOf(cut), "\"" + cut + "\"")) {
            RecommendQueryBuilder parsed = (RecommendQueryBuilder) parseQuery(prefix + time + "}}}");
            assertEquals(time, Long.valueOf(cut), parsed.spec().time());
        }
        assertNull("no context.time: the node's clock", ((RecommendQueryBuilder) parseQuery(
            "{\"recommend\": {\"recommender\": \"shop\", \"user\": {\"id\": \"u1\"}}}")).spec().time());
        Throwable cause = expectThrows(Exception.class, () -> parseQuery(prefix + "\"last tuesday\"}}}"));
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause.getMessage(), containsString("[recommend.context.time] cannot parse [last tuesday]"));
    }

    @Override
    protected GetResponse executeGet(GetRequest request) {
        assertEquals(FOLLOWED_BRANDS.index(), request.index());
        assertEquals(FOLLOWED_BRANDS.id(), request.id());
        BytesArray source = new BytesArray("{\"brands\": [\"acme\", \"zed\"]}");
        return new GetResponse(new GetResult(request.index(), request.id(), 0, 1, 1, true, source, null, null));
    }

    /**
     * Inner queries are rewritten before the recall runs: a terms lookup in {@code filter} is fetched, and the recall's
     * sources get the terms it read.
     */
    public void testATermsLookupInTheFilterIsFetchedBeforeTheRecallRuns() throws IOException {
        RecommendSpec spec = randomSpec().withQueries(null, new TermsQueryBuilder(KEYWORD_FIELD_NAME, FOLLOWED_BRANDS));
        QueryBuilder rewritten = rewriteQuery(new RecommendQueryBuilder(spec, null), new QueryShardContext(createShardContext()));
        assertThat(rewritten, instanceOf(RecommendQueryBuilder.class));
        assertEquals(new TermsQueryBuilder(KEYWORD_FIELD_NAME, "acme", "zed"), ((RecommendQueryBuilder) rewritten).spec().filter());
    }

    /**
     * A shard cannot run {@code recommend}: toQuery needs the coordinating rewrite, which runs the recall pipeline
     * against the recommender's indices (profiles, catalog, k-NN) and is covered on a real node by
     * {@link io.recsys.opensearch.it.RecommendSingleNodeTests}. What holds on a shard: its rewrite never starts the
     * pipeline (the framework's rewrite would run it, and the plugin is not initialized here), and toQuery refuses.
     */
    @Override
    public void testToQuery() throws IOException {
        QueryShardContext context = createShardContext();
        RecommendQueryBuilder query = createTestQueryBuilder();
        QueryBuilder rewritten = rewriteQuery(query, new QueryShardContext(context));
        assertThat(rewritten, instanceOf(RecommendQueryBuilder.class));
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> rewritten.toQuery(context));
        assertEquals(MUST_BE_REWRITTEN, e.getMessage());
    }

    /** The framework's hook for queries that must be rewritten first: unrewritten, a shard refuses with a clear message. */
    @Override
    public void testMustRewrite() {
        QueryShardContext context = createShardContext();
        RecommendQueryBuilder query = createTestQueryBuilder();
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> query.toQuery(context));
        assertEquals(MUST_BE_REWRITTEN, e.getMessage());
    }

    /**
     * Cacheability is a property of the Lucene query, which only the rewritten form builds: see
     * {@link CandidatesQueryBuilderTests} (testCacheability runs there on random candidates).
     */
    @Override
    public void testCacheability() {}

    @Override
    protected void doAssertLuceneQuery(RecommendQueryBuilder queryBuilder, Query query, QueryShardContext context) {
        throw new AssertionError("a shard never builds a Lucene query from [recommend]: see testToQuery");
    }
}
