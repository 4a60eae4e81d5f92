#!/usr/bin/env bash
# recsys-tool: load, embed, train, evaluate and cross-platform check against an opensearch-recsys cluster over REST.
# Builds tools/ (and the root build's common module, whose Online Retail rules it uses) when missing or older than their
# sources, then runs
# the command. `scripts/recsys-tool.sh --help` lists the commands; tools/README.md documents them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=java-env.sh
. "$root/scripts/java-env.sh"

if [ "$(recsys_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

# written after this script installed common/: a jar that `mvn package` left in common/target is not in the local
# repository, where the tools build looks for it
common_stamp="$root/tools/target/common-installed.stamp"
tool_jar="$root/tools/target/opensearch-recsys-tools-0.1.0.jar"
classpath_file="$root/tools/target/classpath.txt"

stale() { # stale JAR DIR...: true when JAR is missing or a file under DIR... is newer
  [ ! -f "$1" ] && return 0
  local jar=$1; shift
  [ -n "$(find "$@" -type f -newer "$jar" -print -quit 2>/dev/null)" ]
}

if stale "$common_stamp" "$root/common/src/main" "$root/common/pom.xml" "$root/pom.xml"; then
  echo "[recsys-tool] installing the common module (Online Retail rules, ONNX builder): mvn install -pl common -am" >&2
  mvn -B -q -f "$root/pom.xml" install -pl common -am -DskipTests >&2 || { echo "[recsys-tool] error: the common build failed (Maven's message above)" >&2; exit 1; }
  mkdir -p "$root/tools/target" && rm -f "$classpath_file" && touch "$common_stamp" # rebuild the tools against it
fi
if stale "$tool_jar" "$root/tools/src/main" "$root/tools/pom.xml" || [ ! -f "$classpath_file" ]; then
  echo "[recsys-tool] building tools/: mvn -f tools/pom.xml package" >&2
  mvn -B -q -f "$root/tools/pom.xml" package -DskipTests >&2 || { echo "[recsys-tool] error: the tools build failed (Maven's message above)" >&2; exit 1; }
fi

# headless: the evaluation report draws its PNG charts without a display
unsafe_flag=""
[ "$(recsys_java_major "$JAVA_HOME/bin/java")" -ge 24 ] && unsafe_flag="--sun-misc-unsafe-memory-access=allow" # protobuf (ONNX export) on JDK 24+
exec java -Xmx${RECSYS_TOOL_HEAP:-2g} $unsafe_flag -Djava.awt.headless=true -Dfile.encoding=UTF-8 \
  -cp "$tool_jar:$(cat "$classpath_file")" io.recsys.opensearch.tools.cli.RecsysTool "$@"
