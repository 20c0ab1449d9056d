//! Dates as a person writes them: "4 juin 2025", "juin 2025", "fin
//! décembre 2025", "4 juin, année inconnue".

use filrouge_time::PartialDate;

use super::{fill_in, Words};

impl Words {
    /// A TimeML date value (`2025-06-04`, `2025-12`, `2025`, `XXXX-06-04`)
    /// with its TimeML modifier (`END`...), in words. A value that is no
    /// date is given back as it is.
    pub fn date(&self, value: &str, modifier: Option<&str>) -> String {
        let Some(p) = PartialDate::parse(value) else {
            return value.to_string();
        };
        let d = &self.file.dates;
        let month = p
            .month
            .and_then(|m| self.file.months.get(m.checked_sub(1)? as usize));
        let day = p.day.map(|n| {
            if n == 1 {
                d.first_day.clone()
            } else {
                n.to_string()
            }
        });
        let year = p.year.map(|y| y.to_string());
        let pattern = match (&year, month, &day) {
            (Some(_), Some(_), Some(_)) => &d.day,
            (Some(_), Some(_), None) => &d.month,
            (Some(_), None, _) => &d.year,
            (None, Some(_), Some(_)) => &d.day_no_year,
            (None, Some(_), None) => &d.month_no_year,
            (None, None, _) => return d.unknown.clone(),
        };
        let written = fill_in(
            pattern,
            &[
                ("day", day.as_deref().unwrap_or_default()),
                ("month", month.map(String::as_str).unwrap_or_default()),
                ("year", year.as_deref().unwrap_or_default()),
            ],
        );
        match modifier.and_then(|m| d.modifiers.get(m)) {
            Some(m) => fill_in(m, &[("date", &written)]),
            None => written,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_people_write_them() {
        let fr = Words::of("fr");
        assert_eq!(fr.date("2025-06-04", None), "4 juin 2025");
        assert_eq!(fr.date("2025-06-01", None), "1er juin 2025");
        assert_eq!(fr.date("2025-12", Some("END")), "fin décembre 2025");
        assert_eq!(fr.date("2025-05", Some("MID")), "mi-mai 2025");
        assert_eq!(fr.date("2025", None), "2025");
        assert_eq!(fr.date("XXXX-06-04", None), "4 juin, année inconnue");
        assert_eq!(fr.date("XXXX-07", None), "juillet, année inconnue");
        assert_eq!(fr.date("PRESENT_REF", None), "PRESENT_REF");
        let en = Words::of("en");
        assert_eq!(en.date("2025-06-04", None), "4 June 2025");
        assert_eq!(en.date("2025-12", Some("START")), "early December 2025");
        assert_eq!(en.date("XXXX-06-04", None), "4 June, year unknown");
        // A modifier without words leaves the date as it is.
        assert_eq!(en.date("2025", Some("XYZ")), "2025");
    }
}
