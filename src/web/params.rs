//! Request parameters: reading them (with clear 400s) and writing them back
//! into links (percent-encoded).

use super::error::AppError;
use serde::Deserialize;

/// Results per page of a search.
pub const PER_PAGE: usize = 20;
/// Deepest page served, and the largest page: the index ranks every hit
/// above the page asked for (only the page's own hits are read from the
/// store and get a snippet), so depth is bounded.
pub const MAX_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 50;
/// Largest `offset`: the start of the deepest page at the largest size.
pub const MAX_OFFSET: usize = (MAX_PAGE - 1) * MAX_PER_PAGE;

/// The parameters of `/search` and `/api/search`. Everything arrives as a
/// string and is checked here, so a bad value gets our 400 and message.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    pub outlet: Option<String>,
    pub entity: Option<String>,
    /// `YYYY-MM`: the month facet.
    pub month: Option<String>,
    /// `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
    /// Hits to skip (the API's paging; `page` is `offset / per_page + 1`).
    /// When given, it wins over `page`.
    pub offset: Option<String>,
}

/// [`SearchParams`] checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    pub q: String,
    pub outlet: Option<String>,
    pub entity: Option<String>,
    pub month: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: usize,
    pub per_page: usize,
    /// Hits skipped before this page's first.
    pub offset: usize,
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

impl SearchParams {
    pub fn check(&self) -> Result<Search, AppError> {
        let number =
            |name: &str, v: &Option<String>, default: usize, min: usize, max: usize| -> Result<usize, AppError> {
                match nonempty(v) {
                    None => Ok(default),
                    Some(s) => match s.parse::<usize>() {
                        Ok(n) if (min..=max).contains(&n) => Ok(n),
                        _ => Err(AppError::BadRequest(format!(
                            "{name} must be a whole number from {min} to {max}, not {s:?}"
                        ))),
                    },
                }
            };
        let month = nonempty(&self.month);
        if let Some(m) = &month {
            if month_range(m).is_none() {
                return Err(AppError::BadRequest(format!("month must be YYYY-MM, not {m:?}")));
            }
        }
        for (name, v) in [("from", &self.from), ("to", &self.to)] {
            if let Some(d) = nonempty(v) {
                if !is_date(&d) {
                    return Err(AppError::BadRequest(format!("{name} must be YYYY-MM-DD, not {d:?}")));
                }
            }
        }
        let q = self.q.as_deref().unwrap_or("").trim().to_string();
        if q.chars().count() > 500 {
            return Err(AppError::BadRequest("the query is over 500 characters".into()));
        }
        let per_page = number("per_page", &self.per_page, PER_PAGE, 1, MAX_PER_PAGE)?;
        let (page, offset) = match nonempty(&self.offset) {
            Some(_) => {
                let offset = number("offset", &self.offset, 0, 0, MAX_OFFSET)?;
                (offset / per_page + 1, offset)
            }
            None => {
                let page = number("page", &self.page, 1, 1, MAX_PAGE)?;
                (page, (page - 1) * per_page)
            }
        };
        Ok(Search {
            q,
            outlet: nonempty(&self.outlet),
            entity: nonempty(&self.entity),
            month,
            from: nonempty(&self.from),
            to: nonempty(&self.to),
            page,
            per_page,
            offset,
        })
    }
}

impl Search {
    /// The link to these parameters with some changed (`None` removes one).
    pub fn href(&self, changes: &[(&str, Option<&str>)]) -> String {
        let page = self.page.to_string();
        let per_page = self.per_page.to_string();
        let mut pairs: Vec<(&str, Option<&str>)> = vec![
            ("q", Some(self.q.as_str()).filter(|q| !q.is_empty())),
            ("outlet", self.outlet.as_deref()),
            ("entity", self.entity.as_deref()),
            ("month", self.month.as_deref()),
            ("from", self.from.as_deref()),
            ("to", self.to.as_deref()),
            ("page", Some(page.as_str()).filter(|p| *p != "1")),
            ("per_page", Some(per_page.as_str()).filter(|_| self.per_page != PER_PAGE)),
        ];
        for (k, v) in changes {
            match pairs.iter_mut().find(|(name, _)| name == k) {
                Some(p) => p.1 = *v,
                None => pairs.push((k, *v)),
            }
        }
        let query = query_string(pairs.iter().filter_map(|(k, v)| v.map(|v| (*k, v))));
        if query.is_empty() {
            "/search".to_string()
        } else {
            format!("/search?{query}")
        }
    }

    /// The date range the filters ask for: the month facet, narrowed by
    /// `from` and `to`.
    pub fn date_range(&self) -> (Option<String>, Option<String>) {
        let (mut from, mut to) = (self.from.clone(), self.to.clone());
        if let Some((a, b)) = self.month.as_deref().and_then(month_range) {
            from = Some(from.map_or(a.clone(), |f| f.max(a)));
            to = Some(to.map_or(b.clone(), |t| t.min(b)));
        }
        (from, to)
    }
}

/// `YYYY-MM` → its first and last day.
pub fn month_range(m: &str) -> Option<(String, String)> {
    let (y, mo) = m.split_once('-')?;
    if y.len() != 4 || mo.len() != 2 {
        return None;
    }
    let y: i32 = y.parse().ok()?;
    let mo: u32 = mo.parse().ok()?;
    let last = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    Some((format!("{y:04}-{mo:02}-01"), format!("{y:04}-{mo:02}-{last:02}")))
}

fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && month_range(&d[..7]).is_some_and(|(_, last)| d[8..] >= *"01" && d[8..] <= last[8..])
}

/// Percent-encodes everything but the unreserved characters (RFC 3986), for
/// a query value or a path segment.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `k=v&k=v`, values encoded.
pub fn query_string<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(&encode(v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> SearchParams {
        let get = |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string());
        SearchParams {
            q: get("q"),
            outlet: get("outlet"),
            entity: get("entity"),
            month: get("month"),
            from: get("from"),
            to: get("to"),
            page: get("page"),
            per_page: get("per_page"),
            offset: get("offset"),
        }
    }

    #[test]
    fn checks() {
        let ok: Vec<(&[(&str, &str)], usize)> =
            vec![(&[], 1), (&[("page", "3")], 3), (&[("page", " ")], 1), (&[("month", "2024-02"), ("page", "50")], 50)];
        for (p, page) in ok {
            assert_eq!(params(p).check().unwrap().page, page, "{p:?}");
        }
        let bad: Vec<&[(&str, &str)]> = vec![
            &[("page", "0")],
            &[("page", "x")],
            &[("page", "51")],
            &[("per_page", "51")],
            &[("month", "2024-13")],
            &[("month", "24-01")],
            &[("from", "2024-02-30")],
            &[("to", "yesterday")],
        ];
        for p in bad {
            assert!(matches!(params(p).check(), Err(AppError::BadRequest(_))), "{p:?}");
        }
    }

    #[test]
    fn offset_wins_over_page() {
        let cases: Vec<(&[(&str, &str)], usize, usize)> = vec![
            (&[], 1, 0),
            (&[("page", "3")], 3, 40),
            (&[("page", "3"), ("per_page", "5")], 3, 10),
            (&[("offset", "0")], 1, 0),
            (&[("offset", "45")], 3, 45),
            (&[("offset", "7"), ("per_page", "5"), ("page", "9")], 2, 7),
            (&[("offset", " "), ("page", "2")], 2, 20),
        ];
        for (p, page, offset) in cases {
            let s = params(p).check().unwrap();
            assert_eq!((s.page, s.offset), (page, offset), "{p:?}");
        }
        let bad: Vec<&[(&str, &str)]> = vec![&[("offset", "-1")], &[("offset", "2451")], &[("offset", "x")]];
        for p in bad {
            assert!(matches!(params(p).check(), Err(AppError::BadRequest(_))), "{p:?}");
        }
    }

    #[test]
    fn month_filter_narrows_dates() {
        let s = params(&[("month", "2024-02"), ("from", "2024-02-10")]).check().unwrap();
        assert_eq!(s.date_range(), (Some("2024-02-10".into()), Some("2024-02-29".into())));
    }

    #[test]
    fn links_encode_values() {
        let s = params(&[("q", "سد النهضة & مصر"), ("page", "2")]).check().unwrap();
        assert_eq!(s.href(&[("page", None)]), format!("/search?q={}", encode("سد النهضة & مصر")));
        assert!(s.href(&[]).ends_with("&page=2"));
        assert_eq!(encode("a b/<\"'>"), "a%20b%2F%3C%22%27%3E");
        assert_eq!(encode("PER:سامر"), "PER%3A%D8%B3%D8%A7%D9%85%D8%B1");
    }
}
