#!/usr/bin/env bash
# The commands an operator types all day, next to kubectl's matching command: paired runs (lifeboat
# and kubectl alternating, so both see the same machine), the median of the per-pair ratios.
# Prints figures; asserts nothing. Usage: bench/terminal.sh [PAIRS]   (default 9)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pairs="${1:-9}"
[ -f target/lifeboat.jar ] || mvn -q -B -DskipTests package
if [ ! -f target/test-classpath.txt ]; then
  mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
    -Dmdep.includeScope=test
fi
CP="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
./lifeboat version >/dev/null   # trains the launcher's archive once, as a user's first run does
dir="$(mktemp -d)"
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar target/lifeboat.jar sandbox start --dir "$dir" --no-reconcile \
  >"$dir/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 300); do grep -q "sandbox ready" "$dir/sandbox.log" 2>/dev/null && break; sleep 0.1; done
kc="$dir/kubeconfig"
lb() { ./lifeboat --kubeconfig "$kc" "$@"; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

# pair NAME -- LIFEBOAT ARGS -- KUBECTL ARGS: medians of each side and of the per-pair ratio
pair() {
  local name="$1"; shift; shift
  local left=() right=()
  while [ "$1" != "--" ]; do left+=("$1"); shift; done; shift
  right=("$@")
  local a b ratios=() as=() bs=()
  for _ in $(seq 1 "$pairs"); do
    a=$(ms "${left[@]}"); b=$(ms "${right[@]}")
    as+=("$a"); bs+=("$b"); ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / (b > 0 ? b : 1)}')")
  done
  med() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
  printf '%-44s lifeboat %5s ms   kubectl %5s ms   ratio %sx\n' "$name" "$(med "${as[@]}")" "$(med "${bs[@]}")" "$(med "${ratios[@]}")"
}

java -cp "$CP" dev.lifeboat.bench.SeedBackups "$kc" 3 >/dev/null
first=$(lb get backups -o name | head -1 | sed 's|.*/||')
pair "version" -- ./lifeboat version -- kubectl version --client
pair "get backups (3)" -- lb get backups -- kubectl --kubeconfig "$kc" get backups
pair "describe backup (3)" -- lb backup describe "$first" -- kubectl --kubeconfig "$kc" describe backup "$first"
complete_lb() { ./lifeboat __complete backups -- lifeboat --kubeconfig "$kc" backup describe ''; }
pair "completion TAB (__complete)" -- complete_lb -- kubectl --kubeconfig "$kc" __complete get backups ''
n=0
create_lb() { n=$((n + 1)); lb backup create "t$n" --repository repo --pvc data >/dev/null; }
cat >"$dir/backup.yaml" <<YAML
apiVersion: lifeboat.dev/v1alpha1
kind: Backup
metadata: {generateName: k-}
spec: {repository: repo, source: {pvc: data}}
YAML
pair "backup create (no --wait)" -- create_lb -- kubectl --kubeconfig "$kc" create -f "$dir/backup.yaml"
java -cp "$CP" dev.lifeboat.bench.SeedBackups "$kc" 1000 >/dev/null
count=$(lb get backups -o name | wc -l)
pair "get backups ($count)" -- lb get backups -- kubectl --kubeconfig "$kc" get backups
pair "describe backup ($count)" -- lb backup describe "$first" -- kubectl --kubeconfig "$kc" describe backup "$first"
