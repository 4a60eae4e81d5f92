package io.recsys.opensearch.tools.cli;

import io.recsys.opensearch.tools.data.EventLog;
import io.recsys.opensearch.tools.data.Timestamps;
import io.recsys.opensearch.tools.eval.Metric;
import io.recsys.opensearch.tools.eval.Replay;
import io.recsys.opensearch.tools.eval.Targets;
import io.recsys.opensearch.tools.report.CrossPlatformReport;
import io.recsys.opensearch.tools.report.SourceCommit;
import io.recsys.opensearch.tools.rest.ClusterClient;
import io.recsys.opensearch.tools.xplat.CrossPlatformCheck;
import picocli.CommandLine;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code cross-platform}: linked vs unlinked identities across platforms. */
@Command(name = "cross-platform", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Checks recommendations served on one platform to users whose history is on another: loads the training part of the log",
        "under anonymous device identities (the pseudo-platform split), then queries as the user's other device before and after",
        "linking its identities, and compares with the single-identity and popularity levels. Writes a Markdown/HTML report with a chart."
    })
public final class CrossPlatformCommand implements Callable<Integer> {

    @Mixin ClusterOptions cluster;
    @Mixin DataOptions data;
    @Mixin EmbeddingOptions embedding;

    @Option(names = "--split-date", defaultValue = "2011-11-09", description = "Train before, test after. Default: ${DEFAULT-VALUE}")
    String splitDate;

    @Option(names = "--recommender", defaultValue = "eval-cross-platform", description = "The check's own recommender (replaced). Default: ${DEFAULT-VALUE}")
    String recommender;

    @Option(names = "--max-users", defaultValue = "0", description = "Check at most this many users, a seeded sample (0: all). Default: ${DEFAULT-VALUE}")
    int maxUsers;

    @Option(names = "--k", defaultValue = "10", description = "The cut-off of the targets. Default: ${DEFAULT-VALUE}")
    int k;

    @Option(names = "--threads", defaultValue = "2", description = "Queries in flight. Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--source-timeout", defaultValue = "5s", description = "recsys.recommend.source_timeout during the queries. Default: ${DEFAULT-VALUE}")
    String sourceTimeout;

    @Option(names = "--report", defaultValue = "cross-platform.md", description = "Report path (.md; .html and a PNG beside it). Default: ${DEFAULT-VALUE}")
    Path report;

    @Option(names = "--notes", description = "A Markdown file whose lines are added to the report under Findings.")
    Path notes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        ClusterClient client = cluster.client();
        EventLog log = data.read(out);
        int[] ks = { k };
        Replay.Settings replay = new Replay.Settings(log.catalog(), ks, Targets.NEW, threads, sourceTimeout);
        CrossPlatformCheck.Result result = new CrossPlatformCheck(client, out).run(log, data.split(), Timestamps.parse(splitDate), recommender,
            embedding.settings(data.seed()), embedding.dimension(), replay, maxUsers);
        for (var mode : result.modes().entrySet()) {
            out.printf(Locale.ROOT, "  %-36s NDCG@%d %.4f  HR@%d %.4f%n", mode.getKey(), k, mode.getValue().get(k).get(Metric.NDCG), k,
                mode.getValue().get(k).get(Metric.HR));
        }
        List<String> header = new ArrayList<>();
        var root = client.expectOk("GET", "/", null).json();
        header.add("produced by opensearch-recsys at " + SourceCommit.describe());
        header.add("run on " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + " against OpenSearch "
            + root.path("version").path("number").asText() + " at " + client.baseUrl());
        header.add(String.format(Locale.ROOT, "data: `%s`, %,d interactions of %,d users; pseudo-platforms %s (seed %d), rule in tools/README.md",
            log.source(), log.interactions().size(), log.users(), data.platforms, data.seed()));
        CrossPlatformReport.write(report, header, "scripts/recsys-tool.sh " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), k,
            result, findings());
        out.printf("report: %s%n", report.toAbsolutePath().normalize());
        return 0;
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
}
