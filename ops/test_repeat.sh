#!/usr/bin/env bash
# `make test` N times in a row on a fresh clone of the current HEAD (the acceptance of issue 11: a flaky test
# is a bug, so one failure stops the run). Uncommitted changes are not in the clone: commit first.
# Usage: ops/test_repeat.sh [N]   (make test-repeat N=5; KEEP=1 keeps the clone for a look after a failure)
set -euo pipefail

runs="${1:-5}"
root="$(git rev-parse --show-toplevel)"
head="$(git -C "$root" rev-parse HEAD)"
work="$(mktemp -d "${TMPDIR:-/tmp}/estore-test-repeat.XXXXXX")"
cleanup() { if [ -z "${KEEP:-}" ]; then rm -rf "$work"; else echo "test-repeat: clone kept in $work"; fi; }
trap cleanup EXIT

git clone --quiet --no-local "$root" "$work/estore"
git -C "$work/estore" checkout --quiet --detach "$head"
echo "test-repeat: $runs x make test on a fresh clone of $(git -C "$root" rev-parse --short HEAD) in $work/estore"

started=$(date +%s)
for ((run = 1; run <= runs; run++)); do
  begin=$(date +%s)
  if ! make -C "$work/estore" --no-print-directory test; then
    echo "make test $run/$runs FAILED after $(( $(date +%s) - begin )) s (${run} of ${runs}; stopping at the first failure)"
    KEEP=1
    exit 1
  fi
  echo "make test $run/$runs passed in $(( $(date +%s) - begin )) s"
done
echo "test-repeat: $runs of $runs passed in $(( $(date +%s) - started )) s (the first run includes creating the venvs)"
