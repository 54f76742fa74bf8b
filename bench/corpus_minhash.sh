#!/usr/bin/env bash
# MinHash signatures, side by side in one run, on the same text and one core:
# marsad-corpus's MinHasher (one-permutation hashing, 128 values, 4-word
# shingles of search-normalized words) against datasketch's MinHash
# (num_perm=128, the same 4-word shingles of whitespace-split words).
#
#   bench/corpus_minhash.sh [MB]        (default 16 MB of ANT article text)
#
# Prints MB/s for each and the ratio. datasketch goes into bench/.venv.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${MARSAD_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
JSONL="$DATA/ant-multisource/ant_multisource_v2.1.jsonl"
MB="${1:-16}"
[ -f "$JSONL" ] || { echo "bench/corpus_minhash.sh: $JSONL is missing (set MARSAD_SHARED_DATA)" >&2; exit 1; }
[ -x bench/.venv/bin/python ] || python3 -m venv bench/.venv
bench/.venv/bin/python -c "import datasketch" 2>/dev/null || bench/.venv/bin/pip install --quiet "datasketch==1.6.5"

PY_MB=$(bench/.venv/bin/python - "$JSONL" "$MB" <<'PY'
import json, sys, time
from datasketch import MinHash
src, mb = sys.argv[1], int(sys.argv[2])
texts, n = [], 0
with open(src, encoding="utf-8") as f:
    for line in f:
        t = json.loads(line)["text"]
        texts.append(t)
        n += len(t.encode("utf-8"))
        if n >= mb << 20:
            break
# datasketch on a 2 MB slice (it is slow); MB/s is what matters.
sl, m = [], 0
for t in texts:
    sl.append(t); m += len(t.encode("utf-8"))
    if m >= 2 << 20:
        break
start = time.perf_counter()
sigs = []
for t in sl:
    w = t.split()
    mh = MinHash(num_perm=128)
    for i in range(max(1, len(w) - 3)):
        mh.update(" ".join(w[i:i + 4]).encode("utf-8"))
    sigs.append(mh)
secs = time.perf_counter() - start
assert len(sigs) == len(sl)
print(f"{m / secs / 1e6:.2f}")
PY
)
echo "datasketch 1.6.5 (num_perm=128): ${PY_MB} MB/s"
OUT=$(taskset -c 0 cargo bench -q -p marsad-corpus --bench minhash -- --noplot 2>&1 | tee /dev/stderr | grep -A3 "signatures_128" | grep thrpt || true)
# criterion prints MiB/s: [low mid high]; take the middle value, in MB/s.
RS_MIB=$(echo "$OUT" | sed -E 's/.*thrpt: *\[[^ ]+ [^ ]+ ([0-9.]+) ([KMG]i?B)\/s.*/\1 \2/')
read -r VAL UNIT <<<"$RS_MIB"
case "$UNIT" in
  GiB) RS_MB=$(python3 -c "print(round($VAL*1024*1.048576,1))") ;;
  MiB) RS_MB=$(python3 -c "print(round($VAL*1.048576,1))") ;;
  *) echo "could not read criterion's throughput: $OUT" >&2; exit 1 ;;
esac
echo "marsad MinHasher (128 values): ${RS_MB} MB/s"
python3 -c "print(f'ratio: {${RS_MB}/${PY_MB}:.0f}x datasketch')"
