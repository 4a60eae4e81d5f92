#!/usr/bin/env bash
# A real 3-node OpenSearch cluster for the integration tests: the integ-test distribution unpacked by Maven,
# k-NN and opensearch-recsys installed with the real plugin CLI, one copy of the installed home per node.
#
#   cluster.sh start         fresh install, start the 3 nodes, wait for green (stops anything left from a previous run)
#   cluster.sh stop          stop every node (TERM to its process group, KILL after a timeout)
#   cluster.sh start-node N  start node N again with its existing data, wait for 3 nodes and green
#   cluster.sh stop-node N   stop node N only
#   cluster.sh kill-node N   kill -9 node N (no shutdown of any kind: what a crash or the OOM killer does)
#   cluster.sh status        one line per node, then the cluster health
#
# Layout (all under integ-test/target/): distribution/opensearch-<v>/ (unpacked by Maven), cluster/home/ (installed
# home), cluster/node-N/ (the node's home copy; its logs in cluster/node-N/logs/, its pid in cluster/node-N/pid).
#
# Overrides (environment; the defaults are what integ-test/pom.xml expects), so a second cluster, e.g. the scaling
# benchmark's, can run beside the integration tests' without sharing ports or files:
#   RECSYS_CLUSTER_HTTP_BASE (9250)  RECSYS_CLUSTER_TRANSPORT_BASE (9350)  RECSYS_CLUSTER_HEAP (512m)
#   RECSYS_CLUSTER_DIR (integ-test/target/cluster)  RECSYS_CLUSTER_NAME (recsys-integ)
set -euo pipefail

INTEG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$INTEG_DIR/.." && pwd)
OPENSEARCH_VERSION=${OPENSEARCH_VERSION:-3.5.0}
KNN_ZIP=${KNN_ZIP:-$ROOT_DIR/knn/target/opensearch-knn-3.5.0.0.zip}
RECSYS_ZIP=${RECSYS_ZIP:-$ROOT_DIR/target/opensearch-recsys-0.1.0.zip}
DIST_HOME=$INTEG_DIR/target/distribution/opensearch-$OPENSEARCH_VERSION
CLUSTER_DIR=${RECSYS_CLUSTER_DIR:-$INTEG_DIR/target/cluster}
CLUSTER_NAME=${RECSYS_CLUSTER_NAME:-recsys-integ}
NODES=3
# 9250+ and 9350+ so a demo on the default 9200/9300 can run beside the tests.
HTTP_BASE=${RECSYS_CLUSTER_HTTP_BASE:-9250}
TRANSPORT_BASE=${RECSYS_CLUSTER_TRANSPORT_BASE:-9350}
HEAP=${RECSYS_CLUSTER_HEAP:-512m}
START_TIMEOUT=${START_TIMEOUT:-240}
STOP_TIMEOUT=${STOP_TIMEOUT:-30}

# shellcheck source=../scripts/java-env.sh
source "$ROOT_DIR/scripts/java-env.sh"

log() { echo "[cluster] $*"; }
die() { echo "[cluster] ERROR: $*" >&2; exit 1; }

node_dir() { echo "$CLUSTER_DIR/node-$1"; }
http_port() { echo $((HTTP_BASE + $1 - 1)); }
transport_port() { echo $((TRANSPORT_BASE + $1 - 1)); }

node_pid() {
  local file
  file="$(node_dir "$1")/pid"
  [ -s "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null && cat "$file"
}

install() {
  [ -f "$RECSYS_ZIP" ] || die "plugin zip not found: $RECSYS_ZIP — run 'mvn -B package -DskipTests' at the root first."
  [ -f "$KNN_ZIP" ] || die "k-NN zip not found: $KNN_ZIP — run 'mvn -B package -DskipTests' at the root first."
  [ -x "$DIST_HOME/bin/opensearch" ] || die "distribution not unpacked at $DIST_HOME — run this layer through Maven: mvn -B -f integ-test/pom.xml verify"
  rm -rf "$CLUSTER_DIR"
  mkdir -p "$CLUSTER_DIR"
  cp -a "$DIST_HOME" "$CLUSTER_DIR/home"
  log "installing $(basename "$KNN_ZIP") and $(basename "$RECSYS_ZIP") with bin/opensearch-plugin"
  # k-NN first: opensearch-recsys declares extended.plugins=opensearch-knn.
  "$CLUSTER_DIR/home/bin/opensearch-plugin" install --batch "file://$KNN_ZIP"
  "$CLUSTER_DIR/home/bin/opensearch-plugin" install --batch "file://$RECSYS_ZIP"
  "$CLUSTER_DIR/home/bin/opensearch-plugin" list
  local n seeds="" managers=""
  for n in $(seq 1 $NODES); do
    seeds+="${seeds:+, }\"127.0.0.1:$(transport_port "$n")\""
    managers+="${managers:+, }\"node-$n\""
  done
  for n in $(seq 1 $NODES); do
    local dir
    dir=$(node_dir "$n")
    cp -a "$CLUSTER_DIR/home" "$dir"
    mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
    cat > "$dir/config/opensearch.yml" <<EOF
cluster.name: $CLUSTER_NAME
node.name: node-$n
network.host: 127.0.0.1
http.port: $(http_port "$n")
transport.port: $(transport_port "$n")
discovery.seed_hosts: [$seeds]
cluster.initial_cluster_manager_nodes: [$managers]
path.data: $dir/data
path.logs: $dir/logs
# The build machine's disk fill level must not decide whether replicas get allocated.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
  done
  rm -rf "$CLUSTER_DIR/home"
}

launch_node() {
  local n=$1 dir
  dir=$(node_dir "$n")
  [ -d "$dir" ] || die "node-$n is not installed ($dir); run 'cluster.sh start' first"
  if node_pid "$n" >/dev/null; then
    log "node-$n already running (pid $(node_pid "$n"))"
    return
  fi
  check_ports_free "$n"
  # setsid: the node leads its own process group, so stop can signal everything it spawned, and the node does not
  # share the Maven/exec process group. Output goes to a file and stdin to /dev/null so exec-maven-plugin does not
  # wait on pipes held by the node. The JNA flags let OpenSearch start as root (see STACK.md).
  (
    cd "$dir"
    export OPENSEARCH_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP -Djna.nosys=true -Djna.noclasspath=true -Djna.boot.library.path=/nonexistent"
    export OPENSEARCH_TMPDIR="$dir/tmp"
    export OPENSEARCH_PATH_CONF="$dir/config"
    exec setsid "$dir/bin/opensearch" > "$dir/logs/console.log" 2>&1 < /dev/null
  ) &
  echo $! > "$dir/pid"
  log "node-$n started: pid $(cat "$dir/pid"), http 127.0.0.1:$(http_port "$n"), logs $dir/logs/"
}

print_logs() {
  local n dir
  for n in $(seq 1 $NODES); do
    dir=$(node_dir "$n")
    echo "----- node-$n: tail of $dir/logs/console.log -----" >&2
    tail -n 40 "$dir/logs/console.log" >&2 2>/dev/null || true
  done
}

# Waits until the given nodes run and the cluster is green with $NODES nodes; on failure prints the logs and
# stops the cluster, so a failed pre-integration-test leaves no process behind.
wait_for_green() {
  local deadline=$((SECONDS + START_TIMEOUT)) n
  while true; do
    for n in "$@"; do
      if ! node_pid "$n" >/dev/null; then
        print_logs
        stop_all
        die "node-$n exited during start-up; logs above and in $(node_dir "$n")/logs/"
      fi
    done
    if curl -sf -o /dev/null "http://127.0.0.1:$(http_port "$1")/_cluster/health?wait_for_nodes=$NODES&wait_for_status=green&timeout=5s"; then
      log "cluster $CLUSTER_NAME is green with $NODES nodes"
      return
    fi
    if [ $SECONDS -ge $deadline ]; then
      print_logs
      stop_all
      die "cluster not green with $NODES nodes after ${START_TIMEOUT}s; logs above and in $CLUSTER_DIR/node-*/logs/"
    fi
    sleep 2
  done
}

stop_node() {
  local n=$1 dir pid
  dir=$(node_dir "$n")
  pid=$(node_pid "$n") || { rm -f "$dir/pid"; return 0; }
  log "stopping node-$n (pid $pid)"
  # The node is its process group's leader (setsid), so -pid reaches it and anything it started.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      log "node-$n still alive after ${STOP_TIMEOUT}s, sending KILL"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.5
  done
  rm -f "$dir/pid"
}

kill_node() {
  local n=$1 dir pid
  dir=$(node_dir "$n")
  pid=$(node_pid "$n") || { rm -f "$dir/pid"; return 0; }
  log "killing node-$n (pid $pid) with SIGKILL"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  rm -f "$dir/pid"
}

stop_all() {
  local n
  for n in $(seq 1 $NODES); do stop_node "$n"; done
}

status() {
  local n pid
  for n in $(seq 1 $NODES); do
    if pid=$(node_pid "$n"); then
      echo "node-$n running pid $pid http 127.0.0.1:$(http_port "$n")"
    else
      echo "node-$n stopped"
    fi
  done
  curl -s "http://127.0.0.1:$HTTP_BASE/_cat/health?v" || true
}

check_node_arg() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le $NODES ] || die "node number 1..$NODES expected, got '${1:-}'"
}

# Refuses to start when a node's port already answers, before any node is launched.
check_ports_free() {
  local n
  for n in "$@"; do
    if curl -s -o /dev/null "http://127.0.0.1:$(http_port "$n")"; then
      die "port $(http_port "$n") is already in use: another cluster (a previous run? 'integ-test/cluster.sh stop') or another program"
    fi
  done
}

case "${1:-}" in
  start)
    [ -d "$CLUSTER_DIR" ] && stop_all
    check_ports_free $(seq 1 $NODES)
    install
    for n in $(seq 1 $NODES); do launch_node "$n"; done
    wait_for_green $(seq 1 $NODES)
    ;;
  stop)
    [ -d "$CLUSTER_DIR" ] && stop_all
    log "stopped"
    ;;
  start-node)
    check_node_arg "${2:-}"
    launch_node "$2"
    wait_for_green "$2"
    ;;
  stop-node)
    check_node_arg "${2:-}"
    stop_node "$2"
    ;;
  kill-node)
    check_node_arg "${2:-}"
    kill_node "$2"
    ;;
  status)
    status
    ;;
  *)
    echo "usage: $0 {start|stop|start-node N|stop-node N|kill-node N|status}" >&2
    exit 2
    ;;
esac
