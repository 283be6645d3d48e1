#!/usr/bin/env bash
# Store throughput through the store API on a single-node DLedger group (the Raft log on disk, fsync before each
# commit as in a real group): builds the bench host, puts 1 KiB messages with UNIQ_KEY/KEYS/TAGS (so ConsumeQueues
# and Index files are built as a broker builds them), reads every queue back, and prints last:
#   put_msgs_per_s=… get_msgs_per_s=… alloc_bytes_per_msg=…
# (alloc_bytes_per_msg: managed allocation per message read on the get path, measured in-process over the whole
# read phase; the line before it has put latency percentiles and the put path's allocation).
# Usage: benchmarks/store-bench.sh [run options]; defaults: --messages 1000000 --concurrency 1024 --body 1024
# --queues 8 --batch 1 (an option given replaces its default; e.g. --batch 16 for SEND_BATCH-sized puts).
# Environment: STORE_BENCH_INFLIGHT = dLegerMaxInflightBatches of the group (default 1 for this single-node run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib.sh"
dll="$(rocketmq_ensure_built_at benchmarks/RocketMQ.Store.Bench RocketMQ.Store.Bench)"

declare -A given=()
for arg in "$@"; do [[ "$arg" == --* ]] && given["$arg"]=1; done
defaults=()
for pair in "--messages 1000000" "--concurrency 1024" "--body 1024" "--queues 8" "--batch 1"; do
  [ -n "${given[${pair%% *}]:-}" ] || defaults+=($pair)
done
exec dotnet "$dll" run "${defaults[@]}" "$@"
