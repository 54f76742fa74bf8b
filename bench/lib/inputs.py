"""The inputs of bench/run, prepared once per run from ../shared/data into
bench/out/inputs (git-ignored). Every tool of a stage reads the same file.

ANT (ant-multisource) is ordered by outlet and category, so samples are taken
with a stride over the whole file: every outlet and category is represented,
and the same options always give the same sample.
"""
import json
import os
import re
from dataclasses import dataclass, field

ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
# A word as it stands in running text: strip what surrounds it (punctuation,
# quotes, brackets), keep what is inside (harakat, tatweel, hamza forms).
EDGE = re.compile(r"^[^\w\u064B-\u065F\u0670]+|[^\w\u064B-\u065F\u0670]+$")


@dataclass
class Inputs:
    dir: str
    ant: str
    pages: list
    text: str = ""
    text_tiny: str = ""
    words: str = ""
    words_tiny: str = ""
    words_peer: str = ""
    ner: str = ""
    ner_tiny: str = ""
    # Leading parts of an input for the slowest peers: "text:camel_tools" -> path.
    parts: dict = field(default_factory=dict)
    pages_list: str = ""
    pages_tiny: str = ""
    dedup: str = ""
    dedup_tiny: str = ""
    analyze: str = ""
    analyze_tiny: str = ""
    ingest: str = ""
    queries: str = ""
    sizes: dict = field(default_factory=dict)


def read_ant(path):
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            yield i, line, json.loads(line)


def stride_sample(lines, want_bytes, size_of):
    """Every k-th item, k chosen so the sample is about `want_bytes`."""
    total = sum(size_of(x) for x in lines)
    k = max(1, total // max(1, want_bytes))
    out, got = [], 0
    for i in range(0, len(lines), k):
        out.append(lines[i])
        got += size_of(lines[i])
        if got >= want_bytes:
            break
    return out


def prepare(shared, out_dir, cfg, log=print):
    os.makedirs(out_dir, exist_ok=True)
    ant = os.path.join(shared, "ant-multisource", "ant_multisource_v2.1.jsonl")
    pages_dir = os.path.join(shared, "pages", "html")
    if not os.path.isfile(ant):
        raise SystemExit(f"bench/run: {ant} not found (set MARSAD_SHARED_DATA)")
    pages = sorted(os.path.join(pages_dir, p) for p in os.listdir(pages_dir) if p.endswith(".html"))
    if not pages:
        raise SystemExit(f"bench/run: no .html pages in {pages_dir}")
    inp = Inputs(dir=out_dir, ant=ant, pages=pages)
    p = lambda name: os.path.join(out_dir, name)  # noqa: E731

    log(f"  reading {ant}")
    docs = [(i, line, d) for i, line, d in read_ant(ant)]
    texts = [d.get("text") or "" for _, _, d in docs]

    # normalize+tokenize: article texts, one after another.
    sample = stride_sample(texts, cfg["text_bytes"], lambda t: len(t.encode()))
    body = "\n".join(sample) + "\n"
    write(p("text.txt"), body)
    write(p("text_tiny.txt"), body[: body.index("\n", 2000) + 1])
    inp.text, inp.text_tiny = p("text.txt"), p("text_tiny.txt")
    inp.sizes["text_bytes"] = len(body.encode())
    inp.sizes["text_articles"] = len(sample)
    # The slowest peers read a leading part of it (whole lines).
    for tool, want in (cfg.get("text_peer_bytes") or {}).items():
        raw = body.encode()
        if want >= len(raw):
            continue
        cut = raw.rfind(b"\n", 0, want) + 1
        path = p(f"text.{tool}.txt")
        with open(path, "wb") as f:
            f.write(raw[:cut])
        inp.parts[f"text:{tool}"] = path
        inp.sizes[f"text:{tool}"] = cut

    # stemming: the words of that text as they stand (clitics, harakat kept).
    words = []
    for w in body.split():
        w = EDGE.sub("", w)
        if w and ARABIC_LETTER.search(w) and all(ARABIC_LETTER.match(c) or c in "\u0640\u064B\u064C\u064D\u064E\u064F\u0650\u0651\u0652\u0670" for c in w):
            words.append(w)
            if len(words) >= cfg["words"]:
                break
    write(p("words.txt"), "\n".join(words) + "\n")
    write(p("words_tiny.txt"), "\n".join(words[:100]) + "\n")
    peer = words[: cfg.get("words_peer") or len(words)]
    write(p("words_peer.txt"), "\n".join(peer) + "\n")
    inp.words, inp.words_tiny, inp.words_peer = p("words.txt"), p("words_tiny.txt"), p("words_peer.txt")
    inp.sizes["words"] = len(words)
    inp.sizes["words_peer"] = len(peer)
    inp.sizes["words_bytes"] = sum(len(w.encode()) + 1 for w in words)

    # HTML: the pages, each listed once (tools repeat the list themselves).
    write(p("pages.lst"), "\n".join(pages) + "\n")
    write(p("pages_tiny.lst"), pages[0] + "\n")
    inp.pages_list, inp.pages_tiny = p("pages.lst"), p("pages_tiny.lst")
    inp.sizes["pages"] = len(pages)
    inp.sizes["pages_bytes"] = sum(os.path.getsize(x) for x in pages)

    # near-duplicates: first the articles of the corpus layer's labelled
    # pairs (eval/dedup_ant_pairs.jsonl: both members of a pair or neither),
    # then every article whose URL or title occurs more than once in ANT
    # (where the natural duplicates are), then a stride over the rest.
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    chosen, taken, got = [], set(), 0

    def take(i):
        nonlocal got
        if i not in taken:
            taken.add(i)
            chosen.append(i)
            got += len(texts[i].encode())

    pairs_path = os.path.join(root, "eval", "dedup_ant_pairs.jsonl")
    if os.path.isfile(pairs_path):
        for line in open(pairs_path, encoding="utf-8"):
            d = json.loads(line)
            try:
                a, b = (int(d[k].rsplit("#", 1)[1]) - 1 for k in ("a", "b"))
            except (KeyError, ValueError, IndexError):
                continue
            if not (0 <= a < len(docs) and 0 <= b < len(docs)):
                continue
            if got >= cfg["dedup_bytes"] * 0.6:
                break
            take(a)
            take(b)
    seen_url, seen_title = {}, {}
    for i, _, d in docs:
        seen_url.setdefault(d.get("url"), []).append(i)
        seen_title.setdefault((d.get("title") or "").strip(), []).append(i)
    repeated = set()
    for groups in (seen_url, seen_title):
        for key, members in groups.items():
            if key and len(members) > 1:
                repeated.update(members)
    for i in sorted(repeated):
        if got >= cfg["dedup_bytes"] * 0.8:
            break
        take(i)
    rest = [i for i, _, _ in docs if i not in repeated and i not in taken]
    for i in stride_sample(rest, max(0, cfg["dedup_bytes"] - got), lambda i: len(texts[i].encode())):
        take(i)
    chosen.sort()
    ids = {}
    with open(p("dedup.jsonl"), "w", encoding="utf-8") as f:
        for i in chosen:
            d = docs[i][2]
            doc_id = d.get("docno") or f"line{i + 1}"
            if doc_id in ids:
                doc_id = f"{doc_id}#{i + 1}"
            ids[doc_id] = i
            # `ref` names the ANT record the way eval/dedup_ant_pairs.jsonl does.
            ref = f"{os.path.basename(ant)}#{i + 1}"
            f.write(json.dumps({"id": doc_id, "ref": ref, "text": texts[i], "url": d.get("url")}, ensure_ascii=False)
                    + "\n")
    with open(p("dedup.jsonl"), encoding="utf-8") as f, open(p("dedup_tiny.jsonl"), "w", encoding="utf-8") as g:
        for _, line in zip(range(5), f):
            g.write(line)
    inp.dedup, inp.dedup_tiny = p("dedup.jsonl"), p("dedup_tiny.jsonl")
    inp.sizes["dedup_docs"] = len(chosen)
    inp.sizes["dedup_bytes"] = sum(len(texts[i].encode()) for i in chosen)

    # full page analysis: raw ANT lines (JSONL is one of analyze's inputs).
    sample = stride_sample(docs, cfg["analyze_bytes"], lambda x: len(x[1].encode()))
    write(p("analyze.jsonl"), "".join(x[1] for x in sample))
    write(p("analyze_tiny.jsonl"), "".join(x[1] for x in sample[:3]))
    inp.analyze, inp.analyze_tiny = p("analyze.jsonl"), p("analyze_tiny.jsonl")
    inp.sizes["analyze_docs"] = len(sample)
    inp.sizes["analyze_text_bytes"] = sum(len((x[2].get("text") or "").encode()) for x in sample)
    inp.sizes["analyze_file_bytes"] = sum(len(x[1].encode()) for x in sample)

    # entity tagging: the first articles of that sample, as JSONL.
    ner, got = [], 0
    for x in sample:
        if got >= cfg["ner_bytes"]:
            break
        ner.append(x)
        got += len((x[2].get("text") or "").encode())
    write(p("ner.jsonl"), "".join(x[1] for x in ner))
    write(p("ner_tiny.jsonl"), "".join(x[1] for x in ner[:1]))
    inp.ner, inp.ner_tiny = p("ner.jsonl"), p("ner_tiny.jsonl")
    inp.sizes["ner_docs"] = len(ner)
    inp.sizes["ner_text_bytes"] = got

    # corpus ingest: the whole of ANT, or its first lines with --quick.
    if cfg["ingest_docs"]:
        write(p("ingest.jsonl"), "".join(x[1] for x in docs[: cfg["ingest_docs"]]))
        inp.ingest = p("ingest.jsonl")
        inp.sizes["ingest_docs"] = min(cfg["ingest_docs"], len(docs))
    else:
        inp.ingest = ant
        inp.sizes["ingest_docs"] = len(docs)
    inp.sizes["ingest_bytes"] = os.path.getsize(inp.ingest)
    return inp


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def prepare_in_child(shared, out_dir, cfg, python):
    """prepare() in a child process: reading ANT takes a few hundred MB, and
    a process forked from a large parent reports the parent's memory as its
    own peak (ru_maxrss counts the pages it had before exec), which would
    make every measured tool look as big as the harness."""
    import subprocess

    p = subprocess.run([python, __file__, shared, out_dir, json.dumps(cfg)], stdout=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise SystemExit(p.returncode)
    return Inputs(**json.loads(p.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    import sys
    from dataclasses import asdict

    res = prepare(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), log=lambda m: print(m, file=sys.stderr, flush=True))
    print(json.dumps(asdict(res)))
