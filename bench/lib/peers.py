"""The peer tools' side of bench/run: each stage's job done with a Python
library, reading the same prepared file as marsad and writing its output to a
file whose size the harness checks. Imports happen inside each function, so a
run pays only for the tool it uses (and the start-up run measures exactly
that import).

    python peers.py tokenize pyarabic|camel IN OUT
    python peers.py stem tashaphyne|isri IN OUT
    python peers.py html trafilatura|justext|resiliparse LIST REPEAT OUT
    python peers.py minhash datasketch IN OUT

Each prints one `key=value ...` line: the count of what it wrote, and for
minhash the time spent computing signatures alone.
"""
import json
import re
import sys
import time

# The folds marsad's normalizer applies by default that the peers have
# functions for: Arabic-Indic and Persian digits to ASCII.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def tokenize_pyarabic(text):
    import pyarabic.araby as araby

    # pyarabic's documented pipeline: strip harakat and tatweel, fold alef
    # forms (normalize_hamza would also rewrite ؤ ئ, which marsad keeps),
    # alef maqsura to yeh, digits; then its tokenizer.
    text = araby.strip_tatweel(araby.strip_tashkeel(text))
    text = araby.normalize_alef(araby.normalize_ligature(text)).replace("ى", "ي").translate(DIGITS)
    return araby.tokenize(text)


def tokenize_camel(text):
    from camel_tools.tokenizers.word import simple_word_tokenize
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar

    text = normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(text))).replace("\u0640", "").translate(DIGITS)
    return simple_word_tokenize(text)


def stem_tashaphyne():
    from tashaphyne.stemming import ArabicLightStemmer

    s = ArabicLightStemmer()
    return s.light_stem


def stem_isri():
    from nltk.stem.isri import ISRIStemmer

    return ISRIStemmer().stem


def html_tool(name):
    if name == "trafilatura":
        import trafilatura

        return lambda h: trafilatura.extract(h, include_comments=False, include_tables=False) or ""
    if name == "justext":
        import justext

        stop = justext.get_stoplist("Arabic")
        return lambda h: "\n".join(
            p.text for p in justext.justext(h.encode("utf-8"), stop, encoding="utf-8") if not p.is_boilerplate
        )
    if name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text

        return lambda h: extract_plain_text(h, main_content=True)
    raise SystemExit(f"unknown HTML tool {name}")


# A hand-rolled normalization for the datasketch side, the folds marsad's
# search normalizer makes before shingling (harakat, tatweel, alef forms,
# alef maqsura, teh marbuta, digits, Latin case), so both sides hash the same
# words and differ only in how they compute signatures and candidates.
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", **{c: d for c, d in zip("٠١٢٣٤٥٦٧٨٩", "0123456789")}})
MARKS = re.compile("[\u064B-\u065F\u0670\u0640]")
WORD = re.compile(r"\w+")


def words_for_minhash(text):
    return WORD.findall(MARKS.sub("", text).translate(FOLD).lower())


def shingles(words, k=4):
    if len(words) < k:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]


def minhash_datasketch(inp, out):
    from datasketch import MinHash, MinHashLSH

    docs = [json.loads(l) for l in open(inp, encoding="utf-8")]
    started, cpu_started = time.perf_counter(), time.thread_time()
    sigs = []
    for d in docs:
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in shingles(words_for_minhash(d["text"]))])
        sigs.append(m)
    signature_s = time.perf_counter() - started
    signature_cpu_s = time.thread_time() - cpu_started
    # The same threshold and signature length as marsad's store (0.5, 128).
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for d, m in zip(docs, sigs):
        lsh.insert(d["id"], m)
    index = {d["id"]: i for i, d in enumerate(docs)}
    pairs = 0
    with open(out, "w", encoding="utf-8") as f:
        for i, (d, m) in enumerate(zip(docs, sigs)):
            for other in lsh.query(m):
                j = index[other]
                if j > i:
                    sim = m.jaccard(sigs[j])
                    if sim >= 0.5:
                        f.write(f"{d['id']}\t{other}\t{sim:.3f}\n")
                        pairs += 1
    nbytes = sum(len(d["text"].encode()) for d in docs)
    print(f"docs={len(docs)} bytes={nbytes} pairs={pairs} signature_s={signature_s:.6f} signature_cpu_s={signature_cpu_s:.6f}")


def main():
    stage, tool = sys.argv[1], sys.argv[2]
    if stage == "tokenize":
        inp, out = sys.argv[3:5]
        text = open(inp, encoding="utf-8").read()
        toks = {"pyarabic": tokenize_pyarabic, "camel": tokenize_camel}[tool](text)
        # pyarabic keeps line breaks inside some tokens; one token per line.
        toks = [t.replace("\n", " ") for t in toks if t and not t.isspace()]
        with open(out, "w", encoding="utf-8") as f:
            f.write("\n".join(toks))
            f.write("\n")
        print(f"tokens={len(toks)} bytes={len(text.encode())}")
    elif stage == "stem":
        inp, out = sys.argv[3:5]
        stem = {"tashaphyne": stem_tashaphyne, "isri": stem_isri}[tool]()
        n = 0
        with open(inp, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as g:
            for line in f:
                g.write(stem(line.rstrip("\n")))
                g.write("\n")
                n += 1
        print(f"stems={n}")
    elif stage == "html":
        lst, repeat, out = sys.argv[3], int(sys.argv[4]), sys.argv[5]
        paths = [l.strip() for l in open(lst, encoding="utf-8") if l.strip()]
        extract = html_tool(tool)
        n = 0
        with open(out, "w", encoding="utf-8") as g:
            for _ in range(repeat):
                for p in paths:
                    with open(p, "rb") as f:
                        html = f.read().decode("utf-8", "replace")
                    g.write(json.dumps({"page": p, "text": extract(html)}, ensure_ascii=False))
                    g.write("\n")
                    n += 1
        print(f"pages={n}")
    elif stage == "minhash" and tool == "datasketch":
        minhash_datasketch(*sys.argv[3:5])
    else:
        raise SystemExit(f"unknown stage/tool {stage} {tool}")


if __name__ == "__main__":
    main()
