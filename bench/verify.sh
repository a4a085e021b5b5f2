#!/usr/bin/env bash
# A repository's verify at scale. Prints figures; asserts nothing.
#  a. the controller's side over 10,000 Backups and 10,000 snapshots (VerifyBench: sandbox API server,
#     the verify Job simulated as the real one ends, 1% missing and 1% unclaimed): time and API requests
#  b. the Job's side: one 'restic snapshots --json' over K real snapshots in a local repository
#     (made here with 'restic backup --stdin', one at a time: in parallel, restic 0.14 stalls for a
#     minute on locks that vanish while it reads them; default K=500, 10,000 would take ~2 h to make)
# Usage: bench/verify.sh [N] [K]   (expects target/ built by bench/run.sh, or builds it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n="${1:-10000}"
k="${2:-500}"
source bench/lib.sh
java -cp "$CP" dev.lifeboat.bench.VerifyBench "$n" 2>/dev/null
# no ceiling on the list: 50,000 snapshots (in parts) against 2,000 Backups
java -cp "$CP" dev.lifeboat.bench.VerifyBench 2000 50000 2>/dev/null

repo="$(mktemp -d)"
trap 'rm -rf "$repo"' EXIT
export RESTIC_REPOSITORY="$repo/r" RESTIC_PASSWORD=bench RESTIC_CACHE_DIR="$repo/cache"
restic init -q
s=$(date +%s)
seq 1 "$k" | xargs -P 1 -I{} sh -c 'echo {} | restic backup -q --stdin --stdin-filename data --host bench --tag backup=b{} --tag pvc=data >/dev/null'
e=$(date +%s)
echo "made $k real snapshots in $((e - s)) s"
for i in 1 2 3; do
  s=$(date +%s%N); restic snapshots --json >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
done | sort -n | sed -n 2p | xargs -I{} echo "restic snapshots --json over $k snapshots (median of 3): {} ms"
