#!/usr/bin/env bash
# Scale benchmark: sleuth against plain tantivy and ripgrep on a slice of the enwiki corpus, in one
# run on one machine, so that every comparison is a ratio measured under the same conditions.
#
#   benches/scale.sh [--docs N] [--work DIR] [--rounds N]
#
#   --docs N     index the first N articles (default: all 30,729, 408 MB of text)
#   --work DIR   scratch directory (default: ${TMPDIR:-/tmp}/sleuth-scale); needs about 4x the
#                slice's size (the full corpus: about 2.5 GB)
#   --rounds N   timed rounds over the query set for in-process latency (default 5)
#
# It reports: indexing wall time, CPU time, MB/s, passages/s, peak memory and index size for sleuth,
# plain tantivy, and plain tantivy indexing both views (words and stems) in two fields; the wall time of re-indexing
# after 1% of the documents changed; in-process query latency (p50/p95/p99) over benches/queries.tsv;
# and whole-process search time (hyperfine, warm cache) for single terms, side by side with
# `rg -i -w -c` and `rg -i -c` over the same JSON-lines text. The report is printed and written to
# WORK/report.md. Run it from anywhere in the repository; `../shared` must hold the corpus.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
corpus_zst="$repo/../shared/data/enwiki/enwiki-2015-30k.jsonl.zst"
docs=""
work="${TMPDIR:-/tmp}/sleuth-scale"
rounds=5
while [[ $# -gt 0 ]]; do
    case "$1" in
        --docs) docs="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "scale.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v rg >/dev/null || missing+=(ripgrep)
command -v zstd >/dev/null || missing+=(zstd)
[[ -x /usr/bin/time ]] || missing+=(time)
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "scale.sh: missing tools: ${missing[*]}" >&2
    echo "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 2
fi
if [[ ! -f "$corpus_zst" ]]; then
    echo "scale.sh: corpus not found at $corpus_zst (clone the repository beside shared/)" >&2
    exit 2
fi

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

rm -rf "$work"
mkdir -p "$work/bin"
log "building release binaries"
(cd "$repo" && cargo build --release --quiet --bin sleuth --example plain_tantivy --example query_latency)
target=$(cd "$repo" && cargo metadata --format-version 1 --no-deps | sed 's/.*"target_directory":"\([^"]*\)".*/\1/')
# Private copies: a concurrent build cannot swap them out mid-run.
cp "$target/release/sleuth" "$target/release/examples/plain_tantivy" \
    "$target/release/examples/query_latency" "$work/bin/"
sleuth="$work/bin/sleuth"
plain="$work/bin/plain_tantivy"

log "decompressing ${docs:-all} articles"
corpus="$work/corpus.jsonl"
if [[ -n "$docs" ]]; then
    zstd -dc "$corpus_zst" | head -n "$docs" >"$corpus" || true
else
    zstd -dc "$corpus_zst" >"$corpus"
fi
articles=$(wc -l <"$corpus")
jsonl_bytes=$(stat -c %s "$corpus")

# Runs a command under GNU time; sets $wall (s), $cpu (user + system s) and $rss (peak, MiB).
timed() {
    local out="$work/time.txt"
    /usr/bin/time -f '%e %U %S %M' -o "$out" "$@"
    read -r wall user sys rss_kb <"$out"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
    rss=$(awk -v k="$rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')
}

log "plain tantivy: indexing"
timed "$plain" index "$corpus" "$work/plain" >"$work/plain.out"
plain_wall=$wall plain_cpu=$cpu plain_rss=$rss
text_bytes=$(sed 's/.*text_bytes=\([0-9]*\).*/\1/' "$work/plain.out")
plain_passages=$(sed 's/.*paragraphs=\([0-9]*\).*/\1/' "$work/plain.out")
plain_size=$(du -sb "$work/plain" | cut -f1)

log "plain tantivy, two views: indexing"
timed "$plain" index "$corpus" "$work/plain2" --two-views >/dev/null
plain2_wall=$wall plain2_cpu=$cpu plain2_rss=$rss
plain2_size=$(du -sb "$work/plain2" | cut -f1)
rm -rf "$work/plain2"

log "sleuth: indexing"
timed "$sleuth" index --corpus "$corpus" --index "$work/sleuth" >"$work/sleuth.out"
sleuth_wall=$wall sleuth_cpu=$cpu sleuth_rss=$rss
sleuth_passages=$(sed -n 's/.*: \([0-9]*\) passages.*/\1/p' "$work/sleuth.out")
sleuth_size=$(du -sb "$work/sleuth" | cut -f1)

log "sleuth: re-indexing after changing 1% of the documents"
sed -i '0~100 s/"text": "/"text": "Edited for the scale benchmark. /' "$corpus"
changed=$(grep -c 'Edited for the scale benchmark' "$corpus" || true)
timed "$sleuth" index --index "$work/sleuth" >"$work/reindex.out"
reindex_wall=$wall reindex_rss=$rss

log "in-process query latency ($rounds rounds of $(grep -vc '^#' "$repo/benches/queries.tsv") queries)"
"$work/bin/query_latency" "$work/sleuth" "$repo/benches/queries.tsv" "$rounds" >"$work/latency-sleuth.txt"
"$plain" latency "$work/plain" "$repo/benches/queries.tsv" "$rounds" >"$work/latency-plain.txt"

log "whole-process search (hyperfine)"
terms=(government corruption komissarzhevsky)
# Median wall time in ms of RUNS runs of a command (after RUNS / 5 + 1 warm-up runs), by hyperfine.
median_ms() {
    local runs=$1 csv="$work/hyperfine.csv"
    shift
    hyperfine -N -i --style none --warmup $((runs / 5 + 1)) --runs "$runs" --export-csv "$csv" "$*" \
        >/dev/null 2>&1
    awk -F, 'NR == 2 { printf "%.1f", $4 * 1000 }' "$csv"
}
whole_rows=""
for term in "${terms[@]}"; do
    sleuth_ms=$(median_ms 20 "$sleuth" search --index "$work/sleuth" "$term")
    plain_ms=$(median_ms 20 "$plain" search "$work/plain" "$term")
    rgw_ms=$(median_ms 10 rg -i -w -c "$term" "$corpus")
    rg_ms=$(median_ms 10 rg -i -c "$term" "$corpus")
    whole_rows+="| \`$term\` | $sleuth_ms | $plain_ms | $rgw_ms | $rg_ms | $(ratio "$rgw_ms" "$sleuth_ms")x |"$'\n'
done

latency_row() { awk -v k="$2" '$1 == k { printf "%s | %s | %s", $3, $4, $5 }' "$1"; }
report="$work/report.md"
{
    echo "## Scale benchmark: $articles articles, $(mb "$text_bytes") MB of text ($(mb "$jsonl_bytes") MB JSON lines)"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "### Indexing"
    echo
    echo "| | wall s | CPU s | MB/s | passages | passages/s | peak RSS MiB | index MB | index / text |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    row() { # name wall cpu passages rss size
        echo "| $1 | $2 | $3 | $(ratio "$(mb "$text_bytes")" "$2") | $4 | $(awk -v p="$4" -v w="$2" 'BEGIN { printf "%.0f", p / w }') | $5 | $(mb "$6") | $(ratio "$6" "$text_bytes") |"
    }
    row sleuth "$sleuth_wall" "$sleuth_cpu" "$sleuth_passages" "$sleuth_rss" "$sleuth_size"
    row "plain tantivy" "$plain_wall" "$plain_cpu" "$plain_passages" "$plain_rss" "$plain_size"
    row "plain tantivy, two views" "$plain2_wall" "$plain2_cpu" "$plain_passages" "$plain2_rss" "$plain2_size"
    echo
    echo "sleuth's indexing throughput is $(ratio "$plain_wall" "$sleuth_wall")x plain tantivy's (wall time; CPU time: $(ratio "$plain_cpu" "$sleuth_cpu")x), and $(ratio "$plain2_wall" "$sleuth_wall")x plain tantivy's with both views in two fields."
    echo
    echo "Re-index after changing $changed documents ($(awk -v c="$changed" -v a="$articles" 'BEGIN { printf "%.1f", 100 * c / a }')%): $reindex_wall s wall, $(awk -v r="$reindex_wall" -v f="$sleuth_wall" 'BEGIN { printf "%.1f", 100 * r / f }')% of the full build, peak RSS $reindex_rss MiB. sleuth said: \`$(cat "$work/reindex.out")\`"
    echo
    echo "### In-process query latency (ms; top 10 with snippets; sleuth also formats citations)"
    echo
    echo "| kind | sleuth p50 | p95 | p99 | plain tantivy p50 | p95 | p99 |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for kind in term or and phrase prefix field all; do
        plain_cells=$(latency_row "$work/latency-plain.txt" "$kind")
        echo "| $kind | $(latency_row "$work/latency-sleuth.txt" "$kind") | ${plain_cells:-n/a | n/a | n/a} |"
    done
    echo
    echo "### Whole-process search, warm cache (median ms of hyperfine runs)"
    echo
    echo "| term | sleuth search | plain tantivy | rg -i -w -c | rg -i -c | rg -w / sleuth |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    printf '%s' "$whole_rows"
} >"$report"
cat "$report"
log "report written to $report"
