#!/usr/bin/env bash
# The project's test command: every layer, in order.
#   1. unit tests (JUnit 5) and OpenSearch test-framework tests (single node, 3-node internal cluster), and the plugin zip
#   2. demo and tooling tests; the demo's include the storefront page in headless Chromium (installed from Debian's
#      packages by demo/scripts/install-browser.sh when chromium or chromedriver is missing)
#   3. integ-test/: the real distribution, plugins installed with bin/opensearch-plugin, 3 node processes, REST tests
#   4. bench/: the benchmark suite at smoke scale (50k items): it must run and pass its sanity checks; timings not checked;
#      then its one-client rounds alone over the data it left (--reuse)
# Any argument is passed to every Maven call (e.g. -o to stay offline).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh

start=$(date +%s)
step() { echo; echo "=== $* ($(( $(date +%s) - start ))s)"; }

step "plugin: unit and node tests, plugin zip"
mvn -B -ntp "$@" install

# the storefront page's browser test needs it (root on CI: apt-get; it does nothing when both are on PATH)
demo/scripts/install-browser.sh

for module in demo tools; do
  if [ -f "$module/pom.xml" ]; then
    step "$module: tests"
    mvn -B -ntp "$@" -f "$module/pom.xml" install # installed: bench/ builds on the demo's reader
  fi
done

step "integ-test: real 3-node cluster from the OpenSearch distribution"
mvn -B -ntp "$@" -f integ-test/pom.xml verify

step "bench: the benchmark suite at smoke scale (checks, not timings)"
mvn -B -ntp -q "$@" -f bench/pom.xml verify
RECSYS_BENCH_SKIP_BUILD=1 scripts/bench.sh suite --smoke --out bench/target/suite-smoke
# the rounds alone over the data the smoke run left (how two plugin versions are compared): it must reopen and run
RECSYS_BENCH_SKIP_BUILD=1 scripts/bench.sh suite --smoke --reuse --rounds 1 --warmup 50 --latency-queries 50 --out bench/target/suite-smoke

step "all layers passed in $(( $(date +%s) - start ))s"
