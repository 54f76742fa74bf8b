#!/usr/bin/env bash
# Side by side, in one run, on the same text and on one core: marsad's
# normalize+tokenize (normalized form and clitic-free base of every token)
# against pyarabic's araby.tokenize, the tokenizer a Python user would pick,
# alone and with pyarabic's own normalizers applied to every token.
#
#   bench/tokenize.sh [MB]        (default 16 MB of ANT article text)
#
# The text is the `text` field of the first ANT articles
# (../shared/data/ant-multisource, or $MARSAD_SHARED_DATA), written to
# bench/out/ (git-ignored). pyarabic is installed into bench/.venv.
# Prints MB/s per tool (best of several runs), by the CPU time of the
# benchmarking thread (which holds on a busy machine) and by the wall clock,
# and the ratio of the CPU-time figures.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="${MARSAD_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
JSONL="$DATA/ant-multisource/ant_multisource_v2.1.jsonl"
MB="${1:-16}"
TARGET="${CARGO_TARGET_DIR:-target}"
[ -f "$JSONL" ] || { echo "bench/tokenize.sh: $JSONL is missing (set MARSAD_SHARED_DATA)" >&2; exit 1; }

mkdir -p bench/out
TEXT="bench/out/ant_text_${MB}mb.txt"
python3 - "$JSONL" "$TEXT" "$MB" <<'PY'
import json, sys
src, dst, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
out, n = [], 0
with open(src, encoding="utf-8") as f:
    for line in f:
        t = json.loads(line)["text"]
        out.append(t)
        n += len(t.encode("utf-8")) + 1
        if n >= mb << 20:
            break
with open(dst, "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
PY

if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
fi
bench/.venv/bin/python -c "import pyarabic" 2>/dev/null || bench/.venv/bin/pip install --quiet "pyarabic==0.6.15"

cargo build --release --quiet -p marsad-arabic --example tokenize_file
# Both tools run on one thread; best of several runs each.
read -r _ M_CPU M_WALL M_TOKENS BYTES < <("$TARGET/release/examples/tokenize_file" "$TEXT" 10)
{ read -r _ P_CPU P_WALL P_TOKENS _; read -r _ N_CPU N_WALL N_TOKENS _; } < <(bench/.venv/bin/python bench/tokenize_pyarabic.py "$TEXT" 3)

printf 'text: %s (%s bytes), one thread each\n' "$TEXT" "$BYTES"
printf '%-40s %12s %12s %10s\n' tool "MB/s (CPU)" "MB/s (wall)" tokens
printf '%-40s %12s %12s %10s\n' "marsad normalize+tokenize (+clitics)" "$M_CPU" "$M_WALL" "$M_TOKENS"
printf '%-40s %12s %12s %10s\n' "pyarabic araby.tokenize" "$P_CPU" "$P_WALL" "$P_TOKENS"
printf '%-40s %12s %12s %10s\n' "pyarabic araby.tokenize + normalizing" "$N_CPU" "$N_WALL" "$N_TOKENS"
python3 -c "import sys; m, p, n = map(float, sys.argv[1:]); print(f'marsad / pyarabic (CPU time): {m / p:.0f}x against tokenize alone, {m / n:.0f}x against tokenize + normalizing')" "$M_CPU" "$P_CPU" "$N_CPU"
