#!/usr/bin/env bash
# A cluster of Ebb nodes on this machine, on loopback: one embedded Cassandra node and N Ebb nodes
# (HTTP 8081..808N, Pekko remoting 25521..2552N, seed nodes: all of them), for trying failover by hand.
#
#   cluster-config/local-cluster.sh start N      start Cassandra (unless it runs) and nodes 1..N; returns once
#                                                every node answers /health/ready
#   cluster-config/local-cluster.sh status       what runs, what is ready
#   cluster-config/local-cluster.sh kill I       SIGKILL node I (a crash: the others down it within ~15 s)
#   cluster-config/local-cluster.sh start-node I start node I again (it rejoins), wait until it is ready
#   cluster-config/local-cluster.sh stop         SIGTERM each node in turn (graceful leave), then Cassandra
#
# Run it from the folder the data should go to (usually the repository root): pid files, logs and the nodes'
# data go under ./data/cluster/ only. The jar is target/ebb.jar (mvn -DskipTests package), or EBB_JAR.
# EBB_NODE_JAVA_OPTS sets the nodes' JVM options (default -Xmx768m), EBB_CASSANDRA_CQL_PORT the CQL port (9042).
set -euo pipefail

JAR="${EBB_JAR:-target/ebb.jar}"
DIR="data/cluster"
CQL_PORT="${EBB_CASSANDRA_CQL_PORT:-9042}"
NODE_JAVA_OPTS="${EBB_NODE_JAVA_OPTS:--Xmx768m}"
START_TIMEOUT="${EBB_START_TIMEOUT:-300}"

die() { echo "local-cluster: $*" >&2; exit 1; }

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

alive() { # pid file
  [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

node_count() {
  [[ -f "$DIR/nodes" ]] || die "no cluster was started here (no $DIR/nodes): run start N first"
  cat "$DIR/nodes"
}

check_index() { # I
  [[ "$1" =~ ^[1-9]$ ]] || die "a node number is 1..9, not '$1'"
}

ready() { # I
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:808$1/health/ready" 2>/dev/null
}

start_cassandra() {
  if alive "$DIR/cassandra.pid"; then
    echo "Cassandra already runs (pid $(cat "$DIR/cassandra.pid"))"
    return
  fi
  [[ -f "$JAR" ]] || die "no $JAR: build it with 'mvn -DskipTests package' or set EBB_JAR"
  echo "starting Cassandra on 127.0.0.1:$CQL_PORT (log: $DIR/cassandra.log)"
  EBB_CASSANDRA_CQL_PORT="$CQL_PORT" nohup java -Xmx256m -jar "$JAR" cassandra --data-dir "$DIR" \
    >"$DIR/cassandra.log" 2>&1 </dev/null &
  echo $! >"$DIR/cassandra.pid"
  local waited=0
  until grep -q "Cassandra serves CQL" "$DIR/cassandra.log" 2>/dev/null; do
    alive "$DIR/cassandra.pid" || { tail -20 "$DIR/cassandra.log" >&2; die "Cassandra did not start"; }
    (( waited++ < START_TIMEOUT )) || die "Cassandra not ready after ${START_TIMEOUT}s (see $DIR/cassandra.log)"
    sleep 1
  done
  echo "Cassandra ready after ${waited}s"
}

seed_nodes() { # N
  local seeds="" i
  for (( i = 1; i <= $1; i++ )); do
    seeds+="${seeds:+,}127.0.0.1:2552$i"
  done
  echo "$seeds"
}

launch_node() { # I N
  local i="$1" n="$2"
  if alive "$DIR/node-$i.pid"; then
    echo "node $i already runs (pid $(cat "$DIR/node-$i.pid"))"
    return
  fi
  mkdir -p "$DIR/node-$i/tmp"
  echo "starting node $i: HTTP 127.0.0.1:808$i, remoting 2552$i (log: $DIR/node-$i.log)"
  # shellcheck disable=SC2086 # NODE_JAVA_OPTS is a list of options
  EBB_HTTP_HOST=127.0.0.1 EBB_HTTP_PORT="808$i" \
  EBB_REMOTE_HOST=127.0.0.1 EBB_REMOTE_PORT="2552$i" \
  EBB_DISCOVERY=seed EBB_SEED_NODES="$(seed_nodes "$n")" \
  EBB_CASSANDRA_CONTACT_POINTS="127.0.0.1:$CQL_PORT" \
  EBB_DATA_DIR="$DIR/node-$i" DJL_CACHE_DIR="$DIR/cache" \
    nohup java $NODE_JAVA_OPTS -Djava.io.tmpdir="$DIR/node-$i/tmp" -jar "$JAR" serve \
    >>"$DIR/node-$i.log" 2>&1 </dev/null &
  echo $! >"$DIR/node-$i.pid"
}

await_ready() { # I...
  local i waited=0
  for i in "$@"; do
    until ready "$i"; do
      alive "$DIR/node-$i.pid" || { tail -20 "$DIR/node-$i.log" >&2; die "node $i stopped while starting"; }
      (( waited++ < START_TIMEOUT )) || die "node $i not ready after ${START_TIMEOUT}s (see $DIR/node-$i.log)"
      sleep 1
    done
    echo "node $i ready (http://127.0.0.1:808$i)"
  done
}

stop_pid() { # pid-file name timeout
  local file="$1" name="$2" timeout="$3" pid waited=0
  alive "$file" || { rm -f "$file"; return; }
  pid="$(cat "$file")"
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited++ >= timeout )); then
      echo "$name did not stop within ${timeout}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
  done
  rm -f "$file"
  echo "$name stopped"
}

cmd_start() { # N
  local n="${1:-3}" i
  [[ "$n" =~ ^[1-9]$ ]] || die "N is 1..9, not '$n'"
  command -v curl >/dev/null || die "curl is needed to wait for /health/ready"
  [[ -f "$JAR" ]] || die "no $JAR: build it with 'mvn -DskipTests package' or set EBB_JAR"
  mkdir -p "$DIR"
  echo "$n" >"$DIR/nodes"
  start_cassandra
  for (( i = 1; i <= n; i++ )); do
    launch_node "$i" "$n"
  done
  await_ready $(seq 1 "$n")
}

cmd_start_node() { # I
  check_index "$1"
  local n
  n="$(node_count)"
  (( $1 <= n )) || die "node $1 is not part of this cluster of $n"
  alive "$DIR/cassandra.pid" || die "Cassandra does not run: use start N"
  launch_node "$1" "$n"
  await_ready "$1"
}

cmd_kill() { # I
  check_index "$1"
  alive "$DIR/node-$1.pid" || die "node $1 does not run"
  kill -KILL "$(cat "$DIR/node-$1.pid")"
  rm -f "$DIR/node-$1.pid"
  echo "node $1 killed (SIGKILL)"
}

cmd_stop() {
  local n i
  n="$(cat "$DIR/nodes" 2>/dev/null || echo 9)"
  # One at a time, the oldest (node 1: it runs the shard coordinator) last: each hands its shards to the nodes
  # still running and leaves; all leaving at once makes the last ones wait for each other.
  for (( i = n; i >= 1; i-- )); do
    stop_pid "$DIR/node-$i.pid" "node $i" 60
  done
  stop_pid "$DIR/cassandra.pid" "Cassandra" 90
}

cmd_status() {
  local n i
  n="$(node_count)"
  if alive "$DIR/cassandra.pid"; then
    echo "cassandra  running (pid $(cat "$DIR/cassandra.pid")), CQL on 127.0.0.1:$CQL_PORT"
  else
    echo "cassandra  not running"
  fi
  for (( i = 1; i <= n; i++ )); do
    if alive "$DIR/node-$i.pid"; then
      if ready "$i"; then
        echo "node $i     running (pid $(cat "$DIR/node-$i.pid")), ready on http://127.0.0.1:808$i"
      else
        echo "node $i     running (pid $(cat "$DIR/node-$i.pid")), not ready"
      fi
    else
      echo "node $i     not running"
    fi
  done
}

case "${1:-}" in
  start) cmd_start "${2:-3}" ;;
  start-node) [[ $# -eq 2 ]] || usage; cmd_start_node "$2" ;;
  kill) [[ $# -eq 2 ]] || usage; cmd_kill "$2" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) usage ;;
esac
