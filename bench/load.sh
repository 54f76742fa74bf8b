#!/usr/bin/env bash
# Load check of `marsad serve` on loopback: 200 concurrent clients for 30 s on
# the search pages, then 30 s on the article pages, with wrk (Debian's,
# installed when missing). Bounded in time; talks to 127.0.0.1 only; stops the
# server when done. Fails if any request failed (socket error or a status
# other than 200), and prints p50/p99 latencies and the server's CPU time
# (user+sys) per request: on a shared machine the wall-clock figures move with
# the other load, the CPU time much less.
#
#   bench/load.sh                 a store of the first 5000 ANT articles (read
#                                 from ../shared/data at run time), else the
#                                 browser-test fixtures
#   DOCS=20000 bench/load.sh      more articles
#   CONNECTIONS=200 DURATION=30s  the load (defaults shown)
#
# Results: bench/out/load-*.txt (git-ignored) and the summary on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
DOCS=${DOCS:-5000}
CONNECTIONS=${CONNECTIONS:-200}
DURATION=${DURATION:-30s}
THREADS=${THREADS:-2}
shared="${MARSAD_SHARED_DATA:-$(cd .. && pwd)/shared/data}"
ant="$shared/ant-multisource/ant_multisource_v2.1.jsonl"

if ! command -v wrk >/dev/null; then
  echo "load: installing wrk (apt-get)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
ulimit -n 65536 2>/dev/null || ulimit -n 4096 || true

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/marsad"
out="$root/bench/out"
mkdir -p "$out"
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -f "$ant" ]; then
  head -n "$DOCS" "$ant" >"$work/corpus.jsonl"
  corpus="$work/corpus.jsonl"
  what="first $DOCS articles of ant-multisource"
else
  corpus=tests/browser/fixtures/store
  what="browser-test fixtures ($ant not found)"
fi
echo "load: ingesting $what" >&2
"$bin" ingest "$corpus" --store "$work/store" >"$work/ingest.log" 2>&1 || { tail "$work/ingest.log" >&2; exit 1; }
tail -n 8 "$work/ingest.log" >&2

"$bin" serve --store "$work/store" --addr 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
server=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.out" 2>/dev/null | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/serve.err" >&2; echo "load: the server did not start" >&2; exit 1; }

# The paths each run cycles through: searches for common news words (with
# and without an outlet filter, first and second page), and the articles
# those searches found.
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
: >"$work/search.paths"
for w in الحكومة الرئيس الأمم\ المتحدة سوريا مصر العراق الاقتصاد النفط الانتخابات اليمن الولايات\ المتحدة لبنان; do
  q=$(enc "$w")
  echo "/search?q=$q" >>"$work/search.paths"
  echo "/search?q=$q&page=2" >>"$work/search.paths"
done
echo "/search" >>"$work/search.paths"
: >"$work/article.paths"
while read -r path; do
  q=${path#/search?}
  curl -fsS "$url/api/search?$q&per_page=20" | python3 -c '
import json, sys
for h in json.load(sys.stdin)["hits"]:
    print("/articles/" + h["id"])' >>"$work/article.paths"
done <"$work/search.paths"
sort -u -o "$work/article.paths" "$work/article.paths"
n_articles=$(wc -l <"$work/article.paths")
[ "$n_articles" -gt 0 ] || { echo "load: no article found to load" >&2; exit 1; }
# Every path answers 200 before the load starts.
while read -r p; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url$p")
  [ "$code" = 200 ] || { echo "load: $p answered $code" >&2; exit 1; }
done < <(cat "$work/search.paths" "$work/article.paths")

cat >"$work/paths.lua" <<'LUA'
-- Cycles through the paths in $PATHS; counts non-200 answers.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA

# The server's user+sys CPU time so far, in milliseconds.
tick=$(getconf CLK_TCK)
server_cpu_ms() { awk -v t="$tick" '{print ($14 + $15) * 1000 / t}' "/proc/$server/stat"; }
status=0
summary=""
for kind in search article; do
  log="$out/load-$kind.txt"
  cpu0=$(server_cpu_ms)
  PATHS="$work/$kind.paths" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
    -s "$work/paths.lua" "$url" >"$log" 2>&1
  cpu1=$(server_cpu_ms)
  cat "$log"
  reqs=$(awk '/requests in/ {print $1}' "$log")
  rps=$(awk '/Requests\/sec/ {print $2}' "$log")
  p50=$(awk '$1 == "50%" {print $2}' "$log")
  p99=$(awk '$1 == "99%" {print $2}' "$log")
  non2xx=$(awk -F': ' '/Non-2xx/ {print $2}' "$log")
  sock=$(grep -o 'Socket errors:.*' "$log" || true)
  errors=$(( ${non2xx:-0} ))
  if [ -n "$sock" ]; then
    errors=$(( errors + $(echo "$sock" | grep -o '[0-9]\+' | awk '{s += $1} END {print s + 0}') ))
  fi
  cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$reqs" 'BEGIN {printf "%.2f", (b - a) / n}')
  line="$kind pages: $reqs requests in $DURATION, $rps req/s, p50 $p50, p99 $p99, errors $errors, server CPU $cpu ms/request ($CONNECTIONS connections, $n_articles articles, $what; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  summary+="$line"$'\n'
  [ "$errors" -eq 0 ] || status=1
done
echo
echo "== load summary"
printf '%s' "$summary" | tee "$out/load-summary.txt"
[ $status -eq 0 ] || echo "load: FAILED: some requests failed" >&2
exit $status
