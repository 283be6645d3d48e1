#!/usr/bin/env bash
# Shared helpers for the bin/ scripts: locate the repository and build a host on first use.
# Sourced, not executed.

ROCKETMQ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROCKETMQ_BUILD_DIR="${ROCKETMQ_BUILD_DIR:-$ROCKETMQ_ROOT/.build}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# rocketmq_ensure_built <ProjectFolder> <AssemblyName>: builds src/<ProjectFolder> in Release into
# .build/<ProjectFolder> when the output is missing or any source file is newer than it; prints the dll path.
rocketmq_ensure_built() {
  rocketmq_ensure_built_at "src/$1" "$2" "$1"
}

# rocketmq_ensure_built_at <ProjectDir> <AssemblyName> [OutputName]: the same for a project anywhere in the
# repository (e.g. benchmarks/RocketMQ.DLedger.Bench), built into .build/<OutputName, default AssemblyName>;
# rebuilt when anything under src/, the project's own folder or the Directory.*.props changed.
rocketmq_ensure_built_at() {
  local project="$ROCKETMQ_ROOT/$1" assembly=$2 name=${3:-$2}
  local out="$ROCKETMQ_BUILD_DIR/$name" dll="$ROCKETMQ_BUILD_DIR/$name/$assembly.dll"
  # Several hosts started at once (fast-try) must not build into the same folder together: one builds, the
  # others wait for it and then find the output fresh.
  mkdir -p "$ROCKETMQ_BUILD_DIR"
  exec 9>"$ROCKETMQ_BUILD_DIR/.build.lock"
  flock 9
  if [ ! -f "$dll" ] || [ -n "$(find "$ROCKETMQ_ROOT/src" "$project" "$ROCKETMQ_ROOT"/Directory.*.props \
      \( -path '*/obj' -o -path '*/bin' \) -prune -o \
      \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$dll" -print -quit)" ]; then
    echo "building $1 (first use or sources changed)..." >&2
    if ! dotnet build "$project" -c Release -o "$out" -v quiet -nologo >&2; then
      rm -f "$dll"   # never leave a half-built output that looks fresh
      flock -u 9
      echo "build of $1 failed" >&2
      return 1
    fi
    touch "$dll"
  fi
  flock -u 9
  echo "$dll"
}

# rocketmq_pids <AssemblyName>: pids of running hosts of that assembly (any user, any directory).
rocketmq_pids() {
  pgrep -f -- "[/ ]$1\.dll( |\$)" || true
}
