package io.recsys.opensearch.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's knobs, from the command line ({@code --docs 1000000 --items 100000 ...}); {@code --smoke} is the small,
 * fast setting CI runs.
 *
 * @param docs            baskets indexed
 * @param items           distinct items
 * @param queries         measured queries per scenario
 * @param warmup          queries run before measuring
 * @param shards          shards of the split copy
 * @param indicatorItems  items the indicators build covers (the most frequent), 0 for all
 * @param parallelism     items the indicators build computes at once
 * @param seed            of the generated data
 * @param home            the node's home (data, logs)
 * @param report          where the Markdown report goes
 * @param retail          the Online Retail log (gzip CSV) whose invoices are benchmarked too, or null to skip them
 */
record BenchOptions(int docs, int items, int queries, int warmup, int shards, int indicatorItems, int parallelism, long seed, Path home, Path report, Path retail) {

    static BenchOptions parse(List<String> args) {
        boolean smoke = args.contains("--smoke");
        int docs = smoke ? 20_000 : 1_000_000;
        int items = smoke ? 2_000 : 100_000;
        int queries = smoke ? 100 : 500;
        int warmup = smoke ? 30 : 200;
        int shards = 3;
        int indicatorItems = 0;
        int parallelism = 2;
        long seed = 42;
        Path home = Path.of("bench/target/node");
        Path report = Path.of("bench/target/cooccurrence-report.md");
        Path retail = Path.of("demo/data/online_retail.csv.gz");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--smoke") || arg.equals("cooccurrence")) {
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            String value = args.get(++i);
            switch (arg) {
                case "--docs" -> docs = Integer.parseInt(value);
                case "--items" -> items = Integer.parseInt(value);
                case "--queries" -> queries = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--shards" -> shards = Integer.parseInt(value);
                case "--indicator-items" -> indicatorItems = Integer.parseInt(value);
                case "--parallelism" -> parallelism = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--home" -> home = Path.of(value);
                case "--report" -> report = Path.of(value);
                case "--retail" -> retail = value.equals("none") ? null : Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + arg
                    + " (known: --smoke --docs --items --queries --warmup --shards --indicator-items --parallelism --seed --home --report --retail PATH|none)");
            }
        }
        return new BenchOptions(docs, items, queries, warmup, shards, indicatorItems, parallelism, seed, home, report, retail != null && java.nio.file.Files.exists(retail) ? retail : null);
    }
}
