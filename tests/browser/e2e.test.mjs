// End-to-end tests of `marsad serve` in headless Chromium.
//
// Run by scripts/browser-tests, which builds marsad, ingests the fixtures in
// ./fixtures into a fresh store, starts the server on a free loopback port
// and sets MARSAD_URL. The browser is Debian's chromium, driven by
// playwright-core (no browser download). Every page gets a screenshot in
// $SCREENSHOTS (target/screenshots) for a person to look at.
//
// Every test fails on any dialog (alert/confirm/prompt), any uncaught page
// error and any console error: a hostile article whose markup ran, or was
// even blocked by the Content-Security-Policy, shows up as one of those.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const BASE = process.env.MARSAD_URL;
const SHOTS = process.env.SCREENSHOTS || join(here, "../../target/screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
assert.ok(BASE, "MARSAD_URL is not set: run scripts/browser-tests");
mkdirSync(SHOTS, { recursive: true });

let context;
let profile;

before(async () => {
  // A fresh profile directory for every run; playwright takes it as the
  // persistent context's directory (it passes --user-data-dir itself).
  profile = mkdtempSync(join(tmpdir(), "marsad-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: "ar",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** A fresh page that records everything that must not happen. */
async function open(t, { width = 1280, height = 900 } = {}) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height });
  const problems = [];
  page.on("dialog", async (d) => {
    problems.push(`dialog ${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  t.after(async () => {
    await page.close();
  });
  return {
    page,
    problems,
    check() {
      assert.deepEqual(problems, [], "no dialog, page error or console error");
    },
  };
}

async function go(page, path) {
  const res = await page.goto(BASE + path, { waitUntil: "load" });
  assert.ok(res, `no response for ${path}`);
  return res;
}

/** The text of an element without the badges we add (⚑1 after a flagged number). */
async function plainText(locator) {
  return (
    await locator.evaluate((el) => {
      const copy = el.cloneNode(true);
      for (const b of copy.querySelectorAll(".flag-badge")) b.remove();
      return copy.textContent;
    })
  ).trim();
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function api(path) {
  const res = await fetch(BASE + path);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return res.json();
}

/** Every stored article as the API gives it (the fixtures are a few). */
let allArticles = null;
async function articles() {
  if (!allArticles) {
    const j = await api("/api/search?per_page=50");
    allArticles = await Promise.all(j.hits.map((h) => api(`/api/articles/${h.id}`)));
  }
  return allArticles;
}

/** The article with the most evidence of every kind. */
async function richest() {
  const score = (a) => {
    const d = a.document;
    const kinds = [d.entities, d.claims, d.quantities, d.flags, d.wording].filter((x) => x.length > 0).length;
    return kinds * 1000 + d.entities.length + d.claims.length + d.quantities.length;
  };
  return (await articles()).reduce((best, a) => (score(a) > score(best) ? a : best));
}

/** Id of the first search hit for a query (through the API). */
async function firstHit(q, filter = "") {
  const j = await api(`/api/search?q=${encodeURIComponent(q)}${filter}`);
  assert.ok(j.hits.length > 0, `no hit for ${q}`);
  return j.hits[0];
}

test("search: results with highlighted snippets, facets, paging", async (t) => {
  const { page, check } = await open(t);
  await go(page, "/");
  await shot(page, "home");
  // Type a query in the box and submit, as a reader would.
  await page.fill("#q", "نينوى");
  await page.press("#q", "Enter");
  await page.waitForURL(/\/search\?q=/);
  const hits = page.locator("#hits > li");
  assert.ok((await hits.count()) >= 4, "hits for نينوى");
  assert.ok((await page.locator("#hits mark").count()) > 0, "highlighted words in snippets");
  const marked = await page.locator("#hits mark").first().textContent();
  assert.match(marked, /نينوى|نینوى/);
  await shot(page, "search");
  // An outlet facet narrows the hits to that outlet.
  const facet = page.locator("#facet-outlets a", { hasText: "قناة الفرات" });
  await facet.click();
  await page.waitForURL(/outlet=/);
  const metas = await page.locator("#hits .meta").allTextContents();
  assert.ok(metas.length > 0);
  for (const m of metas) assert.match(m, /قناة الفرات/);
  await shot(page, "search-facet");
  check();
});

test("search paging: next and previous pages, the API's offset", async (t) => {
  const { page, check } = await open(t);
  const q = encodeURIComponent("نينوى");
  const all = await api(`/api/search?q=${q}&per_page=50`);
  assert.ok(all.total >= 4, `enough hits to page through: ${all.total}`);
  const ids = all.hits.map((h) => h.id);
  const shown = async () =>
    (await page.locator("#hits > li h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")))).map((h) =>
      h.replace("/articles/", ""),
    );
  await go(page, `/search?q=${q}&per_page=2`);
  assert.deepEqual(await shown(), ids.slice(0, 2), "page 1 is the top of the ranking");
  assert.equal(await page.locator('.pager a[rel="prev"]').count(), 0, "no previous page on page 1");
  // (Wait for the exact link: per_page=2 alone would match /page=2/.)
  const next = await page.locator("#next-page").getAttribute("href");
  assert.match(next, /[?&]page=2(&|$)/);
  await page.locator("#next-page").click();
  await page.waitForURL(BASE + next);
  assert.deepEqual(await shown(), ids.slice(2, 4), "page 2 goes on where page 1 stopped");
  assert.match(await page.locator("#total").textContent(), new RegExp(`الصفحة 2 من ${Math.ceil(all.total / 2)}`));
  assert.ok((await page.locator("#hits mark").count()) > 0, "page 2's snippets are highlighted too");
  await shot(page, "search-page2");
  const prev = await page.locator('.pager a[rel="prev"]').getAttribute("href");
  assert.doesNotMatch(prev, /[?&]page=/);
  await page.locator('.pager a[rel="prev"]').click();
  await page.waitForURL(BASE + prev);
  assert.deepEqual(await shown(), ids.slice(0, 2), "back to page 1");
  // The API pages by offset as well: any window of the same ranking.
  const win = await api(`/api/search?q=${q}&per_page=2&offset=1`);
  assert.deepEqual(
    win.hits.map((h) => h.id),
    ids.slice(1, 3),
  );
  assert.equal(win.offset, 1);
  check();
});

test("article: the evidence is highlighted in place; dropped furniture on a switch", async (t) => {
  const { page, check } = await open(t);
  const doc = await richest();
  const hit = doc;
  // Reach it as a reader would: search for its headline, open the hit.
  await go(page, `/search?q=${encodeURIComponent(doc.document.headline)}`);
  await page.locator(`#hits a[href="/articles/${hit.id}"]`).click();
  await page.waitForURL(new RegExp(`/articles/${hit.id}$`));
  assert.equal(await plainText(page.locator("#headline")), doc.document.headline);
  // Every annotation the API reports is marked in the text.
  const d = doc.document;
  const count = (sel) => page.locator(`#text ${sel}`).count();
  assert.ok(d.entities.length + d.claims.length + d.quantities.length > 0, "the article has evidence to show");
  assert.ok((await count(".ent")) >= d.entities.length, "entities marked");
  assert.ok((await count(".cl-content")) >= d.claims.length, "claims marked");
  assert.ok((await count(".qty")) >= d.quantities.length, "quantities marked");
  assert.ok((await count(".wd")) >= d.wording.length, "wording marked");
  assert.ok((await count(".flag-badge")) >= d.flags.length, "flags next to their numbers");
  // The marks cover exactly the text the spans say.
  const bytes = new TextEncoder().encode(d.text);
  const slice = (s) => new TextDecoder().decode(bytes.slice(s[0], s[1]));
  if (d.quantities.length > 0) {
    const texts = await page.locator("#text .qty").allTextContents();
    assert.ok(texts.includes(slice(d.quantities[0].span)), `${texts} has ${slice(d.quantities[0].span)}`);
  }
  if (d.claims.length > 0) {
    // Hovering one part of a claim lights up all its parts (our script runs
    // under the Content-Security-Policy).
    const part = page.locator("#text .cl-content").first();
    await part.hover();
    assert.ok((await page.locator("#text .claim-lit").count()) >= 1, "claim parts light up");
  }
  // The dropped furniture is hidden until the switch is on.
  const dropped = page.locator("#dropped");
  assert.equal(await dropped.isVisible(), false);
  await page.check("#show-dropped");
  assert.equal(await dropped.isVisible(), true);
  assert.ok((await page.locator("#dropped li").count()) >= 1, "the credit line was dropped, with its reason");
  await shot(page, "article");
  check();
});

test("entity: mentions over time by outlet, names and who uses which", async (t) => {
  const { page, check } = await open(t);
  // The pipeline tags entities (the NER step of analyze): a fixture article
  // without any would be a broken tagger, not a reason to skip.
  const withEntity = (await articles()).find((a) => a.entity_keys.length > 0);
  assert.ok(withEntity, "an ingested fixture article has tagged entities");
  await go(page, `/articles/${withEntity.id}`);
  const link = page.locator("#text a.ent").first();
  assert.ok((await link.count()) > 0, "an entity in the text links to its page");
  const name = (await link.textContent()).trim();
  await link.click();
  await page.waitForURL(/\/entities\//);
  assert.ok((await page.locator("#entity-name").textContent()).length > 0);
  assert.ok((await page.locator("#mentions tbody tr").count()) >= 1, "mentions by month and outlet");
  const names = await page.locator("#names").textContent();
  assert.ok(names.includes(name), `the name used in the article (${name}) is listed`);
  await shot(page, "entity");
  check();
});

test("story: timeline across outlets, who published first, shared claims, naming variants", async (t) => {
  const { page, check } = await open(t);
  // The story told by most outlets (with most shared claims among equals),
  // reached from one of its articles.
  let start = null;
  let best = null;
  for (const a of await articles()) {
    if (!a.story || a.story.outlets < 2) continue;
    const st = await api(`/api/stories/${a.story.id}`);
    const key = [st.outlets.length, st.shared_claims.length];
    if (!best || key[0] > best[0] || (key[0] === best[0] && key[1] > best[1])) {
      best = key;
      start = a;
    }
  }
  assert.ok(start, "a story across outlets in the fixtures");
  await go(page, `/articles/${start.id}`);
  await page.locator("#story a.story-link").click();
  await page.waitForURL(/\/stories\/\d+$/);
  const story = await api(`/api/stories/${start.story.id}`);
  const items = page.locator("#timeline > li");
  assert.equal(await items.count(), story.articles.length, "every article of the story");
  assert.ok(story.articles.length >= 2);
  const outlets = new Set(await page.locator("#timeline .outlet").allTextContents());
  assert.ok(outlets.size >= 2, `across outlets: ${[...outlets]}`);
  assert.equal(await page.locator("#timeline > li.first").count(), 1, "one first publisher");
  assert.equal((await page.locator("#timeline > li.first .outlet").textContent()).trim(), story.articles[0].outlet);
  const times = await page.locator("#timeline time").evaluateAll((ts) => ts.map((x) => x.getAttribute("datetime")));
  assert.deepEqual([...times].sort(), times, "timeline in time order");
  assert.equal(await page.locator("#variants").count(), 1, "naming variants section");
  assert.equal(await page.locator("#variants tbody tr").count(), story.variants.reduce((n, v) => n + v.by_outlet.length, 0));
  await shot(page, "story");
  check();
});

test("claim: the provenance chain, first carrier and relays", async (t) => {
  const { page, check } = await open(t);
  // The claim carried by most articles, reached from an article's list.
  let best = null;
  for (const a of await articles()) {
    for (const r of a.claim_records) {
      if (r === null) continue;
      const c = await api(`/api/claims/${r}`);
      if (!best || c.carriers.length > best.claim.carriers.length) best = { article: a, claim: c };
    }
  }
  assert.ok(best && best.claim.carriers.length >= 2, "a claim carried by two articles or more");
  await go(page, `/articles/${best.article.id}`);
  await page.locator(`#claims a[href="/claims/${best.claim.id}"]`).first().click();
  await page.waitForURL(new RegExp(`/claims/${best.claim.id}$`));
  const chain = page.locator("#chain > li");
  assert.equal(await chain.count(), best.claim.carriers.length, "every carrier, in time order");
  assert.equal(await page.locator("#chain > li.first").count(), 1, "one first carrier");
  const outlets = await page.locator("#chain .outlet").allTextContents();
  assert.deepEqual(outlets, best.claim.carriers.map((c) => c.outlet));
  await shot(page, "claim");
  check();
});

test("analyze: paste a page and see the analysis without storing it", async (t) => {
  const { page, check } = await open(t);
  const html = readFileSync(join(here, "fixtures/paste/page.html"), "utf8");
  await go(page, "/analyze");
  await page.fill("#analyze-text", html);
  await page.click("#analyze-form button[type=submit]");
  await page.waitForSelector("#analysis");
  assert.equal(await plainText(page.locator("#headline")), "الهلال الأحمر: 40 في المئة من نازحي نينوى أطفال");
  await page.check("#show-dropped");
  assert.ok((await page.locator("#dropped li").count()) >= 2, "furniture listed with reasons");
  await shot(page, "analyze");
  // Nothing was stored: a word only the pasted page has finds nothing.
  const j = await api(`/api/search?q=${encodeURIComponent("الإسهال")}`);
  assert.equal(j.total, 0);
  check();
});

test("hostile article: shown as text, no script runs", async (t) => {
  const { page, problems, check } = await open(t);
  const hit = await firstHit("نصاً برمجياً");
  const res = await go(page, `/articles/${hit.id}`);
  const csp = res.headers()["content-security-policy"];
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  const headline = await page.locator("#text").textContent();
  assert.ok(headline.includes("</title><script>alert('title')</script>"), "the headline's markup is text");
  const body = await page.locator("#text").textContent();
  assert.ok(body.includes("<script>alert('body')</script>"), "script tags are text");
  assert.ok(body.includes(`onerror="alert('img')"`), "onerror attributes are text");
  assert.ok(body.includes(`href="javascript:alert('link')"`), "javascript: links are text");
  // The byline and outlet (metadata fields) are text too.
  const meta = await page.locator("#meta").textContent();
  assert.ok(meta.includes("<img src=x onerror=alert('byline')>"), "byline as text");
  // No element of the hostile markup exists in the DOM.
  assert.equal(await page.locator("main script, main img, main iframe").count(), 0);
  assert.equal(await page.locator('[href^="javascript:"]').count(), 0);
  assert.equal(await page.locator("[onerror], [onclick], [onload]").count(), 0);
  assert.equal(await page.title().then((x) => x.includes("</title>")), true, "the title shows the markup as text");
  await shot(page, "hostile-article");
  // The hostile HTML page (real markup, ingested): its scripts are dropped.
  const hit2 = await firstHit("سد الموصل");
  await go(page, `/articles/${hit2.id}`);
  assert.equal(await page.locator("main script, main img, main iframe, main svg").count(), 0);
  await shot(page, "hostile-html");
  // Give any deferred handler a chance to fire.
  await page.waitForTimeout(300);
  assert.deepEqual(problems, []);
  check();
});

test("phone: pages fit the screen, right to left", async (t) => {
  const { page, check } = await open(t, { width: 390, height: 844 });
  const hit = await firstHit("الحلبي");
  for (const [path, name] of [
    [`/articles/${hit.id}`, "phone-article"],
    [`/search?q=${encodeURIComponent("الفيضانات")}`, "phone-search"],
  ]) {
    await go(page, path);
    const dir = await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang]);
    assert.deepEqual(dir, ["rtl", "ar"]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${path}: ${overflow}px wider than the screen`);
    await shot(page, name);
  }
  check();
});
