#!/usr/bin/env bash
# The one test command: installs what the tests need (restic; PostgreSQL; asciidoctor, which renders
# the man pages a test compares with the shipped ones) when missing, then runs the whole suite (unit, IT on
# the embedded API server, E2E with real restic and S3Proxy).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need_apt=()
command -v restic >/dev/null 2>&1 || need_apt+=(restic)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v asciidoctor >/dev/null 2>&1 || need_apt+=(asciidoctor)
command -v setpriv >/dev/null 2>&1 || need_apt+=(util-linux)
# PostgreSQL: the server (initdb, postgres) for the E2E test of the postgres source, and the client
# tools (pg_dump, pg_restore, psql) that the backup Jobs run.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v pg_dump >/dev/null 2>&1 || need_apt+=(postgresql-client)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test.sh: installing ${need_apt[*]} with apt-get" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
restic version
# The suite runs the restic lifeboat is tested with and its image installs (ResticPin.TESTED): another release's
# JSON, locks or retention rules would make a green run mean nothing for the image.
tested="$(sed -n 's/.*String TESTED = "\(.*\)";/\1/p' src/main/java/dev/lifeboat/lifecycle/ResticPin.java)"
here="$(restic version | awk '{print $2}')"
if [ "$here" != "$tested" ]; then
  echo "test.sh: restic $here is installed, the tests need restic $tested (ResticPin.TESTED): install it" \
    "(Debian bookworm's package is $tested, or the release binary as the Dockerfile does)" >&2
  exit 1
fi

mvn -B -ntp verify "$@"
# The launcher as the README puts it on the PATH: through a symlink, it must find its jar beside the real file.
link_dir="$(mktemp -d)"
ln -s "$PWD/lifeboat" "$link_dir/lifeboat"
if ! (cd "$link_dir" && PATH="$link_dir:$PATH" lifeboat version); then
  echo "test.sh: the launcher failed when run through a symlink on the PATH" >&2
  exit 1
fi
rm -rf "$link_dir"
# The release configuration must stay valid too (offline: assembles, checksums, validates).
scripts/release-check.sh
