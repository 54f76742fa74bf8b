#!/usr/bin/env bash
# HTML main-text extraction: marsad against trafilatura (and jusText,
# Resiliparse when they install), on the same pages, in one run.
#
#   bench/html.sh [PAGES_DIR] [REPEAT]
#
# PAGES_DIR defaults to ../shared/data/pages/html (8 Arabic news pages);
# every page is processed REPEAT times (default 40) for stable timing.
# marsad runs single-threaded (RAYON_NUM_THREADS=1) through the whole
# `analyze --json` pipeline (decode, HTML extraction, line cleaning); the
# Python tools are timed in-process (interpreter start-up excluded).
# The script checks its own output: marsad must print one JSON document per
# page, and every tool's text is scored against anchors read from each page
# (see bench/html_quality.py), so a fast but wrong extractor shows.
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES="${1:-../shared/data/pages/html}"
REPEAT="${2:-40}"
[ -d "$PAGES" ] || { echo "no pages at $PAGES" >&2; exit 2; }

VENV=bench/.venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
  "$VENV/bin/pip" install -q "trafilatura==2.3.1"
  "$VENV/bin/pip" install -q justext || echo "(justext not installed)"
  "$VENV/bin/pip" install -q resiliparse || echo "(resiliparse not installed)"
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release -q --bin marsad
MARSAD="$CARGO_TARGET_DIR/release/marsad"

OUT=bench/out/html
mkdir -p "$OUT"
mapfile -t FILES < <(find "$PAGES" -maxdepth 1 -name '*.html' | sort)
N=${#FILES[@]}
[ "$N" -gt 0 ] || { echo "no .html files in $PAGES" >&2; exit 2; }

# marsad: one process over REPEAT copies of the list, single-threaded.
ARGS=()
for _ in $(seq "$REPEAT"); do ARGS+=("${FILES[@]}"); done
"$MARSAD" analyze --json "${FILES[@]}" > "$OUT/marsad.jsonl"
START=$(date +%s.%N)
RAYON_NUM_THREADS=1 "$MARSAD" analyze --json "${ARGS[@]}" > "$OUT/marsad-timed.jsonl"
END=$(date +%s.%N)
GOT=$(wc -l < "$OUT/marsad-timed.jsonl")
[ "$GOT" -eq $((N * REPEAT)) ] || { echo "marsad printed $GOT documents, expected $((N * REPEAT))" >&2; exit 1; }
MARSAD_PPS=$(python3 -c "print(f'{$N*$REPEAT/($END-$START):.1f}')")

"$VENV/bin/python" bench/html_quality.py "$OUT" "$REPEAT" "$MARSAD_PPS" "${FILES[@]}"
