#!/usr/bin/env bash
# Writes src/test/resources/upgrade/TAG/: what a tagged build's own CLI and controller leave in a cluster when they
# are replaced in the middle of their work. UpgradeIT loads it into a new sandbox and this build's controller must
# finish it. Run it once per release (with the release before it as TAG) and commit what it writes.
#
#   scripts/upgrade-fixtures.sh v0.1.0-alpha.1
#
# What the old build does, with its own CLI on its own sandbox (its controller running): a Repository, a Backup that
# ends Ready, and a Backup whose Job is still running (a command source that sleeps first) when the sandbox is
# stopped. Then it keeps: every object of the namespace as the old API server had it (objects.json; pods and Events
# left out: a pod does not survive its node, and the Job makes a new one), and the restic repository's files
# (restic-repo/, its stale lock included). The repository's URL is the one path UpgradeIT rewrites (REPO_PATH).
# Needs git, Maven, restic, kubectl and jq.
set -euo pipefail
TAG=${1:?usage: scripts/upgrade-fixtures.sh TAG}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_PATH=/tmp/lifeboat-upgrade-fixture/repo
OUT="$ROOT/src/test/resources/upgrade/$TAG"
WORK=$(mktemp -d)
SANDBOX_PID=
cleanup() {
  [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null || true
  git -C "$ROOT" worktree remove --force "$WORK/src" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

git -C "$ROOT" worktree add --detach "$WORK/src" "$TAG" >/dev/null
(cd "$WORK/src" && mvn -q -B -DskipTests package)
OLD="$WORK/src/lifeboat"
rm -rf "$REPO_PATH" && mkdir -p "$(dirname "$REPO_PATH")"

"$OLD" sandbox start --dir "$WORK/sandbox" >"$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 120); do grep -q "sandbox ready" "$WORK/sandbox.log" && break; sleep 1; done
grep -q "sandbox ready" "$WORK/sandbox.log" || { cat "$WORK/sandbox.log"; exit 1; }
export KUBECONFIG="$WORK/sandbox/kubeconfig"
lifeboat_old() { "$OLD" --kubeconfig "$KUBECONFIG" -n upgrade "$@"; }

kubectl create namespace upgrade >/dev/null
printf 'upgrade-fixture-password' >"$WORK/password"
lifeboat_old repository create repo --url "local:$REPO_PATH" --password-file "$WORK/password" --wait --timeout 3m
lifeboat_old backup create done --repository repo --command "seq 1 50000" --wait --timeout 3m
lifeboat_old backup create running --repository repo --command "sleep 30; seq 1 60000"

# In flight: the Backup Running, its Job's pod running the command (sleeping).
for _ in $(seq 1 120); do
  phase=$(kubectl -n upgrade get backups.v1alpha1.lifeboat.dev running -o jsonpath='{.status.phase}' 2>/dev/null || true)
  pod=$(kubectl -n upgrade get pods -l job-name="running-backup" -o jsonpath='{.items[0].status.phase}' 2>/dev/null || true)
  [ "$phase" = Running ] && [ "$pod" = Running ] && break
  sleep 0.5
done
[ "$phase" = Running ] && [ "$pod" = Running ] || { echo "backup 'running' never ran (phase $phase, pod $pod)"; exit 1; }

rm -rf "$OUT" && mkdir -p "$OUT"
CAPTURED=$(date -u +%Y-%m-%dT%H:%M:%SZ)   # UpgradeIT moves every time in the objects by the fixture's age
kubectl get namespace upgrade -o json | jq '{apiVersion: "v1", kind: "List", items: [.]}' >"$WORK/ns.json"
kubectl -n upgrade get secrets,configmaps,serviceaccounts,leases,jobs,repositories.v1alpha1.lifeboat.dev,backups.v1alpha1.lifeboat.dev,restores.v1alpha1.lifeboat.dev,schedules.v1alpha1.lifeboat.dev -o json >"$WORK/objects.json"
jq -s '{apiVersion: "v1", kind: "List", items: (.[0].items + .[1].items)}' "$WORK/ns.json" "$WORK/objects.json" >"$OUT/objects.json"
kill "$SANDBOX_PID"; wait "$SANDBOX_PID" 2>/dev/null || true; SANDBOX_PID=
cp -a "$REPO_PATH" "$OUT/restic-repo"
{
  echo "tag: $TAG"
  echo "captured: $CAPTURED"
  echo "commit: $(git -C "$ROOT" rev-parse "$TAG^{commit}")"
  echo "restic-repo-path: $REPO_PATH"
  echo "password: upgrade-fixture-password"
  echo "restic: $(restic version | head -1)"
} >"$OUT/FIXTURE"
echo "wrote $OUT: $(jq '.items | length' "$OUT/objects.json") objects, $(find "$OUT/restic-repo" -type f | wc -l) repository files"
