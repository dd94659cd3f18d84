#!/usr/bin/env bash
# npm run bench — the relay side by side with its peers in one run, the cold load against
# Hocuspocus, the rule engine and the record (snapshots, changes) on a large workspace. Not a test: it prints figures.
#   REPS=3 (compare repetitions)   EDITS=20000 (cold-load updates)   PEERS=../shared/bench
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
peers=${PEERS:-$root/../shared/bench}
out="$root/bench/out"
mkdir -p "$out"
[[ -d $peers/node_modules ]] || (cd "$peers" && npm ci)
# npm 11 runs no install scripts it was not told to allow: Hocuspocus's SQLite is built by hand.
sqlite_binding=$peers/node_modules/sqlite3/build/Release/node_sqlite3.node
[[ -f $sqlite_binding ]] || (cd "$peers/node_modules/sqlite3" && npx --yes node-gyp rebuild > /dev/null)

cd "$root"
npm run build --silent
echo "== relay: floor, y-websocket, Hocuspocus and Throughline, alternating (${REPS:-3} reps)"
PROJECT=$root "$peers/compare.sh" "${REPS:-3}" | tee "$out/compare.txt"
compare=$(ls -t "$peers"/out/compare-*.jsonl | head -n 1)

echo "== large audience: one room of 1,000 joining inside the window, 2 writers (${REPS:-3} reps)"
SKIP_REPORT=1 bash bench/audience.sh "${REPS:-3}"

echo "== cold load of ${EDITS:-20000} small updates after a restart"
: > "$out/coldload.jsonl"
for kind in hp ours; do "$peers/coldload.sh" "$kind" "${EDITS:-20000}" | tee -a "$out/coldload.jsonl"; done

echo "== rule engine"
node --import tsx bench/rules.ts

echo "== what a quiet room costs by itself (heap, timers, CPU per load and per edit)"
node --expose-gc --import tsx bench/quiet-rooms.ts

echo "== the update log of 500 busy rooms filling towards compaction (pauses and time per turn)"
node --import tsx bench/log-pauses.ts

echo "== the record: snapshots and changes since on the 5,000-node workspace"
node --import tsx bench/record.ts

echo "== targets"
node --import tsx bench/report.ts "$compare" "$out/coldload.jsonl" "$out/audience.jsonl"
