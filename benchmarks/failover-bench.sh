#!/usr/bin/env bash
# Leader failover of a three-member DLedger group on loopback, under load: builds the bench host, starts three
# supervised node processes (benchmarks/dledger-cluster.sh; a node killed with SIGKILL is restarted on its own
# directory), runs the failover driver — it SIGKILLs the current leader --kills times, measures kill → first
# acknowledged append on the new leader, waits for the killed node to be back and caught up, and at the end checks
# that every acknowledged append was applied — and prints its result line last:
#   failover_ms_p50=… failover_ms_p99=… lost_acked=…
# Usage: benchmarks/failover-bench.sh [failover options]; defaults: --kills 10 --concurrency 64 --payload 1024
# (an option given replaces its default). Exit code 3 when an acknowledged append was lost, 4 when the members
# applied different records. BENCH_KEEP=1 keeps the work directory (node logs, driver output).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/dledger-cluster.sh"

mapfile -d '' args < <(dledger_defaults --kills 10 --concurrency 64 --payload 1024 -- "$@")
dledger_cluster_start
rc=0
dledger_driver failover --targets "$BENCH_TARGETS" --node-pids "$BENCH_PIDS" "${args[@]}" || rc=$?
result="$(dledger_driver_last_line)"
dledger_cluster_stop
[ "$rc" -eq 0 ] || echo "failover driver failed (exit $rc)" >&2
echo "$result"
exit "$rc"
