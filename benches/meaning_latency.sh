#!/bin/bash
# Per-query latency by words alone and by words and meaning, in one process: `search --batch` of every
# query in QUERIES minus the same command on the first query alone (start-up, model loading), divided by
# the number of queries less one; RUNS runs of each (default 3).
#
# Usage: benches/meaning_latency.sh SLEUTH INDEX QUERIES [RUNS]   (an INDEX with passage vectors;
#        QUERIES one per line, e.g. SciFact's claims: see PERFORMANCE.md, "Ranking by meaning")
set -euo pipefail
sleuth=$1 index=$2 queries=$3 runs=${4:-3}
count=$(wc -l < "$queries")
one=$(mktemp)
trap 'rm -f "$one"' EXIT
head -1 "$queries" > "$one"

seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

for mode in --lexical --model-default; do
  flag=$mode
  [ "$mode" = --model-default ] && flag=""
  for run in $(seq "$runs"); do
    alone=$(seconds "$sleuth" search --index "$index" $flag --limit 10 --batch "$one")
    all=$(seconds "$sleuth" search --index "$index" $flag --limit 10 --batch "$queries")
    printf '%-16s run %s: one query %.3f s, %s queries %.2f s, %.2f ms per query\n' \
      "${flag:-words+meaning}" "$run" "$alone" "$count" "$all" \
      "$(echo "($all - $alone) * 1000 / ($count - 1)" | bc -l)"
  done
done
