#!/usr/bin/env bash
# Worst-case inputs against the enwiki index: every command, fed the largest or most expensive input
# it accepts, must finish in under 2 s and 500 MB. Prints one line per case: wall seconds, peak
# resident memory, exit code, and the case.
#
#   benches/limits.sh [--index DIR] [--sleuth BINARY]
#
#   --index DIR      an index of ../shared/data/enwiki/enwiki-2015-30k.jsonl.zst (default:
#                    enwiki-index, built as the README's "Trying it on 30,729 Wikipedia articles" says)
#   --sleuth BINARY  default: target/release/sleuth (build it with `cargo build --release`)
#
# Each case runs three times; the median wall time and the largest peak memory are reported.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
index="enwiki-index"
sleuth="$repo/target/release/sleuth"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --index) index="$2"; shift 2 ;;
        --sleuth) sleuth="$2"; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "limits.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ -x /usr/bin/time ]] || { echo "limits.sh: needs /usr/bin/time (apt-get install -y time)" >&2; exit 2; }
[[ -f "$index/meta.json" ]] || { echo "limits.sh: no index at $index (see --help)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
huge=18446744073709551615
# The largest inputs sleuth accepts (see README, "Limits"), built from frequent words.
max_query=$(python3 -c 'print(" ".join((["the", "of", "and", "in", "a", "to", "was", "is"] * 40)[:64]))')
max_prefixes="a* c* g* m* p* s* t* w*"   # 8 prefixes (the most a query may hold), each of 64 words
max_phrase="\"$max_query\""
python3 -c 'import sys; w=["the","of","and","in","a","to","was","is","for","on","by","with"]; print(" ".join(w[i % len(w)] for i in range(100000))[:5000], end="")' > "$work/quote-max.txt"
python3 -c 'print("the arms trade " * 70000)' > "$work/quote-1mb.txt"
python3 -c 'print("x* " * 3400)' > "$work/query-10kb.txt"
citation=$("$sleuth" search --index "$index" --json --limit 1 'history' | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["citation"])')
file=${citation%%:*}

run() { # run LABEL [stdin-file] -- ARGS…
    local label="$1" input="$2"; shift 3
    local best=() mem=0
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$work/time" "$sleuth" "$@" <"$input" >/dev/null 2>"$work/err" && code=0 || code=$?
        # GNU time writes "Command exited with non-zero status N" first when the command fails.
        read -r secs kb < <(tail -n 1 "$work/time")
        best+=("$secs")
        (( kb > mem )) && mem=$kb
    done
    median=$(printf '%s\n' "${best[@]}" | sort -n | sed -n 2p)
    printf '%6s s  %6s MB  exit %s  %s\n' "$median" "$((mem / 1024))" "$code" "$label"
}

echo "sleuth $("$sleuth" --version | cut -d' ' -f2) on $index ($(du -sh "$index" | cut -f1))"
run "search: 64 frequent words"                          /dev/null -- search --index "$index" $max_query
run "search --docs --group: 64 frequent words"           /dev/null -- search --index "$index" --docs --group $max_query
run "search: a phrase of 64 frequent words"              /dev/null -- search --index "$index" "$max_phrase"
run "search --docs --group --context 3: 8 prefixes"    /dev/null -- search --index "$index" --docs --group --context 3 $max_prefixes
run "search: 8 prefixes of 64 words each"              /dev/null -- search --index "$index" $max_prefixes
run "search --literal: 64 frequent words"                /dev/null -- search --index "$index" --literal $max_query
run "search: 10 KB of 'x* ' (refused)"                   /dev/null -- search --index "$index" --docs --group "$(cat "$work/query-10kb.txt")"
run "search --limit/--offset 2^64-1"                     /dev/null -- search --index "$index" --limit $huge --offset $huge history
run "search --limit 1000 --context 50: history"          /dev/null -- search --index "$index" --limit 1000 --context 50 --json history
run "search --docs --limit 1000: the"                    /dev/null -- search --index "$index" --docs --limit 1000 --json the
run "verify: quote of 5,000 chars of frequent words"     "$work/quote-max.txt" -- verify --index "$index" -
run "verify --limit 1000: 5,000 chars"                   "$work/quote-max.txt" -- verify --index "$index" --limit 1000 -
run "verify --limit 2^64-1 (refused)"                     "$work/quote-max.txt" -- verify --index "$index" --limit $huge -
run "verify: 1 MB quote (refused)"                       "$work/quote-1mb.txt" -- verify --index "$index" -
run "verify: 'the of and'"                               /dev/null -- verify --index "$index" "the of and"
run "show --context 2^64-1 (refused)"                    /dev/null -- show --index "$index" --context $huge "$citation"
run "show: lines 1 to 2^64-1"                            /dev/null -- show --index "$index" "$file:1-$huge"
run "index (up to date)"                                 /dev/null -- index --index "$index"
