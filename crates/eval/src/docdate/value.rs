//! What a date value states: a TimeML calendar value read into the parts it
//! gives (`2025-07-03`: year, month, day; `XXXX-07-03`: month and day;
//! `2025-07`; `2025`; `XXXX`: nothing).

use std::fmt;

use serde::Serialize;

/// How fine a date is: the finest part it states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// No part is stated (`XXXX`).
    Nothing,
    /// The year is the finest part.
    Year,
    /// The month is the finest part (`2025-07`, `XXXX-07`).
    Month,
    /// The day is stated (`2025-07-03`, `XXXX-07-03`).
    Day,
}

impl Precision {
    /// `day`, `month`, `year` or `nothing`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Nothing => "nothing",
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// The parts a calendar value states; a part it hides (`XXXX`, `XX`) or
/// does not reach is `None`. A day is only read after a stated month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct StatedDate {
    /// The year, when stated.
    pub year: Option<i32>,
    /// The month (1-12), when stated.
    pub month: Option<u32>,
    /// The day of the month (1-31), when stated with its month.
    pub day: Option<u32>,
}

impl StatedDate {
    /// Reads a TimeML calendar value: `YYYY` or `XXXX`, then optionally
    /// `-MM` or `-XX`, then optionally `-DD` or `-XX`; a time of day after
    /// `T` is ignored, and so is a part of another kind (`2025-W27`,
    /// `2025-SU`: the year alone). `None` when the value is no calendar
    /// value at all (`PRESENT_REF`, `P1W`, empty).
    pub fn parse(value: &str) -> Option<StatedDate> {
        let date = value.trim().split('T').next().unwrap_or_default();
        let mut parts = date.split('-');
        let year = match parts.next()? {
            "XXXX" => None,
            y if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => y.parse().ok(),
            _ => return None,
        };
        let month = parts.next().and_then(|m| number(m, 12));
        let day = month.and(parts.next()).and_then(|d| number(d, 31));
        Some(StatedDate { year, month, day })
    }

    /// The finest part stated.
    pub fn precision(&self) -> Precision {
        match (self.year, self.month, self.day) {
            (_, Some(_), Some(_)) => Precision::Day,
            (_, Some(_), None) => Precision::Month,
            (Some(_), None, _) => Precision::Year,
            (None, None, _) => Precision::Nothing,
        }
    }
}

impl fmt::Display for StatedDate {
    /// Back to a TimeML value: `2025-07-03`, `XXXX-07-03`, `2025-07`,
    /// `2025`, `XXXX`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}")?,
            None => f.write_str("XXXX")?,
        }
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// A two-digit number from 1 to `max`; `None` for `XX` or anything else.
fn number(part: &str, max: u32) -> Option<u32> {
    if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok().filter(|n| (1..=max).contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stated(value: &str) -> Option<(Option<i32>, Option<u32>, Option<u32>)> {
        StatedDate::parse(value).map(|d| (d.year, d.month, d.day))
    }

    #[test]
    fn values_state_the_parts_they_show() {
        assert_eq!(stated("2025-07-03"), Some((Some(2025), Some(7), Some(3))));
        assert_eq!(stated("XXXX-07-03"), Some((None, Some(7), Some(3))));
        assert_eq!(stated("2025-07"), Some((Some(2025), Some(7), None)));
        assert_eq!(stated("2025"), Some((Some(2025), None, None)));
        assert_eq!(stated("XXXX"), Some((None, None, None)));
        assert_eq!(
            stated("2025-07-03T14:30"),
            Some((Some(2025), Some(7), Some(3)))
        );
        assert_eq!(stated("2025-W27"), Some((Some(2025), None, None)));
        assert_eq!(stated("2025-XX-03"), Some((Some(2025), None, None)));
        assert_eq!(stated("2025-13-01"), Some((Some(2025), None, None)));
        assert_eq!(stated("PRESENT_REF"), None);
        assert_eq!(stated(""), None);
        assert_eq!(stated("25-07-03"), None);
    }

    #[test]
    fn precision_and_display() {
        let parse = |v: &str| StatedDate::parse(v).unwrap_or_default();
        assert_eq!(parse("XXXX-07-03").precision(), Precision::Day);
        assert_eq!(parse("2025-07").precision(), Precision::Month);
        assert_eq!(parse("2025").precision(), Precision::Year);
        assert_eq!(parse("XXXX").precision(), Precision::Nothing);
        for v in ["2025-07-03", "XXXX-07-03", "2025-07", "2025", "XXXX"] {
            assert_eq!(parse(v).to_string(), v);
        }
        assert!(Precision::Day > Precision::Year);
    }
}
