#!/usr/bin/env bash
# lifeboat benchmarks. Prints figures; asserts nothing. Usage: bench/run.sh [quick|startup]
# (quick: without the 10,000-Backup run; startup: section 1 only)
#  1. wall time of 'lifeboat version' and of 'lifeboat get backups' against a sandbox with 1,000 Backups,
#     plain JVM, ./lifeboat (AppCDS), JDK 25's AOT cache where present, next to kubectl
#  2. watch-loop throughput: 1,000 Backups at once with instantly-succeeding Jobs, requests per backup,
#     and the API server's raw write rate measured in the same run; then 10,000 at once reconciled by
#     the real controller in its own process (ScaleBench: time, requests per backup, peak RSS)
#  3. 1,000 Restores at once (instant Jobs, one Deployment each to stop and start): seconds and requests
#     (by kind: which reads and writes a restore costs)
#  4. latency of one real backup (200 files, real restic, a real Job JVM) through 'backup create --wait',
#     next to a bare 'restic backup' of the same folder (bench/backup-latency.sh)
#  5. retention planning over 100,000 snapshots: in process and the whole command (bench/retention-plan.sh)
#  6. 1,000 Schedules due at the same minute (instant Jobs, real clock): seconds until all their Backups
#     exist and are Ready, controller writes per scheduled Backup (waits up to a minute for the fire time)
#  7. 500 HibernatePlans (a Deployment and a CronJob each) waking at the same minute: seconds until all are
#     Active again, controller requests per target (waits up to a minute for the wake-up time)
#  8. a ~1 GB pg_dump through 'lifeboat backup create --postgres' next to 'pg_dump | restic backup --stdin'
#     by hand (bench/pg-dump.sh; needs the PostgreSQL server, which scripts/test.sh installs)
#  9. a repository's verify over 10,000 Backups and 10,000 snapshots (controller side), and one
#     'restic snapshots --json' over 500 real snapshots (bench/verify.sh)
# 10. what running each pod as its securityContext says costs (a trivial Job, isolated or not), and what a restic
#     path per claim saves (two claims backed up in turn: files_unmodified with one path against one per claim)
#     (bench/owners.sh; needs root)
# 11. a command source's stream through its own container and the named pipe, against the same stream piped into
#     restic by hand (bench/tenancy.sh; needs root)
# 12. a backup by copy method (direct, snapshot, clone), and how long hooks keep the application quiet with a direct
#     and a snapshot copy (bench/copies.sh; needs root)
# 13. a restore drill against a plain restore of the same Backup, and 'lifeboat status' over 500 claims
#     (bench/drills.sh; needs root)
# 14. concurrency limits: 500 claims due at once under a limit of 20 (bench/concurrency.sh)
# 15. what a kept restic cache would save: S3 operations and time, empty against kept cache (bench/cache.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quick="${1:-}"
mvn -q -B -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
  -Dmdep.includeScope=test
CP="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
JAVA_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

echo "== 1. command latency (median of 7 runs), next to kubectl's"
# lifeboat as a user starts it is ./lifeboat: the jar with its AppCDS archive (trained on first use).
./lifeboat version >/dev/null
for i in 1 2 3 4 5 6 7; do time_ms java "${JAVA_OPTS[@]}" -jar target/lifeboat.jar version; done | median \
  | xargs -I{} echo "lifeboat version, plain JVM (no archive): {} ms"
for i in 1 2 3 4 5 6 7; do time_ms ./lifeboat version; done | median | xargs -I{} echo "lifeboat version (./lifeboat, AppCDS): {} ms"
jdk25="$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1 || true)"
if [ -n "$jdk25" ] && [ -x "$jdk25/bin/java" ]; then
  # JDK 25's AOT cache (JEP 483/514): classes loaded and linked ahead of time, trained on the same command.
  aot="$(mktemp -d)/lifeboat.aot"
  "$jdk25/bin/java" -XX:AOTCacheOutput="$aot" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar target/lifeboat.jar version >/dev/null 2>&1 || true
  if [ -f "$aot" ]; then
    for i in 1 2 3 4 5 6 7; do time_ms "$jdk25/bin/java" -XX:AOTCache="$aot" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
      -jar target/lifeboat.jar version; done | median | xargs -I{} echo "lifeboat version, JDK 25 + AOT cache: {} ms"
  fi
fi
if command -v kubectl >/dev/null; then
  for i in 1 2 3 4 5 6 7; do time_ms kubectl version --client; done | median | xargs -I{} echo "kubectl version --client: {} ms"
fi

dir="$(mktemp -d)"
java "${JAVA_OPTS[@]}" -jar target/lifeboat.jar sandbox start --dir "$dir" --no-reconcile >"$dir/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 300); do grep -q "sandbox ready" "$dir/sandbox.log" 2>/dev/null && break; sleep 0.1; done
java -cp "$CP" dev.lifeboat.bench.SeedBackups "$dir/kubeconfig" 1000
count=$(java "${JAVA_OPTS[@]}" -jar target/lifeboat.jar --kubeconfig "$dir/kubeconfig" get backups -o name | wc -l)
for i in 1 2 3 4 5 6 7; do time_ms java "${JAVA_OPTS[@]}" -jar target/lifeboat.jar --kubeconfig "$dir/kubeconfig" get backups; done \
  | median | xargs -I{} echo "lifeboat get backups ($count Backups), plain JVM: {} ms"
for i in 1 2 3 4 5 6 7; do time_ms ./lifeboat --kubeconfig "$dir/kubeconfig" get backups; done \
  | median | xargs -I{} echo "lifeboat get backups ($count Backups), ./lifeboat: {} ms"
if command -v kubectl >/dev/null; then
  for i in 1 2 3 4 5 6 7; do time_ms kubectl --kubeconfig "$dir/kubeconfig" get backups; done \
    | median | xargs -I{} echo "kubectl get backups ($count Backups): {} ms"
fi
kill $sandbox_pid 2>/dev/null || true
[ "$quick" = "startup" ] && exit 0

echo "== 2. watch-loop throughput (instant Jobs; sandbox API server)"
java -Xmx4g -cp "$CP" dev.lifeboat.bench.ThroughputBench 1000 3 4
if [ "$quick" != "quick" ]; then
  # 10,000 at once, the controller in a process of its own started as the Deployment starts it (its
  # JVM sees the Deployment's 384 MiB limit): progress every 10 s, requests per backup, peak RSS
  java -Xmx8g -cp "$CP" dev.lifeboat.bench.ScaleBench 10000 target/lifeboat.jar 384m
fi

echo "== 3. restores through the watch loop (instant Jobs, one Deployment each)"
java -Xmx4g -cp "$CP" dev.lifeboat.bench.RestoreThroughputBench 1000 3 4

echo "== 4. one real backup, end to end, against bare restic (median of 5)"
bench/backup-latency.sh 5

echo "== 5. retention plan over 100,000 snapshots"
bench/retention-plan.sh 100000

echo "== 6. 1,000 Schedules due at once (instant Jobs)"
java -Xmx4g -cp "$CP" dev.lifeboat.bench.ScheduleThroughputBench 1000 4

echo "== 7. 500 HibernatePlans waking at the same minute (sandbox workload simulator)"
java -Xmx4g -cp "$CP" dev.lifeboat.bench.HibernateWakeBench 500 4

echo "== 8. a ~1 GB pg_dump through lifeboat against pg_dump | restic by hand (median of 3)"
if [ -n "$quick" ]; then bench/pg-dump.sh 1 700000; else bench/pg-dump.sh 3; fi

echo "== 9. a repository's verify at scale"
if [ -n "$quick" ]; then bench/verify.sh 2000 200; else bench/verify.sh 10000 500; fi

echo "== 10. pods as they say, and a path per claim"
if [ -n "$quick" ]; then bench/owners.sh 3 1000; else bench/owners.sh 5 5000; fi

echo "== 11. a command source in its own container"
if [ -n "$quick" ]; then bench/tenancy.sh 1 50000000; else bench/tenancy.sh 3 200000000; fi

echo "== 12. point-in-time copies and hooks"
if [ -n "$quick" ]; then bench/copies.sh 1 200; else bench/copies.sh 3 2000; fi

echo "== 13. restore drills and the protection report"
if [ -n "$quick" ]; then bench/drills.sh 1 200 100; else bench/drills.sh 3 2000 500; fi
echo "== 14. concurrency limits"
if [ -n "$quick" ]; then bench/concurrency.sh 60 10 500; else bench/concurrency.sh 500 20 2000; fi
echo "== 15. restic's cache: empty against kept"
if [ -n "$quick" ]; then bench/cache.sh 200 16; else bench/cache.sh 2000 64; fi
