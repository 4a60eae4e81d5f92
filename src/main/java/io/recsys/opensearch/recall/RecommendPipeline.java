package io.recsys.opensearch.recall;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.FusionMethod;
import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.candidate.Rules;
import io.recsys.opensearch.candidate.ShopperRegime;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.profile.ProfileState;
import io.recsys.opensearch.recommender.CatalogMapping;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.recommender.RecommenderMetadata;
import io.recsys.opensearch.rerank.FeatureExtractor;
import io.recsys.opensearch.rerank.Fusion;
import io.recsys.opensearch.rerank.Reranked;
import io.recsys.opensearch.rerank.Reranker;
import io.recsys.opensearch.settings.RecsysSettings;
import io.recsys.opensearch.stats.Counter;
import io.recsys.opensearch.stats.RecsysStats;
import io.recsys.opensearch.stats.Stage;
import org.opensearch.ExceptionsHelper;
import org.opensearch.action.StepListener;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.IndexNameExpressionResolver;
import org.opensearch.cluster.service.ClusterService;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.core.action.ActionListener;
import org.opensearch.index.query.QueryBuilder;
import org.opensearch.threadpool.ThreadPool;
import org.opensearch.transport.client.Client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Answers one {@code recommend} request on the coordinating node, asynchronously: profile lookup, the sources in
 * parallel (each within its time budget), the catalog check of the candidates, features, fusion, rules, re-ranking.
 * Its result ({@link RecommendResult}) is the candidate list the shards score.
 */
public final class RecommendPipeline {

    private final Supplier<ClusterState> clusterState;
    private final IndexNameExpressionResolver resolver;
    private final ThreadPool threadPool;
    private final RecsysStats stats;
    /** Time a source may take before the request goes on without it. */
    private final Supplier<TimeValue> sourceTimeout;
    /** How old the recommender's indicators may be for the co-occurrence source to read them. */
    private final Supplier<TimeValue> indicatorsMaxAge;
    /** Re-ranks the fused candidates; identity until a model is configured. */
    private final Reranker reranker;
    /** The recall sources, in {@link Source} order. */
    private final List<RecallSource> sources;
    /** The popular and trending rankings, kept on this node; the item_trend feature reads the trending one. */
    private final PopularItems popularItems;

    public RecommendPipeline(
        ClusterService clusterService,
        IndexNameExpressionResolver resolver,
        ThreadPool threadPool,
        RecsysStats stats,
        Supplier<TimeValue> sourceTimeout,
        Supplier<TimeValue> indicatorsMaxAge,
        Supplier<TimeValue> popularCacheTtl,
        Reranker reranker
    ) {
        this.clusterState = clusterService::state;
        this.resolver = resolver;
        this.threadPool = threadPool;
        this.stats = stats;
        this.sourceTimeout = sourceTimeout;
        this.indicatorsMaxAge = indicatorsMaxAge;
        this.reranker = reranker;
        this.popularItems = new PopularItems(clusterService::state, popularCacheTtl, System::nanoTime);
        this.sources = List.of(
            new KnnRecall(),
            new CooccurrenceRecall(new IndicatorLists(RecsysSettings.RECOMMEND_INDICATORS_CACHE_SIZE.get(clusterService.getSettings()))),
            new TextRecall(),
            new PopularRecall(popularItems),
            new NeighborsRecall(),
            new TrendingRecall(popularItems)
        );
    }

    /**
     * Answers one request.
     *
     * @param featuresShown whether the response or the feature log shows the candidates' features (they are computed
     *                      then even when no model reads them)
     */
    public void run(RecommendSpec spec, boolean featuresShown, Client client, ActionListener<RecommendResult> listener) {
        long start = System.nanoTime();
        stats.increment(Counter.QUERIES);
        RecommenderConfig config;
        int dimension;
        QueryBuilder outOfStock;
        Indicators.Fresh indicators;
        try {
            ClusterState state = clusterState.get();
            indicators = Indicators.fresh(state, spec.recommender(), indicatorsMaxAge.get(), System.currentTimeMillis());
            config = RecommenderMetadata.require(state, spec.recommender());
            CatalogMapping.CatalogInfo catalog = CatalogMapping.validate(state, resolver, config.catalog());
            dimension = catalog.dimension();
            outOfStock = spec.exclude().outOfStock() ? catalog.outOfStock() : null;
            checkDiversityField(state, spec, config);
        } catch (RuntimeException e) {
            listener.onFailure(e);
            return;
        }
        RecommenderIndices indices = RecommenderIndices.of(spec.recommender());
        long now = spec.timeOr(System.currentTimeMillis());
        ProfileLookup.resolve(client, indices, spec.user(), ActionListener.wrap(lookedUp -> PageContext.apply(client, config, spec.contextItems(),
            lookedUp, now, ActionListener.wrap(resolved -> {
            stats.recordStage(Stage.PROFILE_LOOKUP, System.nanoTime() - start);
            ProfileState profile = resolved.profile();
            int profileDimension = profile == null ? 0 : profile.longTerm().dimension();
            if (profileDimension != 0 && profileDimension != dimension) {
                listener.onFailure(new IllegalArgumentException(String.format(Locale.ROOT,
                    "[recommend.user] the profile's vector has dimension [%d] but the catalog field [%s] has dimension [%d]; re-ingest the user's events",
                    profileDimension, config.catalog().vectorField(), dimension)));
                return;
            }
            boolean withFeatures = featuresNeeded(spec, config, profile, featuresShown);
            Set<String> excluded = RecallContext.exclusions(spec, profile, now);
            ImpressedItems.find(client, indices.events(), spec.exclude().impressed(), profile, now, ActionListener.wrap(impressed -> {
                excluded.addAll(impressed);
                RecallContext context = new RecallContext(spec, config, indices, resolved.profileId(), profile, excluded, outOfStock, indicators,
                    new java.util.concurrent.ConcurrentHashMap<>(1024), withFeatures, now);
                recall(client, context, start, listener);
            }, listener::onFailure));
        }, listener::onFailure)), listener::onFailure));
    }

    /** The sources, then the candidates (fusion, re-ranking, rules), timed. */
    private void recall(Client client, RecallContext context, long start, ActionListener<RecommendResult> listener) {
        long recallStart = System.nanoTime();
        CatalogPrefetch catalog = new CatalogPrefetch(client, context);
        recallAll(client, context, catalog, ActionListener.wrap(results -> candidates(client, context, catalog, results, ActionListener.wrap(result -> {
            stats.recordStage(Stage.RECALL, System.nanoTime() - recallStart);
            stats.recordStage(Stage.TOTAL, System.nanoTime() - start);
            if (result.fallback() != null) {
                stats.increment(Counter.QUERY_FALLBACKS);
            }
            listener.onResponse(result);
        }, listener::onFailure)), listener::onFailure));
    }

    private static void checkDiversityField(ClusterState state, RecommendSpec spec, RecommenderConfig config) {
        if (spec.diversity() == null) {
            return;
        }
        for (var index : state.metadata().indices().values()) {
            if (index.getIndex().getName().equals(config.catalog().index()) || index.getAliases().containsKey(config.catalog().index())) {
                Map<String, Object> mapping = index.mapping() == null ? Map.of() : index.mapping().sourceAsMap();
                Map<String, Object> field = CatalogMapping.fieldMapping(mapping, spec.diversity().field());
                if (field == null) {
                    throw new IllegalArgumentException("[recommend.diversity.field] field [" + spec.diversity().field() + "] is not mapped in the catalog [" + config.catalog().index() + "]");
                }
                Object type = field.getOrDefault("type", "object");
                if (CatalogMapping.DIVERSITY_TYPES.contains(type) == false) {
                    throw new IllegalArgumentException("[recommend.diversity.field] field [" + spec.diversity().field() + "] in the catalog ["
                        + config.catalog().index() + "] is of type [" + type + "]: diversity groups by a single value, one of " + CatalogMapping.DIVERSITY_TYPES);
                }
            }
        }
    }

    /**
     * All sources in parallel; a source over its budget or failing on the server side is left out with a note (with a
     * budget of 0, every source the request asks for is left out without being run). Once
     * every source but k-NN (the slowest) has answered, their candidates' catalog lookup starts, while k-NN still runs
     * ({@link CatalogPrefetch}).
     */
    private void recallAll(Client client, RecallContext context, CatalogPrefetch catalog, ActionListener<List<SourceResult>> listener) {
        List<SourceResult> results = new CopyOnWriteArrayList<>();
        AtomicInteger pending = new AtomicInteger(sources.size());
        List<String> toLookUp = new CopyOnWriteArrayList<>();
        AtomicInteger beforeLookup = new AtomicInteger((int) sources.stream().filter(s -> s.source() != Source.KNN).count());
        AtomicBoolean failed = new AtomicBoolean();
        TimeValue timeout = sourceTimeout.get();
        for (RecallSource recall : sources) {
            Source source = recall.source();
            AtomicBoolean done = new AtomicBoolean();
            BiConsumer<SourceResult, Exception> complete = (result, error) -> {
                if (done.compareAndSet(false, true) == false) {
                    return;
                }
                if (error != null) {
                    if (ExceptionsHelper.status(error).getStatus() < 500) {
                        if (failed.compareAndSet(false, true)) {
                            listener.onFailure(error); // the user's mistake (a bad filter, say): say so rather than hide it
                        }
                        return;
                    }
                    result = SourceResult.empty(source, source.jsonName() + ": failed (" + ExceptionsHelper.unwrapCause(error).getMessage() + "), left out");
                }
                results.add(result);
                if (source != Source.KNN) {
                    toLookUp.addAll(result.ids());
                    if (beforeLookup.decrementAndGet() == 0) {
                        catalog.start(List.copyOf(toLookUp));
                    }
                }
                if (pending.decrementAndGet() == 0 && failed.get() == false) {
                    listener.onResponse(results);
                }
            };
            SourceResult cutOff = SourceResult.empty(source, source.jsonName() + ": cut off after its time budget of " + timeout
                + " (setting recsys.recommend.source_timeout)");
            Runnable cancelTimer;
            if (timeout.nanos() == 0) {
                // no time at all: a source asked for is cut off before its read starts, not in a race with a timer
                if (source.askedFor(context.spec())) {
                    stats.increment(Counter.QUERY_TIMEOUTS);
                    complete.accept(cutOff, null);
                    continue;
                }
                cancelTimer = () -> {}; // turned off: it answers at once, with nothing read
            } else {
                var timer = threadPool.schedule(() -> {
                    if (done.get() == false) {
                        stats.increment(Counter.QUERY_TIMEOUTS);
                    }
                    complete.accept(cutOff, null);
                }, timeout, ThreadPool.Names.GENERIC);
                cancelTimer = timer::cancel;
            }
            try {
                recall.recall(client, context, ActionListener.wrap(result -> {
                    cancelTimer.run();
                    complete.accept(result, null);
                }, e -> {
                    cancelTimer.run();
                    complete.accept(null, e);
                }));
            } catch (RuntimeException e) {
                cancelTimer.run();
                complete.accept(null, e);
            }
        }
    }

    /**
     * Merges the sources' ranks, keeps candidates that pass the catalog filter, computes features (when the request
     * needs them: {@link RecallContext#withFeatures()}), fuses, orders.
     */
    private void candidates(
        Client client,
        RecallContext context,
        CatalogPrefetch catalog,
        List<SourceResult> results,
        ActionListener<RecommendResult> listener
    ) {
        Map<String, int[]> ranks = new LinkedHashMap<>();
        Map<String, float[]> scores = new LinkedHashMap<>();
        float[] best = new float[Source.values().length];
        Map<String, Double> trending = new HashMap<>();
        boolean trendingRan = false;
        List<String> notes = new ArrayList<>();
        results.sort(Comparator.comparing(SourceResult::source));
        for (SourceResult result : results) {
            if (result.note() != null) {
                notes.add(result.note());
            }
            int source = result.source().ordinal();
            trendingRan |= result.source() == Source.TRENDING && result.ids().isEmpty() == false;
            for (int i = 0; i < result.ids().size(); i++) {
                String id = result.ids().get(i);
                ranks.computeIfAbsent(id, k -> new int[Source.values().length])[source] = i + 1;
                float score = result.scores().get(i);
                scores.computeIfAbsent(id, k -> new float[Source.values().length])[source] = score;
                best[source] = Math.max(best[source], score);
                if (result.source() == Source.TRENDING) {
                    trending.put(id, (double) score);
                }
            }
        }
        List<String> ids = new ArrayList<>(ranks.keySet());
        // The lookups run in parallel; the catalog one decides which candidates survive.
        StepListener<Map<String, Long>> counts = new StepListener<>();
        StepListener<Map<String, Double>> trendingScores = new StepListener<>();
        if (context.withFeatures()) {
            PopularRecall.counts(client, context, ids, ActionListener.wrap(counts::onResponse, e -> counts.onResponse(Map.of())));
            if (trendingRan) {
                trendingScores.onResponse(trending);
            } else {
                trendingRanking(client, context, trendingScores);
            }
        } else {
            counts.onResponse(Map.of()); // only the popularity and trend features read them
            trendingScores.onResponse(Map.of());
        }
        catalog.details(ids, ActionListener.wrap(
            details -> counts.whenComplete(interactions -> trendingScores.whenComplete(trend -> assemble(client, context, ids, ranks, scores, best,
                details, interactions, trend, notes, listener), listener::onFailure), listener::onFailure),
            listener::onFailure));
    }

    /**
     * The trending ranking the fallback's trending source reads (kept on this node, {@link PopularItems}), for the
     * item_trend feature of a request whose trending source did not run: no search of its own while the ranking is
     * cached. Items outside it have a trend of 0; a failure leaves every trend at 0.
     */
    private void trendingRanking(Client client, RecallContext context, ActionListener<Map<String, Double>> listener) {
        int size = PopularRecall.cacheableSize(RecommendSpec.Budgets.FALLBACK_TRENDING_SIZE * PopularRecall.OVERFETCH);
        long halfLife = context.spec().budgets().trendingHalfLife().millis();
        popularItems.trending(client, context.indices().events(), size, halfLife, ActionListener.wrap(ranking -> {
            Map<String, Double> trend = new HashMap<>();
            for (int i = 0; i < ranking.items().size(); i++) {
                trend.put(ranking.items().get(i), ranking.scores().get(i));
            }
            listener.onResponse(trend);
        }, e -> listener.onResponse(Map.of())));
    }

    private void assemble(
        Client client,
        RecallContext context,
        List<String> ids,
        Map<String, int[]> ranks,
        Map<String, float[]> scores,
        float[] best,
        Map<String, CatalogItems.Details> details,
        Map<String, Long> counts,
        Map<String, Double> trending,
        List<String> notes,
        ActionListener<RecommendResult> listener
    ) {
        FeatureExtractor features = context.withFeatures() ? new FeatureExtractor(context.profile(), context.spec().platform(), context.now()) : null;
        ShopperRegime regime = ShopperRegime.of(context.inSession());
        FusionMethod method = regime.fusionMethod();
        List<Candidate> fused = new ArrayList<>();
        Map<String, String> diversityValues = new LinkedHashMap<>();
        for (String id : ids) {
            CatalogItems.Details detail = details.get(id);
            if (detail == null) {
                continue; // filtered out, excluded, not matching the text query, or not in the catalog
            }
            int[] sourceRanks = ranks.get(id);
            float[] raw = scores.get(id);
            float[] normalized = new float[raw.length];
            for (int s = 0; s < raw.length; s++) {
                normalized[s] = sourceRanks[s] > 0 ? FeatureExtractor.normalized(raw[s], best[s]) : 0f;
            }
            float[] values = context.withFeatures()
                ? features.compute(detail.item(), sourceRanks, normalized, counts.getOrDefault(id, 0L), trending.getOrDefault(id, 0d))
                : Candidate.NO_FEATURES;
            float score = Fusion.score(method, sourceRanks, normalized, context.config().fusion());
            fused.add(new Candidate(id, score, score, sourceRanks, normalized, values, Float.NaN, detail.address()));
            if (context.spec().diversity() != null) {
                diversityValues.put(id, detail.diversityValue());
            }
        }
        fused.sort(Comparator.comparingDouble(Candidate::fused).reversed().thenComparing(Candidate::id));
        String fallback = fallback(context);
        long rerankStart = System.nanoTime();
        // Without a profile nearly every feature is 0, a region no model is trained on: the fallback keeps the fused order.
        Reranker rerankerForRequest = fallback == null ? reranker : (s, c, r, candidates, n, l) -> {
            n.add("rerank: skipped for the fallback, which has no user features to score");
            l.onResponse(Reranked.fused(candidates));
        };
        rerankerForRequest.rerank(context.spec(), context.config(), regime, fused, notes, ActionListener.wrap(reranked -> {
            stats.recordStage(Stage.RERANK, System.nanoTime() - rerankStart);
            Rules rules = MerchandisingRules.of(context);
            if (rules.isEmpty()) {
                finish(context, method, diversify(context, reranked.candidates(), diversityValues), fallback, notes, reranked, listener);
                return;
            }
            MerchandisingRules.match(client, context, rules, reranked.candidates(), ActionListener.wrap(matches -> {
                List<Candidate> ordered = diversify(context, MerchandisingRules.boostAndBury(reranked.candidates(), rules, matches), diversityValues);
                finish(context, method, MerchandisingRules.pin(ordered, rules, matches, notes), fallback, notes, reranked, listener);
            }, listener::onFailure));
        }, listener::onFailure));
    }

    private static List<Candidate> diversify(RecallContext context, List<Candidate> ranked, Map<String, String> diversityValues) {
        if (context.spec().diversity() == null) {
            return ranked;
        }
        return Diversifier.apply(ranked, c -> diversityValues.get(c.id()), context.spec().diversity().maxPerValue());
    }

    private void finish(RecallContext context, FusionMethod method, List<Candidate> ordered, String fallback, List<String> notes, Reranked reranked,
        ActionListener<RecommendResult> listener) {
        RecommendSpec.UserRef asked = context.spec().user();
        String user = context.profileId() != null ? context.profileId()
            : asked == null ? PageContext.PAGE_ONLY : asked.platform() == null ? asked.id() : asked.platform() + ":" + asked.id();
        tellTheClient(fallback, notes);
        listener.onResponse(new RecommendResult(context.config().catalog().idField(), ordered, fallback, notes, reranked.model(),
            reranked.modelVersion(), context.spec().recommender(), user, context.config().fusion(), method));
    }

    /** Response header with the request's notes, since a result cut to nothing by a time budget has no hit to explain. */
    public static final String NOTES_HEADER = "X-Recsys-Notes";

    private void tellTheClient(String fallback, List<String> notes) {
        var threadContext = threadPool.getThreadContext();
        if (fallback != null) {
            threadContext.addResponseHeader(NOTES_HEADER, "fallback [" + fallback + "]");
        }
        for (String note : notes) {
            threadContext.addResponseHeader(NOTES_HEADER, note);
        }
    }

    /**
     * Whether the candidates' feature values are read by anything: a model re-ranking them (never in a fallback, never
     * when neither the request nor the recommender names one), or the response or the feature log showing them. The
     * fused order needs only the sources' ranks.
     */
    static boolean featuresNeeded(RecommendSpec spec, RecommenderConfig config, ProfileState profile, boolean shown) {
        boolean modelNamed = spec.rerank().model() != null || config.model() != null;
        return shown || fallback(profile) == null && spec.rerank().window() > 0 && modelNamed;
    }

    /** Which fallback the request took, for explain and stats. */
    static String fallback(RecallContext context) {
        return fallback(context.profile());
    }

    private static String fallback(ProfileState profile) {
        if (profile == null) {
            return "no_profile: unknown user, answered by the text, popular and trending sources";
        }
        if (profile.longTerm().mean() == null && profile.recent().isEmpty()) {
            return "empty_profile: no history yet, answered by the text, popular and trending sources";
        }
        return null;
    }
}
