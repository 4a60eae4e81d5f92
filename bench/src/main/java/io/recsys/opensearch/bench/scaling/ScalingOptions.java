package io.recsys.opensearch.bench.scaling;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scaling benchmark's knobs, from the command line ({@code scaling --events 200000 --shards 1,3 ...}).
 * {@code --smoke} is a quick check that every step works (a few seconds of ingest per configuration).
 *
 * @param httpBase  HTTP port of node-1; node-N listens on {@code httpBase + N - 1} (127.0.0.1)
 * @param nodes     nodes in the cluster, each sent an equal share of the requests (what a load balancer does)
 * @param shards    primary shard counts to measure (the profiles and the events index get the same)
 * @param replicas  replica counts to measure, each with every shard count
 * @param repeat    times each configuration is measured; the order of the configurations is reversed on every other
 *                  pass (1 3 3 1 ...), so a machine that gets busier or quieter over the run does not favour one
 * @param items     catalog items (the events' item embeddings are read from it)
 * @param dimension embedding dimension
 * @param users     users in the event stream
 * @param events    events ingested per configuration (the same stream every time)
 * @param warmup    events ingested into a throw-away recommender first, so no configuration pays for the nodes' JIT
 * @param batch     events per request
 * @param senders   requests in flight; sender s talks to node {@code s % nodes}
 * @param seed      of the catalog and the event stream
 * @param out       where the report goes
 */
record ScalingOptions(
    int httpBase,
    int nodes,
    List<Integer> shards,
    List<Integer> replicas,
    int repeat,
    int items,
    int dimension,
    int users,
    int events,
    int warmup,
    int batch,
    int senders,
    long seed,
    boolean smoke,
    Path out
) {

    static final String USAGE = "usage: bench.sh scaling [--smoke] [--http-base PORT] [--nodes N] [--shards 1,3] [--replicas 0,1] [--repeat N]"
        + " [--items N] [--users N] [--events N] [--warmup N] [--batch N] [--senders N] [--seed N] [--out DIR]";

    static ScalingOptions parse(List<String> args) {
        boolean smoke = args.contains("--smoke");
        int httpBase = 9280;
        int nodes = 3;
        List<Integer> shards = List.of(1, 3);
        List<Integer> replicas = List.of(0, 1);
        int repeat = smoke ? 1 : 2;
        int items = smoke ? 5_000 : 20_000;
        int dimension = 128;
        int users = smoke ? 2_000 : 10_000;
        int events = smoke ? 10_000 : 100_000;
        int warmup = smoke ? 5_000 : 100_000;
        int batch = 1_000;
        int senders = 6;
        long seed = 42;
        Path out = Path.of("bench/target/scaling");
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--smoke")) {
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("missing value after " + arg + "\n" + USAGE);
            }
            String value = args.get(++i);
            switch (arg) {
                case "--http-base" -> httpBase = Integer.parseInt(value);
                case "--nodes" -> nodes = Integer.parseInt(value);
                case "--shards" -> shards = list(value);
                case "--replicas" -> replicas = list(value);
                case "--repeat" -> repeat = Integer.parseInt(value);
                case "--items" -> items = Integer.parseInt(value);
                case "--users" -> users = Integer.parseInt(value);
                case "--events" -> events = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                case "--senders" -> senders = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new ScalingOptions(httpBase, nodes, shards, replicas, repeat, items, dimension, users, events, warmup, batch, senders, seed, smoke, out);
    }

    private static List<Integer> list(String value) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : value.split(",")) {
            numbers.add(Integer.parseInt(part.trim()));
        }
        return List.copyOf(numbers);
    }

    /** The configurations in the order they run: every (shards, replicas), the order reversed on every other pass. */
    List<Config> schedule() {
        List<Config> pass = new ArrayList<>();
        for (int r : replicas) {
            for (int s : shards) {
                pass.add(new Config(s, r));
            }
        }
        List<Config> order = new ArrayList<>();
        for (int p = 0; p < repeat; p++) {
            List<Config> copy = new ArrayList<>(pass);
            if (p % 2 == 1) {
                java.util.Collections.reverse(copy);
            }
            order.addAll(copy);
        }
        return order;
    }

    String describe() {
        return String.format(Locale.ROOT, "%d nodes, shards %s × replicas %s, %d pass(es); %,d events of %,d users per configuration over %,d items"
            + " (%d-d), batches of %,d, %d in flight; warm-up %,d events", nodes, shards, replicas, repeat, events, users, items, dimension, batch, senders,
            warmup);
    }

    /** One measured configuration: primaries and replicas of the profiles and the events index. */
    record Config(int shards, int replicas) {
        String label() {
            return shards + " shard" + (shards == 1 ? "" : "s") + ", " + replicas + " replica" + (replicas == 1 ? "" : "s");
        }
    }
}
