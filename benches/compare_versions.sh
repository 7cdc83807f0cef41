#!/usr/bin/env bash
# Indexing time and query latency of two versions of sleuth, measured in one run: each commit is
# built in release in a scratch worktree, then plain tantivy and the two versions index the same
# corpus in turn, ROUNDS times (alternating, so that a busy moment hits all three alike), and each
# version's in-process latency is measured on its own index over benches/queries.tsv.
#
#   benches/compare_versions.sh OLD_COMMIT NEW_COMMIT CORPUS.jsonl [ROUNDS] [WORK_DIR]
#
# CORPUS.jsonl: e.g. the decompressed enwiki slice benches/scale.sh leaves in its work directory.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
old=${1:?usage: benches/compare_versions.sh OLD NEW CORPUS.jsonl [ROUNDS] [WORK]}
new=${2:?usage}; corpus=${3:?usage}; rounds=${4:-3}; work=${5:-${TMPDIR:-/tmp}/sleuth-compare}
command -v /usr/bin/time >/dev/null || { echo "compare_versions: needs /usr/bin/time" >&2; exit 2; }
mkdir -p "$work"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$work/target}"   # a warm target dir saves the builds
for version in "$old" "$new"; do
    tree="$work/tree-$version"
    [[ -d "$tree" ]] || git -C "$repo" worktree add --detach "$tree" "$version" >/dev/null
    (cd "$tree" && cargo build --release --quiet --bin sleuth --example plain_tantivy --example query_latency)
    mkdir -p "$work/bin-$version"
    cp "$CARGO_TARGET_DIR/release/sleuth" "$CARGO_TARGET_DIR/release/examples/query_latency" \
        "$CARGO_TARGET_DIR/release/examples/plain_tantivy" "$work/bin-$version/"
done
for round in $(seq "$rounds"); do
    rm -rf "$work/index-plain"
    /usr/bin/time -f "round $round plain tantivy: %e s wall, %U+%S s CPU, %M KB" \
        "$work/bin-$old/plain_tantivy" index "$corpus" "$work/index-plain" >/dev/null 2>"$work/err" || true
    tail -n 1 "$work/err"
    for version in "$old" "$new"; do
        rm -rf "$work/index-$version"
        /usr/bin/time -f "round $round $version: %e s wall, %U+%S s CPU, %M KB" \
            "$work/bin-$version/sleuth" index --corpus "$corpus" --index "$work/index-$version" >/dev/null 2>"$work/err" || true
        tail -n 1 "$work/err"
    done
done
for version in "$old" "$new"; do
    echo "== in-process latency, $version"
    "$work/bin-$version/query_latency" "$work/index-$version" "$repo/benches/queries.tsv" 5
done
