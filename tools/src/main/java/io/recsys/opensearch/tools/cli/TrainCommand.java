package io.recsys.opensearch.tools.cli;

import io.recsys.opensearch.tools.console.Progress;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.Timestamps;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.rest.ClusterException;
import io.recsys.opensearch.tools.rest.Json;
import io.recsys.opensearch.tools.train.FeatureLogData;
import io.recsys.opensearch.tools.train.FeatureSet;
import io.recsys.opensearch.tools.train.FusionMlp;
import io.recsys.opensearch.tools.train.FusionWeightFit;
import io.recsys.opensearch.tools.train.HeldOutRequests;
import io.recsys.opensearch.tools.train.ImpressionSimulator;
import io.recsys.opensearch.tools.train.LoggedRow;
import io.recsys.opensearch.tools.train.ModelGate;
import io.recsys.opensearch.tools.train.ModelRegistry;
import io.recsys.opensearch.tools.train.OnnxExport;
import io.recsys.opensearch.tools.train.RecommenderFusion;
import io.recsys.opensearch.tools.train.Validation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code train}: the fusion model from the plugin's feature log. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Trains the fusion re-ranking model from a recommender's feature log: each logged hit (the features the plugin scored)",
        "is joined by request_id with the events that followed (click, cart or purchase = positive), a small MLP is trained",
        "(validated on later requests than it learns from: AUC and NDCG@10 against the logged fused order, a paired test), exported to ONNX and registered.",
        "With --simulate, a log without impressions (Online Retail) first gets them: the tool plays the storefront for a past period."
    })
public final class TrainCommand implements Callable<Integer> {

    @Mixin ClusterOptions cluster;
    @Mixin DataOptions data;
    @Mixin EmbeddingOptions embedding;

    @Option(names = "--recommender", description = "Recommender whose feature log to read. Default: storefront, or train-simulation with --simulate")
    String recommender;

    @Option(names = "--simulate", description = "Create the feature log first by playing the storefront at --log-at (needs --data; replaces the recommender).")
    boolean simulate;

    @Option(names = "--log-at", split = ",", defaultValue = "2011-09-09,2011-10-09",
        description = "--simulate: when the pages are shown; several times (comma-separated, ascending) play one period each, the next time (the "
            + "last: --label-until) closing it. With two or more, the last period's pages are the held-out requests. Default: ${DEFAULT-VALUE} "
            + "(two periods: the model learns from the pages of the month before and is validated on those of the month before the label cut)")
    List<String> logAt;

    @Option(names = "--label-until", defaultValue = "2011-11-09", description = "--simulate: purchases before this time are the labels. Default: ${DEFAULT-VALUE}")
    String labelUntil;

    @Option(names = "--page-size", defaultValue = "50", description = "--simulate: hits per page. Default: ${DEFAULT-VALUE}")
    int pageSize;

    @Option(names = "--max-users", defaultValue = "0", description = "--simulate: at most this many users (0: all). Default: ${DEFAULT-VALUE}")
    int maxUsers;

    @Option(names = "--exclude-purchased", description = "--simulate: pages exclude what the user bought (the query's default shows it, so repurchases are learned).")
    boolean excludePurchased;

    @Option(names = "--features", defaultValue = "v2", description = "Features the model reads: v1 (the 14 of contract v1), v2 (all 27: "
        + "v1 plus per-source reciprocal ranks and scores, recencies, trend; needs a log written by a v2 plugin) or comma-separated names. "
        + "Default: ${DEFAULT-VALUE} (above v1 on three of the four evaluation protocols: docs/evaluation-trained-model.md)")
    String features;

    @Option(names = "--model-id", description = "Id to register the model under. Default: fusion-<date>-<time>")
    String modelId;

    @Option(names = "--alias", description = "Also point this model alias at it (e.g. fusion-stable), only when the model beats the logged fused order on the held-out requests (NDCG@10).")
    String alias;

    @Option(names = "--force-alias", description = "Point --alias at the model even when it does not beat the fused order on the held-out requests.")
    boolean forceAlias;

    @Option(names = "--no-register", description = "Do not register the model in the cluster.")
    boolean noRegister;

    @Option(names = "--write-default", description = "Also write <dir>/fusion-default.onnx and fusion-default.json (the plugin's shipped default: pass config).")
    Path writeDefault;

    @Option(names = "--fusion-weights-to", description = "Also write the co-occurrence weight fitted to the logged pages into this recommender's "
        + "fusion.weights (its other weights stay), when the fitted weights beat the logged ones on the held-out requests (the model's paired test). "
        + "The fit is printed either way (it needs the v2 features).")
    String fusionWeightsTo;

    @Option(names = "--hidden", defaultValue = "16", description = "Hidden units. Default: ${DEFAULT-VALUE}")
    int hidden;

    @Option(names = "--epochs", defaultValue = "30", description = "Training epochs. Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "0.003", description = "Adam step size. Default: ${DEFAULT-VALUE}")
    double learningRate;

    @Option(names = "--l2", defaultValue = "0.0001", description = "Weight decay. Default: ${DEFAULT-VALUE}")
    double l2;

    @Option(names = "--validation", defaultValue = "0.2", description = "Share of requests held out for validation: the latest by the time they "
        + "were logged (with --simulate over two or more periods: the last period's pages instead). Default: ${DEFAULT-VALUE}")
    double validationShare;

    @Option(names = "--threads", defaultValue = "2", description = "--simulate: queries in flight. Default: ${DEFAULT-VALUE}")
    int threads;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ClusterClient client = cluster.client();
        String name = recommender != null ? recommender : simulate ? "train-simulation" : "storefront";
        List<String> featureNames = FeatureSet.parse(features);
        if (fusionWeightsTo != null) {
            // refused before the simulation and the training, not after them
            if (FusionWeightFit.canFit(featureNames) == false) {
                throw new ClusterException("--fusion-weights-to needs each source's reciprocal rank: train with --features v2 on a log written by a v2 plugin");
            }
            new RecommenderFusion(client).weights(fusionWeightsTo); // the recommender to write into must exist
        }
        String provenance;
        Set<String> lastSimulatedPeriod = Set.of();
        if (simulate) {
            EventLog log = data.read(out);
            var summary = new ImpressionSimulator(client, out).run(log, data.split(), logAt.stream().map(Timestamps::parse).toList(), Timestamps.parse(labelUntil), name,
                embedding.settings(data.seed()), embedding.dimension(), pageSize, maxUsers, data.seed(), threads, excludePurchased);
            provenance = String.format(Locale.ROOT, "feature log of %,d simulated storefront pages (%s, %d hits each, rerank off%s) at %s, "
                    + "labels = the purchases of the shown items before %s",
                summary.requests(), describe(data.data()), pageSize, excludePurchased ? ", purchased items excluded" : "", String.join(", ", logAt), labelUntil);
            lastSimulatedPeriod = logAt.size() > 1 ? summary.lastPeriod() : Set.of();
        } else {
            provenance = "feature log of recommender [" + name + "]";
        }
        FeatureLogData logged = FeatureLogData.read(client, name, featureNames);
        if (logged.rows().isEmpty()) {
            throw new ClusterException("the feature log of [" + name + "] is empty: log pages with \"ext\": {\"recsys_log\": {\"request_id\": …}} "
                + "and send the clicks and purchases with the same request_id, or use --simulate");
        }
        if (logged.positives() == 0) {
            throw new ClusterException("no logged hit of [" + name + "] was followed by a click, cart or purchase with its request_id: nothing to learn from");
        }
        out.printf(Locale.ROOT, "feature log: %,d hits of %,d requests, %,d positive (%.2f%%); features %s%n", logged.rows().size(), logged.requests(),
            logged.positives(), 100.0 * logged.positives() / logged.rows().size(), logged.featureNames());
        out.println(logged.regimes().isEmpty()
            ? "regimes: some hits were logged before the plugin recorded the shopper's regime, so the model will re-rank every regime"
            : "regimes in the log: " + logged.regimes() + " (the model will re-rank these shoppers only; the others keep the fused order)");

        // validated on later requests than it learns from: the pages it will re-rank are the future's
        HeldOutRequests heldOut = lastSimulatedPeriod.isEmpty() ? HeldOutRequests.latest(logged.rows(), validationShare)
            : HeldOutRequests.of(logged.rows(), lastSimulatedPeriod, String.format(Locale.ROOT, "the %,d pages of the last simulated period (at %s)",
                lastSimulatedPeriod.size(), logAt.get(logAt.size() - 1)));
        out.println("held out: " + heldOut.rule() + "; the model learns from the " + String.format(Locale.ROOT, "%,d", heldOut.train().size())
            + " hits before them");
        if (simulate && logAt.size() == 1) {
            out.println("note: one simulated period, so the held-out pages were shown at the same moment as the ones the model learns from; "
                + "give --log-at two or more times to validate on a later period");
        }
        List<LoggedRow> train = heldOut.train(), validation = heldOut.validation();
        FusionMlp.Params params = new FusionMlp.Params(hidden, epochs, learningRate, l2, 256, data.seed());
        FusionMlp model;
        try (Progress progress = Progress.start("training", epochs, out)) {
            model = FusionMlp.train(train, logged.featureNames().size(), params, e -> progress.accept(1));
        }
        Validation.Scores modelScores = Validation.of(validation, r -> model.score(r.features()), 10);
        Validation.Scores fusedScores = Validation.of(validation, LoggedRow::fused, 10);
        out.printf(Locale.ROOT, "validation (%,d held-out requests with a positive): model AUC %.4f NDCG@10 %.4f; logged fused order AUC %.4f NDCG@10 %.4f%n",
            modelScores.requests(), modelScores.auc(), modelScores.ndcg(), fusedScores.auc(), fusedScores.ndcg());

        ModelGate gate = ModelGate.of(validation, r -> model.score(r.features()), 10);
        boolean wins = gate.wins();
        out.println(gate.describe());
        String id = modelId != null ? modelId : "fusion-" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm"));
        byte[] onnx = OnnxExport.toOnnx(model, "opensearch-recsys recsys-tool train");
        String description = String.format(Locale.ROOT,
            "MLP %d→%d ReLU→1 (logit), trained by recsys-tool train on the %s; %,d training hits, %,d positive; validation on %,d held-out requests (%s): "
                + "AUC %.4f, NDCG@10 %.4f (logged fused order: AUC %.4f, NDCG@10 %.4f; paired t-test, one-sided p = %.2g)",
            logged.featureNames().size(), hidden, provenance, train.size(), train.stream().mapToInt(LoggedRow::label).sum(), modelScores.requests(), heldOut.rule(),
            modelScores.auc(), modelScores.ndcg(), fusedScores.auc(), fusedScores.ndcg(), gate.pValue());
        if (noRegister == false) {
            ModelRegistry registry = new ModelRegistry(client);
            registry.put(id, logged.featureNames(), onnx, description, logged.regimes());
            out.printf("registered model [%s] (%,d bytes)%n", id, onnx.length);
            if (alias != null && (wins || forceAlias)) {
                registry.alias(alias, id);
                out.printf("alias [%s] → [%s]%s%n", alias, id, wins ? "" : " (--force-alias: it does not beat the fused order)");
            } else if (alias != null) {
                out.printf(Locale.ROOT, "alias [%s] not moved: the model (NDCG@10 %.4f) does not beat the fused order (%.4f) on the held-out requests "
                    + "beyond their noise (one-sided p = %.2g), and a model that may rank below the fused order should not re-rank (--force-alias to move it anyway)%n",
                    alias, modelScores.ndcg(), fusedScores.ndcg(), gate.pValue());
            }
        }
        if (writeDefault != null && wins == false && forceAlias == false) {
            out.println("not written as the shipped default: a default must never rank below the fused order (--force-alias to write it anyway)");
        } else if (writeDefault != null) {
            writeDefault(writeDefault, onnx, logged.featureNames(), description, modelScores, fusedScores);
        }
        fitFusionWeights(client, name, logged.featureNames(), train, validation, out);
        return 0;
    }

    /**
     * The recommender's fusion weights fitted to the pages the model learned from, checked on the held-out ones as a model
     * is, and written with --fusion-weights-to when they win: no model, and the fused order ranks as this data wants.
     */
    private void fitFusionWeights(ClusterClient client, String logged, List<String> featureNames, List<LoggedRow> train, List<LoggedRow> validation,
        PrintStream out) {
        if (FusionWeightFit.canFit(featureNames) == false) {
            return; // a v1 log: nothing to fit (--fusion-weights-to was refused at the start)
        }
        RecommenderFusion fusion = new RecommenderFusion(client);
        FusionWeightFit fit = FusionWeightFit.fit(train, featureNames, fusion.weights(logged), 10);
        out.printf(Locale.ROOT, "fusion weights fitted to the pages the model learns from: %s (the pages were logged with %s; NDCG@10 %.4f there)%n",
            FusionWeightFit.describe(fit.weights()), FusionWeightFit.describe(fit.start()), fit.trainNdcg());
        if (fit.changed() == false) {
            out.println("the logged weights order those pages best: " + (fusionWeightsTo != null ? "[" + fusionWeightsTo + "] keeps its weights" : "nothing to change"));
            return;
        }
        // against the logged weights' own order of the same hits (a page in a session was ordered by scores, not ranks)
        ModelGate gate = ModelGate.of(validation, fit.scorer(featureNames), fit.startScorer(featureNames), 10);
        out.println(gate.describe("fitted weights", "logged weights", "recommenders should keep their weights"));
        if (fusionWeightsTo != null && gate.wins()) {
            Map<String, Float> written = fusion.write(fusionWeightsTo, fit.fitted());
            out.printf("fusion.weights of [%s] set to %s%n", fusionWeightsTo, FusionWeightFit.describe(written));
        } else if (fusionWeightsTo != null) {
            out.printf("fusion.weights of [%s] not changed%n", fusionWeightsTo);
        }
    }

    /** The data set's name for the model's description. */
    private static String describe(Path file) {
        return file.getFileName().toString().startsWith("online_retail") ? "the Online Retail data set, " + file.getFileName() : file.getFileName().toString();
    }

    private void writeDefault(Path dir, byte[] onnx, List<String> features, String description, Validation.Scores model, Validation.Scores fused) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("features", features);
        meta.put("description", description);
        meta.put("validation", Map.of("requests", model.requests(), "auc", model.auc(), "ndcg_at_10", model.ndcg(),
            "fused_auc", fused.auc(), "fused_ndcg_at_10", fused.ndcg()));
        meta.put("trained_at", ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("fusion-default.onnx"), onnx);
            Files.writeString(dir.resolve("fusion-default.json"), Json.pretty(meta) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the default model into " + dir, e);
        }
        System.out.printf("wrote %s and fusion-default.json%n", dir.resolve("fusion-default.onnx"));
    }
}
