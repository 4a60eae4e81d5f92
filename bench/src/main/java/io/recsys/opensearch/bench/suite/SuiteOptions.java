package io.recsys.opensearch.bench.suite;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The suite's knobs, from the command line ({@code suite --scale 1m --concurrency 4 ...}). {@code --scale} names the
 * catalog size (users and events stay at 100k and 2M); {@code --smoke} is the small setting CI runs (50k items, 5k
 * users, 50k events, few queries) and turns the sanity checks into failures.
 *
 * @param items        catalog items
 * @param users        users with events
 * @param events       events ingested through the events API
 * @param dimension    embedding dimension
 * @param k            k of every k-NN search (the recommend query's {@code sources.knn.k} and the plain k-NN query)
 * @param size         hits per query
 * @param concurrency  client threads sending queries at once (the fixed concurrency of every scenario)
 * @param queries      measured queries per scenario
 * @param warmup       queries per scenario run before measuring
 * @param latencyQueries measured queries per scenario of the one-client latency pass (0: no such pass)
 * @param ingestBatch  events per events request
 * @param ingestSenders concurrent events requests
 * @param loadThreads  concurrent bulk requests while loading the catalog
 * @param probes       acknowledgement-to-visibility probes sent during the ingest
 * @param indicatorItems most frequent items given precomputed indicators before the query scenarios
 * @param seed         of all generated data
 * @param smoke        the CI setting: sanity checks fail the run
 * @param home         the node's home (data, logs)
 * @param out          where the report and chart go
 * @param profile      where to write a JFR recording of each step, or null
 * @param rounds       rounds of the one-client comparison of k-NN and {@code recommend} ({@link LatencyRounds}) after the
 *                     one-client pass; 0: none
 * @param reuse        reopen the node a previous whole run left in {@code home} and run the rounds only
 * @param neighbors    {@code sources.neighbors.k} of every {@code recommend} body; -1: the query's default (what a
 *                     storefront sends); 0 measures the query without the neighbours, for their share of the cost
 */
public record SuiteOptions(
    int items,
    int users,
    int events,
    int dimension,
    int k,
    int size,
    int concurrency,
    int queries,
    int warmup,
    int latencyQueries,
    int ingestBatch,
    int ingestSenders,
    int loadThreads,
    int probes,
    int indicatorItems,
    long seed,
    boolean smoke,
    Path home,
    Path out,
    Path profile,
    int rounds,
    boolean reuse,
    int neighbors
) {

    static final String USAGE = "usage: bench.sh suite [--smoke] [--scale 1m|250k|50k] [--items N] [--users N] [--events N] [--concurrency N]"
        + " [--queries N] [--warmup N] [--latency-queries N] [--k N] [--batch N] [--senders N] [--load-threads N] [--probes N] [--indicator-items N] [--seed N] [--home DIR] [--out DIR] [--profile DIR] [--rounds N] [--reuse] [--neighbors K]";

    public static SuiteOptions parse(List<String> args) {
        boolean smoke = args.contains("--smoke");
        int items = smoke ? 50_000 : 1_000_000;
        int users = smoke ? 5_000 : 100_000;
        int events = smoke ? 50_000 : 2_000_000;
        int dimension = 128;
        int k = 200;
        int size = 20;
        int concurrency = 4;
        int queries = smoke ? 200 : 500;
        // long warm-ups: with 200 queries the first recommend scenario still paid for JIT compilation (2-5x slower)
        int warmup = smoke ? 300 : 1_000;
        int latencyQueries = smoke ? 100 : 300;
        // 2,000 events a request: the per-request work (catalog lookup, bulk coordination, translog syncs) spread over more
        // events — 0.20 ms of node CPU per event against 0.24 with 1,000 (5,900 against 5,000 events/s at 100k events)
        int batch = 2_000;
        // 4 requests in flight: batches on the same users wait for each other on the node (ProfileUpdateGate), so more in
        // flight adds throughput until the CPU is busy (batches of 1,000: 2 gave 4,700 events/s, 4 gave 5,450, 8 gave 5,300)
        int senders = 4;
        int loadThreads = 2;
        int probes = smoke ? 10 : 30;
        int indicatorItems = smoke ? 2_000 : 20_000;
        long seed = 42;
        Path home = Path.of("bench/target/node");
        Path out = Path.of("bench/target/suite");
        Path profile = null;
        int rounds = smoke ? 3 : 5;
        int neighbors = -1;
        boolean reuse = args.contains("--reuse");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--smoke") || arg.equals("--reuse") || arg.equals("suite")) {
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + arg + " needs a value\n" + USAGE);
            }
            String value = args.get(++i);
            switch (arg) {
                case "--scale" -> items = scale(value);
                case "--items" -> items = Integer.parseInt(value);
                case "--users" -> users = Integer.parseInt(value);
                case "--events" -> events = Integer.parseInt(value);
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                case "--queries" -> queries = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--latency-queries" -> latencyQueries = Integer.parseInt(value);
                case "--k" -> k = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--senders" -> senders = Integer.parseInt(value);
                case "--load-threads" -> loadThreads = Integer.parseInt(value);
                case "--probes" -> probes = Integer.parseInt(value);
                case "--indicator-items" -> indicatorItems = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--home" -> home = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--profile" -> profile = Path.of(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--neighbors" -> neighbors = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        if (rounds < 0 || (reuse && (rounds == 0 || latencyQueries == 0))) {
            throw new IllegalArgumentException("--rounds must be 0 (none) or more; --reuse needs --rounds and --latency-queries above 0\n" + USAGE);
        }
        if (latencyQueries < 0) {
            throw new IllegalArgumentException("--latency-queries must be 0 (no one-client pass) or more, got " + latencyQueries + "\n" + USAGE);
        }
        if (items < 1_000 || users < 100 || events < users || concurrency < 1 || queries < 1 || k < 1 || batch < 1 || senders < 1) {
            throw new IllegalArgumentException("need items >= 1000, users >= 100, events >= users and positive counts\n" + USAGE);
        }
        return new SuiteOptions(items, users, events, dimension, k, size, concurrency, queries, warmup, latencyQueries, batch, senders, loadThreads, probes, indicatorItems, seed,
            smoke, home, out, profile, rounds, reuse, neighbors);
    }

    /** {@code 1m}, {@code 250k}, {@code 50k}, or a plain number. */
    static int scale(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.endsWith("m")) {
            return (int) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1_000_000);
        }
        if (v.endsWith("k")) {
            return (int) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1_000);
        }
        return Integer.parseInt(v);
    }

    /** The command line that reproduces this run. */
    String describe() {
        return String.format(Locale.ROOT, "%,d items × %d-d, %,d users, %,d events; k %d, size %d, concurrency %d, %,d measured queries per scenario after %,d warm-up;"
            + " then %,d per scenario with one client%s", items, dimension, users, events, k, size, concurrency, queries, warmup, latencyQueries,
            neighbors < 0 ? "" : "; recommend with sources.neighbors.k " + neighbors);
    }
}
