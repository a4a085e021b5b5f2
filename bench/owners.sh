#!/usr/bin/env bash
# What running pods as they say costs, and what a path per claim saves. Prints figures; asserts nothing.
#  1. a trivial Job ('true') from create to Complete on the sandbox, with each pod in its own mount namespace as its
#     securityContext's user (the default, as root) and with LIFEBOAT_SANDBOX_ISOLATION=off (every process as the
#     sandbox's user, at folder paths): the cost of the isolation per pod (median of RUNS)
#  2. two claims of one namespace backed up in turn with plain restic, twice, as a cluster does it: every claim mounted
#     at the same path (/data, lifeboat before issue 22) against a path per claim (/data/<claim>, now). The second round
#     changed nothing: restic's files_unmodified and the seconds it took say whether it found each claim's own parent
# Needs root (mount namespaces, as the sandbox's isolation does). Usage: bench/owners.sh [RUNS] [FILES]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-5}"
files="${2:-5000}"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
[ -f target/lifeboat.jar ] || mvn -q -B -DskipTests package

job_ms() { # $1: sandbox dir, $2: job name
  local k="$1/kubeconfig" s e
  s=$(now_ms)
  kubectl --kubeconfig "$k" apply --validate=false -f - >/dev/null <<YAML
apiVersion: batch/v1
kind: Job
metadata: {name: $2, namespace: default}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      securityContext: {runAsUser: 65532, runAsGroup: 65532, runAsNonRoot: true}
      containers:
      - name: c
        image: x
        command: ["true"]
        securityContext: {readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
YAML
  for _ in $(seq 1 600); do
    [ -n "$(kubectl --kubeconfig "$k" get job "$2" -o 'jsonpath={.status.completionTime}')" ] && break
    sleep 0.05
  done
  e=$(now_ms)
  echo $(( e - s ))
}

echo "== 1. a trivial Job, create to Complete (median of $runs)"
for mode in isolated off; do
  dir="$(mktemp -d)"
  if [ "$mode" = off ]; then
    LIFEBOAT_SANDBOX_ISOLATION=off ./lifeboat sandbox start --dir "$dir" >"$dir/sandbox.log" 2>&1 &
  else
    ./lifeboat sandbox start --dir "$dir" >"$dir/sandbox.log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 300); do grep -q "sandbox ready" "$dir/sandbox.log" 2>/dev/null && break; sleep 0.1; done
  job_ms "$dir" warmup >/dev/null
  for i in $(seq 1 "$runs"); do job_ms "$dir" "j$i"; done | median | xargs -I{} echo "pods $mode: {} ms"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
done

echo "== 2. two claims backed up in turn, twice ($files files each): one path for all against a path per claim"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export RESTIC_PASSWORD=bench RESTIC_CACHE_DIR="$work/cache"
for claim in one two; do
  mkdir -p "$work/$claim"
  for i in $(seq 1 "$files"); do head -c $(( (i * 7919) % 65536 )) /dev/urandom > "$work/$claim/f-$i"; done
done
for layout in shared per-claim; do
  repo="$work/repo-$layout"
  restic init -q -r "$repo"
  for round in 1 2; do
    for claim in one two; do
      mount_at=/data
      [ "$layout" = per-claim ] && mount_at="/data/$claim"
      # As a backup pod sees it: the claim at its mount path, restic run there with the namespace as host.
      out=$(unshare --mount --propagation private -- sh -c "mkdir -p '$work/root$mount_at' && mount --bind '$work/$claim' \
        '$work/root$mount_at' && cd '$work/root$mount_at' && s=\$(date +%s%N) && restic -r '$repo' backup --json --host shop . \
        | grep summary && e=\$(date +%s%N) && echo ms=\$(( (e - s) / 1000000 ))")
      if [ "$round" = 2 ]; then
        unmodified=$(echo "$out" | sed -n 's/.*"files_unmodified":\([0-9]*\).*/\1/p')
        new=$(echo "$out" | sed -n 's/.*"files_new":\([0-9]*\).*/\1/p')
        changed=$(echo "$out" | sed -n 's/.*"files_changed":\([0-9]*\).*/\1/p')
        ms=$(echo "$out" | sed -n 's/^ms=//p')
        echo "$layout: claim $claim, second backup: files_unmodified=$unmodified files_changed=$changed files_new=$new, ${ms} ms"
      fi
    done
  done
done
