"""Where the time goes, for the stages that missed their target:
`valgrind --tool=callgrind` over marsad's side of the stage on a small slice
of the same input (instruction counts, repeatable on a busy machine), then
the top functions by self cost and by inclusive cost."""
import os
import re
import shutil
import subprocess

import targets

TIMEOUT_S = 150
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
    # Small inputs: callgrind runs the program some 50× slower, and the
    # shares of the functions are stable long before a megabyte.
    n = ctx.cfg.get("profile_bytes", 400_000)
    kb = f"{n / 1e3:.0f} kB"
    p = lambda n: os.path.join(out, n)  # noqa: E731
    if key == "tokenize":
        head_bytes(inp.text, p("text.txt"), 2 * n)
        return [ex("bench_tokenize"), p("text.txt"), p("tokens.txt")], f"the first {2 * n / 1e3:.0f} kB of the tokenize input"
    if key in ("analyze", "clean"):
        head_bytes(inp.analyze, p("analyze.jsonl"), n)
        return [ctx.marsad, "analyze", "--json", p("analyze.jsonl")], f"the first {kb} of the analyze input"
    if key == "ner":
        head_bytes(inp.ner, p("ner.jsonl"), n // 2)
        return [ex("bench_ner"), p("ner.jsonl"), p("entities.txt")], \
            f"bench_ner on the first {n / 2e3:.0f} kB of the entity-tagging input (model load included)"
    if key == "html":
        return [ctx.marsad, "analyze", "--json"] + inp.pages, "the 8 pages once"
    if key == "minhash":
        head_bytes(inp.dedup, p("dedup.jsonl"), 2 * n)
        return [ex("bench_minhash"), p("dedup.jsonl"), p("pairs.tsv")], f"{2 * n / 1e3:.0f} kB of the dedup input"
    if key == "ingest":
        # A stride over ANT (the analyze sample): every outlet, as the whole
        # ingest sees them.
        head_bytes(inp.analyze, p("ingest.jsonl"), n)
        shutil.rmtree(p("store"), ignore_errors=True)
        return [ctx.marsad, "ingest", "--json", "--store", p("store"), p("ingest.jsonl")], \
            f"{kb} of ANT articles (the first of the analyze sample), into a fresh store"
    if key == "search" and getattr(ctx, "store", None):
        # One timed round (after bench_search's untimed one): the store's
        # opening and 80 queries under callgrind took 160 s on the busy machine.
        return [ex("bench_search"), ctx.store, ctx.queries, p("search.tsv"), "1"], \
            "the query set on the ANT store (one untimed and one timed pass)"
    return None, None


def annotate(path, inclusive):
    """(total instructions, [{share, function, ir}]) from the function table
    of callgrind_annotate (source annotation off: its lines look alike)."""
    p = subprocess.run(["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=100",
                        "--auto=no", path], capture_output=True, text=True)
    rows, total, in_table = [], None, False
    for line in p.stdout.splitlines():
        if "PROGRAM TOTALS" in line:
            m = LINE.match(line)
            total = int(m.group(1).replace(",", "")) if m else None
            continue
        if "file:function" in line:
            in_table = True
            continue
        if not in_table:
            continue
        m = LINE.match(line)
        if not m:
            if rows and not line.startswith("-"):
                break
            continue
        count, share, what = int(m.group(1).replace(",", "")), float(m.group(2)), m.group(3)
        what = re.sub(r"\s+\[[^\]]*\]$", "", what)
        fn = what.split(":", 1)[1] if ":" in what and not what.startswith("0x") else what
        rows.append({"share": share, "function": fn.strip(), "ir": count})
    return total, rows


# Frames that contain everything (thread start, the rayon scheduler, main):
# true but useless in an inclusive listing.
FRAME = re.compile(r"rayon|std::sys|std::rt|core::ops::function|start_thread|thread_start|__rust_begin|"
                   r"lang_start|^main$|__libc_start|^_start$|clone3?$|::main$|call_once|\{\{closure\}\}'|"
                   r"^\(below main\)|^0x[0-9a-f]+$")


def group(fn):
    """The module a function belongs to, for the per-area summary."""
    if "::" not in fn:
        if re.search(r"malloc|free|realloc|calloc|_int_|tcache|arena", fn):
            return "allocator (malloc/free)"
        if re.search(r"^_*mem|^_*str", fn):
            return "libc mem*/str* (" + fn.strip("_").split("_")[0] + ")"
        return fn
    path = fn.lstrip("<&").replace("mut ", "").replace("dyn ", "")
    path = re.split(r"[<> ]", path)[0]
    parts = [x for x in path.split("::") if x]
    if parts and parts[0].startswith("marsad"):
        parts = [x for x in parts if not x[:1].isupper()]
        return "::".join(parts[:3])
    return "::".join(parts[:2])


def profile_missed(ctx, results, crit, target_table, log=print, skip=()):
    if not shutil.which("valgrind") or not shutil.which("callgrind_annotate"):
        return {"error": "valgrind is not installed (apt-get install valgrind)"}
    doc = {"stages": results, "criterion": crit, "targets": target_table, "machine": {"mode": ctx.args.mode}}
    missed = [t for t in targets.evaluate(doc) if t["met"] is False]
    out = {}
    for t in missed:
        key = t["key"]
        if key in skip:
            continue
        argv, what = commands(ctx, key)
        if not argv:
            out[key] = {"error": "no profile command for this stage"}
            continue
        cg = os.path.join(ctx.out, "profile", f"callgrind.{key}.out")
        log(f"  callgrind: {key} ({what})")
        env = {**os.environ, "RAYON_NUM_THREADS": "1"}
        # marsad itself, not through a shell: valgrind does not follow exec.
        try:
            p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={cg}"] + argv,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                               timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            out[key] = {"error": f"callgrind killed after {TIMEOUT_S} s"}
            continue
        # `marsad ingest` exits 1 when it rejected a document: still a profile.
        if p.returncode not in (0, 1) or not os.path.isfile(cg):
            out[key] = {"error": (p.stderr.strip().splitlines() or ["failed"])[-1]}
            continue
        total, self_rows = annotate(cg, False)
        if not total:
            out[key] = {"error": "callgrind_annotate found no totals"}
            continue
        _, incl_rows = annotate(cg, True)
        merged = {}
        for r in self_rows:
            merged[r["function"]] = merged.get(r["function"], 0.0) + r["share"]
        top = sorted(({"function": f, "share": v} for f, v in merged.items()), key=lambda r: -r["share"])
        areas = {}
        for f, v in merged.items():
            areas[group(f)] = areas.get(group(f), 0.0) + v
        seen, incl = set(), []
        for r in incl_rows:
            f = r["function"]
            if f in seen or FRAME.search(f) or r["share"] > 99.5:
                continue
            seen.add(f)
            incl.append(r)
        out[key] = {"input": what, "instructions": total, "self": top[:15], "inclusive": incl[:15],
                    "areas": sorted(({"area": a, "share": v} for a, v in areas.items()), key=lambda r: -r["share"])[:12]}
    return out
