#!/usr/bin/env python3
"""Write a 1M-document JSONL for the scale benchmark by REPLICATING AND
PERTURBING the ANT corpus (it is not a real 1M-article corpus).

    python3 bench/scale_store.py OUT.jsonl [N]      (N = 1,000,000)

Copy k of ANT article i gets: its own URL (the original plus `?copy=k`), a
date moved k x 11 days later (so months spread over several years), about 8%
of its body words replaced by words drawn from the whole corpus, one sentence
dropped, and its title's words rotated. Deterministic (fixed seed).
"""
import json, os, random, sys

DATA = os.environ.get("MARSAD_SHARED_DATA", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
SRC = os.path.join(DATA, "ant-multisource", "ant_multisource_v2.1.jsonl")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def shift(time, days):
    import email.utils, datetime
    try:
        t = email.utils.parsedate_to_datetime(time)
    except (TypeError, ValueError):
        return time
    return (t + datetime.timedelta(days=days)).isoformat()


def main():
    out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    rows = [json.loads(l) for l in open(SRC, encoding="utf-8")]
    rng = random.Random(1)
    vocab = []
    for r in rows[::7]:
        vocab.extend(r["text"].split()[:200])
    written = 0
    with open(out, "w", encoding="utf-8") as f:
        k = 0
        while written < n:
            for r in rows:
                if written >= n:
                    break
                words = r["text"].split(" ")
                for _ in range(max(1, len(words) // 12)):
                    words[rng.randrange(len(words))] = rng.choice(vocab)
                text = " ".join(words)
                sentences = text.split(". ")
                if len(sentences) > 3:
                    del sentences[rng.randrange(len(sentences))]
                text = ". ".join(sentences)
                tw = r["title"].split()
                if len(tw) > 2 and k > 0:
                    s = k % len(tw)
                    tw = tw[s:] + tw[:s]
                rec = {
                    "url": r["url"] + ("" if k == 0 else f"?copy={k}"),
                    "title": " ".join(tw),
                    "time": shift(r["time"], 11 * k),
                    "author": r["author"],
                    "text": text,
                }
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                written += 1
            k += 1
    print(f"wrote {written} documents ({k} rounds over ANT) to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
