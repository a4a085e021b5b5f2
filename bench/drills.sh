#!/usr/bin/env bash
# What a restore drill costs, and how fast 'lifeboat status' answers. Prints figures; asserts nothing.
#  - A claim of FILES files of 100 KB (random), backed up once; then RUNS drills of that Backup (command to Succeeded,
#    and the RTO the Drill records) against RUNS plain restores of it into a claim of the same size: what a drill adds
#    to a restore (its scratch claim, its second pass to clean up).
#  - 'lifeboat status' over CLAIMS claims, one Schedule covering them and one Ready Backup each (objects written
#    straight into the API server, no Job runs): the report's wall time, table and json.
# Needs root for the sandbox's isolation, as CI has.
# Usage: bench/drills.sh [RUNS] [FILES] [CLAIMS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"
files="${2:-2000}"
claims="${3:-500}"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
[ -f target/lifeboat.jar ] || mvn -q -B -DskipTests package

dir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
mkdir -p "$dir/seed"
for i in $(seq 1 "$files"); do head -c 100000 /dev/urandom > "$dir/seed/f$i"; done
./lifeboat sandbox start --dir "$dir/sandbox" >"$dir/sandbox.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q "sandbox ready" "$dir/sandbox.log" 2>/dev/null && break; sleep 0.1; done
export KUBECONFIG="$dir/sandbox/kubeconfig"
printf 'bench-password' > "$dir/password"
./lifeboat sandbox pvc create data --from-dir "$dir/seed" >/dev/null
./lifeboat repository create repo --url "local:$dir/repo" --password-file "$dir/password" --wait --timeout 2m >/dev/null
./lifeboat backup create b1 --repository repo --pvc data --wait --timeout 10m >/dev/null
size=$(du -sm "$dir/seed" | cut -f1)

for i in $(seq 1 "$runs"); do
  s=$(now_ms)
  ./lifeboat drill create "d$i" --from-backup b1 --wait --timeout 10m >/dev/null
  e=$(now_ms)
  rto=$(./lifeboat get drills "d$i" -o json | grep -o '"rtoSeconds" *: *[0-9]*' | grep -o '[0-9]*$')
  echo "$(( e - s )) $rto"
done > "$dir/drills"
awk '{print $1}' "$dir/drills" | median | awk -v f="$files" -v s="$size" \
  '{printf "drill of %d files (%d MB), command to Succeeded: %d ms\n", f, s, $1}'
awk '{print $2}' "$dir/drills" | median | awk '{printf "drill RTO as recorded (start to verified): %d s\n", $1}'
for i in $(seq 1 "$runs"); do
  ./lifeboat sandbox pvc create "target$i" >/dev/null
  s=$(now_ms)
  ./lifeboat restore create "r$i" --from-backup b1 --to-pvc "target$i" --wait --timeout 10m >/dev/null
  e=$(now_ms)
  echo $(( e - s ))
done | median | awk '{printf "plain restore of the same Backup into a claim, command to Completed: %d ms\n", $1}'

# The report at scale, in a second sandbox with no controller (nothing runs): claims, a Backup of each and a Schedule.
# Their statuses stay empty: the sandbox answers kubectl's status writes (patch or replace --subresource=status) on
# lifeboat's kinds with 200 and keeps nothing (a sandbox bug, not chased yet), so every row reads "unprotected"; the
# report still lists and joins every object.
kill "$pid"; wait "$pid" 2>/dev/null || true
./lifeboat sandbox start --dir "$dir/sandbox2" --no-reconcile >"$dir/sandbox2.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q "sandbox ready" "$dir/sandbox2.log" 2>/dev/null && break; sleep 0.1; done
export KUBECONFIG="$dir/sandbox2/kubeconfig"
objects=""
for i in $(seq 1 "$claims"); do
  objects+="---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: c$i}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: lifeboat.dev/v1alpha1
kind: Backup
metadata: {name: c$i-b}
spec: {repository: repo, source: {pvc: c$i}}
"
done
objects+="---
apiVersion: lifeboat.dev/v1alpha1
kind: Schedule
metadata: {name: all}
spec: {cron: '@daily', repository: repo, pvcSelector: {matchLabels: {}}}
"
echo "$objects" | kubectl apply -f - >/dev/null
for run in table json; do
  for i in $(seq 1 "$runs"); do
    s=$(now_ms)
    ./lifeboat status -o "$run" >"$dir/status.$run" 2>&1 || true
    e=$(now_ms)
    echo $(( e - s ))
  done | median | awk -v n="$claims" -v o="$run" '{printf "lifeboat status -o %s over %d claims and their Backups: %d ms\n", o, n, $1}'
done
echo "rows: $(($(wc -l < "$dir/status.table") - 2)) (the table's header and the count line aside)"
