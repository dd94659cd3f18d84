#!/usr/bin/env bash
# bench/audience.sh [REPS] — the large-audience workload of issue 15 (one room, 1,000 clients of
# which 2 write at 10 edits/s, 6 s, every join inside the measured window) against floor,
# y-websocket, Hocuspocus and Throughline, alternating, one JSON line per run in
# bench/out/audience.jsonl, then the ratios (bench/report.ts). load.mjs's `connectMs` is the time
# for every client to receive its sync step 2; measure.sh's CPU and RSS span the joins too.
# `floordoc` is the floor answering with a blank workspace's state (bench/floor-with-document.ts):
# a reference for how much of the time to sync is the document every client is given.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" # where `node --import tsx` finds tsx
peers=${PEERS:-$root/../shared/bench}
reps=${1:-${REPS:-3}}
servers=(${SERVERS:-floor floordoc yws hp ours})
load="--clients 1000 --writers 2 --rate 10 --seconds 6"
out="$root/bench/out/audience.jsonl"
mkdir -p "$root/bench/out"
: > "$out"
tmp=$(mktemp -d)
# A port below Linux's ephemeral range (32768 and up): the 1,000 client sockets of a run draw
# their local ports from that range, and a server port inside it could be taken by one of them
# (EADDRINUSE). One nothing listens on, since a previous run's server may still be closing.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    { ss -Htln "sport = :$port" 2>/dev/null || true; } | grep -q . || break
  done
  echo "$port"
}
trap 'rm -rf "$tmp"' EXIT
for r in $(seq 1 "$reps"); do
  for s in "${servers[@]}"; do
    extra="" proto=yws url='ws://127.0.0.1:$PORT/{room}'
    case $s in
      floor | yws) cmd="$peers/run-peer.sh $s \$PORT" ;;
      floordoc) cmd="node --import tsx $root/bench/floor-with-document.ts" ;;
      hp) cmd="$peers/run-peer.sh hp \$PORT $tmp/hp-$r.db"; proto=hp; url='ws://127.0.0.1:$PORT' ;;
      ours) cmd="$peers/run-ours.sh $root $tmp/ours-$r"; url=$("$peers/run-ours.sh" --url); extra=$("$peers/run-ours.sh" --extra) ;;
    esac
    port=$(free_port)
    line=$(PORT=$port "$peers/measure.sh" "$s" "$cmd" "$proto" "$url" $load ${extra//\$PORT/$port})
    echo "${line%\}},\"workload\":\"audience\",\"rep\":$r}" | tee -a "$out"
  done
done
[[ -n ${SKIP_REPORT:-} ]] || node --import tsx "$root/bench/report.ts" "$out"
