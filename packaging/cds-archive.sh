#!/bin/sh
# Builds lifeboat's class-data-sharing archive: cds-archive.sh JAR ARCHIVE
# Two training runs record the classes a start loads ('version', and a client command against a closed
# port: the CLI and the API client; it fails fast), then a static archive is dumped from that list. A
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
cat "$work/version.classes" "$work/client.classes" >"$work/all.classes"
java -Xshare:dump -Xlog:cds=off -XX:SharedClassListFile="$work/all.classes" -XX:SharedArchiveFile="$work/lifeboat.jsa" \
  -cp "$jar" >"$work/dump.log" 2>&1 || { cat "$work/dump.log" >&2; exit 1; }
mv -f "$work/lifeboat.jsa" "$archive"
