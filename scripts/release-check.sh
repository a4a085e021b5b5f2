#!/usr/bin/env bash
# Offline check of the release: JReleaser assembles the zip and tar.gz from the built jar,
# writes their checksums, and validates jreleaser.yml. Nothing is published.
# JReleaser reads the project's git remote; a scratch clone gets the public one so this works
# from any checkout (CI clones from a local path). Run after 'mvn package'.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$root/target/lifeboat.jar" ] || { echo "release-check: build first (mvn package)" >&2; exit 1; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
git clone -q "$root" "$scratch/lifeboat"
cd "$scratch/lifeboat"
git remote set-url origin https://github.com/lifeboat-dev/lifeboat.git
mkdir -p target man/man1
cp -r "$root/target/lifeboat.jar" "$root/target/lib" target/
# The token is only checked for presence by 'config'; nothing is sent anywhere.
export JRELEASER_GITHUB_TOKEN=offline-check
mvn -q -B -ntp jreleaser:assemble jreleaser:checksum jreleaser:config >"$scratch/jreleaser.log" 2>&1 || {
  cat "$scratch/jreleaser.log" >&2; exit 1; }
ls target/jreleaser/assemble/lifeboat/java-archive/
# The kubectl plugin ships beside the launcher, executable ('kubectl lifeboat ...').
tgz="$(ls target/jreleaser/assemble/lifeboat/java-archive/*.tgz)"
listing="$(tar -tvzf "$tgz")"
for exe in bin/lifeboat bin/kubectl-lifeboat; do
  echo "$listing" | grep -Eq "^-rwx.* lifeboat-[^/]*/$exe\$" || {
    echo "release-check: $exe missing or not executable in $tgz" >&2; echo "$listing" | grep bin/ >&2; exit 1; }
done
cat target/jreleaser/checksums/checksums_sha256.txt
# The docker packager is active on releases only: render its Dockerfile as a release would (version
# without -SNAPSHOT), offline. Building the image needs a Docker engine, which is not here.
sed -i '0,/-SNAPSHOT<\/version>/s//<\/version>/' pom.xml
mvn -q -B -ntp jreleaser:assemble jreleaser:prepare -Djreleaser.packagers=docker >"$scratch/jreleaser-docker.log" 2>&1 || {
  cat "$scratch/jreleaser-docker.log" >&2; exit 1; }
dockerfile=target/jreleaser/prepare/lifeboat/docker/Dockerfile
if [ ! -f "$dockerfile" ] || grep -q '{{' "$dockerfile" || ! grep -Eq '^RUN unzip -q /assembly/lifeboat-[0-9.]+\.zip' "$dockerfile"; then
  echo "release-check: the release image's Dockerfile did not render" >&2; cat "$dockerfile" >&2 || true; exit 1
fi
echo "release-check: jreleaser.yml valid; archives and checksums built; release image Dockerfile rendered"
