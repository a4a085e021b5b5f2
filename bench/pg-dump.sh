#!/usr/bin/env bash
# A large pg_dump through lifeboat next to the same dump piped into restic by hand:
#   by hand:   pg_dump -Fc DB | restic backup --stdin --stdin-filename DB.dump
#   lifeboat:  'lifeboat backup create --postgres ... --wait' against a sandbox (controller, a Job JVM
#              running 'lifeboat backup-manager backup --source ...', which streams pg_dump into restic)
# Each run writes into a fresh repository, so no run profits from another's deduplication.
# Prints medians and the ratio; asserts nothing. Usage: bench/pg-dump.sh [RUNS] [ROWS]
# ROWS (default 10,000,000) sizes the table: about 1 GB of pg_dump -Fc output.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs="${1:-3}"
rows="${2:-10000000}"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

dir="$(mktemp -d)"
chmod 755 "$dir"
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --) && chown postgres "$dir"
printf 'bench-pg-password\n' > "$dir/pgpw"; chmod 644 "$dir/pgpw"
"${as_pg[@]}" "$bin/initdb" -D "$dir/pg" -U bench --pwfile="$dir/pgpw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$bin/postgres" -D "$dir/pg" -p "$port" -k "$dir" -c listen_addresses=127.0.0.1 -c fsync=off \
  -c max_wal_size=4GB >"$dir/pg.log" 2>&1 &
pg_pid=$!
export PGPASSWORD=bench-pg-password
for _ in $(seq 1 300); do psql -h 127.0.0.1 -p "$port" -U bench -d postgres -c 'select 1' >/dev/null 2>&1 && break; sleep 0.1; done

"$PWD/lifeboat" sandbox start --dir "$dir/sandbox" >"$dir/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid $pg_pid 2>/dev/null || true; wait 2>/dev/null; rm -rf "$dir"' EXIT
lb() { "$PWD/lifeboat" --kubeconfig "$dir/sandbox/kubeconfig" "$@"; }

s=$(now_ms)
psql -q -h 127.0.0.1 -p "$port" -U bench -d postgres -c 'CREATE DATABASE big' >/dev/null
psql -q -h 127.0.0.1 -p "$port" -U bench -d big -c "CREATE TABLE t (id bigint PRIMARY KEY, a text, b text, n numeric);
  INSERT INTO t SELECT g, md5(g::text) || md5((g * 31)::text), md5(random()::text) || md5(random()::text) || md5(random()::text),
  random() * 1e9 FROM generate_series(1, $rows) g;" >/dev/null
echo "table of $rows rows made in $(( ($(now_ms) - s) / 1000 )) s; $(psql -At -h 127.0.0.1 -p "$port" -U bench -d big \
  -c "select pg_size_pretty(pg_total_relation_size('t'))") on disk"

for _ in $(seq 1 300); do grep -q "sandbox ready" "$dir/sandbox.log" 2>/dev/null && break; sleep 0.1; done
printf 'bench-repo-password' > "$dir/repopw"
export RESTIC_PASSWORD=bench-repo-password RESTIC_CACHE_DIR="$dir/cache"

hand=(); tool=(); size=0
for i in $(seq 1 "$runs"); do
  export RESTIC_REPOSITORY="$dir/hand-$i"
  restic init -q
  s=$(now_ms)
  pg_dump -Fc -h 127.0.0.1 -p "$port" -U bench -d big | restic backup -q --stdin --stdin-filename big.dump --host bench >/dev/null
  hand+=($(( $(now_ms) - s )))
  size=$(restic stats --json latest | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_size"])')

  lb repository create "repo-$i" --url "local:$dir/tool-$i" --password-file "$dir/repopw" --wait --timeout 2m >/dev/null
  s=$(now_ms)
  lb backup create "big-$i" --repository "repo-$i" --postgres "127.0.0.1:$port/big" --pg-user bench \
    --pg-password-file "$dir/pgpw" --wait --timeout 30m >/dev/null
  tool+=($(( $(now_ms) - s )))
done
h=$(printf '%s\n' "${hand[@]}" | median)
t=$(printf '%s\n' "${tool[@]}" | median)
echo "pg_dump -Fc of $(( size / 1000000 )) MB: by hand ${h} ms (runs: ${hand[*]}); lifeboat backup create --wait ${t} ms (runs: ${tool[*]})"
python3 -c "print('ratio lifeboat / by hand: %.3f' % ($t / $h))"
lb backup describe big-1 | grep -E "Captured|Duration" || true
