#!/usr/bin/env python3
"""Build labelled document pairs for `marsad eval dedup` from the ANT corpus.

    python3 eval/make_dedup_pairs.py > eval/dedup_ant_pairs.jsonl

Pairs reference documents by the input record they were read from
(`ant_multisource_v2.1.jsonl#LINE`, 1-based), never by copying text; `marsad
eval dedup` resolves a reference to the stored document. Labels:

- same URL (the same article filed under two ANT categories): same = true,
  whatever edits the two copies differ by ("url");
- same outlet and same title under different URLs: the title is not enough
  (recurring column titles, daily reports): labelled by the overlap of the two
  texts' word sets, computed here independently of marsad (Jaccard >= 0.7:
  same, "title_same_text"; <= 0.3: different, "title_other_text"); pairs in
  between are left out unless judged by reading in eval/dedup_judged.tsv;
- hard negatives: two articles of the same outlet published within two days
  whose headlines share at least three content words and whose texts' word
  sets overlap 0.2 to 0.5 (same topic, different articles, e.g. follow-ups
  and daily reports): different ("topic_neighbour"). A sample of these was
  read to check the label; judged exceptions are in eval/dedup_judged.tsv.

The sample is deterministic (fixed seed).
"""
import collections, itertools, json, os, random, re, sys

DATA = os.environ.get("MARSAD_SHARED_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
PATH = os.path.join(DATA, "ant-multisource", "ant_multisource_v2.1.jsonl")
NAME = "ant_multisource_v2.1.jsonl"
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ـ": None})
MARKS = re.compile("[\u064b-\u0652\u0670]")


def words(text):
    return set(re.findall(r"\w+", MARKS.sub("", text).translate(FOLD)))


def jaccard(a, b):
    return len(a & b) / max(1, len(a | b))


def ref(line):
    return f"{NAME}#{line}"


def main():
    rows = []
    with open(PATH, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            d = json.loads(line)
            rows.append((i, d))
    judged = {}
    jpath = os.path.join(os.path.dirname(__file__), "dedup_judged.tsv")
    if os.path.exists(jpath):
        for line in open(jpath, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            a, b, same, why = line.rstrip("\n").split("\t")
            judged[(a, b)] = (same == "same", why)
    out = []
    seen = set()

    def emit(a, b, same, why):
        key = (min(a, b), max(a, b))
        if key in seen or a == b:
            return
        seen.add(key)
        ra, rb = ref(key[0]), ref(key[1])
        if (ra, rb) in judged:
            same, why = judged[(ra, rb)][0], "judged: " + judged[(ra, rb)][1]
        out.append({"a": ra, "b": rb, "same": same, "why": why})

    by_url = collections.defaultdict(list)
    by_title = collections.defaultdict(list)
    for i, d in rows:
        by_url[d["url"]].append(i)
        by_title[(d["src"], d["title"].strip())].append(i)
    text = {i: d["text"] for i, d in rows}
    for ids in by_url.values():
        for a, b in itertools.combinations(ids, 2):
            emit(a, b, True, "url")
    undecided = []
    for ids in by_title.values():
        for a, b in itertools.combinations(ids, 2):
            if rows[a - 1][1]["url"] == rows[b - 1][1]["url"]:
                continue
            j = jaccard(words(text[a]), words(text[b]))
            if j >= 0.7:
                emit(a, b, True, "title_same_text")
            elif j <= 0.3:
                emit(a, b, False, "title_other_text")
            elif (ref(min(a, b)), ref(max(a, b))) in judged:
                emit(a, b, None, "")
            else:
                undecided.append((a, b, round(j, 2)))
    # Hard negatives: same outlet, within two days, headlines sharing three
    # or more content words, texts overlapping 0.2-0.5.
    rng = random.Random(6)
    day = {i: d["docno"].rsplit("-", 1)[-1] for i, d in rows}
    title_words = {i: {w for w in words(d["title"]) if len(w) > 3} for i, d in rows}
    by_src = collections.defaultdict(list)
    for i, d in rows:
        by_src[d["src"]].append(i)
    cands = []
    for src, ids in by_src.items():
        index = collections.defaultdict(list)
        for i in ids:
            for w in title_words[i]:
                index[w].append(i)
        pairs = collections.Counter()
        for w, lst in index.items():
            if len(lst) > 200:
                continue
            for a, b in itertools.combinations(lst, 2):
                pairs[(a, b)] += 1
        for (a, b), n in pairs.items():
            if n >= 3 and rows[a - 1][1]["url"] != rows[b - 1][1]["url"] and abs(int(day[a]) - int(day[b])) <= 2:
                if rows[a - 1][1]["title"].strip() != rows[b - 1][1]["title"].strip():
                    cands.append((a, b))
    rng.shuffle(cands)
    kept = 0
    for a, b in cands:
        j = jaccard(words(text[a]), words(text[b]))
        if 0.2 <= j <= 0.5:
            emit(a, b, False, "topic_neighbour")
            kept += 1
            if kept >= 400:
                break
    for o in out:
        print(json.dumps(o, ensure_ascii=False))
    counts = collections.Counter((o["why"].split(":")[0], o["same"]) for o in out)
    print(f"pairs: {len(out)} {dict(counts)}; undecided (left out): {len(undecided)}", file=sys.stderr)
    for a, b, j in undecided[: int(os.environ.get("SHOW_UNDECIDED", "0"))]:
        print(f"{ref(a)}\t{ref(b)}\t{j}", file=sys.stderr)


if __name__ == "__main__":
    main()
