#!/usr/bin/env bash
# The corpus benchmarks that need a store:
#   1. the whole ANT ingest (analysis, store, index, near-duplicates, stories,
#      claim records) under /usr/bin/time -v: wall time and peak memory;
#   2. search latency p50/p99 over bench/corpus_queries.txt on the ANT store;
#   3. with --scale: the same on a 1M-document store that REPLICATES AND
#      PERTURBS ANT (bench/scale_store.py; not a real 1M-article corpus),
#      ingested with --defer-corpus.
#
#   bench/corpus_search.sh [--scale]
#
# Stores and logs go to bench/out/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${MARSAD_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
JSONL="$DATA/ant-multisource/ant_multisource_v2.1.jsonl"
[ -f "$JSONL" ] || { echo "bench/corpus_search.sh: $JSONL is missing (set MARSAD_SHARED_DATA)" >&2; exit 1; }
TARGET="${CARGO_TARGET_DIR:-target}"
cargo build --release -q
mkdir -p bench/out
rm -rf bench/out/ant-store
/usr/bin/time -v "$TARGET/release/marsad" ingest --store bench/out/ant-store "$JSONL" 2> bench/out/ant_ingest.log
grep -E "ingested into|Elapsed|Maximum resident|User time|System time" bench/out/ant_ingest.log
MARSAD_BENCH_STORE=bench/out/ant-store cargo bench -q -p marsad-corpus --bench search_latency
if [ "${1:-}" = "--scale" ]; then
  [ -f bench/out/scale_1m.jsonl ] || python3 bench/scale_store.py bench/out/scale_1m.jsonl 1000000
  rm -rf bench/out/scale-store
  /usr/bin/time -v "$TARGET/release/marsad" ingest --defer-corpus --store bench/out/scale-store bench/out/scale_1m.jsonl \
    2> bench/out/scale_ingest.log
  grep -E "ingested into|Elapsed|Maximum resident" bench/out/scale_ingest.log
  MARSAD_BENCH_STORE=bench/out/scale-store cargo bench -q -p marsad-corpus --bench search_latency
fi
