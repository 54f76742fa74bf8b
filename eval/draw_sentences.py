#!/usr/bin/env python3
"""Draw gold sentences from ANT for the claims gold, and turn string annotations into references.

Python 3.11, standard library only. Two subcommands:

  draw     draws sentences exactly as eval/README.md says ("How the sentences were chosen") and
           writes a WORKING file (sentence text included) that must stay outside the repo, e.g.
           /work/annot/dev4_draw.jsonl. Articles used by any eval/*.jsonl file (and by --exclude
           files) are never drawn, nor articles whose text equals a used one (ANT holds some
           articles twice).
  refs     reads that working file plus an annotation file in which every claim part is written
           as a string of the sentence, checks every string, and writes the reference lines of
           eval/claims_*.jsonl (docno, character offsets; no text). No offset is typed by hand.

Annotation file (JSON lines, one per drawn sentence, matched by "i", the index in the draw file):

  {"i": 3, "claims": [{"source": "المتحدث باسم الوزارة", "cue": "قال", "content": "الوزارة…المقبل",
                       "kind": "indirect", "relay": "وكالة رويترز"}]}

A part is null, a string, or [string, k] for the k-th occurrence (0-based) when the string repeats.
A string "A…B" (U+2026) spans from the first occurrence of A (or its k-th) to the end of the first
B after it, so long contents need not be copied whole. Each found span is checked to be unique
unless an occurrence is given, so an ambiguous annotation fails instead of pointing somewhere else.

Sentence split: at line breaks, and after . ! ? ؟ (a '.' between two digits, as in 2.5, does not
split). A sentence is a piece with surrounding white space trimmed, 20 to 400 characters long.
Offsets are in characters (code points), the unit of `marsad eval claims --materialize`.

Examples (the commands that drew the committed files are in eval/README.md):

  python3 eval/draw_sentences.py draw --seed 4 --n 60 --out /work/annot/dev4_draw.jsonl
  python3 eval/draw_sentences.py refs --draw /work/annot/dev4_draw.jsonl \
      --ann /work/annot/dev4_ann.jsonl --split dev --out eval/claims_dev4.jsonl
"""

import argparse
import glob
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ANT = os.path.join(HERE, "..", "..", "shared", "data", "ant-multisource", "ant_multisource_v2.1.jsonl")
ARMPRO = os.path.join(HERE, "..", "..", "shared", "data", "armpro", "span", "ArMPro_span_dev_V2.jsonl")

# Web domains of ANT's five outlets: an ArMPro draw (--armpro) skips pages from them, so that it
# measures outlets the rules were never developed on.
ANT_DOMAINS = ("alarabiya.net", "bbc.com", "arabic.cnn.com", "france24.com", "skynewsarabia.com")

# The dev outlets (`src` values of ANT). CNN Arabic and France24 are reserved for held-out gold.
DEV_OUTLETS = ("alarabia", "BBC", "skynews")
NEWS_CATEGORIES = ("middleEast", "internationalNews", "economy")

# Reporting cues for the cue-filtered training draw, as stems matched at the start of a word
# (after an optional و/ف/ل clitic): past, present (every person prefix), passive and participle
# stems of the reporting verbs, so that every person, gender, number, tense and voice matches.
# Broad on purpose: a sentence the filter lets through without a claim is simply annotated
# with no claims.
CUE_STEMS = """
قال قالت قالوا قالا قلن يقول تقول يقولون تقولون نقول أقول قيل يقال قائل قائلا قائلة قائلين قوله قولها قولهم
أكد يؤكد تؤكد نؤكد أؤكد أكدت أكدوا أكدا مؤكد مؤكدا مؤكدة مؤكدين تأكيد
أعلن يعلن تعلن نعلن أعلنت أعلنوا معلن معلنا معلنة أعلن أُعلن
كشف يكشف تكشف كشفت كشفوا كاشف كاشفا كاشفة كُشف
أفاد يفيد تفيد أفادت أفادوا مفيد مفيدا مفيدة أُفيد
أوضح يوضح توضح أوضحت أوضحوا موضح موضحا موضحة
أشار يشير تشير أشارت أشاروا مشير مشيرا مشيرة
نفى ينفي تنفي نفت نفوا نافي نافيا نافية
حذر يحذر تحذر حذرت حذروا محذر محذرا محذرة
صرح يصرح تصرح صرحت صرحوا مصرح مصرحا مصرحة تصريح
ذكر يذكر تذكر ذكرت ذكروا ذاكر ذاكرا ذُكر
نقل ينقل تنقل نقلت نقلوا ناقل ناقلا نقلا
أضاف يضيف تضيف أضافت أضافوا مضيف مضيفا مضيفة
تابع تابعت تابعوا
اعتبر يعتبر تعتبر اعتبرت اعتبروا معتبر معتبرا معتبرة
رأى يرى ترى رأت رأوا رائي
زعم يزعم تزعم زعمت زعموا زاعم زاعما
ادعى يدعي تدعي ادعت ادعوا مدعي مدعيا
أبلغ يبلغ تبلغ أبلغت أبلغوا
أعرب يعرب تعرب أعربت أعربوا معرب معربا
شدد يشدد تشدد شددت شددوا مشدد مشددا مشددة
لفت يلفت تلفت لفتت لفتوا لافت لافتا لافتة
نوه ينوه تنوه نوهت منوه منوها
أوردت أورد يورد تورد أوردوا
روى يروي تروي روت رووا راوي
وصف يصف تصف وصفت وصفوا واصف واصفا
دعا يدعو تدعو دعت دعوا داعيا داعية
طالب يطالب تطالب طالبت طالبوا مطالب مطالبا مطالبة
اتهم يتهم تتهم اتهمت اتهموا متهم متهما
توقع يتوقع تتوقع توقعت توقعوا متوقع متوقعا
أعتقد يعتقد تعتقد اعتقد اعتقدت
أقر يقر تقر أقرت أقروا مقرا
اعترف يعترف تعترف اعترفت اعترفوا معترف معترفا
أبدى يبدي تبدي أبدت
نص ينص تنص نصت
جاء
أفصح يفصح تفصح أفصحت
أردف يردف تردف أردفت مردفا
استطرد يستطرد
يبين بينت مبينا مبينة
ردد يردد ردت
هدد يهدد تهدد هددت مهددا
وعد وعدت
تعهد يتعهد تتعهد تعهدت متعهدا
أعلم
أخبر يخبر تخبر أخبرت
""".split()

# Multi-word and single according-to cues, matched on the normalized sentence.
ACCORDING_TO = (
    "بحسب", "حسب", "حسبما", "وفق", "وفقا", "وفقًا", "طبقا", "نقلا عن", "على لسان", "كما جاء في",
    "ووفقا", "وبحسب", "وحسب", "ووفق", "بحسبما", "وفقما", "فيما قال", "كما قال", "كما أكد",
    "في تصريح", "في تصريحات", "في بيان", "في حديث", "في مقابلة", "لوكالة",
)

_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")
_WORD = re.compile(r"[\u0621-\u064a]+")
_PREFIX = ("", "و", "ف", "ل", "وب", "فب")
_SUFFIX = ("", "ت", "وا", "ا", "ن", "ون", "ين", "ان", "تا", "ه", "ها", "هم", "ة", "ات")


def normalize(s: str) -> str:
    """Removes harakat and tatweel and folds the hamza forms of alif (أ إ آ ٱ → ا)."""
    s = _DIACRITICS.sub("", s)
    return re.sub("[أإآٱ]", "ا", s)


CUE_FORMS = set()
for stem in CUE_STEMS:
    stem = normalize(stem)
    for p in _PREFIX:
        for x in _SUFFIX:
            CUE_FORMS.add(p + stem + x)
ACCORDING_RE = re.compile(
    "(?:^|[^\u0621-\u064a])(?:" + "|".join(re.escape(normalize(a)) for a in ACCORDING_TO) + ")(?:$|[^\u0621-\u064a])"
)


def has_cue(sentence: str) -> bool:
    """True when the sentence has a reporting word or an according-to phrase in any form."""
    n = normalize(sentence)
    if any(w in CUE_FORMS for w in _WORD.findall(n)):
        return True
    return ACCORDING_RE.search(n) is not None


def sentences(text: str):
    """(start, end) character offsets of the sentences of an article text (see module doc)."""
    out = []
    start = 0
    n = len(text)
    i = 0
    while i <= n:
        end_here = False
        cut = i
        if i == n:
            end_here = True
        elif text[i] == "\n":
            end_here = True
        elif text[i] in "!?؟":
            end_here, cut = True, i + 1
        elif text[i] == ".":
            between_digits = 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
            if not between_digits:
                end_here, cut = True, i + 1
        if end_here:
            a, b = start, cut
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append((a, b))
            start = cut if cut > i else i + 1
        i += 1
    return out


def used_docnos(extra, ignore=()):
    """docnos named by every eval/*.jsonl file (and the extra files): `docno` fields, and the
    `ant_multisource_v2.1.jsonl#LINE` references of the dedup pairs, returned as line numbers.
    Files in `ignore` are skipped, so that a draw can be repeated as it was made before they
    existed (e.g. the file the draw itself produced)."""
    docnos, lines = set(), set()
    skip = {os.path.realpath(p) for p in ignore}
    paths = sorted(glob.glob(os.path.join(HERE, "*.jsonl"))) + list(extra)
    for path in (p for p in paths if os.path.realpath(p) not in skip):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                v = json.loads(line)
                if isinstance(v.get("docno"), str):
                    docnos.add(v["docno"])
                for key in ("a", "b"):
                    ref = v.get(key)
                    if isinstance(ref, str) and "#" in ref:
                        lines.add(int(ref.rsplit("#", 1)[1]))
    return docnos, lines


def load_ant(path):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            yield n, json.loads(line)


def draw(args):
    out = draw_armpro(args) if args.armpro else draw_ant(args)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print(f"drew {len(out)} sentences into {args.out}", file=sys.stderr)


def draw_ant(args):
    docnos, lines = used_docnos(args.exclude, args.ignore)
    articles, used_texts = [], set()
    all_articles = list(load_ant(args.ant))
    for n, a in all_articles:
        if a["docno"] in docnos or n in lines:
            used_texts.add(a["text"])
    seen = set()
    for n, a in all_articles:
        if a["src"] not in DEV_OUTLETS or a["docno"] in docnos or n in lines:
            continue
        if a["text"] in used_texts or a["text"] in seen:
            continue
        seen.add(a["text"])
        articles.append(a)
    rng = random.Random(args.seed)
    news = [a for a in articles if a["cat"] in NEWS_CATEGORIES]
    rng.shuffle(news)
    anyc = list(articles)
    rng.shuffle(anyc)
    taken = set()
    out = []
    while len(out) < args.n:
        pool = news if rng.random() < args.news_share else anyc
        while pool and pool[-1]["docno"] in taken:
            pool.pop()
        if not pool:
            sys.exit("draw: ran out of articles")
        a = pool.pop()
        taken.add(a["docno"])
        cands = [(s, e) for s, e in sentences(a["text"]) if 20 <= e - s <= 400]
        if args.cue_filter:
            cands = [(s, e) for s, e in cands if has_cue(a["text"][s:e])]
        if not cands:
            continue
        s, e = rng.choice(cands)
        out.append({"i": len(out), "docno": a["docno"], "src": a["src"], "cat": a["cat"], "start": s, "end": e,
                    "sentence": a["text"][s:e].replace("\u00a0", " ")})
    return out


def armpro_pages(path, used):
    """{page_id: [paragraph, …]} of the ArMPro pages whose outlet is not one of ANT's, in file order,
    without the paragraphs whose ids are in `used` (those an eval file already holds)."""
    pages = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = json.loads(line)
            domain = p["page_domain"]
            if any(domain == d or domain.endswith("." + d) for d in ANT_DOMAINS) or p["paragraph_id"] in used:
                continue
            pages.setdefault(p["page_id"], []).append(p)
    return pages


def draw_armpro(args):
    """An unseen-outlet draw: one sentence at random from each of n ArMPro pages drawn at random among
    the pages of outlets that are not in ANT. References are the paragraph id and character offsets
    into its `paragraph`."""
    used = set()
    for path in glob.glob(os.path.join(HERE, "*.jsonl")):
        if os.path.realpath(path) in {os.path.realpath(p) for p in args.ignore}:
            continue
        with open(path, encoding="utf-8") as f:
            used |= {json.loads(line).get("armpro") for line in f if line.strip()}
    pages = armpro_pages(args.armpro, used)
    rng = random.Random(args.seed)
    order = sorted(pages)
    rng.shuffle(order)
    out = []
    for page in order:
        if len(out) == args.n:
            break
        cands = [(p, s, e) for p in pages[page] for s, e in sentences(p["paragraph"]) if 20 <= e - s <= 400]
        if args.cue_filter:
            cands = [(p, s, e) for p, s, e in cands if has_cue(p["paragraph"][s:e])]
        if not cands:
            continue
        p, s, e = rng.choice(cands)
        out.append({"i": len(out), "armpro": p["paragraph_id"], "src": p["page_domain"], "start": s, "end": e,
                    "sentence": p["paragraph"][s:e].replace("\u00a0", " ")})
    if len(out) < args.n:
        sys.exit("draw: ran out of pages")
    return out


def find(sentence, part, where):
    """[start, end] of an annotated string in the sentence (see module doc); exits on failure."""
    if part is None:
        return None
    occ = None
    if isinstance(part, list):
        part, occ = part
    if "…" in part:
        head, tail = part.split("…", 1)
    else:
        head, tail = part, None
    if not head:
        sys.exit(f"{where}: empty string")
    hits = [m.start() for m in re.finditer(re.escape(head), sentence)]
    if not hits:
        sys.exit(f"{where}: {head!r} is not in the sentence")
    if occ is None and len(hits) > 1:
        sys.exit(f"{where}: {head!r} occurs {len(hits)} times; write [string, k]")
    if occ is not None and occ >= len(hits):
        sys.exit(f"{where}: no occurrence {occ} of {head!r}")
    a = hits[occ or 0]
    if tail is None:
        return [a, a + len(head)]
    b = sentence.find(tail, a + len(head))
    if b < 0:
        sys.exit(f"{where}: {tail!r} does not follow {head!r}")
    return [a, b + len(tail)]


def refs(args):
    with open(args.draw, encoding="utf-8") as f:
        drawn = [json.loads(line) for line in f if line.strip()]
    ann = {}
    with open(args.ann, encoding="utf-8") as f:
        for k, line in enumerate(f, 1):
            if line.strip() and not line.lstrip().startswith("#"):
                v = json.loads(line)
                if v["i"] in ann:
                    sys.exit(f"{args.ann}:{k}: sentence {v['i']} annotated twice")
                ann[v["i"]] = v
    missing = [d["i"] for d in drawn if d["i"] not in ann]
    if missing and not args.partial:
        sys.exit(f"not annotated: {missing}")
    kinds = {"direct", "indirect", "according_to"}
    out, nclaims = [], 0
    for d in drawn:
        if d["i"] not in ann:
            break  # --partial: the annotated prefix of the draw
        s = d["sentence"]
        claims = []
        for j, c in enumerate(ann[d["i"]]["claims"]):
            where = f"sentence {d['i']} claim {j}"
            if c.get("kind") not in kinds:
                sys.exit(f"{where}: kind {c.get('kind')!r}")
            r = {"source": find(s, c.get("source"), where + " source"), "cue": find(s, c["cue"], where + " cue"),
                 "content": find(s, c["content"], where + " content"), "kind": c["kind"]}
            if c.get("relay"):
                r["relay"] = find(s, c["relay"], where + " relay")
            for key in ("source", "cue", "content", "relay"):
                span = r.get(key)
                if span and (s[span[0]].isspace() or s[span[1] - 1].isspace()):
                    sys.exit(f"{where} {key}: {s[span[0]:span[1]]!r} starts or ends with a space")
            claims.append(r)
        nclaims += len(claims)
        key = "armpro" if "armpro" in d else "docno"
        out.append({key: d[key], "start": d["start"], "end": d["end"], "split": args.split, "claims": claims})
    with open(args.out, "w", encoding="utf-8") as f:
        for o in out:
            f.write(json.dumps(o, ensure_ascii=False) + "\n")
    print(f"wrote {len(out)} sentences, {nclaims} claims to {args.out}", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw", help="draw sentences into a working file (outside the repo)")
    d.add_argument("--seed", type=int, required=True)
    d.add_argument("--n", type=int, required=True)
    d.add_argument("--out", required=True)
    d.add_argument("--ant", default=ANT)
    d.add_argument("--armpro", nargs="?", const=ARMPRO, default=None,
                   help="draw from ArMPro pages of outlets not in ANT instead (default file: %(const)s)")
    d.add_argument("--news-share", type=float, default=0.8, help="share of articles from the news categories")
    d.add_argument("--cue-filter", action="store_true", help="keep only sentences with a reporting cue")
    d.add_argument("--exclude", nargs="*", default=[], help="further files whose docnos are not to be drawn")
    d.add_argument("--ignore", nargs="*", default=[],
                   help="eval files NOT to exclude: to repeat a draw made before they existed")
    r = sub.add_parser("refs", help="annotations as strings -> reference lines")
    r.add_argument("--draw", required=True)
    r.add_argument("--ann", required=True)
    r.add_argument("--split", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--partial", action="store_true", help="write the annotated prefix of the draw only")
    a = p.parse_args()
    draw(a) if a.cmd == "draw" else refs(a)


if __name__ == "__main__":
    main()
