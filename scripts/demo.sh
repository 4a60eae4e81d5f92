#!/usr/bin/env bash
# The opensearch-recsys demo, in one command: builds what is missing, starts an OpenSearch 3.5.0 node with k-NN and
# opensearch-recsys at http://127.0.0.1:9200, loads the Online Retail catalog into it over REST, creates the
# `storefront` recommender, replays the log as events of cross-platform customers, builds indicators, prints examples
# and commands to try, and serves until Ctrl-C, with a storefront page at http://127.0.0.1:9201/ (search, customer
# switcher, personalized and plain results side by side, product pages, cart, why each item is there). See demo/README.md.
#
# Knobs (environment): RECSYS_DEMO_HOME (node home and data, default demo/target/opensearch),
# RECSYS_DEMO_HTTP_PORT (default 9200), RECSYS_DEMO_PAGE_PORT (the storefront page, default 9201), RECSYS_DEMO_RELOAD=1 (re-index and replay even if loaded), RECSYS_DEMO_HEAP (default 1g),
# RECSYS_DEMO_DATA (the .csv.gz to load, default demo/data/online_retail.csv.gz), RECSYS_DEMO_JAVA_OPTS (more JVM options).
set -euo pipefail

# when the user ran the command, for the "Ready in" line (BSD date has no %N: whole seconds there)
started_ms="$(date +%s%3N 2>/dev/null || true)"
case "$started_ms" in ''|*[!0-9]*) started_ms="$(( $(date +%s) * 1000 ))" ;; esac
export RECSYS_DEMO_STARTED_AT_MS="${RECSYS_DEMO_STARTED_AT_MS:-$started_ms}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=java-env.sh
. scripts/java-env.sh

# Maven and guava (in the node) trip JDK 24+'s sun.misc.Unsafe warnings (4 lines each); they say nothing about
# this project. The flag does not exist before JDK 23.
unsafe_flag=()
if [ "$(recsys_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  unsafe_flag=(--sun-misc-unsafe-memory-access=allow)
fi

plugin_jar=target/opensearch-recsys-0.1.0.jar
plugin_zip=target/opensearch-recsys-0.1.0.zip
knn_jar=knn/target/opensearch-knn-3.5.0.0.jar
demo_jar=demo/target/opensearch-recsys-demo-0.1.0.jar
demo_classpath=demo/target/classpath.txt
plugin_stamp=demo/target/plugin-build.stamp
demo_stamp=demo/target/demo-build.stamp

# newer_than REF PATH...: prints a file under PATH... modified after REF (nothing if none)
newer_than() {
  local ref=$1; shift
  local existing=()
  for p in "$@"; do [ -e "$p" ] && existing+=("$p"); done
  [ ${#existing[@]} -eq 0 ] || find "${existing[@]}" -type f -newer "$ref" -print -quit
}

# The plugin: rebuilt when its jar or zip is missing or a source changed since the jar (or since the last build this
# script ran: Maven leaves an unchanged jar untouched, which would otherwise rebuild on every run). Its tests are
# neither compiled nor run here (scripts/test.sh does that): faster, and a test being edited cannot block the demo.
plugin_ref=$plugin_jar
[ -f "$plugin_stamp" ] && [ "$plugin_stamp" -nt "$plugin_jar" ] && plugin_ref=$plugin_stamp
# no stamp: this script never installed the build (a plain `mvn package` does not put common/ where the demo finds it)
if [ ! -f "$plugin_stamp" ] || [ ! -f "$plugin_jar" ] || [ ! -f "$plugin_zip" ] || [ ! -f "$knn_jar" ] || [ -n "$(newer_than "$plugin_ref" pom.xml knn/pom.xml plugin-pom.xml src config common/pom.xml common/src/main)" ]; then
  echo "[demo] building the plugin: mvn -B -q install -Dmaven.test.skip=true (a few minutes the first time)"
  # install: the demo builds on the common module from the local repository
  mvn -B -q install -Dmaven.test.skip=true || { echo "[demo] error: the plugin build failed (Maven's message above)" >&2; exit 1; }
  mkdir -p demo/target && touch "$plugin_stamp"
fi

# The demo itself: a separate Maven project that also writes the node's classpath to demo/target/classpath.txt.
# (The plugin jars join that classpath only once the root build made them: demo/pom.xml's root-build profile.)
if [ ! -f "$demo_jar" ] || [ ! -f "$demo_classpath" ] || [ ! -f "$demo_stamp" ] || ! grep -q "$plugin_jar" "$demo_classpath" \
    || [ -n "$(newer_than "$demo_stamp" demo/pom.xml demo/src)" ]; then
  echo "[demo] building the demo: mvn -B -q -f demo/pom.xml package -DskipTests"
  mvn -B -q -f demo/pom.xml package -DskipTests || { echo "[demo] error: the demo build failed (Maven's message above)" >&2; exit 1; }
  touch "$demo_stamp"
fi

# Jars only (the class-data archive refuses directories), in a fixed order (it must match from run to run).
classpath="$demo_jar:$(cat "$demo_classpath")"
for jar in demo/target/knn-lib/*.jar; do classpath="$classpath:$jar"; done

export RECSYS_DEMO_HOME="${RECSYS_DEMO_HOME:-$root/demo/target/opensearch}"
mkdir -p "$RECSYS_DEMO_HOME/tmp"
heap="${RECSYS_DEMO_HEAP:-1g}"

# The class-data archive is named after the jars it was made from (paths, sizes, times): the JVM does not recreate
# an archive whose jars changed, it only stops using it. A rebuilt jar gives a new name, hence a new archive.
IFS=: read -r -a classpath_entries <<< "$classpath"
cds_key="$(ls -lnL "${classpath_entries[@]}" | cksum | cut -d' ' -f1)"
cds_archive="$RECSYS_DEMO_HOME/classes-$cds_key.jsa"
find "$RECSYS_DEMO_HOME" -maxdepth 1 -name 'classes-*.jsa' ! -name "classes-$cds_key.jsa" -delete

# -Djna.*: JNA cannot load, so nothing in the node can refuse to run as root (only warnings follow).
# java.io.tmpdir: ONNX Runtime unpacks its native library there; keep it inside the demo's home.
# jdk.incubator.vector: Lucene's SIMD vector scoring, as the OpenSearch distribution enables it (one warning line).
# java.util.logging.manager: Lucene logs through java.util.logging; this sends it to log4j like the rest.
# AutoCreateSharedArchive: the first run records the ~16,000 classes the node loads into a class-data archive
# (written when the JVM exits), later runs map it instead of parsing the jars again: start in about half the time.
# Its name changes with the jars (above); -Xlog:cds*=off keeps its chatter (a page of harmless
# "Skipping …" lines when writing it, "mismatched jdk.module.addmods" when reading it) off the console.
exec java -Xms"$heap" -Xmx"$heap" \
  -XX:+ExitOnOutOfMemoryError \
  -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$cds_archive" -Xlog:cds*=off \
  -Djna.nosys=true -Djna.noclasspath=true -Djna.boot.library.path=/nonexistent \
  -Djava.io.tmpdir="$RECSYS_DEMO_HOME/tmp" \
  -Dfile.encoding=UTF-8 -Djava.awt.headless=true \
  -Djava.util.logging.manager=org.apache.logging.log4j.jul.LogManager \
  --enable-native-access=ALL-UNNAMED ${unsafe_flag[@]+"${unsafe_flag[@]}"} \
  --add-modules=jdk.incubator.vector \
  -Drecsys.demo.dir="$root/demo" -Drecsys.demo.cds.archive="$cds_archive" \
  ${RECSYS_DEMO_JAVA_OPTS:-} \
  -cp "$classpath" \
  io.recsys.opensearch.demo.DemoMain
