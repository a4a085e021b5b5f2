#!/usr/bin/env bash
# Concurrency limits at scale: N claims' Backups due at once under an install-wide limit (ConcurrencyBench: sandbox
# API server and Job runner, the controller, backup pods of POD_MS each, no restic). Prints the peak concurrency,
# the time to all Ready against the ideal at that limit, and how far any Backup started out of queue order.
# Usage: bench/concurrency.sh [N] [LIMIT] [POD_MS]   (default 500 20 2000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/lib.sh
java -cp "$CP" dev.lifeboat.bench.ConcurrencyBench "${1:-500}" "${2:-20}" "${3:-2000}" 2>/dev/null
