#!/usr/bin/env bash
# Throughput and latency of a three-member DLedger group on loopback: builds the bench host, starts three node
# processes (benchmarks/dledger-cluster.sh), runs the load driver and prints its result line last:
#   appends_per_s=… p50_ms=… p99_ms=… p999_ms=…
# Usage: benchmarks/dledger-bench.sh [load options]; defaults: --concurrency 256 --payload 1024 --duration 20s
# --warmup 2s (an option given replaces its default, e.g. --duration 5s; add --rate N for open loop).
# BENCH_KEEP=1 keeps the work directory (node logs, driver output).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/dledger-cluster.sh"

mapfile -d '' args < <(dledger_defaults --concurrency 256 --payload 1024 --duration 20s --warmup 2s -- "$@")
dledger_cluster_start
rc=0
dledger_driver load --targets "$BENCH_TARGETS" "${args[@]}" || rc=$?
result="$(dledger_driver_last_line)"
dledger_cluster_stop
[ "$rc" -eq 0 ] || { echo "load driver failed (exit $rc)" >&2; exit "$rc"; }
echo "$result"
