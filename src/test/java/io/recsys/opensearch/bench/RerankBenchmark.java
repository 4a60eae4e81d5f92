package io.recsys.opensearch.bench;

import io.recsys.opensearch.candidate.Candidate;
import io.recsys.opensearch.candidate.Feature;
import io.recsys.opensearch.candidate.RecommendSpec;
import io.recsys.opensearch.candidate.ShopperRegime;
import io.recsys.opensearch.candidate.Source;
import io.recsys.opensearch.model.InferencePool;
import io.recsys.opensearch.model.ModelCache;
import io.recsys.opensearch.model.ModelInfo;
import io.recsys.opensearch.model.ModelRegistryMetadata;
import io.recsys.opensearch.model.ModelStore;
import io.recsys.opensearch.model.OnnxGraphs;
import io.recsys.opensearch.model.OnnxModel;
import io.recsys.opensearch.recall.RecallContext;
import io.recsys.opensearch.recommender.CatalogConfig;
import io.recsys.opensearch.recommender.EventsConfig;
import io.recsys.opensearch.recommender.RecommenderConfig;
import io.recsys.opensearch.recommender.RecommenderIndices;
import io.recsys.opensearch.rerank.ModelReranker;
import io.recsys.opensearch.rerank.Reranked;
import io.recsys.opensearch.stats.RecsysStats;
import org.opensearch.cluster.ClusterName;
import org.opensearch.cluster.ClusterState;
import org.opensearch.cluster.metadata.Metadata;
import org.opensearch.common.settings.Settings;
import org.opensearch.core.action.ActionListener;
import org.opensearch.threadpool.ThreadPool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Re-ranking latency for 300 candidates with an MLP 14 → 256 → 128 → 1 (ReLU), on this machine, with the real ONNX
 * Runtime and the plugin's own re-ranking code:
 * <ol>
 *   <li><b>engine</b>: fill the reused direct buffer, one {@code run()}, order and map the scores (what a request's
 *       re-ranking costs on an inference thread);</li>
 *   <li><b>rerank</b>: the whole {@link ModelReranker#rerank} call as the recommend pipeline makes it: registry
 *       lookup, cache lease, hand-off to the bounded inference pool and back (the latency a query sees added);</li>
 *   <li>the same under 2 concurrent callers (2 cores);</li>
 *   <li>memory: serialized size and the process's resident-memory growth per loaded session.</li>
 * </ol>
 * Run: {@code mvn -B -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test
 *   -Dexec.mainClass=io.recsys.opensearch.bench.RerankBenchmark}
 * (optional arguments: iterations, default 3000).
 */
public final class RerankBenchmark {

    static final int CANDIDATES = 300;
    static final int[] HIDDEN = { 256, 128 };

    private RerankBenchmark() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int columns = Feature.values().length;
        byte[] bytes = OnnxGraphs.mlp(columns, HIDDEN, 42);
        List<Candidate> fused = candidates(new Random(7));
        System.out.printf(Locale.ROOT, "MLP %d -> %s -> 1, %d candidates, %d iterations, %d cores, %s%n", columns, Arrays.toString(HIDDEN), CANDIDATES,
            iterations, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " + Runtime.version());

        long rssBefore = rssBytes();
        List<OnnxModel> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sessions.add(OnnxGraphs.load(bytes, columns, "bench"));
        }
        long rssAfter = rssBytes();
        System.out.printf(Locale.ROOT, "memory: model %,d bytes serialized; resident memory +%,.1f MB per loaded session (10 sessions: +%,.1f MB)%n",
            bytes.length, (rssAfter - rssBefore) / 10 / 1e6, (rssAfter - rssBefore) / 1e6);
        for (int i = 1; i < sessions.size(); i++) {
            sessions.get(i).close();
        }
        OnnxModel model = sessions.get(0);

        engine(model, fused, iterations);

        ModelInfo info = new ModelInfo("bench-mlp", 1, Feature.allNames(), "bench", ModelStore.sha256(bytes), bytes.length, "blob", 1, 0);
        ClusterState state = ClusterState.builder(ClusterName.DEFAULT)
            .metadata(Metadata.builder().putCustom(ModelRegistryMetadata.TYPE, ModelRegistryMetadata.EMPTY.withModel(info)))
            .build();
        Settings settings = Settings.builder().put("node.name", "bench").build();
        ThreadPool threadPool = new ThreadPool(settings, InferencePool.executorBuilder(settings));
        ModelCache cache = new ModelCache((m, l) -> l.onResponse(model), new RecsysStats(), Long.MAX_VALUE);
        ModelReranker reranker = new ModelReranker(() -> state, cache, null, threadPool, new RecsysStats(), () -> org.opensearch.common.unit.TimeValue.timeValueSeconds(10));
        RecallContext context = context();
        try {
            rerank(reranker, context, fused, iterations, 1);
            rerank(reranker, context, fused, iterations, 2);
        } finally {
            ThreadPool.terminate(threadPool, 10, TimeUnit.SECONDS);
            cache.close();
        }
    }

    private static void engine(OnnxModel model, List<Candidate> fused, int iterations) throws Exception {
        java.nio.FloatBuffer buffer = java.nio.ByteBuffer.allocateDirect(CANDIDATES * Feature.values().length * Float.BYTES)
            .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
        float[] outputs = new float[CANDIDATES];
        long[] nanos = new long[iterations];
        for (int i = -iterations / 5; i < iterations; i++) { // the first fifth warms up
            long start = System.nanoTime();
            int at = 0;
            for (Candidate candidate : fused) {
                for (float value : candidate.features()) {
                    buffer.put(at++, value);
                }
            }
            model.score(buffer, CANDIDATES, outputs);
            List<Candidate> ordered = io.recsys.opensearch.rerank.RerankScores.apply(fused, CANDIDATES, outputs);
            if (ordered.size() != CANDIDATES) {
                throw new IllegalStateException();
            }
            if (i >= 0) {
                nanos[i] = System.nanoTime() - start;
            }
        }
        report("engine (fill + run + order), 1 thread", nanos);
    }

    private static void rerank(ModelReranker reranker, RecallContext context, List<Candidate> fused, int iterations, int callers) throws Exception {
        long[][] nanos = new long[callers][iterations];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            long[] mine = nanos[c];
            Thread thread = new Thread(() -> {
                for (int i = -iterations / 5; i < iterations; i++) {
                    long start = System.nanoTime();
                    CompletableFuture<Reranked> done = new CompletableFuture<>();
                    reranker.rerank(context.spec(), context.config(), ShopperRegime.RETURNING, fused, new ArrayList<>(), ActionListener.wrap(done::complete, done::completeExceptionally));
                    Reranked result = done.join();
                    if (result.model() == null) {
                        throw new IllegalStateException("not re-ranked");
                    }
                    if (i >= 0) {
                        mine[i] = System.nanoTime() - start;
                    }
                }
            });
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        report("rerank() with pool hand-off, " + callers + " concurrent caller" + (callers > 1 ? "s" : ""), Arrays.stream(nanos).flatMapToLong(Arrays::stream).toArray());
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        System.out.printf(Locale.ROOT, "%-48s p50 %7.3f ms   p90 %7.3f ms   p99 %7.3f ms   mean %7.3f ms   (n=%d)%n", what,
            sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, mean / 1e6, sorted.length);
    }

    /** 300 candidates with plausible feature values (scores in [0, 1], flags 0/1, popularity a log count). */
    static List<Candidate> candidates(Random random) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < CANDIDATES; i++) {
            float[] f = new float[Feature.values().length];
            for (Feature feature : Feature.values()) {
                f[feature.ordinal()] = switch (feature) {
                    case POPULARITY -> (float) Math.log1p(random.nextInt(1000));
                    case PRICE_RATIO -> 0.2f + 2 * random.nextFloat();
                    case CATEGORY_SEEN, ITEM_SEEN, FROM_KNN, FROM_COOCCURRENCE, FROM_TEXT, FROM_POPULAR, PLATFORM_MATCH -> random.nextBoolean() ? 1 : 0;
                    default -> random.nextFloat();
                };
            }
            int[] ranks = new int[Source.values().length];
            ranks[Source.KNN.ordinal()] = i + 1;
            candidates.add(new Candidate("item-" + i, 1f / (61 + i), 1f / (61 + i), ranks, f, Float.NaN, null));
        }
        return candidates;
    }

    private static RecallContext context() {
        RecommendSpec spec = new RecommendSpec("bench", new RecommendSpec.UserRef(null, "u1"), null, null, RecommendSpec.Budgets.DEFAULTS,
            RecommendSpec.Exclusions.DEFAULTS, new RecommendSpec.Rerank("bench-mlp", CANDIDATES), null, null, java.util.List.of(), null);
        RecommenderConfig config = new RecommenderConfig(new CatalogConfig("products", CatalogConfig.DEFAULT_ID_FIELD, CatalogConfig.DEFAULT_VECTOR_FIELD,
            CatalogConfig.DEFAULT_CATEGORY_FIELD, CatalogConfig.DEFAULT_TEXT_FIELDS, CatalogConfig.DEFAULT_PRICE_FIELD, CatalogConfig.DEFAULT_STOCK_FIELD),
            EventsConfig.defaults(), "bench-mlp");
        return new RecallContext(spec, config, RecommenderIndices.of("bench"), "u1", null, java.util.Set.of(), null, io.recsys.opensearch.recall.Indicators.Fresh.NONE, new java.util.HashMap<>(), true, System.currentTimeMillis());
    }

    private static long rssBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
