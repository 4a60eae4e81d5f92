package io.recsys.opensearch.tools.eval;

import io.recsys.opensearch.common.retail.PlatformSplit;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.embed.ItemEmbedder;
import io.recsys.opensearch.tools.eval.reference.ReferenceEvaluation;
import io.recsys.opensearch.tools.load.CatalogIndex;
import io.recsys.opensearch.tools.load.EventWriter;
import io.recsys.opensearch.tools.load.IdentityMode;
import io.recsys.opensearch.tools.load.IndicatorsBuild;
import io.recsys.opensearch.tools.load.Loader;
import io.recsys.opensearch.tools.load.RecommenderSetup;
import io.recsys.opensearch.tools.rest.Json;
import io.recsys.opensearch.tools.report.EvaluationReport;
import io.recsys.opensearch.tools.rest.ClusterClient;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One protocol end to end: loads the split's training events into a recommender of its own (catalog, vectors trained on
 * those events only, profiles), computes the reference recommenders client-side on the same training events, replays the
 * test cases (and apart from them those of users without training events), and returns the run for the report.
 */
public final class Evaluation {

    /**
     * @param recommender  the evaluation's recommender (its catalog is {@code <recommender>-catalog})
     * @param embedding    how vectors are trained
     * @param dimension    their dimension
     * @param model        model id or alias of the recommender, or null for the plugin's default
     * @param reuse        skip loading when the catalog records the same fingerprint
     * @param fingerprint  what identifies the loaded data (file, sample, seed, protocol, embedding)
     * @param replay       replay settings
     * @param variants     the query variants to measure
     * @param seed         seeds the references' validation split (EASE's λ)
     */
    public record Plan(String recommender, ItemEmbedder.Settings embedding, int dimension, String model, boolean reuse, String fingerprint,
                       Replay.Settings replay, List<Variant> variants, long seed, IndicatorsBuild.Scoring indicators,
                       Map<String, Float> fusionWeights) {}


    private final ClusterClient client;
    private final PrintStream out;
    private final ReferenceEvaluation references;

    /** @param references computes the references; one instance for several protocols keeps a fit they share */
    public Evaluation(ClusterClient client, PrintStream out, ReferenceEvaluation references) {
        this.client = client;
        this.out = out;
        this.references = references;
    }

    public EvaluationReport.Run run(EventLog log, Split split, PlatformSplit platforms, Plan plan) {
        out.printf(Locale.ROOT, "%n== %s: %,d training events, %,d test queries%n", split.protocol(), split.train().size(), split.cases().size());
        split.notes().forEach(n -> out.println("  " + n));
        String catalog = plan.recommender() + "-catalog";
        // first, while the cluster is idle: the references need only the split
        ReferenceEvaluation.Result referenceResult = references.run(split, new ReferenceEvaluation.Settings(plan.replay().ks(), plan.replay().targets(),
            plan.replay().catalog(), split.cases().stream().anyMatch(c -> c.reveal().isEmpty() == false), plan.seed()));
        Loader.Plan load = new Loader.Plan(plan.recommender(), catalog, plan.dimension(), 1, true, plan.embedding(), IdentityMode.USER, 0, plan.model(),
            EventWriter.DEFAULT_BATCH, Map.of("fingerprint", plan.fingerprint()));
        List<String> setup = new ArrayList<>();
        Object recorded = new CatalogIndex(client, catalog).meta().get("fingerprint");
        boolean exists = client.send("GET", "/_plugins/_recsys/recommenders/" + plan.recommender(), null).ok();
        // a protocol that sends events during the replay (session next-item) changes the profiles: never reuse its state
        boolean replayWrites = split.cases().stream().anyMatch(c -> c.reveal().isEmpty() == false);
        if (plan.reuse() && replayWrites) {
            out.printf("--reuse ignored for %s: its replay sent events into the profiles, so it is reloaded%n", split.protocol());
        }
        if (plan.reuse() && replayWrites == false && exists && plan.fingerprint().equals(recorded)) {
            out.printf("recommender [%s] already holds this split (--reuse): not reloading%n", plan.recommender());
            setup.add("loaded earlier into recommender `" + plan.recommender() + "` (reused)");
        } else {
            Loader loader = new Loader(client, out);
            loader.loadCatalog(load, log.withInteractions(split.train()));
            EventWriter.Result result = loader.loadEvents(load, split.train(), platforms);
            setup.add(String.format(Locale.ROOT, "loaded into recommender `%s` (catalog `%s`): %,d events accepted, %,d refused", plan.recommender(), catalog,
                result.accepted(), result.refused()));
        }
        setup.add(String.format(Locale.ROOT, "item vectors: %d-d implicit ALS trained on the training events only (%s)", plan.dimension(),
            plan.embedding().als()));
        if (plan.fusionWeights().isEmpty() == false) {
            // an update keeps the recommender's profiles and events
            new RecommenderSetup(client).put(plan.recommender(), catalog, plan.model(), false, plan.fusionWeights());
            setup.add("fusion weights (`--fusion-weights`): " + plan.fusionWeights());
        }
        // the events just written must be searchable for the popular and co-occurrence sources
        client.expectOk("POST", "/recsys-" + plan.recommender() + "-*/_refresh", null);
        if (plan.indicators() != null) {
            // after the training events, before the replay: the session protocol's revealed events reach the profiles, not
            // the indicators, as in production
            setup.add(new IndicatorsBuild(client, out).build(plan.recommender(), plan.indicators()));
        } else {
            client.send("DELETE", "/" + plan.recommender() + "-indicators-*", null);
            setup.add("no indicators (`--no-indicators`): the co-occurrence source runs its online aggregation");
        }
        RecommendClient recommend = new RecommendClient(client, catalog, plan.recommender());
        EventWriter reveal = new EventWriter(client, plan.recommender(), IdentityMode.USER, platforms, EventWriter.DEFAULT_BATCH);
        Replay replay = new Replay(client, recommend, reveal, plan.replay(), out);
        Replay.Result result = replay.run(split.cases(), plan.variants());
        out.printf(Locale.ROOT, "replayed %,d cases (%,d queries) in %.0f s; source time-outs: %d%n", result.cases(), result.queries(), result.seconds(),
            result.sourceTimeouts());
        print(result.metrics());
        print(referenceResult.metrics());
        Replay.Result cold = null;
        if (split.coldCases().isEmpty() == false) {
            cold = replay.run(split.coldCases(), plan.variants());
            out.printf(Locale.ROOT, "users without training events: %,d cases (%,d queries) in %.0f s%n", cold.cases(), cold.queries(), cold.seconds());
            print(cold.metrics());
            print(referenceResult.cold());
        }
        return new EvaluationReport.Run(split, result, setup, referenceResult, cold);
    }

    private void print(Map<? extends Contender, Map<Integer, Map<Metric, Double>>> metrics) {
        for (var entry : metrics.entrySet()) {
            var at10 = entry.getValue().getOrDefault(10, entry.getValue().values().iterator().next());
            out.printf(Locale.ROOT, "  %-24s NDCG %.4f  HR %.4f  Recall %.4f  F1 %.4f  MRR %.4f  coverage %.3f%n", entry.getKey().name(),
                at10.get(Metric.NDCG), at10.get(Metric.HR), at10.get(Metric.RECALL), at10.get(Metric.F1), at10.get(Metric.MRR), at10.get(Metric.COVERAGE));
        }
    }
}
