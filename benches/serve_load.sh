#!/usr/bin/env bash
# Load test of `sleuth serve` on loopback, bounded in time: 8 concurrent clients (wrk connections) send
# two-word searches (the `or` queries of benches/queries.tsv) for DURATION seconds; wrk reports
# throughput and latency percentiles. Next to it, the in-process latency of the same queries
# (examples/query_latency), for comparison.
#
#   benches/serve_load.sh INDEX_DIR [DURATION_SECONDS] [CONNECTIONS]
#
# Build the enwiki index first (see README): target/release/sleuth index --corpus
# ../shared/data/enwiki/enwiki-2015-30k.jsonl.zst --index enwiki-index. Needs Debian's `wrk`.
set -euo pipefail
cd "$(dirname "$0")/.."
index=${1:?usage: benches/serve_load.sh INDEX_DIR [DURATION_SECONDS] [CONNECTIONS]}
duration=${2:-20}
connections=${3:-8}
command -v wrk >/dev/null || { echo "serve_load: needs wrk (apt-get install wrk)" >&2; exit 2; }

cargo build --release --quiet --bin sleuth --example query_latency
out=$(mktemp)
target/release/sleuth serve --index "$index" --bind 127.0.0.1:0 >"$out" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q http "$out" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$out")
url=${url%/}

echo "== warm-up: every query once"
wrk -t1 -c1 -d3s -s benches/serve_load.lua "$url" -- benches/queries.tsv or >/dev/null
echo "== wrk: $connections connections, 2 threads, ${duration}s, two-word queries"
wrk -t2 -c"$connections" -d"${duration}s" --latency -s benches/serve_load.lua "$url" -- benches/queries.tsv or
kill $server
wait $server 2>/dev/null || true

echo "== in-process latency of the same queries (examples/query_latency, 5 rounds)"
grep -P '^or\t' benches/queries.tsv >"$out.tsv"
target/release/examples/query_latency "$index" "$out.tsv" 5
rm -f "$out.tsv"
