#!/usr/bin/env bash
# The broker group end to end over real sockets: starts bin/dledger/fast-try.sh (name server + three-member group),
# creates a topic on the master, then (benchmarks/RocketMQ.Broker.Bench):
#   1. saturation: 64 concurrent senders of 1 KiB SEND_MESSAGE_V2 for 15 s (after a 3 s warm-up)
#   2. half load: half that rate in an open loop for 15 s (latency from each send's scheduled start)
#   3. every queue pulled back from its start (PULL_MESSAGE, 32 per pull, one in flight per queue), again and
#      again for 15 s
# and prints last: send_msgs_per_s=… send_p99_ms=… pull_msgs_per_s=…  (send_p99_ms is at half load).
# Usage: benchmarks/broker-bench.sh [--concurrency N] [--body BYTES] [--seconds S] [--queues N]
# fast-try is stopped at the end (its data is kept and printed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bin/lib.sh"
dll="$(rocketmq_ensure_built_at benchmarks/RocketMQ.Broker.Bench RocketMQ.Broker.Bench)"
trap '"$ROOT/bin/dledger/fast-try.sh" stop >&2' EXIT
"$ROOT/bin/dledger/fast-try.sh" start >&2
dotnet "$dll" --namesrv 127.0.0.1:9876 "$@"
