#!/usr/bin/env bash
# Backup latency: 'lifeboat backup create --wait' of a 200-file claim against a sandbox (controller
# and Job runner in one process, the Job a real 'lifeboat backup-manager' JVM running real restic),
# next to a bare 'restic backup' of the same folder. Prints medians; asserts nothing.
# A second series backs up a claim a running Deployment mounts on node-2 (the sandbox has 3 nodes): the Job is
# placed on the app's node (live read of the namespace's pods and the claim's PV), the cost of placement.
# Usage: bench/backup-latency.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-5}"
# Through the launcher, as a user runs it (it keeps the class-data-sharing archive the pods use too).
lb() { "$PWD/lifeboat" --kubeconfig "$dir/kubeconfig" "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

dir="$(mktemp -d)"
"$PWD/lifeboat" sandbox start --dir "$dir" >"$dir/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 300); do grep -q "sandbox ready" "$dir/sandbox.log" 2>/dev/null && break; sleep 0.1; done

mkdir -p "$dir/src"
for i in $(seq 1 200); do head -c $(( (i * 997) % 8192 )) /dev/urandom > "$dir/src/file-$i"; done
printf 'bench-password' > "$dir/password"
lb repository create repo --url "local:$dir/repo" --password-file "$dir/password" --wait --timeout 2m >/dev/null
lb sandbox pvc create data --from-dir "$dir/src" >/dev/null

times=()
for i in $(seq 1 "$runs"); do
  s=$(now_ms); lb backup create "b$i" --repository repo --pvc data --wait --timeout 2m >/dev/null; e=$(now_ms)
  times+=($(( e - s )))
done
lifeboat_ms=$(printf '%s\n' "${times[@]}" | median)

# The same claim, now mounted by an app pinned to node-2.
kubectl --kubeconfig "$dir/kubeconfig" apply --validate=false -f - >/dev/null <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: default}
spec:
  replicas: 1
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      nodeSelector: {kubernetes.io/hostname: node-2}
      containers: [{name: app, image: busybox}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
YAML
for _ in $(seq 1 100); do
  [ "$(kubectl --kubeconfig "$dir/kubeconfig" get deployment app -o 'jsonpath={.status.readyReplicas}')" = 1 ] && break
  sleep 0.1
done
placed=()
nodes=()
for i in $(seq 1 "$runs"); do
  s=$(now_ms); lb backup create "p$i" --repository repo --pvc data --wait --timeout 2m >/dev/null; e=$(now_ms)
  placed+=($(( e - s )))
  nodes+=("$(kubectl --kubeconfig "$dir/kubeconfig" get pods -l job-name="p$i-backup" -o 'jsonpath={.items[0].spec.nodeName}')")
done
placed_ms=$(printf '%s\n' "${placed[@]}" | median)

export RESTIC_REPOSITORY="$dir/bare-repo" RESTIC_PASSWORD=bench-password RESTIC_CACHE_DIR="$dir/cache"
restic init -q
bare=()
for i in $(seq 1 "$runs"); do
  s=$(now_ms); (cd "$dir/src" && restic backup -q --json . >/dev/null); e=$(now_ms)
  bare+=($(( e - s )))
done
restic_ms=$(printf '%s\n' "${bare[@]}" | median)
echo "backup of 200 files: lifeboat backup create --wait ${lifeboat_ms} ms (runs: ${times[*]}); bare restic backup ${restic_ms} ms (runs: ${bare[*]}); overhead $(( lifeboat_ms - restic_ms )) ms"
echo "backup of a claim a running app mounts on node-2: ${placed_ms} ms (runs: ${placed[*]}); backup pods ran on: ${nodes[*]}"
