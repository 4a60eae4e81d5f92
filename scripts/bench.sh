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
#   scripts/bench.sh scaling                 ingest on a real 3-process cluster with 1 vs 3 profile and event shards, 0 and 1
#                                           replica: events/s, node CPU per event, writes per node (docs/scaling.md; ~10 min)
#   scripts/bench.sh scaling --smoke         the same with a short stream: a minute or two once the cluster is up
#
# scaling starts its own cluster with integ-test/cluster.sh (the distribution, k-NN and the plugin zip installed by
# bin/opensearch-plugin) on HTTP 9280-9282 / transport 9380-9382 in integ-test/target/scaling-cluster, 1g heap a node,
# so it can run beside the integration tests' cluster on 9250; it stops that cluster at the end. Overrides:
# RECSYS_CLUSTER_HTTP_BASE, RECSYS_CLUSTER_TRANSPORT_BASE, RECSYS_CLUSTER_HEAP; RECSYS_SCALING_CLUSTER=running uses a
# cluster already started there and leaves it running. Its build step packages the root (the zips the cluster
# installs) instead of installing it; bench/ still compiles against the plugin in ~/.m2, which the embedded benchmarks
# install.
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

if [ "${1:-}" != "cooccurrence" ] && [ "${1:-}" != "suite" ] && [ "${1:-}" != "scaling" ]; then
  echo "usage: scripts/bench.sh cooccurrence [--smoke] [--docs N] [--items N] [--queries N] [--warmup N] [--shards N] [--indicator-items N] [--parallelism N]" >&2
  echo "       scripts/bench.sh suite [--smoke] [--scale 1m|250k|50k] [--concurrency N] ... (bench/README.md)" >&2
  echo "       scripts/bench.sh scaling [--smoke] [--shards 1,3] [--replicas 0,1] [--events N] ... (bench/README.md)" >&2
  exit 2
fi

extra_flags=()

# bench.sh scaling ...: build the zips and the client, start the cluster (unless RECSYS_SCALING_CLUSTER=running), run,
# stop the cluster whatever happened.
scaling() {
  export RECSYS_CLUSTER_HTTP_BASE=${RECSYS_CLUSTER_HTTP_BASE:-9280}
  export RECSYS_CLUSTER_TRANSPORT_BASE=${RECSYS_CLUSTER_TRANSPORT_BASE:-9380}
  export RECSYS_CLUSTER_HEAP=${RECSYS_CLUSTER_HEAP:-1g}
  export RECSYS_CLUSTER_DIR=${RECSYS_CLUSTER_DIR:-$root/integ-test/target/scaling-cluster}
  export RECSYS_CLUSTER_NAME=${RECSYS_CLUSTER_NAME:-recsys-scaling}
  if [ "${RECSYS_BENCH_SKIP_BUILD:-0}" != 1 ]; then
    echo "[bench] packaging the plugin and k-NN zips: mvn -B -q package -Dmaven.test.skip=true"
    mvn -B -q package -Dmaven.test.skip=true
    if [ ! -x integ-test/target/distribution/opensearch-3.5.0/bin/opensearch ]; then
      echo "[bench] unpacking the OpenSearch distribution (integ-test/pom.xml)"
      mvn -B -q -f integ-test/pom.xml dependency:unpack@unpack-distribution
    fi
    echo "[bench] building bench/"
    mvn -B -q -f bench/pom.xml package -DskipTests
  fi
  local own_cluster=0 status=0
  if [ "${RECSYS_SCALING_CLUSTER:-}" != running ]; then
    own_cluster=1
    trap 'integ-test/cluster.sh stop' EXIT
    integ-test/cluster.sh start
  fi
  local classpath
  classpath="bench/target/opensearch-recsys-bench-0.1.0.jar:$(cat bench/target/classpath.txt)"
  mkdir -p bench/target/tmp
  echo "[bench] running: $*"
  "$JAVA_HOME/bin/java" -Xms"${RECSYS_BENCH_HEAP:-1g}" -Xmx"${RECSYS_BENCH_HEAP:-1g}" "${extra_flags[@]}" \
    -Djava.io.tmpdir="$root/bench/target/tmp" ${RECSYS_BENCH_JAVA_OPTS:-} \
    -cp "$classpath" io.recsys.opensearch.bench.BenchMain "$@" --http-base "$RECSYS_CLUSTER_HTTP_BASE" || status=$?
  [ $own_cluster = 1 ] && { integ-test/cluster.sh stop; trap - EXIT; }
  return $status
}

if [ "$(recsys_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  extra_flags+=(--sun-misc-unsafe-memory-access=allow)
fi

if [ "$1" = "scaling" ]; then
  scaling "$@"
  exit $?
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
