//! Page metadata: headline, publication date, author, outlet, canonical URL,
//! related links and credited sources, from the places pages put them
//! (Open Graph and other `<meta>` tags, JSON-LD, `<title>`, `<h1>`, `<time>`,
//! byline elements, and Arabic date text near the headline).

use super::blocks::PageBlock;
use super::content::Region;
use super::dom::{Dom, Tag};
use super::entity::decode_attribute;
use crate::clean::credit::without_place;
use crate::clean::date;
use crate::doc::Related;
use marsad_arabic::Normalizer;
use serde_json::Value;

/// What the page says about itself. Every field is optional: pages say
/// different things, and a missing field is not an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub headline: Option<String>,
    /// Normalized by [`date::normalize_machine_date`] (ISO 8601, or
    /// `YYYY-MM-DD AH` for a Hijri date).
    pub published: Option<String>,
    /// Where `published` was read from (`json-ld`, `meta`, `time`, `text`).
    pub published_from: Option<&'static str>,
    pub modified: Option<String>,
    pub byline: Option<String>,
    pub outlet: Option<String>,
    pub canonical_url: Option<String>,
    pub description: Option<String>,
    pub lang: Option<String>,
    /// Links to related articles, with absolute URLs where the page allows.
    pub related: Vec<Related>,
    /// Sources the page credits in its metadata (JSON-LD
    /// `sourceOrganization`, `<meta name="source">`).
    pub credits: Vec<String>,
}

/// Raw values collected in one pass over the DOM, chosen afterwards.
#[derive(Default)]
struct Found {
    og_title: Option<String>,
    twitter_title: Option<String>,
    title: Option<String>,
    h1_main: Option<String>,
    h1_first: Option<String>,
    ld: Vec<Value>,
    meta_published: Vec<(u8, String)>,
    time_datetime: Vec<(bool, String)>,
    meta_modified: Option<String>,
    meta_author: Option<String>,
    site_name: Option<String>,
    app_name: Option<String>,
    og_url: Option<String>,
    canonical: Option<String>,
    base: Option<String>,
    description: Option<String>,
    lang: Option<String>,
    /// Byline elements' texts, those outside the main region marked
    /// `true` (they sort after those inside).
    byline_elements: Vec<(bool, String)>,
    meta_source: Option<String>,
}

/// Collapses whitespace and trims.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of an element's subtree (entities decoded, whitespace collapsed).
fn text_of(dom: &Dom, input: &str, id: u32) -> String {
    let mut out = String::new();
    let end = dom.nodes[id as usize].end;
    let mut j = id + 1;
    while j < end {
        let n = &dom.nodes[j as usize];
        match n.tag {
            None => {
                out.push_str(&decode_attribute(&input[n.range.clone()]));
                j += 1;
            }
            Some(Tag::Script | Tag::Style | Tag::Noscript | Tag::Template) => j = n.end,
            Some(t) => {
                if t.is_block() || t == Tag::Br {
                    out.push(' ');
                }
                j += 1;
            }
        }
    }
    squash(&out)
}

fn raw_text_of(dom: &Dom, input: &str, id: u32) -> String {
    dom.children(id).filter(|&c| dom.tag(c).is_none()).map(|c| &input[dom.nodes[c as usize].range.clone()]).collect()
}

/// Extracts the metadata of a parsed page. `url` is the page's address
/// when the container knows it (for resolving relative links).
pub fn metadata(dom: &Dom, input: &str, blocks: &[PageBlock], region: &Region, url: Option<&str>) -> Metadata {
    let mut f = Found::default();
    for id in 0..dom.nodes.len() as u32 {
        let Some(tag) = dom.tag(id) else { continue };
        let attr = |name: &str| dom.attr(input, id, name).map(|v| decode_attribute(v).trim().to_string());
        match tag {
            Tag::Html => f.lang = attr("lang").filter(|l| !l.is_empty()),
            Tag::Meta => {
                let key = attr("property").or_else(|| attr("name")).or_else(|| attr("itemprop")).unwrap_or_default();
                let Some(content) = attr("content").filter(|c| !c.is_empty()) else { continue };
                let content = squash(&content);
                match key.to_ascii_lowercase().as_str() {
                    "og:title" => f.og_title = f.og_title.or(Some(content)),
                    "twitter:title" => f.twitter_title = f.twitter_title.or(Some(content)),
                    "og:site_name" => f.site_name = f.site_name.or(Some(content)),
                    "application-name" | "apple-mobile-web-app-title" => f.app_name = f.app_name.or(Some(content)),
                    "og:url" => f.og_url = f.og_url.or(Some(content)),
                    "description" | "og:description" => f.description = f.description.or(Some(content)),
                    "author" | "article:author" | "byl" | "dc.creator" | "sailthru.author" | "parsely-author" => {
                        if !content.starts_with("http") {
                            f.meta_author = f.meta_author.or(Some(content));
                        }
                    }
                    "article:published_time" | "datepublished" => f.meta_published.push((0, content)),
                    "og:published_time" | "publishdate" | "pubdate" | "publish-date" | "publication_date"
                    | "dc.date.issued" | "dcterms.created" | "sailthru.date" | "parsely-pub-date"
                    | "article.published" | "date" | "dc.date" => f.meta_published.push((1, content)),
                    "article:modified_time" | "og:updated_time" | "datemodified" | "last-modified" => {
                        f.meta_modified = f.meta_modified.or(Some(content))
                    }
                    "source" | "dc.source" => f.meta_source = f.meta_source.or(Some(content)),
                    _ => {}
                }
            }
            Tag::Link => {
                let rel = attr("rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    f.canonical = f.canonical.or(attr("href").filter(|h| !h.is_empty()));
                }
            }
            Tag::Base => f.base = f.base.or(attr("href")),
            Tag::Title => {
                if f.title.is_none() {
                    let t = squash(&decode_attribute(&raw_text_of(dom, input, id)));
                    if !t.is_empty() {
                        f.title = Some(t);
                    }
                }
            }
            Tag::Script => {
                let ty = attr("type").unwrap_or_default().to_ascii_lowercase();
                if ty == "application/ld+json" {
                    let raw = raw_text_of(dom, input, id);
                    if let Some(v) = parse_json_ld(&raw) {
                        f.ld.push(v);
                    }
                }
            }
            Tag::H(1) => {
                let t = text_of(dom, input, id);
                if !t.is_empty() {
                    if f.h1_main.is_none() && region.contains(dom, id) {
                        f.h1_main = Some(t.clone());
                    }
                    f.h1_first = f.h1_first.or(Some(t));
                }
            }
            Tag::Time => {
                if let Some(dt) = attr("datetime").filter(|d| !d.is_empty()) {
                    let published = attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                        || attr("pubdate").is_some()
                        || attr("class").is_some_and(|c| c.to_ascii_lowercase().contains("publish"));
                    f.time_datetime.push((published || region.contains(dom, id), dt));
                }
            }
            _ => {}
        }
        if tag != Tag::Meta && tag != Tag::Link && !tag.is_void() {
            // An author typed as an organisation (microdata
            // `itemtype=".../Organization"`) is the publisher, not a byline.
            let by_itemprop = dom.attr(input, id, "itemprop").is_some_and(|p| p.eq_ignore_ascii_case("author"))
                && !dom.attr(input, id, "itemtype").is_some_and(|t| t.contains("Organization"));
            let by_rel = dom.attr(input, id, "rel").is_some_and(|p| p.eq_ignore_ascii_case("author"));
            let by_class = !dom.nodes[id as usize].attrs.is_empty() && {
                let has = |words: &[&str]| {
                    ["class", "id"].iter().any(|a| {
                        dom.attr(input, id, a).is_some_and(|v| {
                            v.split(|c: char| !c.is_ascii_alphanumeric())
                                .any(|w| words.iter().any(|x| w.eq_ignore_ascii_case(x)))
                        })
                    })
                };
                // Not "editor": "chief-editor" and "editor-picks" name
                // menu entries and lists far more often than bylines.
                has(&["author", "byline", "writer", "reporter"])
                    && !has(&["box", "bio", "avatar", "img", "image", "photo"])
            };
            if by_itemprop || by_rel || by_class {
                let t = text_of(dom, input, id);
                let in_region = region.contains(dom, id);
                // Outside the article, an entry of a menu or a sidebar list
                // (an "authors" link in the navigation) is not its byline.
                let in_menu = dom
                    .ancestors(id)
                    .any(|a| matches!(dom.tag(a), Some(Tag::Nav | Tag::Li | Tag::Aside | Tag::Footer)));
                if !t.is_empty() && t.chars().count() <= 80 && (in_region || !in_menu) {
                    f.byline_elements.push((!in_region, t));
                }
            }
        }
    }
    choose(f, dom, input, blocks, region, url)
}

/// Parses a JSON-LD script, tolerating the raw newlines and tabs inside
/// strings that CMSs often leave (invalid JSON, but meant as spaces).
fn parse_json_ld(raw: &str) -> Option<Value> {
    let raw = raw.trim().trim_start_matches("<!--").trim_end_matches("-->").trim();
    if let Ok(v) = serde_json::from_str(raw) {
        return Some(v);
    }
    let cleaned: String = raw.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    serde_json::from_str(&cleaned).ok()
}

/// The article objects of JSON-LD (flattening arrays and `@graph`), best
/// first: news articles before articles before web pages.
fn ld_articles(ld: &[Value]) -> Vec<&Value> {
    fn walk<'a>(v: &'a Value, out: &mut Vec<(u8, &'a Value)>) {
        match v {
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    walk(g, out);
                }
                let types: Vec<&str> = match o.get("@type") {
                    Some(Value::String(s)) => vec![s.as_str()],
                    Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                let rank = types
                    .iter()
                    .map(|t| match *t {
                        "NewsArticle" | "ReportageNewsArticle" | "AnalysisNewsArticle" | "OpinionNewsArticle" => 0,
                        "Article" | "BlogPosting" | "Report" | "LiveBlogPosting" | "ScholarlyArticle" => 1,
                        "WebPage" | "ItemPage" => 2,
                        _ => 9,
                    })
                    .min()
                    .unwrap_or(9);
                if rank < 9 {
                    out.push((rank, v));
                }
                if let Some(m) = o.get("mainEntity").or_else(|| o.get("mainEntityOfPage")) {
                    if m.is_object() {
                        walk(m, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for v in ld {
        walk(v, &mut out);
    }
    out.sort_by_key(|(r, _)| *r);
    out.into_iter().map(|(_, v)| v).collect()
}

/// A name from a JSON-LD person/organization value (string, object with
/// `name`, or a list of them, joined with `، `).
fn ld_names(v: &Value) -> Option<String> {
    let names: Vec<String> = match v {
        Value::String(s) => vec![squash(s)],
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(squash).into_iter().collect(),
        Value::Array(a) => a.iter().filter_map(ld_names).collect(),
        _ => vec![],
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty() && !n.starts_with("http")).collect();
    (!names.is_empty()).then(|| names.join("، "))
}

/// Whether a JSON-LD `author` value is an organisation (`"@type":
/// "Organization"` or a subtype such as `NewsMediaOrganization`): the
/// publisher standing in for an author, not a byline.
fn ld_is_organization(v: &Value) -> bool {
    let typed = |o: &Value| match o.get("@type") {
        Some(Value::String(t)) => t.ends_with("Organization"),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(|t| t.ends_with("Organization")),
        _ => false,
    };
    match v {
        Value::Object(_) => typed(v),
        Value::Array(a) => !a.is_empty() && a.iter().all(typed),
        _ => false,
    }
}

fn ld_str(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(squash).filter(|s| !s.is_empty())
}

/// Title separators between a headline and a site name.
const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " :", " ׀ ", " ｜ "];

/// `title` without a leading or trailing site name: the part that names the
/// outlet (or its domain) is dropped, or, failing that, the part that a
/// known headline (`h1`) does not contain.
pub fn strip_site_suffix(title: &str, outlet: Option<&str>, domain: Option<&str>, h1: Option<&str>) -> String {
    let fold = Normalizer::search();
    let key = |s: &str| fold.normalize(s).text.split_whitespace().collect::<Vec<_>>().join(" ");
    let names: Vec<String> = outlet.into_iter().chain(domain).map(key).filter(|n| !n.is_empty()).collect();
    for sep in SEPARATORS {
        // Suffix.
        if let Some(at) = title.rfind(sep) {
            let (head, tail) = (title[..at].trim(), title[at + sep.len()..].trim());
            let t = key(tail);
            let names_it = !t.is_empty() && names.iter().any(|n| n.contains(&t) || t.contains(n.as_str()));
            let h1_says = h1.is_some_and(|h| key(h) == key(head));
            if !head.is_empty() && (names_it || h1_says || looks_like_domain(tail)) {
                return head.to_string();
            }
        }
        // Prefix ("Site | Headline").
        if let Some(at) = title.find(sep) {
            let (head, tail) = (title[..at].trim(), title[at + sep.len()..].trim());
            let h = key(head);
            let names_it = !h.is_empty() && names.iter().any(|n| n.contains(&h) || h.contains(n.as_str()));
            let h1_says = h1.is_some_and(|x| key(x) == key(tail));
            if !tail.is_empty() && (names_it || h1_says || looks_like_domain(head)) {
                return tail.to_string();
            }
        }
    }
    title.trim().to_string()
}

fn looks_like_domain(s: &str) -> bool {
    let s = s.trim().to_ascii_lowercase();
    !s.contains(' ') && s.contains('.') && s.rsplit('.').next().is_some_and(|tld| (2..=6).contains(&tld.len()))
}

/// The host of a URL without `www.`.
pub fn domain_of(url: &str) -> Option<String> {
    let rest = match url.split_once("://") {
        Some((_, r)) => r,
        None => url.strip_prefix("//")?,
    };
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?;
    let host = host.trim_start_matches("www.").to_ascii_lowercase();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

/// Resolves `href` against `base` (an absolute URL). Leaves `href` as it is
/// when it is absolute or there is no usable base; drops `javascript:`,
/// `mailto:` and fragment-only links (`None`).
pub fn resolve(base: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if href.is_empty()
        || href.starts_with('#')
        || lower.starts_with("javascript:")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
    {
        return None;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(href.to_string());
    }
    let Some(base) = base.filter(|b| b.contains("://")) else {
        return Some(href.to_string());
    };
    let (scheme, rest) = base.split_once("://")?;
    if let Some(h) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{h}"));
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    if href.starts_with('/') {
        return Some(format!("{scheme}://{host}{href}"));
    }
    let path = &rest[host_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let (rel, query) = match href.find(['?', '#']) {
        Some(i) => (&href[..i], &href[i..]),
        None => (href, ""),
    };
    let segs: Vec<&str> = rel.split('/').collect();
    for (k, seg) in segs.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s if s.is_empty() && k + 1 < segs.len() => {}
            s => parts.push(s),
        }
    }
    let last_is_dir = rel.ends_with('/') || rel.ends_with("/.") || rel.ends_with("/..");
    let mut out = format!("{scheme}://{host}/{}", parts.join("/"));
    if last_is_dir && !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(query);
    Some(out)
}

/// Phrases that head a list of related articles (folded by the search fold).
const RELATED_HEADS: &[&str] = &[
    "اقرأ أيضا",
    "إقرأ أيضا",
    "اقرأ ايضا",
    "اقرا ايضا",
    "إقرأ كذلك",
    "اقرأ كذلك",
    "اقرأ المزيد",
    "إقرأ المزيد",
    "اقرأ أيضًا",
    "شاهد أيضا",
    "شاهد ايضا",
    "طالع أيضا",
    "طالع ايضا",
    "ذات صلة",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "مقالات ذات صلة",
    "موضوعات ذات صلة",
    "أخبار متعلقة",
    "مواضيع متعلقة",
    "مقالات متعلقة",
    "قد يهمك أيضا",
    "قد يعجبك أيضا",
    "المزيد من الأخبار",
    "روابط ذات صلة",
];

/// The heads of [`RELATED_HEADS`], folded once.
static RELATED_FOLDED: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    let fold = Normalizer::search();
    RELATED_HEADS.iter().map(|h| fold.normalize(h).text).collect()
});

/// Whether a short block heads a related-articles list ("اقرأ أيضاً").
pub fn is_related_head(text: &str) -> bool {
    // Heads are a few words: skip longer blocks before folding anything.
    if text.len() > 120 || text.split_whitespace().count() > 5 {
        return false;
    }
    let t = Normalizer::search().normalize(text).text;
    let t = t.trim_matches(|c: char| !c.is_alphanumeric()).trim();
    RELATED_FOLDED.iter().any(|h| {
        t == h || t.starts_with(h.as_str()) && t[h.len()..].chars().all(|c| !c.is_alphanumeric() || c.is_whitespace())
    })
}

fn choose(f: Found, dom: &Dom, input: &str, blocks: &[PageBlock], region: &Region, url: Option<&str>) -> Metadata {
    let mut m = Metadata::default();
    let articles = ld_articles(&f.ld);
    let ld = articles.first().copied();
    let base_url = f.base.clone().or(f.canonical.clone()).or(f.og_url.clone()).or(url.map(str::to_string));
    m.canonical_url = f
        .canonical
        .as_deref()
        .or(f.og_url.as_deref())
        .and_then(|c| resolve(url.or(base_url.as_deref()), c))
        .filter(|c| c.contains("://"));
    let domain = m.canonical_url.as_deref().or(url).and_then(domain_of);
    let ld_publisher = ld.and_then(|v| v.get("publisher")).and_then(ld_names);
    m.outlet = f.site_name.clone().or(ld_publisher).or(f.app_name.clone()).or(domain.clone());
    let h1 = f.h1_main.clone().or(f.h1_first.clone());
    let outlet = m.outlet.clone();
    let strip = |t: &str| strip_site_suffix(t, outlet.as_deref(), domain.as_deref(), h1.as_deref());
    // The site name as the title writes it ("خبر - المدينة نيوز"), when a
    // headline was cut from it: a better outlet name than a domain.
    let title_site = f.title.as_deref().and_then(|t| {
        let h = strip(t);
        let rest = t.replacen(&h, "", 1);
        let rest = rest.trim_matches(|c: char| c.is_whitespace() || "|-–—:«»׀｜".contains(c)).to_string();
        (h != t && !rest.is_empty() && rest.chars().count() <= 40).then_some(rest)
    });
    if f.site_name.is_none() {
        if let Some(ts) = &title_site {
            if !looks_like_domain(ts) {
                m.outlet = Some(ts.clone());
            }
        }
    }
    m.headline = f
        .og_title
        .as_deref()
        .map(strip)
        .or_else(|| ld.and_then(|v| ld_str(v, "headline")))
        .or_else(|| f.twitter_title.as_deref().map(strip))
        .or(h1.clone())
        .or_else(|| f.title.as_deref().map(strip))
        .filter(|h| !h.is_empty());

    // Published: JSON-LD, then article:published_time and other meta, then
    // <time datetime>, then a date written near the top of the article.
    let candidates = ld
        .and_then(|v| ld_str(v, "datePublished").or_else(|| ld_str(v, "dateCreated")))
        .map(|d| (d, "json-ld"))
        .into_iter()
        .chain(f.meta_published.iter().filter(|(r, _)| *r == 0).map(|(_, d)| (d.clone(), "meta")))
        .chain(f.meta_published.iter().filter(|(r, _)| *r == 1).map(|(_, d)| (d.clone(), "meta")))
        .chain(f.time_datetime.iter().filter(|(p, _)| *p).map(|(_, d)| (d.clone(), "time")));
    for (d, from) in candidates {
        if let Some(iso) = date::normalize_machine_date(&d) {
            m.published = Some(iso);
            m.published_from = Some(from);
            break;
        }
    }
    if m.published.is_none() {
        if let Some(d) = text_date(blocks, region, dom) {
            m.published = Some(d);
            m.published_from = Some("text");
        }
    }
    m.modified = ld
        .and_then(|v| ld_str(v, "dateModified"))
        .or(f.meta_modified.clone())
        .and_then(|d| date::normalize_machine_date(&d));

    // A byline that only names the site (its outlet name, the site name in
    // the title, its domain's name: `akhbarelyom`) is not an author.
    let fold = Normalizer::search();
    let key = |s: &str| fold.normalize(s).text.to_lowercase().replace(' ', "");
    let mut site_keys: Vec<String> = Vec::new();
    site_keys.extend(m.outlet.as_deref().map(key));
    site_keys.extend(title_site.as_deref().map(key));
    if let Some(d) = domain.as_deref() {
        site_keys.push(key(d));
        site_keys.extend(d.split('.').next().map(key));
    }
    // The words of the site's names: an author whose every word is one of
    // them ("Sputnik" on "Sputnik Arabic") names the site too.
    let site_words: Vec<Vec<String>> = m
        .outlet
        .iter()
        .chain(title_site.iter())
        .map(|s| fold.normalize(s).text.to_lowercase().split_whitespace().map(str::to_string).collect())
        .collect();
    let is_site = |a: &String| {
        let words: Vec<String> = fold.normalize(a).text.to_lowercase().split_whitespace().map(str::to_string).collect();
        site_keys.iter().any(|k| !k.is_empty() && *k == key(a))
            || (!words.is_empty() && site_words.iter().any(|sw| words.iter().all(|w| sw.contains(w))))
    };
    let clean = |a: String| -> Option<String> {
        let words: Vec<&str> = a.split_whitespace().filter(|w| !w.contains("://")).collect();
        let a = words.join(" ");
        // Each of a list of names ("أ، ب") loses its place and brackets.
        let a: Vec<&str> = a.split('،').map(without_place).filter(|n| !n.is_empty()).collect();
        let a = a.join("، ");
        (!a.is_empty() && a.chars().count() >= 3).then_some(a)
    };
    m.byline = ld
        .and_then(|v| v.get("author"))
        .filter(|v| !ld_is_organization(v))
        .and_then(ld_names)
        .and_then(clean)
        .filter(|a| !is_site(a))
        .or_else(|| f.meta_author.clone().and_then(clean).filter(|a| !is_site(a)))
        .or_else(|| {
            let mut elements = f.byline_elements.clone();
            elements.sort_by_key(|(outside, _)| *outside);
            elements.into_iter().map(|(_, t)| t).filter_map(clean).find(|a| !is_site(a))
        });
    m.description = f.description.clone();
    m.lang = f.lang.clone();
    m.related = related_links(dom, input, blocks, base_url.as_deref());
    let mut credits: Vec<String> = Vec::new();
    if let Some(s) = ld.and_then(|v| v.get("sourceOrganization")).and_then(ld_names) {
        credits.push(s);
    }
    if let Some(s) = f.meta_source.clone() {
        if !s.contains("://") && !credits.contains(&s) {
            credits.push(s);
        }
    }
    m.credits = credits;
    m
}

/// The first date written in the page near its article: in the blocks just
/// before the main region's first prose block and in the region's first
/// blocks. Gregorian dates are preferred to Hijri ones written beside them.
fn text_date(blocks: &[PageBlock], region: &Region, dom: &Dom) -> Option<String> {
    let first_main = blocks.iter().position(|b| b.block.in_main == Some(true))?;
    let from = first_main.saturating_sub(12);
    let to = (first_main + 12).min(blocks.len());
    let mut hijri = None;
    for b in &blocks[from..to] {
        if b.block.text.chars().count() > 200 {
            continue;
        }
        let _ = (region, dom);
        for d in date::find_dates(&b.block.text) {
            if d.date.calendar == date::Calendar::Gregorian {
                return Some(d.date.iso());
            }
            hijri = hijri.or(Some(d.date.iso()));
        }
    }
    hijri
}

/// Related-article links: the link blocks after a "اقرأ أيضاً" heading (up
/// to the end of the heading's container), and the links of containers
/// whose class/id says "related".
fn related_links(dom: &Dom, input: &str, blocks: &[PageBlock], base: Option<&str>) -> Vec<Related> {
    let mut out: Vec<Related> = Vec::new();
    let mut push = |b: &PageBlock| {
        if let Some(url) = b.block.href.as_deref().and_then(|h| resolve(base, h)) {
            let headline = b.block.text.clone();
            if headline.chars().count() >= 10 && !out.iter().any(|r| r.url.as_deref() == Some(url.as_str())) {
                out.push(Related { headline, url: Some(url) });
            }
        }
    };
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        if b.block.href.is_none() && is_related_head(&b.block.text) {
            // The container: the nearest ancestor of the heading that also
            // holds the next block.
            let scope = blocks.get(i + 1).and_then(|next| {
                std::iter::once(b.owner).chain(dom.ancestors(b.owner)).find(|&a| dom.contains(a, next.owner))
            });
            let mut j = i + 1;
            while let (Some(s), Some(nb)) = (scope, blocks.get(j)) {
                if !dom.contains(s, nb.owner) || j - i > 12 {
                    break;
                }
                if nb.block.href.is_some() {
                    push(nb);
                } else if nb.block.text.chars().count() > 30 && nb.block.link_density < 0.5 {
                    break;
                }
                j += 1;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    // Containers named "related".
    let mut named = Vec::new();
    for id in 0..dom.nodes.len() as u32 {
        if dom.tag(id).is_none() {
            continue;
        }
        let says_related = ["class", "id"].iter().any(|a| {
            dom.attr(input, id, a).is_some_and(|v| {
                v.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case("related") || w.eq_ignore_ascii_case("relatedposts"))
            })
        });
        if says_related && !named.iter().any(|&n| dom.contains(n, id)) {
            named.push(id);
        }
    }
    for b in blocks {
        if b.block.href.is_some() && named.iter().any(|&n| dom.contains(n, b.owner)) {
            push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffixes() {
        let table: &[(&str, Option<&str>, Option<&str>, Option<&str>, &str)] = &[
            ("خبر مهم | بوابة الأخبار", Some("بوابة الأخبار"), None, None, "خبر مهم"),
            ("خبر مهم - موقع الخبر", Some("موقع الخبر"), None, None, "خبر مهم"),
            ("خبر مهم – Example News", None, Some("examplenews.com"), None, "خبر مهم – Example News"),
            ("خبر مهم – Example News", Some("Example News"), None, None, "خبر مهم"),
            ("خبر - مع شرطة - داخلية", None, None, Some("خبر - مع شرطة"), "خبر - مع شرطة"),
            ("example.com | خبر مهم", None, None, None, "خبر مهم"),
            ("وزير: نعم - وألف لا", None, None, None, "وزير: نعم - وألف لا"),
        ];
        for &(title, outlet, domain, h1, want) in table {
            assert_eq!(strip_site_suffix(title, outlet, domain, h1), want, "{title}");
        }
    }

    #[test]
    fn urls() {
        let base = Some("https://www.example.com/news/2020/item.html?x=1");
        let table: &[(&str, Option<&str>)] = &[
            ("/a/b", Some("https://www.example.com/a/b")),
            ("c.html", Some("https://www.example.com/news/2020/c.html")),
            ("../c.html?q=1", Some("https://www.example.com/news/c.html?q=1")),
            ("//cdn.example.com/x", Some("https://cdn.example.com/x")),
            ("http://other.org/", Some("http://other.org/")),
            ("#top", None),
            ("javascript:void(0)", None),
        ];
        for &(href, want) in table {
            assert_eq!(resolve(base, href).as_deref(), want, "{href}");
        }
        assert_eq!(domain_of("https://www.Example.com:8080/x"), Some("example.com".into()));
        assert_eq!(domain_of("/relative"), None);
    }

    /// A page with `head` in its `<head>` and `body` in an article.
    fn page(head: &str, body: &str) -> String {
        format!(
            "<html><head><meta property=\"og:site_name\" content=\"الوطن اليوم\">{head}</head><body><article>\
             <h1>الحكومة تعلن خطة جديدة لدعم المزارعين في الجنوب</h1>{body}\
             <p>قال وزير الزراعة في مؤتمر صحفي اليوم إن الخطة تشمل قروضا ميسرة وبذورا محسنة للمزارعين في القرى الجنوبية.</p>\
             <p>وأضاف الوزير أن التنفيذ يبدأ الشهر المقبل بعد إقرار الموازنة في مجلس النواب، وأن الدفعة الأولى تصل قبل موسم الزراعة.</p>\
             </article></body></html>"
        )
    }

    #[test]
    fn bylines_from_metadata() {
        let ld = |author: &str| {
            format!(
                "<script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"خطة\",\"author\":{author}}}</script>"
            )
        };
        let table: Vec<(String, String, Option<&str>)> = vec![
            // A desk line (place - outlet) names the outlet, not an author.
            (r#"<meta name="author" content="(عمان - الوطن اليوم)">"#.into(), String::new(), None),
            (r#"<meta name="author" content="(القاهرة - وكالة الأنباء)">"#.into(), String::new(), Some("وكالة الأنباء")),
            (r#"<meta name="author" content="ليلى حداد - بيروت">"#.into(), String::new(), Some("ليلى حداد")),
            // An organisation in the author slot is the publisher.
            (ld(r#"{"@type":"Organization","name":"الوطن"}"#), String::new(), None),
            (ld(r#"{"@type":"Person","name":"سامر العلي"}"#), String::new(), Some("سامر العلي")),
            (
                String::new(),
                r#"<div itemprop="author" itemscope itemtype="http://schema.org/Organization"><span itemprop="name">الوطن</span></div>"#.into(),
                None,
            ),
            (String::new(), r#"<span itemprop="author">هدى منصور</span>"#.into(), Some("هدى منصور")),
            // A word of the site's name alone is the site.
            (r#"<meta name="author" content="الوطن">"#.into(), String::new(), None),
            // A menu entry whose class says "editor" or "author" is not a byline.
            (
                String::new(),
                r#"</article><nav><ul><li class="chief-editor"><a href="/o">كلمة رئيس التحرير</a></li><li class="authors"><a href="/w">كتاب الموقع</a></li></ul></nav><article>"#.into(),
                None,
            ),
        ];
        for (head, body, want) in table {
            let html = page(&head, &body);
            let got = super::super::HtmlExtractor::new().extract(&html, None).meta.byline;
            assert_eq!(got.as_deref(), want, "{head}{body}");
        }
    }

    #[test]
    fn related_heads() {
        for t in ["اقرأ أيضاً", "إقرأ أيضا:", "أخبار ذات صلة", "اقرأ ايضًا"] {
            assert!(is_related_head(t), "{t}");
        }
        for t in ["اقرأ أيضاً: عنوان خبر طويل نسبيا عن الاقتصاد والسياسة", "ذات يوم"]
        {
            assert!(!is_related_head(t), "{t}");
        }
    }
}
