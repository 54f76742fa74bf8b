"""bench/run's driver: prepares the inputs, times every stage of marsad beside
its peers in one interleaved run, checks every tool's output, measures quality
where the peers produce comparable output, and writes BENCHMARKS.md.

Called by bench/run (which sets up the venv and builds marsad); see
bench/README.md for what each stage measures and why.
"""
import argparse
import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import criterion  # noqa: E402
import inputs as inputs_mod  # noqa: E402
import machine  # noqa: E402
import callgrind  # noqa: E402
import report  # noqa: E402
from timing import Cmd, measure, median, spread  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PY = sys.executable
PEERS = os.path.join(ROOT, "bench", "lib", "peers.py")

# Sizes and rounds. The full run must finish within 20 minutes on the 2-core
# machine from a clean clone, build included, so every stage's input is sized
# for a bounded time: single-threaded tools are timed by CPU time (the work
# they did, whatever else runs), which is stable enough that 3 rounds give a
# median within a few percent; the slowest peers (camel_tools, Tashaphyne,
# ISRI, trafilatura, jusText) run on a leading part of the same input and
# their throughput is per unit of work (MB, word, page), which is what the
# ratio compares.
CONFIG = {
    "full": dict(rounds=3, warmup=0, text_bytes=4_000_000, text_peer_bytes={"camel_tools": 1_000_000},
                 words=200_000, words_peer=50_000, html_repeat=10,
                 html_repeat_peer={"trafilatura": 3, "justext": 5, "resiliparse": 10}, dedup_bytes=12_000_000,
                 analyze_bytes=8_000_000, ner_bytes=3_000_000, ingest_docs=0, ingest_rounds=1,
                 ingest_one_thread=False, search_rounds=10, profile_bytes=400_000),
    "quick": dict(rounds=2, warmup=0, text_bytes=1_000_000, text_peer_bytes={"camel_tools": 500_000},
                  words=40_000, words_peer=20_000, html_repeat=2,
                  html_repeat_peer={"trafilatura": 1, "justext": 2, "resiliparse": 2}, dedup_bytes=2_000_000,
                  analyze_bytes=2_000_000, ner_bytes=500_000, ingest_docs=2000, ingest_rounds=1,
                  ingest_one_thread=False, search_rounds=3, profile_bytes=200_000),
}

# Each phase's time budget in seconds (printed beside what it took). The
# build (about 9-12 minutes cold on the loaded 2-core machine) leaves about 8
# minutes for everything below.
BUDGET = {"tokenize": 30, "stem": 35, "html": 35, "minhash": 40, "analyze": 25, "ner": 20, "ingest": 75,
          "search": 15, "criterion": 120, "profiles": 120, "report": 10}

# The targets of the stage issues (docs: `issues show N`).
TARGETS = {
    "tokenize": dict(issue=2, text="≥ 200 MB/s on one core (criterion, ANT text)", min=200.0, unit="MB/s"),
    "clean": dict(issue=2, text="page cleaning ≥ 50 MB/s", min=50.0, unit="MB/s"),
    "html": dict(issue=3, text="≥ 300 pages/s on one core, main-text quality ≥ trafilatura's", min=300.0,
                 unit="pages/s"),
    "ner": dict(issue=4, text="tagging ≥ 5 MB/s on one core (ANT text)", min=5.0, unit="MB/s"),
    "analyze": dict(issue=5, text="full page analysis ≥ 20 MB/s on one core (ANT text)", min=20.0, unit="MB/s"),
    "minhash": dict(issue=6, text="MinHash signatures ≥ 100 MB/s on one core (datasketch here: 2.0 MB/s)",
                    min=100.0, unit="MB/s"),
    "ingest": dict(issue=6, text="whole ANT ingest ≤ 30 s on 2 cores, peak memory ≤ 1 GB", max=30.0, unit="s"),
    "search": dict(issue=6, text="search p99 ≤ 20 ms (ANT store; 1M-document store)", max=20.0, unit="ms"),
}

ONE_CORE = {"RAYON_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1"}


def log(msg):
    print(msg, flush=True)


def lines_of(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)


def kv(out):
    """The last `key=value ...` line a tool printed."""
    for line in reversed(out.strip().splitlines()):
        pairs = dict(x.split("=", 1) for x in line.split() if "=" in x)
        if pairs:
            return pairs
    raise AssertionError(f"no key=value summary in {out[-200:]!r}")


def counted(out_path, key):
    """A check: the tool's reported count equals the lines it wrote."""

    def check(stdout):
        n = int(kv(stdout)[key])
        got = lines_of(out_path)
        assert got == n, f"{key}={n} reported but {got} lines written"
        assert n > 0, "no output"
        return n

    return check


def summarize(name, runs, startups, work, unit_scale=1.0, use="cpu", note="", cmds=()):
    """One tool's row: medians, spread, start-up, net throughput (per unit
    of the work of this tool's own input when it read a part)."""
    r = runs[name]
    own = next((c.work for c in cmds if c.name == name and c.work is not None), None)
    if own is not None:
        work = own
    row = {"tool": name, "note": note, "work": work}
    if r.error or not r.cpu:
        row["error"] = r.error or "no runs"
        return row
    s = startups.get(name)
    times = r.cpu if use == "cpu" else r.wall
    row.update(
        count=r.count,
        median=median(times),
        min=spread(times)[0],
        max=spread(times)[1],
        wall=median(r.wall),
        cpu=median(r.cpu),
        rss_mb=max(r.rss_mb),
        basis=use,
    )
    start = 0.0
    if s is not None and not s.error and s.cpu:
        start = median(s.cpu if use == "cpu" else s.wall)
        row["startup"] = start
    net = row["median"] - start
    row["net"] = net
    row["throughput"] = work * unit_scale / net if net > 0 else None
    row["throughput_gross"] = work * unit_scale / row["median"]
    return row


def ratios(rows, marsad="marsad"):
    m = next((r for r in rows if r["tool"] == marsad and r.get("throughput")), None)
    for r in rows:
        if m and r.get("throughput") and r["tool"] != marsad:
            r["ratio"] = m["throughput"] / r["throughput"]


# ---------------------------------------------------------------- stages


def stage_tokenize(ctx):
    inp, out = ctx.inputs, ctx.out
    ex = ctx.examples
    cmds = []
    o = os.path.join(out, "tokens.marsad.txt")
    cmds.append(Cmd("marsad", [ex("bench_tokenize"), inp.text, o], counted(o, "tokens"), env=ONE_CORE,
                    startup_argv=[ex("bench_tokenize"), inp.text_tiny, o + ".tiny"],
                    startup_check=lambda s: 1))
    for tool, mod in (("pyarabic", "pyarabic"), ("camel", "camel_tools")):
        if not ctx.has(mod):
            ctx.missing.append(f"{'camel_tools' if tool == 'camel' else tool}: not installed")
            continue
        o = os.path.join(out, f"tokens.{tool}.txt")
        name = tool if tool != "camel" else "camel_tools"
        # The slowest peers read a leading part of the same text.
        src = inp.parts.get(f"text:{name}", inp.text)
        part = inp.sizes.get(f"text:{name}")
        cmds.append(Cmd(name, [PY, PEERS, "tokenize", tool, src, o],
                        counted(o, "tokens"), env=ONE_CORE,
                        startup_argv=[PY, PEERS, "tokenize", tool, inp.text_tiny, o + ".tiny"],
                        startup_check=lambda s: 1, work=part / 1e6 if part else None))
    runs, starts = measure(cmds, ctx.cfg["rounds"], warmup=ctx.cfg["warmup"], log=log)
    work = inp.sizes["text_bytes"] / 1e6
    notes = {"marsad": "normalize (fold table) + tokenize + clitic split (bench_tokenize example)",
             "pyarabic": "strip_tashkeel/tatweel, normalize_alef/ligature, ى→ي, digits; araby.tokenize",
             "camel_tools": "dediac_ar, normalize_alef(_maksura)_ar, tatweel, digits; simple_word_tokenize"}
    rows = [summarize(c.name, runs, starts, work, note=notes.get(c.name, ""), cmds=cmds) for c in cmds]
    plausible(rows, 0.6, 1.6)
    ratios(rows)
    parts = "".join(f"; {c.name} on its first {c.work:.1f} MB" for c in cmds if c.work is not None)
    return dict(key="tokenize", title="Normalize + tokenize", unit="MB/s", rows=rows,
                input=f"{work:.1f} MB of ANT article text ({inp.sizes['text_articles']} articles, stride sample)"
                      f"{parts}; one token per output line",
                target=TARGETS["tokenize"])


def stage_stem(ctx):
    inp, out, ex = ctx.inputs, ctx.out, ctx.examples
    cmds = []
    o = os.path.join(out, "stems.marsad.txt")
    cmds.append(Cmd("marsad", [ex("bench_stem"), inp.words, o], counted(o, "stems"), env=ONE_CORE,
                    startup_argv=[ex("bench_stem"), inp.words_tiny, o + ".tiny"], startup_check=lambda s: 1))
    for tool, mod in (("tashaphyne", "tashaphyne"), ("isri", "nltk")):
        if not ctx.has(mod):
            ctx.missing.append(f"{tool}: not installed")
            continue
        o = os.path.join(out, f"stems.{tool}.txt")
        # The Python stemmers read the first words of the same list.
        cmds.append(Cmd("ISRI (nltk)" if tool == "isri" else tool, [PY, PEERS, "stem", tool, inp.words_peer, o],
                        counted(o, "stems"), env=ONE_CORE,
                        startup_argv=[PY, PEERS, "stem", tool, inp.words_tiny, o + ".tiny"],
                        startup_check=lambda s: 1, work=inp.sizes["words_peer"] / 1e6))
    runs, starts = measure(cmds, ctx.cfg["rounds"], warmup=ctx.cfg["warmup"], log=log)
    n = inp.sizes["words"]
    rows = [summarize(c.name, runs, starts, n / 1e6, cmds=cmds) for c in cmds]
    for r in rows:
        want = round(r["work"] * 1e6)
        if r.get("count") is not None and r["count"] != want:
            r["error"] = f"{r['count']} stems for {want} words"
    notes = {"marsad": "normalize + Stemmer::light10 (prefixes and suffixes)",
             "tashaphyne": "ArabicLightStemmer.light_stem", "ISRI (nltk)": "ISRIStemmer.stem (root-based)"}
    for r in rows:
        r["note"] = notes.get(r["tool"], "")
    ratios(rows)
    return dict(key="stem", title="Light stemming", unit="M words/s", rows=rows,
                input=f"{n} words ({inp.sizes['words_bytes'] / 1e6:.1f} MB) of the same ANT text as they stand "
                      "(harakat, hamza forms and clitics kept), one per line; the Python stemmers on the first "
                      f"{inp.sizes['words_peer']} of them",
                target=None)


def stage_html(ctx):
    inp, out = ctx.inputs, ctx.out
    rep = ctx.cfg["html_repeat"]
    pages = inp.pages
    marsad_args = [a for _ in range(rep) for a in pages]
    o = os.path.join(out, "html.marsad.jsonl")
    cmds = []

    def marsad_check(stdout, want=len(pages) * rep, path=o):
        n = lines_of(path)
        assert n == want, f"{n} documents for {want} pages"
        return n

    # `analyze --json` prints to stdout; the harness sends it to a file via sh.
    cmds.append(Cmd("marsad", ["sh", "-c", 'exec "$0" analyze --json "$@" > ' + shq(o), ctx.marsad] + marsad_args,
                    marsad_check, env=ONE_CORE,
                    startup_argv=["sh", "-c", 'exec "$0" analyze --json "$@" > /dev/null', ctx.marsad, pages[0]],
                    startup_check=lambda s: 1))
    for tool in ("trafilatura", "justext", "resiliparse"):
        if not ctx.has(tool):
            ctx.missing.append(f"{tool}: not installed")
            continue
        to = os.path.join(out, f"html.{tool}.jsonl")
        # The slower extractors go through the pages fewer times.
        trep = ctx.cfg["html_repeat_peer"].get(tool, rep)

        def check(stdout, want=len(pages) * trep, path=to):
            n = counted(path, "pages")(stdout)
            assert n == want, f"{n} pages for {want}"
            return n

        cmds.append(Cmd(tool, [PY, PEERS, "html", tool, inp.pages_list, str(trep), to], check,
                        env=ONE_CORE, startup_argv=[PY, PEERS, "html", tool, inp.pages_tiny, "1", to + ".tiny"],
                        startup_check=lambda s: 1, work=len(pages) * trep))
    runs, starts = measure(cmds, ctx.cfg["rounds"], warmup=ctx.cfg["warmup"], log=log)
    n = len(pages) * rep
    rows = [summarize(c.name, runs, starts, n, cmds=cmds) for c in cmds]
    notes = {"marsad": "analyze --json: decode, HTML main text, metadata, line cleaning",
             "trafilatura": "trafilatura.extract (no comments, no tables)",
             "justext": "justext with the Arabic stop list", "resiliparse": "extract_plain_text(main_content=True)"}
    for r in rows:
        r["note"] = notes.get(r["tool"], "")
    ratios(rows)
    quality = html_quality(ctx)
    return dict(key="html", title="HTML main text", unit="pages/s", rows=rows, quality=quality,
                input=f"the {len(pages)} pages of pages/html ({inp.sizes['pages_bytes'] / 1e3:.0f} kB), each "
                      f"{rep} times for marsad" + "".join(f", {c.work // len(pages)} for {c.name}" for c in cmds[1:])
                      + "; one output record per page",
                target=TARGETS["html"])


def html_quality(ctx):
    """bench/html_quality.py's anchors and leaks on every tool's output."""
    qdir = os.path.join(ctx.out, "html_quality")
    os.makedirs(qdir, exist_ok=True)
    with open(os.path.join(qdir, "marsad.jsonl"), "w") as f:
        p = subprocess.run([ctx.marsad, "analyze", "--json"] + ctx.inputs.pages, stdout=f, stderr=subprocess.PIPE)
    if p.returncode != 0:
        return {"error": f"marsad analyze failed: {p.stderr.decode()[-300:]}"}
    script = os.path.join(ROOT, "bench", "html_quality.py")
    if not os.path.isfile(script):
        return {"error": "bench/html_quality.py not found"}
    p = subprocess.run([PY, script, qdir, "1", "0"] + ctx.inputs.pages, capture_output=True, text=True)
    if p.returncode != 0:
        return {"error": f"html_quality.py failed: {p.stderr[-300:]}"}
    lines = p.stdout.splitlines()
    header = next((l for l in lines if l.startswith("page")), None)
    total = next((l for l in lines if l.startswith("total")), None)
    if not header or not total:
        return {"error": "could not read html_quality.py's table"}
    names = header.split()[1:]
    cells = re.findall(r"(\d+)/(\d+) leak (\d+)", total)
    q = {"per_tool": {}, "text": p.stdout.strip()}
    for name, (h, w, leak) in zip(names, cells):
        q["per_tool"][name] = dict(anchors=int(h), of=int(w), leaks=int(leak))
    return q


def stage_minhash(ctx):
    inp, out, ex = ctx.inputs, ctx.out, ctx.examples
    cmds = []
    o = os.path.join(out, "pairs.marsad.tsv")
    cmds.append(Cmd("marsad", [ex("bench_minhash"), inp.dedup, o], counted(o, "pairs"), env=ONE_CORE,
                    startup_argv=[ex("bench_minhash"), inp.dedup_tiny, o + ".tiny"], startup_check=lambda s: 1))
    if ctx.has("datasketch"):
        od = os.path.join(out, "pairs.datasketch.tsv")
        cmds.append(Cmd("datasketch", [PY, PEERS, "minhash", "datasketch", inp.dedup, od], counted(od, "pairs"),
                        env=ONE_CORE,
                        startup_argv=[PY, PEERS, "minhash", "datasketch", inp.dedup_tiny, od + ".tiny"],
                        startup_check=lambda s: 1))
    else:
        ctx.missing.append("datasketch: not installed")
    runs, starts = measure(cmds, ctx.cfg["rounds"], warmup=ctx.cfg["warmup"], log=log)
    work = inp.sizes["dedup_bytes"] / 1e6
    rows = [summarize(c.name, runs, starts, work) for c in cmds]
    notes = {"marsad": "MinHasher (one-permutation, 128 values, 4-word shingles) + LSH 32×4 + check ≥ 0.5",
             "datasketch": "hand-rolled fold + MinHash(128) update_batch + MinHashLSH(0.5) + check ≥ 0.5"}
    sig = {}
    for r in rows:
        r["note"] = notes.get(r["tool"], "")
        run = runs[r["tool"]]
        if not run.error and run.stdout:
            s = float(kv(run.stdout).get("signature_cpu_s") or kv(run.stdout)["signature_s"])
            sig[r["tool"]] = work / s if s > 0 else None
            r["signatures_mb_s"] = sig[r["tool"]]
    ratios(rows)
    outputs = {c.name: c.argv[-1] for c in cmds if not runs[c.name].error}
    p = subprocess.run([PY, os.path.join(ROOT, "bench", "lib", "dedup_quality.py"), inp.dedup, json.dumps(outputs),
                        ROOT], capture_output=True, text=True)
    quality = json.loads(p.stdout) if p.returncode == 0 else {"error": p.stderr.strip()[-300:]}
    return dict(key="minhash", title="MinHash near-duplicates", unit="MB/s", rows=rows, quality=quality,
                input=f"{inp.sizes['dedup_docs']} ANT articles ({work:.1f} MB): the articles of the labelled pairs "
                      "of eval/dedup_ant_pairs.jsonl, articles whose URL or title repeats in ANT, then a stride sample "
                      "of the rest; output = near-duplicate pairs",
                target=TARGETS["minhash"], signatures=sig)


def stage_analyze(ctx):
    inp, out = ctx.inputs, ctx.out
    o1 = os.path.join(out, "analyze.1.jsonl")
    o2 = os.path.join(out, "analyze.2.jsonl")
    want = inp.sizes["analyze_docs"]

    def check_of(path):
        def check(stdout):
            n = lines_of(path)
            assert n == want, f"{n} documents for {want} input lines"
            return n

        return check

    def cmd(path, threads):
        return ["sh", "-c", 'RAYON_NUM_THREADS=%d exec "$0" analyze --json "$1" > %s' % (threads, shq(path)),
                ctx.marsad, inp.analyze]

    cmds = [
        Cmd("marsad, 1 thread", cmd(o1, 1), check_of(o1), env=ONE_CORE,
            startup_argv=["sh", "-c", 'exec "$0" analyze --json "$1" > /dev/null', ctx.marsad, inp.analyze_tiny],
            startup_check=lambda s: 1),
        Cmd("marsad, 2 threads", cmd(o2, 2), check_of(o2)),
    ]
    runs, starts = measure(cmds, ctx.cfg["rounds"], warmup=ctx.cfg["warmup"], log=log)
    work = inp.sizes["analyze_text_bytes"] / 1e6
    rows = [summarize(cmds[0].name, runs, starts, work),
            summarize(cmds[1].name, runs, {}, work, use="wall")]
    rows[0]["note"] = "analyze --json over ANT JSONL, RAYON_NUM_THREADS=1 (CPU time)"
    rows[1]["note"] = "the same, 2 threads (wall time)"
    contents = analysis_contents(o1)
    return dict(key="analyze", title="Full page analysis", unit="MB/s", rows=rows, contents=contents,
                input=f"{want} ANT articles ({work:.1f} MB of article text, {inp.sizes['analyze_file_bytes'] / 1e6:.1f}"
                      " MB of JSONL), stride sample; one JSON document per article",
                target=TARGETS["analyze"])


def stage_ner(ctx):
    """Entity tagging alone (tokenize + tag with the built-in model), as a
    process timed by CPU time: the criterion bench ner/tokenize+tag measures
    wall-clock time, which on the shared machine counts the waiting too. No
    peer runs here: CAMeL Tools' BERT tagger needs torch (the issue's anchor:
    374 s for 549 sentences on CPU)."""
    inp, out, ex = ctx.inputs, ctx.out, ctx.examples
    o = os.path.join(out, "entities.marsad.txt")

    def check(stdout):
        n = counted(o, "entities")(stdout)
        words = int(kv(stdout)["tokens"])
        # News text names an entity every dozen or so tokens; a broken model
        # finds none or tags everything.
        assert words / 40 < n < words / 4, f"{n} entities in {words} tokens"
        return n

    cmds = [Cmd("marsad", [ex("bench_ner"), inp.ner, o], check, env=ONE_CORE,
                startup_argv=[ex("bench_ner"), inp.ner_tiny, o + ".tiny"], startup_check=lambda s: 1)]
    runs, starts = measure(cmds, ctx.cfg["rounds"], warmup=ctx.cfg["warmup"], log=log)
    work = inp.sizes["ner_text_bytes"] / 1e6
    rows = [summarize("marsad", runs, starts, work)]
    rows[0]["note"] = "bench_ner: tokenize + tag every article with the built-in model (start-up = model load)"
    r = runs["marsad"]
    if not r.error and r.stdout:
        rows[0]["tokens"] = int(kv(r.stdout)["tokens"])
    return dict(key="ner", title="Entity tagging", unit="MB/s", rows=rows,
                input=f"{inp.sizes['ner_docs']} ANT articles ({work:.1f} MB of article text), the first of the "
                      "analysis sample; one output line per entity",
                target=TARGETS["ner"])


def analysis_contents(path):
    """What the analysis produced, per kind: shows which stages ran."""
    totals = {k: 0 for k in ("paragraphs", "entities", "claims", "quantities", "flags", "wording", "dropped")}
    docs = 0
    if not os.path.isfile(path):
        return {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            docs += 1
            for k in totals:
                v = d.get(k)
                totals[k] += len(v) if isinstance(v, list) else 0
    return {"docs": docs, **totals}


def stage_ingest(ctx):
    inp, out = ctx.inputs, ctx.out
    if not ctx.has_subcommand("ingest"):
        return dict(key="ingest", title="Corpus ingest", unit="s", rows=[], error="marsad has no ingest command yet",
                    target=TARGETS["ingest"])
    stores = {n: os.path.join(out, f"store.{n}") for n in ("1", "2")}

    def fresh(path):
        return lambda: shutil.rmtree(path, ignore_errors=True)

    def check(stdout):
        try:
            s = json.loads(stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise AssertionError(f"no JSON summary: {stdout[-200:]!r}")
        ctx.ingest_summary = s
        read = s.get("read")
        stored = s.get("totals", {}).get("documents")
        assert read == inp.sizes["ingest_docs"], f"read {read} documents of {inp.sizes['ingest_docs']}"
        assert stored and stored + s.get("rejected", 0) <= read, f"{stored} documents stored for {read} read"
        # Same content at another URL is its own document, so nearly every
        # article read is stored: an ingest that drops a tenth is wrong.
        assert stored >= 0.9 * read, f"only {stored} documents stored for {read} read"
        # What must not change between runs (the timings do).
        return (read, stored, s.get("rejected"))

    cmds = [Cmd("marsad, 2 threads", [ctx.marsad, "ingest", "--json", "--store", stores["2"], inp.ingest], check,
                before=fresh(stores["2"]), ok_codes=(0, 1))]
    if ctx.cfg["ingest_one_thread"]:
        cmds.append(Cmd("marsad, 1 thread", [ctx.marsad, "ingest", "--json", "--store", stores["1"], inp.ingest],
                        check, env=ONE_CORE, before=fresh(stores["1"]), ok_codes=(0, 1)))
    # The 2-thread run is the target's. The whole of ANT takes most of a
    # minute: one round by default (its CPU time is shown beside the wall
    # time, and the store it builds is checked); the 1-thread run (how much
    # the second core brings) only when configured.
    runs, _ = measure(cmds[:1], ctx.cfg["ingest_rounds"], warmup=0, log=log)
    if len(cmds) > 1:
        runs.update(measure(cmds[1:], 1, warmup=0, log=log)[0])
    mb = inp.sizes["ingest_bytes"] / 1e6
    rows = []
    for c in cmds:
        r = summarize(c.name, runs, {}, mb, use="wall")
        if not r.get("error"):
            r["docs_per_s"] = inp.sizes["ingest_docs"] / r["median"]
        rows.append(r)
    rows[0]["note"] = "ingest --json: analysis, SQLite store, tantivy index, near-duplicates, stories (wall time)"
    if len(rows) > 1:
        rows[1]["note"] = "the same with RAYON_NUM_THREADS=1"
    ctx.store = stores["2"] if os.path.isdir(stores["2"]) else None
    summary = getattr(ctx, "ingest_summary", None)
    return dict(key="ingest", title="Corpus ingest", unit="s", rows=rows, summary=summary,
                input=f"{inp.sizes['ingest_docs']} ANT articles ({mb:.0f} MB JSONL), into a fresh store each run",
                target=TARGETS["ingest"])


QUERIES = """الحكومة
العراق
الدواعش
الرئيس الأمريكي
الأمم المتحدة
اللاجئين السوريين
أسعار النفط
الانتخابات البرلمانية
وزير الخارجية
مجلس الأمن
كوريا الشمالية
الاتحاد الأوروبي
البنك المركزي
حقوق الإنسان
كأس العالم
قطر
السعودية	العربية
ترامب	bbc
غزة
إيران النووي
الحوثيين
بوتين
أردوغان
ميليشيا
محكمة
الاقتصاد المصري
التحالف الدولي
الجيش السوري
النازحين
الطاقة الشمسية"""


def stage_search(ctx):
    out = ctx.out
    store = getattr(ctx, "store", None)
    if not store:
        return dict(key="search", title="Search latency", unit="ms", rows=[], error="no store (ingest did not run)",
                    target=TARGETS["search"])
    # The corpus layer's fixed query set when it exists, else this file's.
    qpath = os.path.join(ROOT, "bench", "corpus_queries.txt")
    if not os.path.isfile(qpath):
        qpath = os.path.join(out, "queries.txt")
        with open(qpath, "w", encoding="utf-8") as f:
            f.write(QUERIES + "\n")
    ctx.queries = qpath
    queries = [l.split("\t")[0] for l in open(qpath, encoding="utf-8") if l.strip() and not l.startswith("#")]
    o = os.path.join(out, "search.tsv")
    p = subprocess.run([ctx.examples("bench_search"), store, qpath, o, str(ctx.cfg["search_rounds"])],
                       capture_output=True, text=True, env={**os.environ, **ONE_CORE})
    if p.returncode != 0:
        return dict(key="search", title="Search latency", unit="ms", rows=[], error=p.stderr[-400:],
                    target=TARGETS["search"])
    stats = json.loads(p.stdout.strip().splitlines()[-1])
    # One CLI call per query as well: what a user typing `marsad search` waits.
    cli = []
    for q in queries[:10]:
        t = time.perf_counter()
        r = subprocess.run([ctx.marsad, "search", "--store", store, "--json", q], capture_output=True)
        if r.returncode == 0:
            cli.append((time.perf_counter() - t) * 1e3)
    cli.sort()
    stats["cli_median_ms"] = cli[len(cli) // 2] if cli else None
    scale = scale_store(ctx)
    return dict(key="search", title="Search latency", unit="ms", stats=stats, scale=scale, rows=[],
                input=f"{stats['queries']} fixed queries ({os.path.relpath(qpath, ROOT)}: words and phrases, with "
                      f"and without clitics), each run {ctx.cfg['search_rounds']} times after one untimed run, on the "
                      "store the 2-thread ingest built",
                target=TARGETS["search"])


def scale_store(ctx):
    """The 1M-document store, when its scale script exists and made one."""
    # bench/corpus_search.sh builds it at bench/out/scale-store.
    for d in (os.environ.get("MARSAD_SCALE_STORE"), os.path.join(ROOT, "bench", "out", "scale-store"),
              os.path.join(ROOT, "bench", "out", "scale", "store")):
        if d and os.path.isfile(os.path.join(d, "marsad.sqlite")):
            qpath = ctx.queries
            o = os.path.join(ctx.out, "search.scale.tsv")
            p = subprocess.run([ctx.examples("bench_search"), d, qpath, o, "5"], capture_output=True, text=True)
            if p.returncode == 0:
                s = json.loads(p.stdout.strip().splitlines()[-1])
                s["store"] = os.path.relpath(d, ROOT)
                info = os.path.join(os.path.dirname(d), "ingest.json")
                if os.path.isfile(info):
                    try:
                        s["documents"] = json.load(open(info)).get("totals", {}).get("documents")
                    except ValueError:
                        pass
                return s
            return {"error": p.stderr[-300:], "store": d}
    scripts = sorted(glob.glob(os.path.join(ROOT, "bench", "scale*")))
    return {"missing": True, "scripts": [os.path.relpath(s, ROOT) for s in scripts]}


def shq(s):
    return "'" + s.replace("'", "'\\''") + "'"


def plausible(rows, lo, hi):
    """Every tool's count within [lo, hi] × the median count: a tool that
    silently dropped half its input fails here."""
    rates = sorted(r["count"] / r["work"] for r in rows if r.get("count") and r.get("work"))
    if len(rates) < 2:
        return
    mid = rates[len(rates) // 2]
    for r in rows:
        c = r.get("count")
        if c and r.get("work") and not (lo * mid <= c / r["work"] <= hi * mid):
            r["error"] = (f"implausible output: {c / r['work']:,.0f} items per unit of input where the tools' "
                          f"median is {mid:,.0f}")


class Ctx:
    def __init__(self, args, cfg, out):
        self.args, self.cfg, self.out = args, cfg, out
        self.target_dir = os.environ.get("CARGO_TARGET_DIR") or os.path.join(ROOT, "target")
        self.marsad = os.path.join(self.target_dir, "release", "marsad")
        self.missing = []
        self._has = {}
        self._help = None

    def examples(self, name):
        return os.path.join(self.target_dir, "release", "examples", name)

    def has(self, module):
        if module not in self._has:
            p = subprocess.run([PY, "-c", f"import {module}"], capture_output=True)
            self._has[module] = p.returncode == 0
        return self._has[module]

    def has_subcommand(self, name):
        if self._help is None:
            self._help = subprocess.run([self.marsad, "--help"], capture_output=True, text=True).stdout
        return re.search(rf"^\s+{name}\b", self._help, re.M) is not None


STAGES = {"tokenize": stage_tokenize, "stem": stage_stem, "html": stage_html, "minhash": stage_minhash,
          "analyze": stage_analyze, "ner": stage_ner, "ingest": stage_ingest, "search": stage_search}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=CONFIG, default="full")
    ap.add_argument("--only", default="", help="comma-separated stages")
    ap.add_argument("--criterion", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--write", default="", help="where to write the Markdown report")
    ap.add_argument("--command", default="bench/run")
    ap.add_argument("--prepare-only", action="store_true",
                    help="only prepare the inputs (bench/run does it while cargo builds)")
    ap.add_argument("--rerender", action="store_true",
                    help="write the report again from bench/out/results.json (after a change to the report or the "
                         "targets' judging), profiling the missed targets that have no profile yet")
    args = ap.parse_args()
    if args.rerender:
        return rerender(args)
    cfg = CONFIG[args.mode]
    started = time.time()
    load_start = os.getloadavg()
    shared = os.environ.get("MARSAD_SHARED_DATA") or os.path.join(ROOT, "..", "shared", "data")
    inputs_dir = os.path.join(ROOT, "bench", "out", "inputs")
    inputs_json = os.path.join(ROOT, "bench", "out", "inputs.json")
    if args.prepare_only:
        log("== preparing inputs")
        shutil.rmtree(inputs_dir, ignore_errors=True)
        inp = inputs_mod.prepare_in_child(shared, inputs_dir, cfg, sys.executable)
        from dataclasses import asdict

        with open(inputs_json, "w") as f:
            json.dump({"config": cfg, "shared": shared, "inputs": asdict(inp)}, f)
        log(f"  {inputs_json}")
        return
    out = os.path.join(ROOT, "bench", "out", "run")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    ctx = Ctx(args, cfg, out)
    if not os.access(ctx.marsad, os.X_OK):
        raise SystemExit(f"bench/run: {ctx.marsad} not built")
    # The inputs bench/run prepared while cargo built, when they were made
    # with this configuration from the same data; else now.
    ready = None
    if os.path.isfile(inputs_json):
        d = json.load(open(inputs_json))
        if d.get("config") == json.loads(json.dumps(cfg)) and d.get("shared") == shared:
            ready = inputs_mod.Inputs(**d["inputs"])
    if ready:
        ctx.inputs = ready
    else:
        log("== preparing inputs")
        shutil.rmtree(inputs_dir, ignore_errors=True)
        ctx.inputs = inputs_mod.prepare_in_child(shared, inputs_dir, cfg, PY)
    only = [s for s in args.only.split(",") if s] or list(STAGES)
    if "search" in only and "ingest" not in only:
        only.insert(only.index("search"), "ingest")
    results = []
    phases = {}
    for name in STAGES:
        if name not in only:
            continue
        log(f"== {name}")
        t = time.time()
        try:
            res = STAGES[name](ctx)
        except Exception as e:  # one broken stage must not lose the others' figures
            import traceback

            traceback.print_exc()
            res = dict(key=name, title=name, rows=[], error=f"{type(e).__name__}: {e}")
        res["seconds"] = time.time() - t
        phase_done(name, res["seconds"])
        results.append(res)
    crit = None
    if args.criterion:
        log("== criterion micro-benchmarks")
        # The search-latency bench needs a store: the ANT store ingest built.
        extra = {"MARSAD_BENCH_STORE": ctx.store} if getattr(ctx, "store", None) else {}
        t = time.time()
        crit = criterion.run_all(ROOT, ctx.target_dir, quick=args.mode == "quick", log=log, env_extra=extra)
        phases["criterion"] = time.time() - t
        phase_done("criterion", phases["criterion"])
    profiles = None
    if args.profile:
        log("== profiles of missed targets")
        t = time.time()
        profiles = callgrind.profile_missed(ctx, results, crit, TARGETS, log=log)
        phases["profiles"] = time.time() - t
        phase_done("profiles", phases["profiles"])
    info = machine.describe(PY, ctx.marsad)
    info["setup_seconds"] = float(os.environ.get("BENCH_SETUP_SECONDS", "0") or 0)
    info["build_seconds"] = float(os.environ.get("BENCH_BUILD_SECONDS", "0") or 0)
    info["inputs_seconds"] = float(os.environ.get("BENCH_INPUTS_SECONDS", "0") or 0)
    info["run_seconds"] = time.time() - started
    t0 = os.environ.get("BENCH_T0")
    # From bench/run's start to the report (venv and inputs overlap the build).
    info["total_seconds"] = time.time() - float(t0) if t0 else None
    info["started"] = os.environ.get("BENCH_STARTED")
    info["mode"] = args.mode
    info["command"] = args.command
    info["missing"] = sorted(set(ctx.missing))
    info["config"] = cfg
    info["budget"] = BUDGET
    info["loadavg_start"] = load_start
    info["phases"] = {**{r["key"]: r["seconds"] for r in results}, **phases}
    doc = {"machine": info, "stages": results, "criterion": crit, "profiles": profiles, "targets": TARGETS}
    with open(os.path.join(ROOT, "bench", "out", "results.json"), "w") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1, default=str)
    md = report.render(doc)
    dest = args.write or os.path.join(ROOT, "bench", "out", "BENCHMARKS.md")
    with open(dest, "w", encoding="utf-8") as f:
        f.write(md)
    log(f"== wrote {os.path.relpath(dest, ROOT)} and bench/out/results.json")
    print(report.summary(doc))
    log("\n== time per phase (budget)")
    for k, v in info["phases"].items():
        log(f"   {k:12} {v:6.0f} s  ({BUDGET.get(k, 0)} s)")
    log(f"   {'measuring':12} {info['run_seconds']:6.0f} s")
    if info["total_seconds"]:
        log(f"   {'all':12} {info['total_seconds']:6.0f} s, from bench/run's start (limit 1200 s)")


def rerender(args):
    """BENCHMARKS.md again from the figures of the last run (no measuring):
    the report and the judging of targets are functions of results.json. A
    target judged missed now but not then gets its callgrind profile here,
    on the same inputs and binaries."""
    path = os.path.join(ROOT, "bench", "out", "results.json")
    doc = json.load(open(path))
    cfg = doc["machine"]["config"]
    doc["targets"] = TARGETS
    if args.profile:
        ctx = Ctx(args, cfg, os.path.join(ROOT, "bench", "out", "run"))
        d = json.load(open(os.path.join(ROOT, "bench", "out", "inputs.json")))
        ctx.inputs = inputs_mod.Inputs(**d["inputs"])
        store = os.path.join(ctx.out, "store.2")
        ctx.store = store if os.path.isdir(store) else None
        ctx.queries = os.path.join(ROOT, "bench", "corpus_queries.txt")
        have = doc.get("profiles") or {}
        t = time.time()
        new = callgrind.profile_missed(ctx, doc["stages"], doc.get("criterion"), TARGETS, log=log, skip=set(have))
        doc["profiles"] = {**have, **new}
        doc["machine"].setdefault("phases", {})["profiles (re-render)"] = time.time() - t
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    doc["machine"]["rerendered"] = (f"the figures are those of the run above; this report was rendered again from its "
                                    f"bench/out/results.json by `bench/lib/harness.py --rerender` at commit {commit}"
                                    + (" (profiles of targets now judged missed added then)" if args.profile else ""))
    with open(path, "w") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1, default=str)
    dest = args.write or os.path.join(ROOT, "bench", "out", "BENCHMARKS.md")
    with open(dest, "w", encoding="utf-8") as f:
        f.write(report.render(doc))
    log(f"== wrote {os.path.relpath(dest, ROOT)}")
    print(report.summary(doc))


def phase_done(name, seconds):
    b = BUDGET.get(name)
    over = " OVER BUDGET" if b and seconds > b else ""
    log(f"== phase {name:22} {seconds:5.0f} s (budget {b} s){over}")


if __name__ == "__main__":
    main()
