"""Quality of near-duplicate detection, on the same documents every tool saw.

Truth is the *exact* Jaccard similarity of the 4-word shingle sets of every
pair of documents, computed here without any sketching (an inverted index of
shingles finds every pair that shares one; the few shingles shared by more
than MAX_DF documents, boilerplate lines, are left out of the candidate search
only). A pair is a near-duplicate when its exact Jaccard is ≥ 0.5, the
threshold both tools are configured with. Words are folded the way marsad's
search normalizer folds them (peers.words_for_minhash), so that the truth does
not favour either side's tokenization.

Also reported: natural duplicates (pairs of ANT articles with the same URL,
which ANT holds because outlets republished or updated them) and how many of
them each tool found; and, when the corpus helper's labelled pairs exist
(eval/dedup_ant_pairs.jsonl), precision and recall on those in the sample.
"""
import glob
import json
import os
from collections import defaultdict

from peers import shingles, words_for_minhash

THRESHOLD = 0.5
MAX_DF = 200


def exact_pairs(docs):
    sets = [set(hash(s) for s in shingles(words_for_minhash(d["text"]))) for d in docs]
    postings = defaultdict(list)
    for i, s in enumerate(sets):
        for h in s:
            postings[h].append(i)
    cand = set()
    for ids in postings.values():
        if 1 < len(ids) <= MAX_DF:
            for a in range(len(ids)):
                for b in range(a + 1, len(ids)):
                    cand.add((ids[a], ids[b]))
    truth = {}
    for a, b in cand:
        sa, sb = sets[a], sets[b]
        if not sa or not sb or min(len(sa), len(sb)) < THRESHOLD * max(len(sa), len(sb)):
            continue
        j = len(sa & sb) / len(sa | sb)
        if j >= THRESHOLD:
            truth[(a, b)] = j
    return truth


def read_pairs(path, index):
    out = set()
    if not os.path.isfile(path):
        return out
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2 and parts[0] in index and parts[1] in index:
            a, b = index[parts[0]], index[parts[1]]
            out.add((min(a, b), max(a, b)))
    return out


def labelled(root, index):
    """The corpus layer's labelled pairs (eval/dedup*.jsonl: {a, b, same},
    documents named by ANT record, `ant_multisource_v2.1.jsonl#LINE`) whose
    two members are both in the sample."""
    found = []
    for path in sorted(glob.glob(os.path.join(root, "eval", "dedup*.jsonl"))):
        pairs = []
        for line in open(path, encoding="utf-8"):
            try:
                d = json.loads(line)
            except ValueError:
                continue
            a, b, same = d.get("a"), d.get("b"), d.get("same")
            if a in index and b in index and isinstance(same, bool):
                pairs.append((min(index[a], index[b]), max(index[a], index[b]), same))
        if pairs:
            found.append((os.path.relpath(path, root), pairs))
    return found


def evaluate(docs_path, outputs, root):
    docs = [json.loads(l) for l in open(docs_path, encoding="utf-8")]
    index = {d["id"]: i for i, d in enumerate(docs)}
    truth = exact_pairs(docs)
    by_url = defaultdict(list)
    for i, d in enumerate(docs):
        if d.get("url"):
            by_url[d["url"]].append(i)
    same_url = {(a, b) for ids in by_url.values() for x, a in enumerate(ids) for b in ids[x + 1 :]}
    res = {"docs": len(docs), "truth_pairs": len(truth), "same_url_pairs": len(same_url),
           "same_url_near": sum(1 for p in same_url if p in truth), "tools": {}, "labelled": []}
    sets = {}
    for name, path in outputs.items():
        pred = read_pairs(path, index)
        sets[name] = pred
        tp = len(pred & truth.keys())
        res["tools"][name] = {
            "pairs": len(pred),
            "precision": tp / len(pred) if pred else None,
            "recall": tp / len(truth) if truth else None,
            "same_url_found": len(pred & same_url),
        }
    refs = {d["ref"]: i for i, d in enumerate(docs) if d.get("ref")}
    for path, pairs in labelled(root, refs):
        row = {"file": path, "pairs": len(pairs), "positives": sum(1 for *_, s in pairs if s), "tools": {}}
        for name, pred in sets.items():
            tp = sum(1 for a, b, s in pairs if s and (a, b) in pred)
            fp = sum(1 for a, b, s in pairs if not s and (a, b) in pred)
            pos = sum(1 for *_, s in pairs if s)
            row["tools"][name] = {"precision": tp / (tp + fp) if tp + fp else None,
                                  "recall": tp / pos if pos else None}
        res["labelled"].append(row)
    return res


if __name__ == "__main__":
    # Run as a child of the harness, for the same reason as inputs.py.
    import sys

    print(json.dumps(evaluate(sys.argv[1], json.loads(sys.argv[2]), sys.argv[3])))
