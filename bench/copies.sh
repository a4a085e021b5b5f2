#!/usr/bin/env bash
# What a point-in-time copy costs, and how long it keeps the application quiet. Prints figures; asserts nothing.
#  A claim of FILES files of 100 KB (random) on the sandbox, backed up with 'lifeboat backup create --wait':
#   - by copy method (direct, snapshot, clone), from the command to Ready (median of RUNS);
#   - with a pre hook and a post hook on the claim's Deployment (each writes the time into the claim), direct and
#     snapshot: the time between the pre hook and the post hook, i.e. how long the application stays quiet.
# The sandbox's snapshot and clone copy the folder (a CSI driver's are copy-on-write): the copy's own cost here is a
# full copy, more than a real driver's. Needs root for the sandbox's isolation, as CI has.
# Usage: bench/copies.sh [RUNS] [FILES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"
files="${2:-2000}"
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
kubectl apply -f - >/dev/null <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  replicas: 1
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
      - {name: app, image: app, volumeMounts: [{name: data, mountPath: /data}]}
      volumes:
      - {name: data, persistentVolumeClaim: {claimName: data}}
EOF
for _ in $(seq 1 100); do kubectl get pods -l app=app 2>/dev/null | grep -q Running && break; sleep 0.1; done
./lifeboat repository create repo --url "local:$dir/repo" --password-file "$dir/password" --wait --timeout 2m >/dev/null
size=$(du -sm "$dir/seed" | cut -f1)
# The first backup uploads everything; the ones measured are incremental, as nightly runs are.
./lifeboat backup create first --repository repo --pvc data --wait --timeout 10m >/dev/null

for method in direct snapshot clone; do
  for i in $(seq 1 "$runs"); do
    s=$(now_ms)
    ./lifeboat backup create "$method-$i" --repository repo --pvc data --copy-method "$method" --wait \
      --timeout 10m >/dev/null
    e=$(now_ms)
    echo $(( e - s ))
  done | median | awk -v m="$method" -v f="$files" -v s="$size" \
    '{printf "%-8s copy of %d files (%d MB), command to Ready: %d ms\n", m, f, s, $1}'
done

for method in direct snapshot; do
  for i in $(seq 1 "$runs"); do
    ./lifeboat backup create "quiet-$method-$i" --repository repo --pvc data --copy-method "$method" \
      --pre-hook 'deployment/app:date +%s%N > /data/.t0' --post-hook 'deployment/app:date +%s%N > /data/.t1' \
      --wait --timeout 10m >/dev/null
    t0=$(cat "$dir/sandbox/pvc/default/data/.t0")
    t1=$(cat "$dir/sandbox/pvc/default/data/.t1")
    echo $(( (t1 - t0) / 1000000 ))
  done | median | awk -v m="$method" '{printf "%-8s with hooks: the application quiet for %d ms (pre hook to post hook)\n", m, $1}'
done
