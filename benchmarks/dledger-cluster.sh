#!/usr/bin/env bash
# Shared by dledger-bench.sh and failover-bench.sh (sourced, not executed): builds the bench host, starts a
# three-member DLedger group on loopback (temp dirs, free ports), each node under a supervisor loop that restarts
# it only after a SIGKILL (exit 137), and stops everything on exit, Ctrl-C or failure (trap) — no process is left
# behind. After dledger_cluster_start: $BENCH_DLL, $BENCH_WORK, $BENCH_TARGETS (client addresses, comma-separated),
# $BENCH_PIDS (the directory of <id>.pid files).
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib.sh"

BENCH_IDS=(n0 n1 n2)
BENCH_SUPERVISORS=()
BENCH_DRIVER_PID=""

# A loopback port nothing listens on (random in 20000-59999); the nodes fail loudly if it is taken meanwhile.
_bench_free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null \
        && [[ " ${_BENCH_PORTS[*]:-} " != *" $port "* ]]; then
      _BENCH_PORTS+=("$port")
      echo "$port"
      return
    fi
  done
}

# _bench_supervise <id> <raft-port-list> <client-port>: runs one node; restarts it only after SIGKILL.
_bench_supervise() {
  local id=$1 peers=$2 port=$3 rc
  while [ ! -e "$BENCH_WORK/stop" ]; do
    rc=0
    dotnet "$BENCH_DLL" node --peers "$peers" --self "$id" --dir "$BENCH_WORK/data/$id" --client-port "$port" \
      --pid-file "$BENCH_PIDS/$id.pid" >>"$BENCH_WORK/logs/$id.out" 2>>"$BENCH_WORK/logs/$id.log" || rc=$?
    echo "$(date +%T.%N | cut -c1-12) supervisor: $id exited with $rc" >>"$BENCH_WORK/logs/$id.log"
    [ "$rc" -eq 137 ] || break
  done
}

dledger_cluster_start() {
  BENCH_DLL="$(rocketmq_ensure_built_at benchmarks/RocketMQ.DLedger.Bench RocketMQ.DLedger.Bench)"
  BENCH_WORK="$(mktemp -d "${TMPDIR:-/tmp}/dledger-bench.XXXXXX")"
  BENCH_PIDS="$BENCH_WORK/pids"
  mkdir -p "$BENCH_WORK/logs" "$BENCH_WORK/data" "$BENCH_PIDS"
  trap dledger_cluster_stop EXIT
  trap 'echo "interrupted" >&2; exit 130' INT
  trap 'exit 143' TERM
  local peers="" targets="" id i
  local -a client_ports=()
  for i in "${!BENCH_IDS[@]}"; do
    peers+="${peers:+;}${BENCH_IDS[$i]}-127.0.0.1:$(_bench_free_port)"
    client_ports+=("$(_bench_free_port)")
    targets+="${targets:+,}127.0.0.1:${client_ports[$i]}"
  done
  BENCH_TARGETS="$targets"
  for i in "${!BENCH_IDS[@]}"; do
    # The supervisor's own stderr (bash's "Killed" notices) goes to the node's log too.
    _bench_supervise "${BENCH_IDS[$i]}" "$peers" "${client_ports[$i]}" 2>>"$BENCH_WORK/logs/${BENCH_IDS[$i]}.log" &
    BENCH_SUPERVISORS+=($!)
  done
  echo "group: $peers; clients: $targets; work dir $BENCH_WORK" >&2
  _bench_wait_for "every node ready" 60 _bench_all_ready
  _bench_wait_for "a leader" 30 _bench_has_leader
}

_bench_all_ready() {
  for id in "${BENCH_IDS[@]}"; do grep -qx ready "$BENCH_WORK/logs/$id.out" 2>/dev/null || return 1; done
}

_bench_has_leader() {
  cat "$BENCH_WORK"/logs/*.out 2>/dev/null | grep -q '^role Leader '
}

# _bench_wait_for <what> <seconds> <check>: polls check every 100 ms; on timeout prints the node logs and fails.
_bench_wait_for() {
  local what=$1 deadline=$((SECONDS + $2)) check=$3
  until "$check"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "timed out waiting for $what; node logs:" >&2
      tail -n 20 "$BENCH_WORK"/logs/* >&2 || true
      return 1
    fi
    for pid in "${BENCH_SUPERVISORS[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "a node exited while waiting for $what" >&2; tail -n 20 \
        "$BENCH_WORK"/logs/* >&2; return 1; }
    done
    sleep 0.1
  done
}

# _bench_node_pids: live node pids from the pid files.
_bench_node_pids() {
  local f pid
  for f in "$BENCH_PIDS"/*.pid; do
    [ -f "$f" ] || continue
    pid="$(cat "$f" 2>/dev/null)" || continue
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
  done
  return 0
}

# Runs on every exit: SIGTERM to the driver and the nodes (clean stop), SIGKILL after 20 s, then removes the
# work dir (kept with BENCH_KEEP=1).
dledger_cluster_stop() {
  local rc=$? deadline pid
  trap - EXIT INT TERM
  set +e # best effort from here on: a process that is already gone must not abort the clean-up
  [ -n "${BENCH_WORK:-}" ] || return "$rc"
  touch "$BENCH_WORK/stop"
  [ -n "$BENCH_DRIVER_PID" ] && kill -TERM "$BENCH_DRIVER_PID" 2>/dev/null
  deadline=$((SECONDS + 20))
  # Supervisors leave their loop once a node exits after the stop file exists; repeat the TERM in case a node
  # was being restarted (its pid file not yet written) when the first one went out.
  while [ "$SECONDS" -lt "$deadline" ]; do
    for pid in $(_bench_node_pids); do kill -TERM "$pid" 2>/dev/null; done
    local alive=0
    for pid in "${BENCH_SUPERVISORS[@]}" $BENCH_DRIVER_PID; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && [ -z "$(_bench_node_pids)" ] && break
    sleep 0.2
  done
  for pid in $(_bench_node_pids) "${BENCH_SUPERVISORS[@]}" $BENCH_DRIVER_PID; do
    kill -KILL "$pid" 2>/dev/null && echo "killed $pid (did not stop within 20 s)" >&2
  done
  wait 2>/dev/null
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $BENCH_WORK" >&2; else rm -rf "$BENCH_WORK"; fi
  return "$rc"
}

# dledger_driver <subcommand> <args…>: runs the driver in the background (so Ctrl-C or SIGTERM reaches the trap at
# once), its standard output shown and saved in $BENCH_WORK/driver.out; returns its exit code.
dledger_driver() {
  : >"$BENCH_WORK/driver.out"
  dotnet "$BENCH_DLL" "$@" >"$BENCH_WORK/driver.out" &
  BENCH_DRIVER_PID=$!
  tail -n +1 -f --pid="$BENCH_DRIVER_PID" "$BENCH_WORK/driver.out" &
  local tail_pid=$! rc=0
  wait "$BENCH_DRIVER_PID" || rc=$?
  BENCH_DRIVER_PID=""
  wait "$tail_pid" 2>/dev/null || true
  return "$rc"
}

# dledger_defaults <option> <value> … -- <user args…>: prints (NUL-separated) each default option the user did not
# give, then the user's arguments, so scripts can offer overridable defaults.
dledger_defaults() {
  local -a defaults=() user=()
  while [ "$1" != "--" ]; do defaults+=("$1" "$2"); shift 2; done
  shift
  user=("$@")
  local i
  for ((i = 0; i < ${#defaults[@]}; i += 2)); do
    [[ " ${user[*]:-} " == *" ${defaults[$i]} "* ]] || printf '%s\0%s\0' "${defaults[$i]}" "${defaults[$((i + 1))]}"
  done
  [ ${#user[@]} -eq 0 ] || printf '%s\0' "${user[@]}"
}

# dledger_driver_last_line: the driver's last output line (its result).
dledger_driver_last_line() {
  tail -n 1 "$BENCH_WORK/driver.out"
}
