#!/usr/bin/env bash
# What running a command source's program in its own container costs. Prints figures; asserts nothing.
#  A stream of BYTES random bytes ('head -c BYTES /dev/urandom') backed up:
#   - through 'lifeboat backup create --command ... --wait' on the sandbox: the program in the pod's source
#     container (a native sidecar, its own identity and mounts), its stdout through the named pipe into restic in
#     lifeboat's container; from the command to Ready (median of RUNS)
#   - by hand: 'head -c BYTES /dev/urandom | restic backup --stdin', the floor (median of RUNS)
# Needs root for the sandbox's isolation, as CI has. Usage: bench/tenancy.sh [RUNS] [BYTES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"
bytes="${2:-200000000}"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
[ -f target/lifeboat.jar ] || mvn -q -B -DskipTests package

dir="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
./lifeboat sandbox start --dir "$dir/sandbox" >"$dir/sandbox.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q "sandbox ready" "$dir/sandbox.log" 2>/dev/null && break; sleep 0.1; done
export KUBECONFIG="$dir/sandbox/kubeconfig"
printf 'bench-password' > "$dir/password"
./lifeboat repository create repo --url "local:$dir/repo" --password-file "$dir/password" --wait --timeout 2m >/dev/null

echo "== a $bytes-byte command stream, command to Ready (median of $runs)"
for i in $(seq 1 "$runs"); do
  s=$(now_ms)
  ./lifeboat backup create "stream-$i" --repository repo --command "head -c $bytes /dev/urandom" --wait \
    --timeout 10m >/dev/null
  e=$(now_ms)
  echo $(( e - s ))
done | median | awk -v b="$bytes" '{printf "through the source container: %d ms (%.0f MB/s)\n", $1, b / $1 / 1000}'

export RESTIC_PASSWORD=bench-password
restic -r "local:$dir/bare" init >/dev/null 2>&1
for i in $(seq 1 "$runs"); do
  s=$(now_ms)
  head -c "$bytes" /dev/urandom | restic -r "local:$dir/bare" backup --stdin --stdin-filename stdout --quiet >/dev/null
  e=$(now_ms)
  echo $(( e - s ))
done | median | awk -v b="$bytes" '{printf "by hand (head | restic):     %d ms (%.0f MB/s)\n", $1, b / $1 / 1000}'
