//! Publication dates as the store keeps them: seconds since the epoch (UTC)
//! for ranges, sorting and recency, and the month (`YYYY-MM`) for facets.
//!
//! The cleaner normalizes dates to ISO 8601; containers also give RFC 2822
//! (`Sun, 18 Feb 2018 21:35:43 +0400`, RSS and JSONL exports). Both are read
//! here; anything else is kept as text by the store but has no timestamp.

/// Parses an ISO 8601 date or date-time (`2018-02-18`, `2018-02-18T21:35:43Z`,
/// `2018-02-18 21:35:43+04:00`) or an RFC 2822 date to Unix seconds.
///
/// ```
/// use marsad_corpus::date::parse_date;
/// assert_eq!(parse_date("2018-02-18T17:35:43Z"), Some(1518975343));
/// assert_eq!(parse_date("Sun, 18 Feb 2018 21:35:43 +0400"), Some(1518975343));
/// assert_eq!(parse_date("أمس"), None);
/// ```
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    parse_iso(s).or_else(|| parse_rfc2822(s))
}

/// `YYYY-MM` of a timestamp.
pub fn month(ts: i64) -> String {
    let (y, m, _) = civil_from_days(ts.div_euclid(86_400));
    format!("{y:04}-{m:02}")
}

/// `YYYY-MM-DD` of a timestamp.
pub fn day(ts: i64) -> String {
    let (y, m, d) = civil_from_days(ts.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

fn parse_iso(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = num(&s[0..4])?;
    let mo = num(&s[5..7])?;
    let d = num(&s[8..10])?;
    let mut secs = 0;
    let mut rest = &s[10..];
    if rest.starts_with('T') || rest.starts_with(' ') {
        let t = &rest[1..];
        let tb = t.as_bytes();
        if tb.len() >= 5 && tb[2] == b':' {
            let h = num(&t[0..2])?;
            let mi = num(&t[3..5])?;
            let mut sec = 0;
            let mut used = 5;
            if tb.len() >= 8 && tb[5] == b':' {
                sec = num(&t[6..8])?;
                used = 8;
                // Fractional seconds.
                while used < tb.len() && (tb[used] == b'.' || tb[used].is_ascii_digit()) {
                    used += 1;
                }
            }
            secs = h * 3600 + mi * 60 + sec;
            rest = &t[used..];
        } else {
            rest = t;
        }
    }
    let offset = parse_offset(rest.trim())?;
    Some(days_from_civil(y, mo, d)? * 86_400 + secs - offset)
}

/// `Z`, `+04:00`, `+0400`, `GMT`, `UTC` or nothing (UTC) → seconds east of
/// UTC.
fn parse_offset(s: &str) -> Option<i64> {
    match s {
        "" | "Z" | "z" | "GMT" | "UTC" | "UT" => return Some(0),
        _ => {}
    }
    let sign = match s.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 {
        return None;
    }
    let h = num(&digits[0..2])?;
    let m = num(&digits[2..4])?;
    Some(sign * (h * 3600 + m * 60))
}

fn parse_rfc2822(s: &str) -> Option<i64> {
    // Optional "Sun," then "18 Feb 2018 21:35:43 +0400".
    let s = match s.find(',') {
        Some(i) => &s[i + 1..],
        None => s,
    };
    let mut parts = s.split_whitespace();
    let d = num(parts.next()?)?;
    let mon = parts.next()?.to_ascii_lowercase();
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let mo = MONTHS.iter().position(|m| mon.starts_with(m))? as i64 + 1;
    let y = num(parts.next()?)?;
    let mut secs = 0;
    let mut offset = 0;
    if let Some(t) = parts.next() {
        let f: Vec<&str> = t.split(':').collect();
        if f.len() >= 2 {
            secs = num(f[0])? * 3600 + num(f[1])? * 60 + f.get(2).map_or(Some(0), |x| num(x))?;
        }
        if let Some(z) = parts.next() {
            offset = parse_offset(z)?;
        }
    }
    Some(days_from_civil(y, mo, d)? * 86_400 + secs - offset)
}

fn num(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> Option<i64> {
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=9999).contains(&y) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_table() {
        let table: &[(&str, Option<i64>)] = &[
            ("1970-01-01", Some(0)),
            ("2018-02-18", Some(1518912000)),
            ("2018-02-18T21:35:43+04:00", Some(1518975343)),
            ("2018-02-18T21:35:43+0400", Some(1518975343)),
            ("2018-02-18 17:35:43.250Z", Some(1518975343)),
            ("Mon, 25 Jun 2018 13:54:54 GMT", Some(1529934894)),
            ("25 Jun 2018", Some(1529884800)),
            ("2018-13-01", None),
            ("2018-02-18T21:35:43 Cairo", None),
            ("", None),
            ("١٨ فبراير ٢٠١٨", None),
        ];
        for (s, want) in table {
            assert_eq!(parse_date(s), *want, "{s:?}");
        }
    }

    #[test]
    fn months_and_days() {
        assert_eq!(month(1518975343), "2018-02");
        assert_eq!(day(1529934894), "2018-06-25");
        assert_eq!(day(0), "1970-01-01");
        for ts in [0i64, 951_782_400, 1_518_975_343, 4_102_444_800] {
            let d = day(ts);
            assert_eq!(parse_date(&d), Some(ts - ts.rem_euclid(86_400)), "{d}");
        }
    }
}
