#!/usr/bin/env bash
# `hwcloud-codegen diff` on GitHub Enterprise Server 3.17 -> 3.18 (two 11 MB documents of
# @octokit/openapi, fetched into target/bench-data/): wall time, CPU time and peak memory of
# RUNS runs (default 5), and the number of changes found.
#
#   bash scripts/bench-diff.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
for name in ghes-3.17 ghes-3.18; do
    NAME="$name" bash scripts/fetch-github-spec.sh
done
cargo build --release --quiet -p hwcloud-codegen
old=target/bench-data/ghes-3.17.json
new=target/bench-data/ghes-3.18.json
echo "@octokit/openapi $(cat target/bench-data/ghes-3.18.version): $(wc -c <"$old") and $(wc -c <"$new") bytes"
for _ in $(seq "${RUNS:-5}"); do
    /usr/bin/time -f "%e s wall, %U s user, %S s system, %M KiB max RSS" \
        target/release/hwcloud-codegen diff "$old" "$new" --format json --fail-on never >/tmp/bench-diff.json
done
echo "$(wc -l </tmp/bench-diff.json) changes"
