#!/usr/bin/env bash
# Benchmarks on a real OpenSearch node embedded in one JVM (k-NN and opensearch-recsys as classpath plugins).
#
#   scripts/bench.sh cooccurrence            1,000,000 generated baskets over 100,000 items (a long run: see docs/benchmarks.md)
#   scripts/bench.sh cooccurrence --smoke    20,000 baskets over 2,000 items: a minute or two, what CI runs
#   scripts/bench.sh cooccurrence --docs 200000 --items 20000 --queries 300 ...   any scale (all options: BenchOptions.java)
#   scripts/bench.sh suite --scale 1m       the benchmark suite (bench/README.md): 1M items × 128-d, 100k users, 2M events
#                                           through the events API; k-NN vs client-side pipeline vs recommend; report + chart
#   scripts/bench.sh suite --smoke          the same suite at 50k items, 5k users, 50k events: a few minutes, what CI runs
#   scripts/bench.sh suite --scale 1m --reuse --rounds 8   only the one-client rounds (k-NN vs recommend), over the data
#                                           the last whole 1M run left in its --home: a few minutes (bench/README.md)
#
# Builds what it needs first: the plugin into the local Maven repository (mvn install -DskipTests at the root; skip with
# RECSYS_BENCH_SKIP_BUILD=1 when it is current), then bench/. The node lives in bench/target/node (or --home) and is deleted
# and recreated on every run but --reuse; it stops when the benchmark ends. The report is printed and written to
# bench/target/cooccurrence-report.md. Knobs: RECSYS_BENCH_HEAP (default 3g), RECSYS_BENCH_JAVA_OPTS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=java-env.sh
. scripts/java-env.sh

if [ "${1:-}" != "cooccurrence" ] && [ "${1:-}" != "suite" ]; then
  echo "usage: scripts/bench.sh cooccurrence [--smoke] [--docs N] [--items N] [--queries N] [--warmup N] [--shards N] [--indicator-items N] [--parallelism N]" >&2
  echo "       scripts/bench.sh suite [--smoke] [--scale 1m|250k|50k] [--concurrency N] ... (bench/README.md)" >&2
  exit 2
fi

extra_flags=()
if [ "$(recsys_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  extra_flags+=(--sun-misc-unsafe-memory-access=allow)
fi

if [ "${RECSYS_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "[bench] installing the plugin and the common module (the Online Retail reader): mvn -B -q install -DskipTests"
  mvn -B -q install -DskipTests
  echo "[bench] building bench/"
  mvn -B -q -f bench/pom.xml package -DskipTests
fi

classpath="bench/target/opensearch-recsys-bench-0.1.0.jar:$(cat bench/target/classpath.txt)"
mkdir -p bench/target/tmp
echo "[bench] running: $*"
exec "$JAVA_HOME/bin/java" -Xms"${RECSYS_BENCH_HEAP:-3g}" -Xmx"${RECSYS_BENCH_HEAP:-3g}" \
  --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector "${extra_flags[@]}" \
  -Djava.io.tmpdir="$root/bench/target/tmp" -Drecsys.bench.logs="$root/bench/target/logs" \
  ${RECSYS_BENCH_JAVA_OPTS:-} \
  -cp "$classpath" io.recsys.opensearch.bench.BenchMain "$@"
