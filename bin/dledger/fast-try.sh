#!/usr/bin/env bash
# A name server and a three-member Raft broker group on this machine, as Apache RocketMQ's
# bin/dledger/fast-try.sh does, with conf/dledger/broker-n{0,1,2}.conf.
#   bin/dledger/fast-try.sh start   builds on first use, starts everything, waits until a leader serves, prints
#                                   addresses and log paths
#   bin/dledger/fast-try.sh stop    stops every process it started (SIGTERM, then SIGKILL after 15 s)
# Data and logs go under $FAST_TRY_ROOT (default: a temporary directory remembered in .build/fast-try.root), so
# a try never touches /tmp/rmqstore or an installed broker's data.
# FAST_TRY_BROKER_PROPS='key=value;key=value' appends broker.conf lines to every member (experiments, benchmarks).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$ROOT/bin/lib.sh"
STATE="$ROCKETMQ_BUILD_DIR/fast-try.root"

start() {
  if [ -f "$STATE" ] && [ -d "$(cat "$STATE")" ] && [ -n "$(pids_of "$(cat "$STATE")")" ]; then
    echo "fast-try is already running under $(cat "$STATE") (bin/dledger/fast-try.sh stop first)" >&2
    exit 1
  fi

  local namesrv_dll broker_dll work
  namesrv_dll="$(rocketmq_ensure_built NameServer RocketMQ.NameServer)"
  broker_dll="$(rocketmq_ensure_built Broker RocketMQ.Broker)"
  work="${FAST_TRY_ROOT:-$(mktemp -d "${TMPDIR:-/tmp}/rocketmq-fast-try.XXXXXX")}"
  mkdir -p "$work/logs" "$work/conf"
  echo "$work" > "$STATE"

  nohup dotnet "$namesrv_dll" -l 9876 >"$work/logs/namesrv.log" 2>&1 &
  echo $! > "$work/namesrv.pid"
  for i in 0 1 2; do
    # The seed config, with the store under this try's root instead of /tmp/rmqstore.
    sed -e "s#^storePathRootDir=.*#storePathRootDir=$work/data/node0$i#" \
        -e "s#^storePathCommitLog=.*#storePathCommitLog=$work/data/node0$i/commitlog#" \
        "$ROOT/conf/dledger/broker-n$i.conf" > "$work/conf/broker-n$i.conf"
    # Extra broker.conf lines for every member (experiments, benchmarks): FAST_TRY_BROKER_PROPS='k=v;k2=v2'.
    if [ -n "${FAST_TRY_BROKER_PROPS:-}" ]; then
      tr ';' '\n' <<< "$FAST_TRY_BROKER_PROPS" >> "$work/conf/broker-n$i.conf"
    fi
    nohup dotnet "$broker_dll" -c "$work/conf/broker-n$i.conf" >"$work/logs/broker-n$i.log" 2>&1 &
    echo $! > "$work/broker-n$i.pid"
  done

  if ! wait_for_leader "$work" 60; then
    echo "no broker became leader within 60 s; logs in $work/logs" >&2
    exit 1
  fi

  echo "name server  127.0.0.1:9876                 log $work/logs/namesrv.log"
  for i in 0 1 2; do
    local port role
    port="$(sed -n 's/^listenPort=//p' "$work/conf/broker-n$i.conf")"
    role="$(grep -o 'role [A-Za-z]*' "$work/logs/broker-n$i.log" | tail -1 | cut -d' ' -f2)"
    printf 'broker n%s    127.0.0.1:%-6s %-9s log %s\n' "$i" "$port" "${role:-starting}" "$work/logs/broker-n$i.log"
  done
  echo "data under $work/data; stop with: bin/dledger/fast-try.sh stop"
}

# wait_for_leader <work> <seconds>: until a broker log announces leadership (the leader registers as brokerId 0).
wait_for_leader() {
  local work=$1 deadline=$((SECONDS + $2))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if grep -qs "as brokerId 0" "$work"/logs/broker-n*.log; then
      return 0
    fi
    for pidfile in "$work"/*.pid; do
      kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "$(basename "$pidfile" .pid) exited:" >&2;
        tail -5 "$work/logs/$(basename "$pidfile" .pid).log" >&2; return 1; }
    done
    sleep 0.2
  done
  return 1
}

pids_of() {
  local work=$1 pid
  for pidfile in "$work"/*.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    kill -0 "$pid" 2>/dev/null && echo "$pid"
  done
  return 0
}

stop() {
  [ -f "$STATE" ] || { echo "fast-try is not running"; return 0; }
  local work pids
  work="$(cat "$STATE")"
  pids="$(pids_of "$work")"
  if [ -n "$pids" ]; then
    kill -TERM $pids 2>/dev/null || true
    for _ in $(seq 1 150); do
      [ -z "$(pids_of "$work")" ] && break
      sleep 0.1
    done
    pids="$(pids_of "$work")"
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  fi
  rm -f "$work"/*.pid "$STATE"
  echo "fast-try stopped (data and logs kept under $work)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "Usage: bin/dledger/fast-try.sh start|stop" >&2; exit 2 ;;
esac
