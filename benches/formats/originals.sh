#!/usr/bin/env bash
# Times `show` and `verify` on an index of extracted documents (PDFs): medians of RUNS wall-clock
# seconds (and CPU seconds) for a quote found in many documents, a verbatim sentence of one
# document, and one citation shown; then the index's size. Usage:
#   benches/formats/originals.sh SLEUTH INDEX QUOTE SENTENCE CITATION [RUNS]
# The figures in PERFORMANCE.md ("Reading extracted originals") came from this script.
set -euo pipefail
sleuth=$1 index=$2 quote=$3 sentence=$4 citation=$5 runs=${6:-3}
times=$(mktemp)
trap 'rm -f "$times"' EXIT

# Median wall and CPU seconds of RUNS runs of the command given.
median() {
  local walls=() cpus=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$times" -f '%e %U %S' "$@" >/dev/null 2>&1 || true
    read -r wall user sys < <(tail -1 "$times")
    walls+=("$wall")
    cpus+=("$(echo "$user + $sys" | bc)")
  done
  local mid=$(((runs + 1) / 2))
  printf '%s s wall, %s s CPU' \
    "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "${mid}p")" \
    "$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "${mid}p")"
}

echo "verify \"$quote\": $(median "$sleuth" verify --index "$index" "$quote")"
echo "verify (one document's sentence): $(median "$sleuth" verify --index "$index" "$sentence")"
echo "show (one citation): $(median "$sleuth" show --index "$index" "$citation")"
echo "index size: $(du -sh "$index" | cut -f1)"
