//! Durations, amounts and ranks as a person writes them: "environ 1 h 30",
//! "plusieurs semaines", "1,5 million d'euros", "6e appel".

use super::{fill_in, Words};
use crate::text::duration_parts;

impl Words {
    /// A TimeML duration (`PT1H30M`, `P3D`, `PXW`) with its TimeML modifier
    /// (`APPROX`...), in words; a value that is no duration is given back
    /// as it is.
    pub fn duration(&self, value: &str, modifier: Option<&str>) -> String {
        let Some(written) = self.duration_parts(value) else {
            return value.to_string();
        };
        match modifier.and_then(|m| self.file.durations.modifiers.get(m)) {
            Some(m) => fill_in(m, &[("d", &written)]),
            None => written,
        }
    }

    /// The parts of a duration in words, joined by spaces.
    fn duration_parts(&self, value: &str) -> Option<String> {
        let (calendar, clock) = duration_parts(value)?;
        let mut out: Vec<String> = Vec::new();
        for (number, unit) in calendar {
            out.push(self.calendar_units(&number, &unit)?);
        }
        if !clock.is_empty() {
            out.extend(self.clock_units(&clock)?);
        }
        (!out.is_empty()).then(|| out.join(" "))
    }

    /// "3 jours", "plusieurs semaines".
    fn calendar_units(&self, number: &str, unit: &str) -> Option<String> {
        let d = &self.file.durations;
        let [one, many] = d.units.get(unit)?;
        if number == "X" {
            return Some(fill_in(&d.several, &[("units", many)]));
        }
        let n: f64 = number.parse().ok()?;
        let noun = if n < 2.0 { one } else { many };
        Some(format!("{} {noun}", self.number(n)))
    }

    /// Hours, minutes and seconds: "1 h 30", "45 min".
    fn clock_units(&self, parts: &[(String, String)]) -> Option<Vec<String>> {
        let d = &self.file.durations;
        let get = |u: &str| parts.iter().find(|(_, unit)| unit == u).map(|(n, _)| n);
        if let Some((_, unit)) = parts.iter().find(|(n, _)| n == "X") {
            let [_, many] = d.units.get(&format!("T{unit}"))?;
            return Some(vec![fill_in(&d.several, &[("units", many)])]);
        }
        let mut out = Vec::new();
        match (get("H"), get("M")) {
            (Some(h), Some(m)) => out.push(fill_in(
                &d.hours_minutes,
                &[("h", h), ("m", &format!("{m:0>2}"))],
            )),
            (Some(h), None) => out.push(fill_in(&d.hours, &[("h", h)])),
            (None, Some(m)) => out.push(fill_in(&d.minutes, &[("m", m)])),
            (None, None) => {}
        }
        if let Some(s) = get("S") {
            out.push(fill_in(&d.seconds, &[("s", s)]));
        }
        (!out.is_empty()).then_some(out)
    }

    /// An amount of `currency` (ISO 4217): "1,5 million d'euros", "€12,500".
    pub fn amount(&self, value: f64, currency: &str) -> String {
        let amounts = &self.file.amounts;
        let Some(w) = amounts.get(currency).or_else(|| amounts.get("other")) else {
            return format!("{value} {currency}");
        };
        let scale = self
            .file
            .numbers
            .scales
            .iter()
            .find(|(threshold, _, _)| value.abs() >= *threshold);
        match scale {
            Some((threshold, one, many)) => {
                let n = value / threshold;
                let scale = if n.abs() < 2.0 { one } else { many };
                fill_in(
                    &w.scaled,
                    &[("n", &self.number(n)), ("scale", scale), ("code", currency)],
                )
            }
            None => fill_in(&w.plain, &[("n", &self.number(value)), ("code", currency)]),
        }
    }

    /// A number with the language's marks: at most two decimals, no
    /// trailing zero, thousands grouped.
    fn number(&self, n: f64) -> String {
        let nums = &self.file.numbers;
        let fixed = format!("{:.2}", n.abs());
        let (whole, decimals) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let decimals = decimals.trim_end_matches('0');
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push_str(&nums.thousands);
            }
            grouped.push(c);
        }
        let sign = if n < 0.0 { "-" } else { "" };
        if decimals.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{}{decimals}", nums.decimal)
        }
    }

    /// An event of `kind` ranked `n` in its series: "6e appel", "1re
    /// rencontre", "3rd call", "6e de la série".
    pub fn rank(&self, n: u32, kind: &str) -> String {
        let r = &self.file.ranks;
        let noun = r.nouns.get(kind);
        let feminine = noun.is_some_and(|x| x.feminine);
        let first = if feminine {
            r.first_feminine.as_ref().or(r.first.as_ref())
        } else {
            r.first.as_ref()
        };
        let last_digit = (n % 10).to_string();
        let rank = match (n, first) {
            (1, Some(f)) => f.clone(),
            _ if r.teens.contains(&(n % 100)) => fill_in(&r.ordinal, &[("n", &n.to_string())]),
            _ => {
                let pattern = r.by_last_digit.get(&last_digit).unwrap_or(&r.ordinal);
                fill_in(pattern, &[("n", &n.to_string())])
            }
        };
        match noun {
            Some(x) => fill_in(&r.with_noun, &[("rank", &rank), ("noun", &x.noun)]),
            None => fill_in(&r.alone, &[("rank", &rank)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_write_them() {
        let fr = Words::of("fr");
        assert_eq!(fr.duration("PT1H30M", Some("APPROX")), "environ 1 h 30");
        assert_eq!(fr.duration("PT1H30M", Some("LESS_THAN")), "moins de 1 h 30");
        assert_eq!(fr.duration("PT1H5M", None), "1 h 05");
        assert_eq!(fr.duration("PT45M", None), "45 min");
        assert_eq!(fr.duration("P1D", None), "1 jour");
        assert_eq!(fr.duration("P2M", None), "2 mois");
        assert_eq!(fr.duration("PXW", None), "plusieurs semaines");
        assert_eq!(fr.duration("P1Y6M", None), "1 an 6 mois");
        assert_eq!(fr.duration("P1.5D", None), "1,5 jour");
        assert_eq!(fr.duration("nonsense", None), "nonsense");
        assert_eq!(fr.duration("P", None), "P");
        assert_eq!(fr.duration("PTXH", None), "plusieurs heures");
        let en = Words::of("en");
        assert_eq!(en.duration("PT2H", Some("APPROX")), "about 2 h");
        assert_eq!(en.duration("PT1H15M", None), "1 h 15 min");
        assert_eq!(en.duration("P3W", None), "3 weeks");
    }

    #[test]
    fn amounts_read_as_people_write_them() {
        let fr = Words::of("fr");
        assert_eq!(fr.amount(1_500_000.0, "EUR"), "1,5 million d'euros");
        assert_eq!(fr.amount(3_200_000.0, "EUR"), "3,2 millions d'euros");
        assert_eq!(fr.amount(60e9, "USD"), "60 milliards de dollars");
        assert_eq!(fr.amount(12_500.0, "EUR"), "12\u{202f}500 €");
        assert_eq!(fr.amount(700.0, "CHF"), "700 CHF");
        let en = Words::of("en");
        assert_eq!(en.amount(1_500_000.0, "EUR"), "€1.5 million");
        assert_eq!(en.amount(12_500.0, "USD"), "$12,500");
    }

    #[test]
    fn ranks_take_their_kind_noun() {
        let fr = Words::of("fr");
        assert_eq!(fr.rank(6, "call"), "6e appel");
        assert_eq!(fr.rank(1, "call"), "1er appel");
        assert_eq!(fr.rank(1, "meeting"), "1re rencontre");
        assert_eq!(fr.rank(2, "event"), "2e de la série");
        let en = Words::of("en");
        assert_eq!(en.rank(3, "call"), "3rd call");
        assert_eq!(en.rank(11, "call"), "11th call");
        assert_eq!(en.rank(21, "meeting"), "21st meeting");
        assert_eq!(en.rank(9, "event"), "9th in its series");
    }
}
