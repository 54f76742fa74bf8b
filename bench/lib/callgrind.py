"""Where the time goes, for the stages that missed their target:
`valgrind --tool=callgrind` over marsad's side of the stage on a small slice
of the same input (instruction counts, repeatable on a busy machine), then
the top functions by self cost and by inclusive cost."""
import os
import re
import shutil
import subprocess

import targets

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.+?)\s*$")


def head_bytes(src, dst, n):
    with open(src, "rb") as f:
        data = f.read(n)
    cut = data.rfind(b"\n")
    with open(dst, "wb") as g:
        g.write(data[: cut + 1] if cut > 0 else data)


def commands(ctx, key):
    inp, out, ex = ctx.inputs, os.path.join(ctx.out, "profile"), ctx.examples
    os.makedirs(out, exist_ok=True)
    p = lambda n: os.path.join(out, n)  # noqa: E731
    if key == "tokenize":
        head_bytes(inp.text, p("text.txt"), 1_000_000)
        return [ex("bench_tokenize"), p("text.txt"), p("tokens.txt")], "1 MB of the tokenize input"
    if key in ("analyze", "clean"):
        head_bytes(inp.analyze, p("analyze.jsonl"), 1_500_000)
        return ["sh", "-c", 'exec "$0" analyze --json "$1" > /dev/null', ctx.marsad, p("analyze.jsonl")], \
            "the first 1.5 MB of the analyze input"
    if key == "html":
        return ["sh", "-c", 'exec "$0" analyze --json "$@" > /dev/null', ctx.marsad] + inp.pages, "the 8 pages once"
    if key == "minhash":
        head_bytes(inp.dedup, p("dedup.jsonl"), 1_500_000)
        return [ex("bench_minhash"), p("dedup.jsonl"), p("pairs.tsv")], "1.5 MB of the dedup input"
    if key == "ingest":
        head_bytes(inp.ingest, p("ingest.jsonl"), 1_500_000)
        shutil.rmtree(p("store"), ignore_errors=True)
        return [ctx.marsad, "ingest", "--json", "--store", p("store"), p("ingest.jsonl")], "1.5 MB of ANT"
    if key == "search" and getattr(ctx, "store", None):
        return [ex("bench_search"), ctx.store, os.path.join(ctx.out, "queries.txt"), p("search.tsv"), "2"], \
            "the query set twice on the ANT store"
    return None, None


def annotate(path, inclusive):
    p = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=99",
                        path], capture_output=True, text=True)
    rows, total = [], None
    for line in p.stdout.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        count, share, what = int(m.group(1).replace(",", "")), float(m.group(2)), m.group(3)
        if "PROGRAM TOTALS" in what:
            total = count
            continue
        what = re.sub(r"\s+\[[^\]]*\]$", "", what)
        fn = what.split(":", 1)[1] if ":" in what and not what.startswith("0x") else what
        rows.append({"share": share, "function": fn.strip(), "ir": count})
    return total, rows


def profile_missed(ctx, results, crit, target_table, log=print):
    if not shutil.which("valgrind") or not shutil.which("callgrind_annotate"):
        return {"error": "valgrind is not installed (apt-get install valgrind)"}
    doc = {"stages": results, "criterion": crit, "targets": target_table, "machine": {"mode": ctx.args.mode}}
    missed = [t for t in targets.evaluate(doc) if t["met"] is False]
    out = {}
    for t in missed:
        key = t["key"]
        argv, what = commands(ctx, key)
        if not argv:
            out[key] = {"error": "no profile command for this stage"}
            continue
        cg = os.path.join(ctx.out, "profile", f"callgrind.{key}.out")
        log(f"  callgrind: {key} ({what})")
        env = {**os.environ, "RAYON_NUM_THREADS": "1"}
        p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}"] + argv,
                           capture_output=True, text=True, env=env)
        if p.returncode != 0 or not os.path.isfile(cg):
            out[key] = {"error": (p.stderr.strip().splitlines() or ["failed"])[-1]}
            continue
        total, self_rows = annotate(cg, False)
        _, incl_rows = annotate(cg, True)
        out[key] = {"input": what, "instructions": total, "self": self_rows[:12], "inclusive": incl_rows[:15]}
    return out
