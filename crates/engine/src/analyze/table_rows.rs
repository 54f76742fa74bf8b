//! The check behind the analyses' table tests: every row is a text and
//! what the analysis should find in it, rendered as strings; all differing
//! rows are reported at once, so one run shows every regression.

/// Asserts that `render(text)` equals the wanted strings for every row.
pub(crate) fn assert_rows(table: &[(&str, &[&str])], render: impl Fn(&str) -> Vec<String>) {
    let mut failed = Vec::new();
    for (text, want) in table {
        let got = render(text);
        if got != *want {
            failed.push(format!("{text}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(failed.is_empty(), "{} of {} rows differ:\n{}", failed.len(), table.len(), failed.join("\n"));
}
