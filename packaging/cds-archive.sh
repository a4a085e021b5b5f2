#!/bin/sh
# Builds lifeboat's class-data-sharing archive: cds-archive.sh JAR ARCHIVE
# Training runs record the classes a start loads ('version'; a client command against a closed port: the
# CLI and the API client; then the commands typed most against a sandbox this script starts: create,
# get as a table and as YAML, describe, a completion), then a static archive is dumped from that list. A
# static archive holds the JDK's classes and picocli's too: picocli is Java 5 bytecode, which a dynamic
# archive (-XX:ArchiveClassesAtExit) refuses, and loading it from the jar was half of 'version'.
# Run with the class path the launcher uses (-jar JAR): the JVM refuses an archive made for another.
set -eu
jar="$1"
archive="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:1\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: t\n' \
  >"$work/kubeconfig"
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:off -XX:DumpLoadedClassList="$work/version.classes" \
  -jar "$jar" version >/dev/null 2>&1
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:off -XX:DumpLoadedClassList="$work/client.classes" \
  -jar "$jar" --kubeconfig "$work/kubeconfig" get backups >/dev/null 2>&1 || true
# The sandbox is the same jar; its own classes stay out of the list (only the client runs record theirs).
java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$jar" sandbox start --dir "$work/sandbox" --no-reconcile \
  >"$work/sandbox.log" 2>&1 &
sandbox=$!
i=0
while [ $i -lt 300 ] && ! grep -q "sandbox ready" "$work/sandbox.log" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
n=0
train() {
  n=$((n + 1))
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:off -XX:DumpLoadedClassList="$work/train-$n.classes" \
    -jar "$jar" --kubeconfig "$work/sandbox/kubeconfig" "$@" >/dev/null 2>&1 || true
}
if grep -q "sandbox ready" "$work/sandbox.log" 2>/dev/null; then
  printf 'training-password' >"$work/password"
  train repository create repo --url "local:$work/repo" --password-file "$work/password"
  train sandbox pvc create data
  train backup create first --repository repo --pvc data
  train get backups
  train get backups -o yaml
  train backup describe first
  train __complete backups -- lifeboat --kubeconfig "$work/sandbox/kubeconfig" backup describe ''
fi
kill "$sandbox" 2>/dev/null || true
wait "$sandbox" 2>/dev/null || true
cat "$work"/*.classes >"$work/all.classes"
java -Xshare:dump -Xlog:cds=off -XX:SharedClassListFile="$work/all.classes" -XX:SharedArchiveFile="$work/lifeboat.jsa" \
  -cp "$jar" >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
mv -f "$work/lifeboat.jsa" "$archive"
