#!/usr/bin/env bash
# Builds everything (warnings are errors), checks formatting, runs every test project and prints the totals
# as the last line: "N passed, N failed". Exit code is non-zero on any failure.
#   bin/run-tests.sh [extra dotnet test args, e.g. --filter FullyQualifiedName~NameServer]
# Opt-in long runs (soak/chaos) are enabled by environment flags documented in README.md.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RESULTS="$ROOT/.build/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
extra_failed=0

if ! dotnet build RocketMQ.sln -c Release -nologo -v quiet; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

if ! dotnet format RocketMQ.sln --verify-no-changes --no-restore -v quiet; then
  echo "dotnet format: files need formatting (run: dotnet format RocketMQ.sln)"
  extra_failed=$((extra_failed + 1))
fi

# --blame-hang-timeout turns a hung test into a failure with a dump instead of a stuck CI run.
dotnet test RocketMQ.sln -c Release --no-build --logger trx --results-directory "$RESULTS" \
  --blame-hang-timeout 5m "$@"
test_rc=$?

passed=0; failed=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
failed=$((failed + extra_failed))
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "dotnet test exited with $test_rc without a failed test (crash or hang?)"
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
