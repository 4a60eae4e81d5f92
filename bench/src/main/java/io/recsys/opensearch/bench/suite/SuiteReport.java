package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.BenchMain;
import io.recsys.opensearch.bench.Latencies;
import io.recsys.opensearch.bench.Report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The suite's Markdown report and chart: the run's conditions (command, date, machine, load), the data, the ingest, the
 * query table, the sanity checks, the targets, and the ratios last.
 */
final class SuiteReport {

    private final Report markdown = new Report();
    private final SuiteOptions options;
    /** Per scenario: 1-minute load average before and after it. */
    private final Map<String, double[]> loads = new LinkedHashMap<>();
    private List<LoadRun.Result> results = List.of();
    /** The one-client pass, or empty. */
    private List<LoadRun.Result> oneClient = List.of();
    private List<LatencyRounds.Round> rounds = List.of();
    private IngestRun.Result ingest;
    /** The re-ranked recommend scenario's stage times (the plugin's _stats). */
    private String stages;
    private String oneClientStages;
    private double oneClientRerankMs = Double.NaN;

    SuiteReport(SuiteOptions options, String command, String date) {
        this.options = options;
        markdown.line("## Benchmark suite — " + date);
        markdown.line("");
        markdown.line("Command: `scripts/bench.sh " + command + "`  ");
        markdown.line(String.format(Locale.ROOT,
            "Machine: %d cores (%s), %d GiB RAM; JVM %s, heap %d MiB, one embedded OpenSearch %s node (k-NN, opensearch-recsys) in the benchmark's"
                + " JVM, queried over HTTP on 127.0.0.1; load average at start %.2f.  ",
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), BenchMain.totalMemoryGib(), System.getProperty("java.version"),
            Runtime.getRuntime().maxMemory() >> 20, org.opensearch.Version.CURRENT, loadAverage()));
        markdown.line("Scale: " + options.describe() + ".");
    }

    /** The 1-minute load average, or NaN where /proc is missing. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    void catalog(SyntheticCatalog catalog, CatalogLoader.Result loaded) {
        markdown.section("Catalog");
        markdown.line(String.format(Locale.ROOT,
            "%,d items in %,d clusters, %d-d embeddings (Lucene HNSW, cosine, m 16, ef_construction 100, 1 shard); bulk-loaded in %.0f s (%,.0f items/s,"
                + " %d concurrent bulk requests of %,d), refreshed and merged in %.0f s more: %d segments, %,.0f MB.",
            catalog.items(), catalog.clusters(), catalog.dimension(), loaded.seconds(), catalog.items() / loaded.seconds(), options.loadThreads(),
            CatalogLoader.CHUNK, loaded.settled() - loaded.seconds(), loaded.segments(), loaded.sizeBytes() / 1e6));
    }

    void ingest(IngestRun.Result result) {
        this.ingest = result;
        NodeMeter.Usage usage = result.usage();
        markdown.section("Event ingest (events API, real-time profile updates)");
        markdown.line(String.format(Locale.ROOT,
            "%,d events of %,d users, %d concurrent requests of %,d events: **%,.0f events/s** (%.0f s). Request latency p50 %s ms, p99 %s ms. %,d events"
                + " refused. Node: %.2f cores busy, %.2f ms CPU and %,.0f KB allocated per event; peak heap %,d MB. Load average %s.",
            result.events(), options.users(), options.ingestSenders(), options.ingestBatch(), result.eventsPerSecond(), result.seconds(),
            Latencies.format(result.batches().percentileMillis(50)), Latencies.format(result.batches().percentileMillis(99)), result.refused(),
            usage.nodeCores(), usage.nodeCpuSeconds() * 1000 / result.events(), usage.nodeAllocatedBytes() / 1024.0 / result.events(),
            usage.peakHeapBytes() >> 20, loadText(loads.get("ingest"))));
        markdown.line("");
        markdown.line(String.format(Locale.ROOT,
            "Acknowledgement to visibility in a `recommend` query, measured while the stream ran (%d probes: a new user views three items of a"
                + " less popular cluster; from the acknowledgement, queries back to back until half of the top 10 come from that cluster):"
                + " **p50 %s ms, max %s ms**%s.",
            result.visibility().count() + result.invisible(), Latencies.format(result.visibility().percentileMillis(50)),
            Latencies.format(result.visibility().percentileMillis(100)), result.invisible() == 0 ? "" : ", " + result.invisible() + " never visible"));
    }

    void load(String scenario, double before, double after) {
        loads.put(scenario, new double[] { before, after });
    }

    void indicators(int maxItems, Map<String, Object> built, double seconds, double settleSeconds) {
        markdown.section("Indicators");
        markdown.line(String.format(Locale.ROOT,
            "`POST /_plugins/_recsys/indicators/_build` over the profiles' `history` (the %,d most frequent items, `min_doc_count` 2, 20 per item)"
                + " into `%s-indicators`: %,d items, %,d with indicators, in **%.1f s**. The `recommend` scenarios read them (the co-occurrence"
                + " source's cheap path); the client-side pipeline runs `significant_terms` online, as a client without this plugin would.",
            maxItems, QueryBodies.RECOMMENDER, ((Number) built.get("items")).longValue(), ((Number) built.get("items_with_indicators")).longValue(), seconds));
        markdown.line("");
        markdown.line(String.format(Locale.ROOT,
            "Then %.1f s waiting for the merges the ingest left running to finish, so that no query scenario pays for them.", settleSeconds));
    }

    /** The one-client pass's stage times of {@code recommend, re-rank}, and its mean re-ranking stage. */
    void oneClientStages(String stages, double rerankMs) {
        this.oneClientStages = stages;
        this.oneClientRerankMs = rerankMs;
    }

    void stages(String stages) {
        this.stages = stages;
    }

    void queries(List<LoadRun.Result> results) {
        this.results = results;
        markdown.section(String.format(Locale.ROOT, "Queries: concurrency %d, %,d measured after %,d warm-up per scenario (client-side: %,d), k %d, %d hits",
            options.concurrency(), options.queries(), options.warmup(), Math.min(options.warmup(), SuiteBench.CLIENT_SIDE_WARMUP), options.k(), options.size()));
        markdown.tableHeader("scenario", "p50 ms", "p90 ms", "p99 ms", "QPS", "node CPU, cores", "node CPU ms/query", "client CPU ms/query",
            "node alloc KB/query", "peak heap MB", "load 1m", "errors");
        for (LoadRun.Result r : results) {
            NodeMeter.Usage u = r.usage();
            int n = r.latencies().count();
            markdown.row(r.name(), Latencies.format(r.p(50)), Latencies.format(r.p(90)), Latencies.format(r.p(99)), String.format(Locale.ROOT, "%.0f", r.qps()),
                String.format(Locale.ROOT, "%.2f", u.nodeCores()), String.format(Locale.ROOT, "%.2f", u.nodeCpuSeconds() * 1000 / n),
                String.format(Locale.ROOT, "%.2f", u.clientCpuSeconds() * 1000 / n), String.format(Locale.ROOT, "%,.0f", u.nodeAllocatedBytes() / 1024.0 / n),
                String.format(Locale.ROOT, "%,d", u.peakHeapBytes() >> 20), loadText(loads.get(r.name())), Long.toString(r.errors()));
        }
        markdown.line("");
        markdown.line("Node CPU and allocation are summed over the node's own threads (`opensearch[...]`, the inference pool included); client CPU over"
            + " the benchmark's threads (HTTP, JSON, and for the client-side pipeline its features and ONNX Runtime); GC and JIT threads are in neither."
            + " One heap serves both.");
        if (stages != null) {
            markdown.line("");
            markdown.line("`recommend, re-rank`, the plugin's own stage times per query (`_stats`, coordinating node): " + stages + ".");
            if (oneClientStages != null) {
                markdown.line("");
                markdown.line("The same with one client: " + oneClientStages + ".");
            }
        }
        markdown.line("");
        markdown.line("![latency per scenario](suite.png)");
    }

    void latency(List<LoadRun.Result> oneClient) {
        this.oneClient = oneClient;
        if (oneClient.isEmpty()) {
            return;
        }
        markdown.section(String.format(Locale.ROOT, "Latency: one client, %,d measured per scenario", options.latencyQueries()));
        markdown.line("The same requests for other users, one at a time: what one request costs when it does not wait behind others"
            + " (with 4 clients on 2 cores, every request also waits for the CPU the others use).");
        markdown.line("");
        markdown.tableHeader("scenario", "p50 ms", "p90 ms", "p99 ms", "QPS", "node CPU, cores", "node CPU ms/query", "JIT compiling meanwhile, ms");
        for (LoadRun.Result r : oneClient) {
            NodeMeter.Usage u = r.usage();
            markdown.row(r.name(), Latencies.format(r.p(50)), Latencies.format(r.p(90)), Latencies.format(r.p(99)), String.format(Locale.ROOT, "%.0f", r.qps()),
                String.format(Locale.ROOT, "%.2f", u.nodeCores()), String.format(Locale.ROOT, "%.2f", u.nodeCpuSeconds() * 1000 / r.latencies().count()),
                String.format(Locale.ROOT, "%,d", u.compileMillis()));
        }
    }

    /** The one-client rounds after the pass; their alternating pair's median ratio judges the ≤ 2× target. */
    void rounds(List<LatencyRounds.Round> rounds) {
        this.rounds = rounds;
        if (rounds.isEmpty()) {
            return;
        }
        markdown.section("One client, in rounds: k-NN and `recommend` side by side");
        LatencyRounds.table(markdown, options, rounds);
    }

    void sanity(SanityCheck.Outcome outcome, List<String> failures) {
        markdown.section("Sanity");
        markdown.line(outcome.describe() + ".");
        if (failures.isEmpty() == false) {
            markdown.line("");
            markdown.line("**Failed checks:** " + String.join("; ", failures) + ".");
        }
    }

    void finish(double seconds) {
        LoadRun.Result knn = find("k-NN"), knnText = find("k-NN + text filter"), fused = find("recommend, no re-rank"), reranked = find("recommend, re-rank"),
            text = find("recommend + text, re-rank"), client = find("client-side, re-rank"), clientText = find("client-side + text, re-rank");
        if (reranked != null && ingest != null) {
            markdown.section("Targets");
            markdown.line("Latencies as measured with " + options.concurrency() + " clients and, where the suite ran it, with one client;"
                + " \"met\" judges the one-client figure when there is one (latency), the " + options.concurrency() + "-client one otherwise.");
            markdown.line("");
            markdown.tableHeader("target", options.concurrency() + " clients", "one client", "met");
            LoadRun.Result fused1 = findOne("recommend, no re-rank"), reranked1 = findOne("recommend, re-rank"), knn1 = findOne("k-NN");
            latencyTarget("recommend, re-rank: p50 ≤ 12 ms", reranked, reranked1, r -> r.p(50), 12);
            latencyTarget("recommend, re-rank: p99 ≤ 35 ms", reranked, reranked1, r -> r.p(99), 35);
            target("recommend, re-rank: ≥ 150 QPS", reranked.qps(), 150, false, "%.0f QPS");
            target("client-side ÷ recommend at p50 ≥ 2", client.p(50) / reranked.p(50), 2, false, "%.2f×");
            latencyTarget("recommend, no re-rank: p50 ≤ 10 ms", fused, fused1, r -> r.p(50), 10);
            latencyTarget("recommend, no re-rank: p99 ≤ 30 ms", fused, fused1, r -> r.p(99), 30);
            // judged on the rounds' alternating pairs when they ran: one pass of each scenario after the other meets the
            // machine in different states (its k-NN floor moves by ±25% from one pass to the next)
            boolean both = fused1 != null && knn1 != null;
            String alone = both ? String.format(Locale.ROOT, "%.2f×", fused1.p(50) / knn1.p(50)) : "";
            double judged = both ? fused1.p(50) / knn1.p(50) : fused.p(50) / knn.p(50);
            if (rounds.isEmpty() == false) {
                judged = LatencyRounds.medianAlternateRatio(rounds);
                alone = String.format(Locale.ROOT, "%.2f× (alternating, median of %d rounds; the pass above: %s)", judged, rounds.size(), alone);
            }
            judge("recommend, no re-rank ÷ k-NN at p50 ≤ 2", String.format(Locale.ROOT, "%.2f×", fused.p(50) / knn.p(50)), alone, judged <= 2);
            // the model's own stage (the inference pool and ONNX Runtime); without a model the request also skips the features
            // and their popularity counts, so the scenarios' difference is shown beside it, not judged
            if (Double.isNaN(oneClientRerankMs) == false) {
                judge("re-ranking 300 candidates adds ≤ 1 ms (the model's stage, mean)", "", String.format(Locale.ROOT, "%.2f ms", oneClientRerankMs),
                    oneClientRerankMs <= 1);
            } else {
                target("re-ranking 300 candidates adds ≤ 1 ms at p50", reranked.p(50) - fused.p(50), 1, true, "%.2f ms");
            }
            markdown.row("re-rank − no re-rank at p50 (features, popularity counts, model; not judged)",
                String.format(Locale.ROOT, "%.2f ms", reranked.p(50) - fused.p(50)),
                fused1 != null && reranked1 != null ? String.format(Locale.ROOT, "%.2f ms", reranked1.p(50) - fused1.p(50)) : "", "");
            target("ingest ≥ 5,000 events/s", ingest.eventsPerSecond(), 5_000, false, "%,.0f events/s");
            target("acknowledgement to visibility ≤ 1.5 s (max)", ingest.invisible() > 0 ? Double.POSITIVE_INFINITY
                : ingest.visibility().percentileMillis(100) / 1000, 1.5, true, "%.3f s");
        }
        markdown.line("");
        markdown.line(String.format(Locale.ROOT, "Whole run: %.0f s; load average at the end %.2f.", seconds, loadAverage()));
        if (reranked != null) {
            markdown.section("Ratios");
            ratio("recommend (re-rank) ÷ plain k-NN", reranked, knn);
            ratio("recommend + text (re-rank) ÷ k-NN + text filter", text, knnText);
            ratio("client-side ÷ recommend (re-rank)", client, reranked);
            ratio("client-side + text ÷ recommend + text", clientText, text);
        }
    }

    private void target(String name, double measured, double bound, boolean atMost, String format) {
        judge(name, String.format(Locale.ROOT, format, measured), "", atMost ? measured <= bound : measured >= bound);
    }

    /** A latency bound, judged on the one-client run when there is one. */
    private void latencyTarget(String name, LoadRun.Result loaded, LoadRun.Result alone, ToDoubleFunction<LoadRun.Result> value, double bound) {
        double judged = value.applyAsDouble(alone != null ? alone : loaded);
        judge(name, String.format(Locale.ROOT, "%.2f ms", value.applyAsDouble(loaded)),
            alone == null ? "" : String.format(Locale.ROOT, "%.2f ms", value.applyAsDouble(alone)), judged <= bound);
    }

    private void judge(String name, String loaded, String alone, boolean met) {
        markdown.row(name, loaded, alone, met ? "yes" : "**no**");
    }

    private LoadRun.Result findOne(String name) {
        return oneClient.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    private void ratio(String name, LoadRun.Result a, LoadRun.Result b) {
        if (a == null || b == null) {
            return;
        }
        String line = String.format(Locale.ROOT, "- %s: p50 %.2f×, p99 %.2f×, QPS %.2f×", name, a.p(50) / b.p(50), a.p(99) / b.p(99), a.qps() / b.qps());
        markdown.line(line);
    }

    private LoadRun.Result find(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    private static String loadText(double[] load) {
        return load == null ? "" : String.format(Locale.ROOT, "%.2f→%.2f", load[0], load[1]);
    }

    String text() {
        return markdown.text();
    }

    void write(Path markdownFile, Path png) {
        markdown.write(markdownFile);
        if (results.isEmpty() == false) {
            SuiteChart.write(png, "opensearch-recsys: " + options.describe().split(";")[0] + " — concurrency " + options.concurrency(),
                new ArrayList<>(results));
        }
    }
}
