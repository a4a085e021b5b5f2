#!/usr/bin/env bash
# Retention planning over 100,000 snapshots: in process (RetentionPlanBench) and the whole
# 'lifeboat retention plan' command on the same file (median of 5). Prints figures; asserts nothing.
# Usage: bench/retention-plan.sh [N]   (expects target/ built by bench/run.sh, or builds it)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n="${1:-100000}"
if [ ! -f target/test-classpath.txt ] || [ ! -f target/lifeboat.jar ]; then
  mvn -q -B -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
    -Dmdep.includeScope=test
fi
CP="target/classes:target/test-classes:$(cat target/test-classpath.txt)"
file="$(mktemp --suffix .json)"
trap 'rm -f "$file"' EXIT
java -cp "$CP" dev.lifeboat.bench.RetentionPlanBench "$n" "$file"
for i in 1 2 3 4 5; do
  s=$(date +%s%N)
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -jar target/lifeboat.jar retention plan --snapshots "$file" \
    --keep-last 5 --keep-hourly 24 --keep-daily 7 --keep-weekly 5 --keep-monthly 12 --keep-yearly 3 --keep-within 2d \
    -o json >/dev/null
  e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
done | sort -n | sed -n 3p | xargs -I{} echo "lifeboat retention plan -o json over $n snapshots (whole command): {} ms"
