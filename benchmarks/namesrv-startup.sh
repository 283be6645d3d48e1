#!/usr/bin/env bash
# Measures how long bin/mqnamesrv takes from launch to answering GET_ROUTEINFO_BY_TOPIC (JSON header) for an
# unknown topic with TOPIC_NOT_EXIST (17). Runs N times (default 5) and prints, last:
#   namesrv_start_to_answer_ms_p50=… max=…
# The host is built first (not timed). Uses only bash (/dev/tcp), so it measures the server, not a client.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../bin/lib.sh"
runs="${1:-5}"
dll="$(rocketmq_ensure_built NameServer RocketMQ.NameServer)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

frame() { # prints a JSON-serialized GET_ROUTEINFO_BY_TOPIC frame
  local header='{"code":105,"extFields":{"topic":"NoSuchTopic"},"flag":0,"language":"JAVA","opaque":1,"serializeTypeCurrentRPC":"JSON","version":413}'
  local hlen=${#header} total=$((4 + ${#header}))
  printf "\\x$(printf %02x $((total >> 24 & 255)))\\x$(printf %02x $((total >> 16 & 255)))"
  printf "\\x$(printf %02x $((total >> 8 & 255)))\\x$(printf %02x $((total & 255)))"
  printf "\\x00\\x$(printf %02x $((hlen >> 16 & 255)))\\x$(printf %02x $((hlen >> 8 & 255)))"
  printf "\\x$(printf %02x $((hlen & 255)))%s" "$header"
}

answered() { # port → 0 when the server answers code 17
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  frame >&3
  # Read exactly one frame: the length word, then that many bytes (the server keeps the connection open).
  local len reply
  len="$(timeout 2 head -c 4 <&3 | od -An -tu1 | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')"
  [ -n "$len" ] || { exec 3>&-; return 1; }
  reply="$(timeout 2 head -c "$len" <&3 | tr -d '\0' || true)"
  exec 3>&-
  [[ "$reply" == *'"code":17'* ]]
}

results=()
for i in $(seq 1 "$runs"); do
  port=$((20000 + RANDOM % 20000))
  printf 'listenPort=%s\nkvConfigPath=%s/kv%s.json\n' "$port" "$work" "$i" >"$work/namesrv$i.properties"
  start=$(date +%s%N)
  dotnet "$dll" -c "$work/namesrv$i.properties" >"$work/log$i" 2>&1 &
  pid=$!
  until answered "$port"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log$i"; exit 1; }
    sleep 0.01
  done
  end=$(date +%s%N)
  kill -TERM "$pid"; wait "$pid" || true
  ms=$(( (end - start) / 1000000 ))
  echo "run $i: ${ms} ms"
  results+=("$ms")
done
sorted=($(printf '%s\n' "${results[@]}" | sort -n))
echo "namesrv_start_to_answer_ms_p50=${sorted[$((runs / 2))]} max=${sorted[$((runs - 1))]}"
