"""Each stage's target (from its issue) against what this run measured.

The figure a target is judged on is the one its issue names: the criterion
benchmark (in-process, one core) where the issue asks for one and it exists,
otherwise the process-level figure of bench/run (start-up subtracted, CPU
time of a single-threaded run). Both are shown when both exist.
"""


def find_criterion(crit, crate, *needles, bench=None, exclude=()):
    for entry in crit or []:
        if entry["crate"] != crate or (bench and entry["bench"] != bench):
            continue
        for r in entry.get("rows", []):
            rid = (r.get("id") or "").lower()
            if all(n in rid for n in needles) and not any(x in rid for x in exclude):
                return r, entry
    return None, None


def stage(doc, key):
    return next((s for s in doc["stages"] if s.get("key") == key), None)


def row(st, tool):
    if not st:
        return None
    return next((r for r in st.get("rows", []) if r["tool"] == tool and not r.get("error")), None)


def judge(value, t):
    if value is None:
        return None, ""
    if "min" in t:
        met = value >= t["min"]
        by = f"{value / t['min']:.2f}× the target" if met else f"{t['min'] / value:.1f}× short"
    else:
        met = value <= t["max"]
        by = f"{t['max'] / value:.2f}× under the limit" if met else f"{value / t['max']:.1f}× over"
    return met, by


def evaluate(doc):
    T, crit, quick = doc["targets"], doc.get("criterion"), doc["machine"].get("mode") == "quick"
    out = []

    def add(key, value, source, extra_ok=True, note="", process=None):
        t = T[key]
        met, by = judge(value, t)
        if met is not None and not extra_ok:
            met, by = False, by + "; " + note
            note = ""
        out.append(dict(key=key, issue=t["issue"], target=t["text"], value=value, unit=t["unit"], source=source,
                        met=met, by=by, note=note, process=process))

    # normalize + tokenize
    c, _ = find_criterion(crit, "marsad-arabic", "normalize+tokenize/")
    p = row(stage(doc, "tokenize"), "marsad")
    add("tokenize", c["mb_s"] if c else (p or {}).get("throughput"),
        "criterion arabic/normalize+tokenize" if c else "bench/run, process level",
        process=(p or {}).get("throughput"))

    # page cleaning
    c, _ = find_criterion(crit, "marsad-engine", "clean")
    a = row(stage(doc, "analyze"), "marsad, 1 thread")
    add("clean", c["mb_s"] if c and "mb_s" in c else None,
        f"criterion {c['id']}" if c else "no criterion benchmark of cleaning yet",
        note="" if c else "analyze below includes cleaning", process=None)

    # HTML
    h = stage(doc, "html")
    m = row(h, "marsad")
    ok, note = True, ""
    q = (h or {}).get("quality", {}).get("per_tool", {})
    if "marsad" in q and "trafilatura" in q:
        mq, tq = q["marsad"], q["trafilatura"]
        ok = mq["anchors"] >= tq["anchors"] and mq["leaks"] <= tq["leaks"]
        note = (f"quality: marsad {mq['anchors']}/{mq['of']} anchors, {mq['leaks']} leaks; trafilatura "
                f"{tq['anchors']}/{tq['of']}, {tq['leaks']} leaks")
    c, _ = find_criterion(crit, "marsad-engine", "pipeline", bench="html")
    if c and c.get("elements_s"):
        note += f"; criterion html/pipeline analyze: {c['elements_s']:.0f} pages/s by wall clock"
    add("html", (m or {}).get("throughput"), "bench/run, process level (analyze --json, 1 thread, CPU time)", ok,
        note)

    # NER: the criterion bench ner/tokenize+tag, which measures its thread's
    # CPU time when bench/run asks (MARSAD_BENCH_CLOCK=cpu), as tokenize,
    # clean and analyze do; bench_ner's process-level CPU time (model load
    # apart, the same work) beside it, and it is the figure when the
    # criterion bench did not run.
    c, _ = find_criterion(crit, "marsad-ner", "tag")
    p = row(stage(doc, "ner"), "marsad")
    pt = (p or {}).get("throughput")
    if c and "mb_s" in c:
        add("ner", c["mb_s"], f"criterion {c['id']}",
            note=f"bench_ner process, CPU time net of model load: {pt:.2f} MB/s" if pt else "", process=pt)
    else:
        add("ner", pt, "bench_ner, tokenize + tag, 1 thread, CPU time net of the model load", process=pt)

    # full analysis: issue 5 asks for the FULL per-page analysis (clean +
    # tokens + entities + claims + quantities + wording), so the verdict is
    # on criterion's analyze/pipeline bench, not on the evidence step alone
    # (which skips cleaning, tokenizing and tagging); the evidence step and
    # the process-level analyze --json figure are shown beside it.
    c, _ = find_criterion(crit, "marsad-engine", "analyze/pipeline", bench="analyze")
    ev, _ = find_criterion(crit, "marsad-engine", "evidence", bench="analyze")
    pa = (a or {}).get("throughput")
    note = "; ".join(x for x in (
        f"the evidence step alone (claims, quantities, flags, wording on cleaned, tokenized pages): "
        f"{ev['mb_s']:.1f} MB/s" if ev and "mb_s" in ev else "",
        f"analyze --json process, 1 thread, CPU time: {pa:.1f} MB/s of article text" if pa else "") if x)
    add("analyze", c["mb_s"] if c and "mb_s" in c else pa,
        f"criterion {c['id']}" if c else "bench/run, process level (analyze --json, 1 thread, CPU time)",
        note=note, process=pa)

    # MinHash signatures: judged on the CPU time of the signature loop
    # (bench_minhash); criterion's minhash bench measures wall-clock time,
    # which on a busy machine counts the waiting too. Both are shown.
    c, _ = find_criterion(crit, "marsad-corpus", "signature")
    mh = stage(doc, "minhash")
    sig = ((mh or {}).get("signatures") or {}).get("marsad")
    note = f"criterion {c['id']}: {c['mb_s']:.0f} MB/s by wall clock" if c and "mb_s" in c else ""
    add("minhash", sig if sig is not None else (c or {}).get("mb_s"),
        "bench_minhash, signatures alone, CPU time" if sig is not None else "criterion (wall clock)", note=note,
        process=sig)

    # ingest
    ing = stage(doc, "ingest")
    r2 = row(ing, "marsad, 2 threads")
    val = (r2 or {}).get("median")
    ok, note = True, ""
    if r2:
        ok = r2["rss_mb"] <= 1024
        note = f"peak memory {r2['rss_mb']:.0f} MB"
        if r2.get("cpu"):
            # Wall time on a shared machine counts the waiting: the CPU time
            # of both threads says what the ingest itself cost.
            note += (f"; CPU time {r2['cpu']:.1f} s over both threads (wall time on an otherwise idle 2-core "
                     f"machine is at least half of it, {r2['cpu'] / 2:.1f} s)")
    if quick and val is not None:
        note += " (--quick ingests only part of ANT: the 30 s target is not judged)"
        val = None
    add("ingest", val, "bench/run, wall time of the 2-thread run", ok, note)

    # search
    s = stage(doc, "search")
    st = (s or {}).get("stats")
    add("search", st["p99_ms"] if st else None, "bench_search p99 on the ANT store", process=None)
    scale = (s or {}).get("scale") or {}
    if scale.get("p99_ms") is not None:
        out.append(dict(key="search-1M", issue=6, target=T["search"]["text"] + " — 1M store", value=scale["p99_ms"],
                        unit="ms", source=f"bench_search on {scale.get('store')}",
                        met=scale["p99_ms"] <= T["search"]["max"], by=judge(scale["p99_ms"], T["search"])[1],
                        note="", process=None))
    return out
