#!/usr/bin/env python3
"""Draw a fresh quantities sample from ANT as references (no text is written to the repo).

Procedure (eval/README.md, "How the sentences were chosen"): articles at random from the
given outlets, skipping every article that any eval/*.jsonl file already uses; one sentence at
random from each article (split at . ! ? ؟ and line breaks, 20-400 characters, surrounding
white space trimmed); a share of the sentences (70 % by default) must contain a digit or a
number-like word, the rest are unfiltered.

Writes one reference line per sentence ({"docno", "start", "end", "split", "quantities": []})
to stdout; the annotator fills "quantities". With --text the materialized sentences are
written to the given path as well (keep that file outside the repository).

    python3 eval/draw_quantities.py --seed 20261201 --n 60 --text /tmp/s.jsonl > /tmp/refs.jsonl

With --armpro the sentences come instead from ArMPro pages of outlets ANT does not have (one
sentence per page; references name the paragraph: {"armpro": paragraph_id, "start", "end", …}):

    python3 eval/draw_quantities.py --armpro --seed 6402 --n 60 --split unseen --text /tmp/s.jsonl

A committed sample excludes its own articles; redraw it with --ignore eval/quantities_dev3.jsonl
(the references then match the committed file's docno/start/end).

Python standard library only.
"""
import argparse
import glob
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from draw_sentences import ARMPRO, armpro_pages  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ANT = os.path.join(
    os.environ.get("MARSAD_SHARED_DATA", os.path.join(HERE, "..", "..", "shared", "data")),
    "ant-multisource",
    "ant_multisource_v2.1.jsonl",
)

# Digits (Western and Arabic-Indic) or a number word stem, in any of its common spellings.
NUMBERISH = re.compile(
    r"[0-9\u0660-\u0669\u06F0-\u06F9]|"
    r"(?:^|[\s\u0600-\u06FF])(?:و|ب|ل|ف)?(?:ال)?(?:"
    r"واحد|اثن|إثن|ثلاث|أربع|اربع|خمس|ست|سبع|ثمان|تسع|عشر|"
    r"مئ|مائ|ألف|الف|آلاف|مليون|ملايين|مليار|بليون|نصف|ربع|ثلث|بضع|عشرات|مئات"
    r")"
)
SPLIT = re.compile(r"[^.!?؟\n]*[.!?؟]?")


def sentences(text):
    for m in SPLIT.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if 20 <= e - s <= 400:
            yield s, e


def used_docnos(ignore):
    used = set()
    ignore = {os.path.abspath(p) for p in ignore}
    for path in glob.glob(os.path.join(HERE, "*.jsonl")):
        if os.path.abspath(path) in ignore:
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    d = json.loads(line)
                    for k in ("docno", "a", "b", "armpro"):
                        if isinstance(d.get(k), str):
                            used.add(d[k])
    return used


def ant_articles(a, used):
    """(docno, [(docno, text)]) of the ANT articles of the chosen outlets that no eval file uses."""
    prefixes = tuple(p + "-" for p in a.outlets.split(","))
    arts = []
    with open(a.ant, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["docno"].startswith(prefixes) and d["docno"] not in used and d.get("text"):
                arts.append((d["docno"], [(d["docno"], d["text"])]))
    arts.sort()
    return arts


def armpro_pages_of(path, used):
    """(page_id, [(paragraph_id, paragraph)]) of the ArMPro pages whose outlet is not in ANT, sorted."""
    pages = armpro_pages(path, used)
    return sorted((page, [(p["paragraph_id"], p["paragraph"]) for p in ps]) for page, ps in pages.items())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ant", default=DEFAULT_ANT)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--outlets", default="AL,BB,SK", help="docno prefixes")
    ap.add_argument("--numberish", type=float, default=0.7)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--text", help="also write the sentences here (outside the repository)")
    ap.add_argument(
        "--ignore",
        action="append",
        default=[],
        help="an eval file whose articles are not excluded (to redraw a committed sample and compare)",
    )
    ap.add_argument("--armpro", nargs="?", const=ARMPRO, default=None,
                    help="draw from ArMPro pages of outlets not in ANT (default file: %(const)s)")
    a = ap.parse_args()

    used = used_docnos(a.ignore)
    arts = armpro_pages_of(a.armpro, used) if a.armpro else ant_articles(a, used)
    key = "armpro" if a.armpro else "docno"
    rng = random.Random(a.seed)
    rng.shuffle(arts)
    need_num = round(a.n * a.numberish)
    out, seen = [], set()
    for docno, texts in arts:
        if len(out) >= a.n or docno in seen:
            continue
        # (reference, start, end) of every sentence of the article (ANT: one text; ArMPro: a page's paragraphs)
        cands = [(ref, s, e, text) for ref, text in texts for s, e in sentences(text)]
        if len(out) < need_num:
            cands = [c for c in cands if NUMBERISH.search(c[3][c[1] : c[2]])]
        if not cands:
            continue
        ref, s, e, text = rng.choice(cands)
        seen.add(docno)
        out.append((ref, s, e, text[s:e]))
    rng.shuffle(out)
    tf = open(a.text, "w", encoding="utf-8") if a.text else None
    for ref, s, e, sent in out:
        print(json.dumps({key: ref, "start": s, "end": e, "split": a.split, "quantities": []}, ensure_ascii=False))
        if tf:
            tf.write(json.dumps({key: ref, "sentence": sent}, ensure_ascii=False) + "\n")
    if tf:
        tf.close()


if __name__ == "__main__":
    main()
