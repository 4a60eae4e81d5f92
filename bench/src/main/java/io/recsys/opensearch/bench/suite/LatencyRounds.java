package io.recsys.opensearch.bench.suite;

import io.recsys.opensearch.bench.Latencies;
import io.recsys.opensearch.bench.Report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The one-client comparison of the plain k-NN query and {@code recommend}, in rounds: the end of every whole suite run,
 * and with {@code --reuse} a run of its own over the data a previous whole run left in the node's home (two code states
 * compared this way share the catalog's segments: a fresh load merges into a different number of segments). A round
 * measures, one after the other, the plain k-NN query, {@code recommend} without re-ranking and {@code recommend} with
 * it; every round asks for the same users in every run, and the rounds show how much one number moves on its own.
 * Each round ends with the two compared queries alternating, one k-NN query then one {@code recommend} for the same
 * user, so that both meet the same state of the machine (scenarios one after the other see it drift: the k-NN p50 of
 * consecutive rounds moves by ±25%). The ≤ 2× target is judged on the median of the rounds' alternating ratios.
 */
final class LatencyRounds {

    /** Written into the home by a whole run once its data is complete: what a later {@code --reuse} run checks. */
    static final String DATA_MARKER = "suite-data.properties";

    /** The scenarios of a round, in the order they run. */
    static final List<String> SCENARIOS = List.of("k-NN", "recommend, no re-rank", "recommend, re-rank");

    /**
     * One round: each scenario's result, in {@link #SCENARIOS} order, then the alternating pair.
     *
     * @param alternateKnn       the k-NN queries of the alternating pair
     * @param alternateRecommend the {@code recommend} queries (no re-ranking) of the alternating pair
     */
    record Round(List<LoadRun.Result> results, Latencies alternateKnn, Latencies alternateRecommend) {
        double alternateRatio() {
            return alternateRecommend.percentileMillis(50) / alternateKnn.percentileMillis(50);
        }

        double p50(int scenario) {
            return results.get(scenario).p(50);
        }

        /** The JIT compilers' time while the round's scenarios ran (summed over compiler threads). */
        long compileMillis() {
            return results.stream().mapToLong(r -> r.usage().compileMillis()).sum();
        }

        double cpuMsPerQuery(int scenario) {
            LoadRun.Result result = results.get(scenario);
            return result.usage().nodeCpuSeconds() * 1000 / result.latencies().count();
        }
    }

    private LatencyRounds() {}

    /** Records in the home which data it holds. */
    static void markData(SuiteOptions options) {
        Properties data = dataOf(options);
        try (var out = Files.newBufferedWriter(options.home().resolve(DATA_MARKER))) {
            data.store(out, "data of a whole suite run: a later run with --reuse checks it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless the home holds the data of a whole run with these options' scale and seed. */
    static void checkData(SuiteOptions options) {
        Path marker = options.home().resolve(DATA_MARKER);
        if (Files.exists(marker) == false) {
            throw new IllegalArgumentException("--reuse needs the data of a whole suite run in " + options.home() + " (no " + DATA_MARKER
                + "): run the suite once with the same --home and scale first");
        }
        Properties found = new Properties();
        try (var in = Files.newBufferedReader(marker)) {
            found.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (found.equals(dataOf(options)) == false) {
            throw new IllegalArgumentException("the data in " + options.home() + " is " + found + ", these options ask for " + dataOf(options));
        }
    }

    private static Properties dataOf(SuiteOptions options) {
        Properties data = new Properties();
        data.setProperty("items", Integer.toString(options.items()));
        data.setProperty("dimension", Integer.toString(options.dimension()));
        data.setProperty("users", Integer.toString(options.users()));
        data.setProperty("events", Integer.toString(options.events()));
        data.setProperty("seed", Long.toString(options.seed()));
        return data;
    }

    /**
     * Warms every scenario up with {@code warmup} queries (a reopened node has compiled nothing), then runs the rounds;
     * {@code scenario} runs one scenario of a round with one client, {@code pair} the alternating pair.
     */
    static List<Round> run(SuiteOptions options, int warmup, ScenarioRunner scenario, PairRunner pair) throws Exception {
        if (warmup > 0) {
            System.out.printf(Locale.ROOT, "warm-up: %,d queries per scenario%n", warmup);
            for (int s = 0; s < SCENARIOS.size(); s++) {
                scenario.run(s, warmup, 1);
            }
        }
        List<Round> rounds = new ArrayList<>();
        for (int r = 1; r <= options.rounds(); r++) {
            System.out.printf(Locale.ROOT, "round %d of %d: one client, %,d measured per scenario%n", r, options.rounds(), options.latencyQueries());
            List<LoadRun.Result> results = new ArrayList<>();
            for (int s = 0; s < SCENARIOS.size(); s++) {
                LoadRun.Result result = scenario.run(s, Math.min(100, options.latencyQueries()), options.latencyQueries());
                if (result.errors() > 0) {
                    // a ratio over failed requests means nothing
                    throw new IllegalStateException(result.name() + ": " + result.errors() + " failed requests, first: " + result.firstError());
                }
                results.add(result);
            }
            Latencies[] alternating = pair.run(options.latencyQueries());
            System.out.printf(Locale.ROOT, "  alternating, k-NN then recommend (no re-rank) p50 %7.2f / %7.2f ms%n", alternating[0].percentileMillis(50),
                alternating[1].percentileMillis(50));
            rounds.add(new Round(results, alternating[0], alternating[1]));
        }
        return rounds;
    }

    /** Runs scenario {@code index} of {@link #SCENARIOS} with one client: {@code warmup} queries, then {@code measured}. */
    interface ScenarioRunner {
        LoadRun.Result run(int index, int warmup, int measured) throws InterruptedException;
    }

    /**
     * Sends {@code pairs} pairs, one client: a plain k-NN query, then {@code recommend} without re-ranking for the same user;
     * returns their latencies, k-NN first.
     */
    interface PairRunner {
        Latencies[] run(int pairs) throws Exception;
    }

    /** The alternating pair of a round: {@code pairs} times, a k-NN query then a {@code recommend} one for the same user. */
    static Latencies[] alternate(int pairs, LoadRun.Request knn, LoadRun.Request recommend) throws Exception {
        Latencies[] took = { new Latencies(), new Latencies() };
        LoadRun.Request[] requests = { knn, recommend };
        for (int i = 0; i < pairs; i++) {
            for (int q = 0; q < 2; q++) {
                long start = System.nanoTime();
                requests[q].send(i);
                took[q].add(System.nanoTime() - start);
            }
        }
        return took;
    }

    /** The report of a {@code --reuse} run: what it ran on, then {@link #table}. */
    static String markdown(SuiteOptions options, String command, String started, List<Round> rounds) {
        Report report = new Report();
        report.line("## One-client rounds — " + started);
        report.line("");
        report.line("Command: `scripts/bench.sh " + command + "`  ");
        report.line(String.format(Locale.ROOT, "Data: the whole run's in %s (%,d items × %d-d, %,d users, %,d events, seed %d); k %d, size %d; "
            + "%,d warm-up queries per scenario.", options.home(), options.items(), options.dimension(), options.users(), options.events(),
            options.seed(), options.k(), options.size(), options.warmup()));
        report.line("");
        table(report, options, rounds);
        return report.text();
    }

    /** The alternating pair's ratio over the rounds: their median (what the suite judges the ≤ 2× target on). */
    static double medianAlternateRatio(List<Round> rounds) {
        return median(rounds, Round::alternateRatio);
    }

    /** A row per round and the medians. */
    static void table(Report report, SuiteOptions options, List<Round> rounds) {
        report.line(String.format(Locale.ROOT, "%d round%s, %,d measured queries per scenario and round, one client. Each scenario runs alone, then the alternating"
            + " pair (a k-NN query, then `recommend` without re-ranking for the same user: both meet the same state of the machine).", rounds.size(), rounds.size() == 1 ? "" : "s",
            options.latencyQueries()));
        report.line("");
        report.line("| round | k-NN p50 ms | no re-rank p50 ms | re-rank p50 ms | no re-rank ÷ k-NN | k-NN p99 | no re-rank p99 | node CPU ms/query: k-NN / no re-rank / re-rank"
            + " | alternating: k-NN / no re-rank p50 ms | **alternating ratio** | JIT compiling during the scenarios, ms |");
        report.line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int r = 0; r < rounds.size(); r++) {
            Round round = rounds.get(r);
            report.line(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f× | %.2f | %.2f | %.2f / %.2f / %.2f | %.2f / %.2f | %.2f× | %,d |", r + 1,
                round.p50(0), round.p50(1), round.p50(2), round.p50(1) / round.p50(0), round.results().get(0).p(99), round.results().get(1).p(99),
                round.cpuMsPerQuery(0), round.cpuMsPerQuery(1), round.cpuMsPerQuery(2), round.alternateKnn().percentileMillis(50),
                round.alternateRecommend().percentileMillis(50), round.alternateRatio(), round.compileMillis()));
        }
        report.line(String.format(Locale.ROOT, "| median | %.2f | %.2f | %.2f | %.2f× | | | %.2f / %.2f / %.2f | %.2f / %.2f | **%.2f×** | |",
            median(rounds, r -> r.p50(0)), median(rounds, r -> r.p50(1)), median(rounds, r -> r.p50(2)), median(rounds, r -> r.p50(1) / r.p50(0)),
            median(rounds, r -> r.cpuMsPerQuery(0)), median(rounds, r -> r.cpuMsPerQuery(1)), median(rounds, r -> r.cpuMsPerQuery(2)),
            median(rounds, r -> r.alternateKnn().percentileMillis(50)), median(rounds, r -> r.alternateRecommend().percentileMillis(50)),
            median(rounds, Round::alternateRatio)));
        Latencies knn = new Latencies();
        Latencies recommend = new Latencies();
        Latencies alternateKnn = new Latencies();
        Latencies alternateRecommend = new Latencies();
        for (Round round : rounds) {
            knn.addAll(round.results().get(0).latencies());
            recommend.addAll(round.results().get(1).latencies());
            alternateKnn.addAll(round.alternateKnn());
            alternateRecommend.addAll(round.alternateRecommend());
        }
        report.line("");
        report.line(String.format(Locale.ROOT, "All rounds' queries together: alone, k-NN p50 %.2f ms and `recommend` without re-ranking %.2f ms (%.2f×); "
            + "alternating, %.2f and %.2f ms (%.2f×).", knn.percentileMillis(50), recommend.percentileMillis(50),
            recommend.percentileMillis(50) / knn.percentileMillis(50), alternateKnn.percentileMillis(50), alternateRecommend.percentileMillis(50),
            alternateRecommend.percentileMillis(50) / alternateKnn.percentileMillis(50)));
    }

    private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> value) {
        double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
