#!/usr/bin/env bash
# What a restic cache kept between Jobs would save (CacheBench): an incremental backup, a check and a restore of
# one file, with an empty cache (a Job's emptyDir, today) and with the cache the previous run left; restic against
# S3Proxy, which counts the S3 operations it serves. Prints figures; asserts nothing.
# Usage: bench/cache.sh [FILES] [FILE_KB] [PRIOR_BACKUPS]   (default 2000 64 30)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
java -cp "$CP" dev.lifeboat.bench.CacheBench "${1:-2000}" "${2:-64}" "${3:-30}" 2>/dev/null
