package io.recsys.opensearch.tools.xplat;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.tools.console.Progress;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.embed.ItemEmbedder;
import io.recsys.opensearch.tools.eval.Metric;
import io.recsys.opensearch.tools.eval.Protocols;
import io.recsys.opensearch.tools.eval.RecommendClient;
import io.recsys.opensearch.tools.eval.Replay;
import io.recsys.opensearch.tools.eval.Split;
import io.recsys.opensearch.tools.eval.Targets;
import io.recsys.opensearch.tools.eval.TestCase;
import io.recsys.opensearch.tools.eval.Variant;
import io.recsys.opensearch.tools.load.EventWriter;
import io.recsys.opensearch.tools.load.IdentityLinker;
import io.recsys.opensearch.tools.load.IdentityMode;
import io.recsys.opensearch.tools.load.Loader;
import io.recsys.opensearch.tools.rest.ClusterClient;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The cross-platform check: recommendations served on one platform to users whose history is on another, with their
 * identities linked and not linked.
 *
 * <ol>
 *   <li>Temporal split at the cut. The training events are loaded with <b>device</b> identities (each event under the
 *       user's anonymous id on the event's pseudo-platform) and no link at all.</li>
 *   <li>Test users: users whose training events are all on one platform A and who have new items after the cut. Their
 *       "other" platform B is the first of their platforms that is not A (every user has 2 or 3, so B exists; B's device
 *       has no training event).</li>
 *   <li>Before any link: <b>single identity</b> = query as the A device from A (the profile holds the whole history);
 *       <b>unlinked</b> = query as the B device from B (an unknown device: the plugin's fallback), also with
 *       {@code rerank.window} 0; <b>popularity</b> = the popular source alone.</li>
 *   <li>Then each test user's devices are linked to the user id ({@code identities/_link}, which merges the profiles),
 *       and <b>linked</b> = query as the B device from B again.</li>
 * </ol>
 * Targets: linked recovers ≥ 90% of single-identity NDCG@10; unlinked falls to the popularity level.
 */
public final class CrossPlatformCheck {

    /** The four measurements, each over the same users. */
    public record Result(Map<String, Map<Integer, Map<Metric, Double>>> modes, int users, int eligibleBeforeSample, String protocol, List<String> notes) {
        public double ndcg(String mode, int k) {
            return modes.get(mode).get(k).get(Metric.NDCG);
        }
    }

    public static final String SINGLE = "single identity (device A, from A)";
    public static final String UNLINKED = "unlinked (device B, from B)";
    public static final String UNLINKED_NO_RERANK = "unlinked, rerank.window 0";
    public static final String LINKED = "linked (device B, from B)";
    public static final String POPULAR = "popularity (popular source alone)";

    private final ClusterClient client;
    private final PrintStream out;

    public CrossPlatformCheck(ClusterClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    /**
     * @param log         the log with platforms (pseudo-platform split applied)
     * @param recommender the check's own recommender (replaced)
     */
    public Result run(EventLog log, PlatformSplit split, long cut, String recommender, ItemEmbedder.Settings embedding, int dimension,
                      Replay.Settings replay, int maxUsers) {
        Split temporal = Protocols.temporal(log, cut, Targets.NEW);
        Map<String, TreeSet<String>> trainPlatforms = IdentityLinker.platformsUsed(temporal.train());
        List<TestCase> onePlatform = new ArrayList<>();
        for (TestCase testCase : temporal.cases()) {
            if (trainPlatforms.get(testCase.user()).size() == 1) {
                onePlatform.add(testCase);
            }
        }
        int eligible = onePlatform.size();
        if (maxUsers > 0 && onePlatform.size() > maxUsers) {
            onePlatform.sort(java.util.Comparator.comparingLong(c -> io.recsys.opensearch.common.retail.StableHash.of(split.seed(), "xplat", c.user())));
            onePlatform = new ArrayList<>(onePlatform.subList(0, maxUsers));
        }
        if (onePlatform.isEmpty()) {
            throw new IllegalArgumentException("no user has all training events on one platform and new items after the cut: nothing to check");
        }
        out.printf(Locale.ROOT, "cross-platform: %,d of %,d test users have all training events on one platform; checking %,d%n", eligible,
            temporal.cases().size(), onePlatform.size());

        String catalog = recommender + "-catalog";
        Loader.Plan plan = new Loader.Plan(recommender, catalog, dimension, 1, true, embedding, IdentityMode.DEVICE, 0, null,
            EventWriter.DEFAULT_BATCH, Map.of("check", "cross-platform"));
        Loader loader = new Loader(client, out);
        loader.loadCatalog(plan, log.withInteractions(temporal.train()));
        loader.loadEvents(plan, temporal.train(), split);
        client.expectOk("POST", "/recsys-" + recommender + "-*/_refresh", null);

        List<TestCase> single = new ArrayList<>(), other = new ArrayList<>();
        Map<String, List<String>> devices = new LinkedHashMap<>();
        for (TestCase testCase : onePlatform) {
            String a = trainPlatforms.get(testCase.user()).first();
            String b = split.platformsOf(testCase.user()).stream().filter(p -> p.equals(a) == false).findFirst().orElseThrow();
            single.add(testCase.as(Map.of("platform", a, "id", split.deviceOf(testCase.user(), a)), a));
            other.add(testCase.as(Map.of("platform", b, "id", split.deviceOf(testCase.user(), b)), b));
            devices.put(testCase.user(), List.of(a, b));
        }
        RecommendClient recommend = new RecommendClient(client, catalog, recommender);
        Replay replayer = new Replay(client, recommend, null, replay, out);
        Map<String, Map<Integer, Map<Metric, Double>>> modes = new LinkedHashMap<>();
        out.println("before linking: single identity, unlinked, popularity");
        modes.put(SINGLE, replayer.run(single, List.of(Variant.FULL)).metrics().get(Variant.FULL));
        // the same unknown device without re-ranking: separates what the fallback recalls from how the model orders it
        Replay.Result unlinked = replayer.run(other, List.of(Variant.FULL, Variant.FULL_NO_RERANK, Variant.POPULAR));
        modes.put(UNLINKED, unlinked.metrics().get(Variant.FULL));
        modes.put(UNLINKED_NO_RERANK, unlinked.metrics().get(Variant.FULL_NO_RERANK));
        modes.put(POPULAR, unlinked.metrics().get(Variant.POPULAR));

        IdentityLinker linker = new IdentityLinker(client, recommender, split);
        try (Progress progress = Progress.start("identity links", devices.size(), out)) {
            devices.forEach((user, platforms) -> {
                linker.link(user, new TreeSet<>(platforms));
                progress.accept(1);
            });
        }
        client.expectOk("POST", "/recsys-" + recommender + "-*/_refresh", null);
        out.println("after linking each test user's devices A and B to the user id: linked");
        modes.put(LINKED, replayer.run(other, List.of(Variant.FULL)).metrics().get(Variant.FULL));

        List<String> notes = new ArrayList<>(temporal.notes());
        notes.add(String.format(Locale.ROOT, "%,d of those users have every training event on one platform (A); %,d checked", eligible, onePlatform.size()));
        return new Result(modes, onePlatform.size(), eligible, temporal.protocol(), notes);
    }
}
