"""Times pyarabic's araby.tokenize over a UTF-8 text file, for bench/tokenize.sh.

Usage: tokenize_pyarabic.py FILE [RUNS]
Prints two lines, `<name> <MB/s by CPU time> <MB/s by wall clock> <tokens> <bytes>`,
each the best of RUNS runs (CPU time of this thread, so the figure holds on a
busy machine):
  pyarabic-tokenize   araby.tokenize(text): splitting only;
  pyarabic-normalize  araby.tokenize with morphs stripping harakat and tatweel
                      and folding alef forms on every token: the closest
                      pyarabic gets to marsad's normalize+tokenize.
"""
import sys
import time

from pyarabic import araby

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
with open(path, encoding="utf-8") as f:
    text = f.read()
size = len(text.encode("utf-8"))

variants = [
    ("pyarabic-tokenize", lambda: araby.tokenize(text)),
    (
        "pyarabic-normalize",
        lambda: araby.tokenize(text, morphs=[araby.strip_tashkeel, araby.strip_tatweel, araby.normalize_alef]),
    ),
]
for name, run in variants:
    cpu, wall, tokens = float("inf"), float("inf"), 0
    for _ in range(max(runs, 1)):
        c, w = time.thread_time(), time.perf_counter()
        tokens = len(run())
        wall = min(wall, time.perf_counter() - w)
        cpu = min(cpu, time.thread_time() - c)
    print(f"{name} {size / cpu / 1e6:.2f} {size / wall / 1e6:.2f} {tokens} {size}")
