package io.recsys.opensearch.tools.cli;

import io.recsys.opensearch.common.retail.StableHash;
import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.Timestamps;
import io.recsys.opensearch.tools.eval.Evaluation;
import io.recsys.opensearch.tools.eval.Protocols;
import io.recsys.opensearch.tools.eval.Replay;
import io.recsys.opensearch.tools.eval.Split;
import io.recsys.opensearch.tools.eval.Targets;
import io.recsys.opensearch.tools.eval.TestCase;
import io.recsys.opensearch.tools.eval.Variant;
import io.recsys.opensearch.tools.eval.reference.ReferenceEvaluation;
import io.recsys.opensearch.tools.load.IndicatorsBuild;
import io.recsys.opensearch.tools.report.EvaluationReport;
import io.recsys.opensearch.tools.report.SourceCommit;
import io.recsys.opensearch.tools.rest.ClusterClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code evaluate}: offline evaluation through the live cluster. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Replays a held-out part of an event log through the live cluster with the real recommend query and writes a report",
        "(Markdown, HTML, PNG charts): HR, Recall, NDCG, MRR, Precision and F1 at each K, catalog coverage and the share of hits in",
        "categories new to the user, for the full pipeline, without re-ranking, and for each source alone, beside textbook reference",
        "recommenders (popular, item-kNN, user-kNN, EASE; session-kNN and item-kNN on the last item for the session protocol)",
        "that the tool computes itself on the same training events, test cases, targets and exclusions.",
        "Each protocol loads its training part into a recommender of its own (eval-<protocol>), with item vectors trained on",
        "that part only, so nothing from the test period leaks into the cluster."
    })
public final class EvaluateCommand implements Callable<Integer> {

    /** The protocols. */
    enum Protocol { TEMPORAL, RANDOM, LEAVE_LAST_OUT, SESSION }

    @Mixin ClusterOptions cluster;
    @Mixin DataOptions data;
    @Mixin EmbeddingOptions embedding;

    @Option(names = "--protocol", split = ",", defaultValue = "temporal", converter = ProtocolConverter.class,
        description = "temporal, random, leave-last-out, session (comma-separated for several, one report). Default: ${DEFAULT-VALUE}")
    List<Protocol> protocols;

    @Option(names = "--split-date", defaultValue = "2011-11-09",
        description = "temporal and session: train before this time, test after (ISO-8601 or epoch millis). Default: ${DEFAULT-VALUE}")
    String splitDate;

    @Option(names = "--ratio", defaultValue = "0.2", description = "random: share of each user's items held out. Default: ${DEFAULT-VALUE}")
    double ratio;

    @Option(names = "--max-sessions", defaultValue = "1000", description = "session: test sessions sampled (seeded). Default: ${DEFAULT-VALUE}")
    int maxSessions;

    @Option(names = "--max-users", defaultValue = "0", description = "Query at most this many test users, a seeded sample (0: all). Default: ${DEFAULT-VALUE}")
    int maxUsers;

    @Option(names = "--targets", defaultValue = "new",
        description = "new: relevant = items new to the user, the query excludes purchased items; all: repeats count too. Default: ${DEFAULT-VALUE}")
    String targets;

    @Option(names = "--k", split = ",", defaultValue = "1,5,10,20", description = "Cut-offs. Default: ${DEFAULT-VALUE}")
    int[] ks;

    @Option(names = "--threads", defaultValue = "2", description = "Queries in flight. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--source-timeout", defaultValue = "5s",
        description = "recsys.recommend.source_timeout during the replay (restored after), so a busy machine does not cut sources off. Default: ${DEFAULT-VALUE}")
    String sourceTimeout;

    @Option(names = "--recommender-prefix", defaultValue = "eval", description = "Recommenders are <prefix>-<protocol>. Default: ${DEFAULT-VALUE}")
    String prefix;

    @Option(names = "--model", description = "Model id or alias the evaluation recommenders re-rank with (e.g. fusion-default, the model shipped in config/). Default: none, as a recommender created without one: the default query is the fused order")
    String model;

    @Option(names = "--no-indicators", negatable = false,
        description = "Do not build the recommenders' indicators: the co-occurrence source then aggregates online. Default: built after loading, as README.md recommends for production")
    boolean noIndicators;

    @Option(names = "--indicators-score", defaultValue = "llr",
        description = "How the indicators build scores the pairs: llr or cosine (the build's score). Default: ${DEFAULT-VALUE}, as the plugin")
    String indicatorsScore;

    @Option(names = "--indicators-shrink", description = "The cosine's shrink (the build's shrink). Default: the plugin's, 10")
    Double indicatorsShrink;

    @Option(names = "--fusion-weights", split = ",", mapFallbackValue = "1",
        description = "The evaluation recommenders' fusion.weights, e.g. cooccurrence=2,knn=0.5 (sources not named keep the plugin's defaults). Default: the plugin's defaults")
    Map<String, Float> fusionWeights = new TreeMap<>();

    @Option(names = "--reuse", description = "Do not reload a protocol's recommender when it holds the same split already (same data, seed, parameters).")
    boolean reuse;

    @Option(names = "--report", defaultValue = "evaluation.md",
        description = "Report path: writes it, the .html beside it and <name>-<n>-*.png. Default: ${DEFAULT-VALUE}")
    Path report;

    @Option(names = "--notes", description = "A Markdown file whose lines are added to the report under Findings (the analysis of the numbers).")
    Path notes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Arrays.sort(ks);
        if (ks.length == 0 || ks[0] < 1) {
            throw new IllegalArgumentException("--k needs cut-offs of 1 or more, got " + Arrays.toString(ks));
        }
        Targets targetMode = switch (targets.toLowerCase(Locale.ROOT)) {
            case "new" -> Targets.NEW;
            case "all" -> Targets.ALL;
            default -> throw new IllegalArgumentException("--targets must be new or all, got [" + targets + "]");
        };
        ClusterClient client = cluster.client();
        EventLog log = data.read(out);
        long cut = Timestamps.parse(splitDate);
        List<EvaluationReport.Run> runs = new ArrayList<>();
        ReferenceEvaluation references = new ReferenceEvaluation(out);
        long started = System.nanoTime();
        for (Protocol protocol : protocols) {
            Split split = switch (protocol) {
                case TEMPORAL -> Protocols.temporal(log, cut, targetMode);
                case RANDOM -> Protocols.randomPerUser(log, ratio, data.seed());
                case LEAVE_LAST_OUT -> Protocols.leaveLastOut(log, targetMode);
                case SESSION -> Protocols.sessionNextItem(log, cut, targetMode, maxSessions, data.seed());
            };
            split = sample(split);
            if (split.cases().isEmpty()) {
                throw new IllegalArgumentException(split.protocol() + " leaves no test case on this data: " + split.notes());
            }
            String name = prefix + "-" + protocol.name().toLowerCase(Locale.ROOT).replace('_', '-');
            String fingerprint = String.join(";", data.data.getFileName().toString(), Long.toString(size(data.data)), "sample=" + data.sampleUsers,
                "seed=" + data.seed(), split.protocol(), targetMode.name(), embedding.settings(data.seed()).describe(), "model=" + model,
                "indicators=" + (noIndicators == false), "fusion=" + fusionWeights);
            Evaluation.Plan plan = new Evaluation.Plan(name, embedding.settings(data.seed()), embedding.dimension(), model, reuse, fingerprint,
                new Replay.Settings(log.catalog(), ks, targetMode, threads, sourceTimeout), Variant.ALL, data.seed(),
                noIndicators ? null : new IndicatorsBuild.Scoring(indicatorsScore, indicatorsShrink), fusionWeights);
            runs.add(new Evaluation(client, out, references).run(log, split, data.split(), plan));
        }
        List<String> header = header(client, log, targetMode);
        header.add(String.format(Locale.ROOT, "the whole run (reading excluded: loads, embeddings, references, replays) took %.1f min",
            (System.nanoTime() - started) / 60e9));
        EvaluationReport.write(report, "opensearch-recsys offline evaluation", header, commandLine(), ks, runs, findings());
        out.printf("report: %s (and .html, PNG charts beside it)%n", report.toAbsolutePath().normalize());
        return 0;
    }

    /** The test cases of at most --max-users users, a seeded sample. */
    private Split sample(Split split) {
        if (maxUsers <= 0) {
            return split;
        }
        List<String> users = split.cases().stream().map(TestCase::user).distinct()
            .sorted(Comparator.comparingLong(u -> StableHash.of(data.seed(), "eval-sample", u))).limit(maxUsers).toList();
        var keep = new java.util.HashSet<>(users);
        List<TestCase> cases = split.cases().stream().filter(c -> keep.contains(c.user())).toList();
        List<String> coldUsers = split.coldCases().stream().map(TestCase::user).distinct()
            .sorted(Comparator.comparingLong(u -> StableHash.of(data.seed(), "eval-sample", u))).limit(maxUsers).toList();
        var keepCold = new java.util.HashSet<>(coldUsers);
        List<TestCase> coldCases = split.coldCases().stream().filter(c -> keepCold.contains(c.user())).toList();
        List<String> notes = new ArrayList<>(split.notes());
        notes.add(String.format(Locale.ROOT, "sampled %,d test users (--max-users %d, seed %d): %,d queries; of the users without training events, %,d",
            users.size(), maxUsers, data.seed(), cases.size(), coldCases.size()));
        return new Split(split.protocol(), split.description(), split.train(), cases, notes, coldCases);
    }

    private List<String> header(ClusterClient client, EventLog log, Targets targetMode) {
        var root = client.expectOk("GET", "/", null).json();
        var health = client.expectOk("GET", "/_cluster/health", null).json();
        List<String> header = new ArrayList<>();
        header.add("produced by opensearch-recsys at " + SourceCommit.describe());
        header.add("run on " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + " against OpenSearch "
            + root.path("version").path("number").asText() + " (" + health.path("number_of_nodes").asInt() + " node(s)) at " + client.baseUrl());
        header.add(String.format(Locale.ROOT, "data: `%s`, %,d interactions of %,d users, %,d catalog items%s", log.source(), log.interactions().size(),
            log.users(), log.catalog().size(), data.sampleUsers < 1 ? String.format(Locale.ROOT, " (a %.0f%% sample of the users)", data.sampleUsers * 100) : ""));
        header.add(targetMode == Targets.NEW
            ? "targets: items **new** to the user; every query sets `exclude.purchased: true` (a shop shows past orders anyway)"
            : "targets: every later item, repeats included; queries exclude nothing");
        header.add("every query is the plugin's `recommend` query on the catalog index, `size` " + ks[ks.length - 1]
            + ", no text query (`sources.text.window` 0); variants differ only in `sources` budgets and `rerank.window`; each query gives"
            + " `context.time`, the moment of the replayed history it is asked at (the cut, the log's end, the start of the held-out session,"
            + " the moment a session's first half was sent), so that a shopper is in a session only if they were then");
        header.add("users are queried by user id; events carry the pseudo-platform of their invoice (seed " + data.seed() + ")");
        header.add("re-ranking model: " + describeModel(client));
        return header;
    }

    /** The model the recommenders use, with the description the registry holds (how it was trained). */
    private String describeModel(ClusterClient client) {
        if (model == null) {
            return "none (`--model` not given; a recommender names no model by default): the default query ranks by the fused order, so `full` and "
                + "`full, no re-rank` are the same query";
        }
        String id = model;
        ClusterClient.Reply reply = client.send("GET", "/_plugins/_recsys/models/" + id, null);
        if (reply.ok() == false) {
            return "`" + id + "` (not in the registry when the report was written: re-ranking on = fused order)";
        }
        String description = reply.json().findPath("description").asText("");
        return "`" + id + "`" + (description.isEmpty() ? "" : ": " + description);
    }

    private List<String> findings() {
        if (notes == null) {
            return List.of();
        }
        try {
            return Files.readAllLines(notes).stream().map(String::strip).filter(l -> l.isEmpty() == false)
                .map(l -> l.startsWith("- ") ? l.substring(2) : l).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read --notes " + notes, e);
        }
    }

    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        return "scripts/recsys-tool.sh " + String.join(" ", args.stream().map(a -> a.contains(" ") ? "'" + a + "'" : a).toList());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    static final class ProtocolConverter implements CommandLine.ITypeConverter<Protocol> {
        @Override
        public Protocol convert(String value) {
            try {
                return Protocol.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown protocol [" + value + "]: temporal, random, leave-last-out or session");
            }
        }
    }
}
