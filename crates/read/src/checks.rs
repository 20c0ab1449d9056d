//! What every document is checked for, whatever its format: a publication
//! date that names no day of the calendar, and NUL characters in its text.

use chrono::NaiveDate;

/// The publication date `given` by a source, or why it is refused.
///
/// A date written the ISO way (`2025-03-14`, with or without a time) must
/// name a real day: `2025-99-99` is refused rather than stored, so that
/// no later stage or query meets it. Other forms ("14 mars 2025", an RFC
/// 2822 stamp) are kept as given; the time stage reads or reports them.
pub(crate) fn published(given: &str) -> Result<String, &'static str> {
    let date = given.trim();
    if date.is_empty() {
        return Err("empty");
    }
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    let dash = |at: usize| bytes.get(at) == Some(&b'-');
    if digits(0..4) && dash(4) && digits(5..7) {
        let number = |range: std::ops::Range<usize>| {
            date.get(range)
                .and_then(|s| s.parse::<u32>().ok())
                .unwrap_or(0)
        };
        let (year, month) = (number(0..4) as i32, number(5..7));
        if !(1..=12).contains(&month) {
            return Err("no such month");
        }
        if dash(7) && digits(8..10) {
            let day = number(8..10);
            if NaiveDate::from_ymd_opt(year, month, day).is_none() {
                return Err("no such day");
            }
        }
    }
    Ok(date.to_string())
}

/// `text` without its NUL characters, and how many there were. They are
/// never content (a broken encoder or a binary fragment), and a NUL ends
/// strings in the tools a user pipes our output into.
pub(crate) fn without_nul(text: String) -> (String, usize) {
    let nuls = text.matches('\0').count();
    if nuls == 0 {
        return (text, 0);
    }
    (text.replace('\0', ""), nuls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_iso_dates_are_refused() {
        assert_eq!(published("2025-99-99"), Err("no such month"));
        assert_eq!(published("2025-02-30"), Err("no such day"));
        assert_eq!(published("2025-13"), Err("no such month"));
        assert_eq!(published("   "), Err("empty"));
    }

    #[test]
    fn real_dates_and_other_forms_are_kept() {
        assert_eq!(published(" 2024-02-29 ").as_deref(), Ok("2024-02-29"));
        assert_eq!(
            published("2025-03-14T08:30:00+01:00").as_deref(),
            Ok("2025-03-14T08:30:00+01:00")
        );
        assert_eq!(published("2025-03").as_deref(), Ok("2025-03"));
        assert_eq!(published("14 mars 2025").as_deref(), Ok("14 mars 2025"));
    }

    #[test]
    fn nul_characters_are_counted_and_removed() {
        assert_eq!(without_nul("a\0b\0".into()), ("ab".into(), 2));
        assert_eq!(without_nul("ab".into()), ("ab".into(), 0));
    }
}
