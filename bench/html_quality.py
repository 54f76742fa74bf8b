"""Speed and main-text quality of marsad and the Python extractors on the same pages.

Called by bench/html.sh. Quality is measured against anchors read from each page at run time
(never stored): the lede (the first six words of the page's meta description, when a text node
of the page opens with it), the longest Arabic <p> of the page (its first 60 characters), and
leaks: output lines of four words or more that are exactly the text of a link (<a>) of the page
(related-article lists, most-read lists, tickers, inline "read also" links).
"""
import html as htmllib
import json
import re
import sys
import time
from html.parser import HTMLParser

out_dir, repeat, marsad_pps = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
files = sys.argv[4:]
pages = [open(f, encoding="utf-8", errors="replace").read() for f in files]


def squash(s):
    return " ".join(s.split())


class Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.links, self.paras, self.texts = {}, [], [], []
        self._a, self._p, self._skip = None, None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("content"):
            key = (a.get("property") or a.get("name") or "").lower()
            self.meta.setdefault(key, a["content"])
        elif tag in ("script", "style"):
            self._skip += 1
        elif tag == "a":
            self._a = []
        elif tag == "p":
            if self._p is not None:
                self.paras.append(squash("".join(self._p)))
            self._p = []

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "a" and self._a is not None:
            self.links.append(squash("".join(self._a)))
            self._a = None
        elif tag == "p" and self._p is not None:
            self.paras.append(squash("".join(self._p)))
            self._p = None

    def handle_data(self, data):
        if self._skip:
            return
        self.texts.append(squash(data))
        if self._a is not None:
            self._a.append(data)
        if self._p is not None:
            self._p.append(data)


def arabic(s):
    letters = sum(c.isalpha() for c in s)
    return letters and sum("\u0600" <= c <= "\u06ff" for c in s) * 2 > letters


def anchors(page):
    p = Anchors()
    p.feed(page)
    desc = squash(htmllib.unescape(p.meta.get("description", "")))
    lede = " ".join(desc.split()[:6])
    if not lede or not any(t.startswith(lede) for t in p.texts):
        lede = None
    long_ps = [x for x in p.paras if len(x) > 120 and arabic(x)]
    longest = max(long_ps, key=len)[:60] if long_ps else None
    links = {l for l in p.links if len(l.split()) >= 4}
    return lede, longest, links


def score(text, a):
    lede, longest, links = a
    body = squash(text)
    lines = [squash(l) for l in text.split("\n") if l.strip()]
    hits = [x is not None and x in body for x in (lede, longest)]
    wanted = sum(x is not None for x in (lede, longest))
    leaks = sum(1 for l in lines if l in links)
    return sum(hits), wanted, leaks, len(body.split())


marsad = [json.loads(l) for l in open(f"{out_dir}/marsad.jsonl", encoding="utf-8")]
assert len(marsad) == len(pages), f"marsad printed {len(marsad)} documents for {len(pages)} pages"
outputs = {"marsad": ["\n".join(d["paragraphs"]) for d in marsad]}
speed = {"marsad": marsad_pps}

tools = {}
try:
    import trafilatura

    tools["trafilatura"] = lambda h: trafilatura.extract(h, include_comments=False, include_tables=False) or ""
except ImportError:
    pass
try:
    import justext

    stop = justext.get_stoplist("Arabic")
    tools["justext"] = lambda h: "\n".join(
        p.text for p in justext.justext(h.encode("utf-8"), stop, encoding="utf-8") if not p.is_boilerplate
    )
except ImportError:
    pass
try:
    from resiliparse.extract.html2text import extract_plain_text

    tools["resiliparse"] = lambda h: extract_plain_text(h, main_content=True)
except ImportError:
    pass

for name, fn in tools.items():
    outputs[name] = [fn(h) for h in pages]
    start = time.perf_counter()
    for _ in range(repeat):
        for h in pages:
            fn(h)
    speed[name] = len(pages) * repeat / (time.perf_counter() - start)

refs = [anchors(h) for h in pages]
print(f"\n== main-text quality on {len(pages)} pages (anchors hit / anchors, leaked link lines, words)")
header = f"{'page':34}" + "".join(f"{n:>22}" for n in outputs)
print(header)
totals = {n: [0, 0, 0] for n in outputs}
for i, f in enumerate(files):
    row = f"{f.split('/')[-1].split('__')[0]:34}"
    for n in outputs:
        h, w, leaks, words = score(outputs[n][i], refs[i])
        totals[n][0] += h
        totals[n][1] += w
        totals[n][2] += leaks
        row += f"{f'{h}/{w} leak {leaks} {words}w':>22}"
    print(row)
row = f"{'total':34}"
for n in outputs:
    h, w, leaks = totals[n]
    row += f"{f'{h}/{w} leak {leaks}':>22}"
print(row)

print(f"\n== speed, one core, {len(pages)} pages x {repeat}")
for n, pps in speed.items():
    ratio = "" if n == "marsad" else f"   marsad is {speed['marsad'] / pps:.1f}x faster"
    print(f"{n:12} {pps:8.1f} pages/s{ratio}")
