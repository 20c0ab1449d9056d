//! Scoring document dates: each answer judged part by part against the
//! truth ([`judge`]), then the figures of a set of judgements
//! ([`Figures::of`]): day, month and year right, abstentions, wrong years
//! among confident answers, and the reliability table.

use serde::Serialize;

use super::value::{Precision, StatedDate};
use crate::score::ratio;

/// The confidence from which an answer counts as confident.
pub const CONFIDENT: f64 = 0.5;

/// Bins of the reliability table: `[0, 0.2)`, `[0.2, 0.4)`, ... `[0.8, 1]`.
pub const RELIABILITY_BINS: usize = 5;

/// A system's answer for one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Answer {
    /// The date given (a TimeML value such as `2025-07-03` or
    /// `XXXX-07-03`); `None` when the system gave none.
    pub value: Option<String>,
    /// How sure the system says it is, 0 to 1, when it says.
    pub confidence: Option<f64>,
    /// Why, in the system's words.
    pub reasons: Vec<String>,
}

/// How one part of an answer (year, month or day) fares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Stated and right.
    Right,
    /// Stated and wrong, or stated with a wrong year.
    Wrong,
    /// Not stated by the answer.
    NotStated,
    /// The truth does not know this part (a truth known to the month has
    /// no day to score).
    NotScored,
}

/// The judgement of one answer, part by part.
///
/// The year is right when stated and equal to the truth's. The month is
/// right when stated and equal, and the year, if stated, is right too: a
/// stated wrong year names another month. The day likewise needs the day
/// and month stated and equal and no wrong year. So `XXXX-07-03` for a
/// truth of 2025-07-03 has its day and month right and states no year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Judgement {
    /// The year.
    pub year: Outcome,
    /// The month.
    pub month: Outcome,
    /// The day.
    pub day: Outcome,
    /// The finest part the answer states.
    pub stated: Precision,
    /// Whether the answer is right at the precision it states (the
    /// truth's, when coarser: a day stated for a truth known to the month
    /// is judged on its month); `None` when it states nothing.
    pub right_as_stated: Option<bool>,
}

impl Judgement {
    /// Whether the year, month and day are all stated and right.
    pub fn full_date_right(&self) -> bool {
        self.year == Outcome::Right && self.day == Outcome::Right
    }

    /// Whether the answer states no year (an abstention on the year).
    pub fn abstains(&self) -> bool {
        self.year == Outcome::NotStated
    }
}

/// Judges `answer` (what it states; `None` for no answer or a value that
/// is no calendar date) against `truth`.
pub fn judge(truth: &StatedDate, answer: Option<&StatedDate>) -> Judgement {
    let a = answer.copied().unwrap_or_default();
    let year_fits = a.year.is_none() || a.year == truth.year;
    let year = part(truth.year, a.year, |_| true);
    let month = part(truth.month, a.month, |m| m == truth.month && year_fits);
    let day = part(truth.day, a.day, |d| {
        d == truth.day && a.month == truth.month && year_fits
    });
    let stated = a.precision();
    let level = stated.min(truth.precision());
    let right_as_stated = match level {
        Precision::Nothing => None,
        Precision::Year => Some(year == Outcome::Right),
        Precision::Month => Some(month == Outcome::Right),
        Precision::Day => Some(day == Outcome::Right),
    };
    Judgement {
        year,
        month,
        day,
        stated,
        right_as_stated,
    }
}

/// One part: not scored when the truth lacks it, not stated when the
/// answer lacks it, else right when `right` says so.
fn part<T: PartialEq + Copy>(
    truth: Option<T>,
    answer: Option<T>,
    right: impl Fn(Option<T>) -> bool,
) -> Outcome {
    match (truth, answer) {
        (None, _) => Outcome::NotScored,
        (Some(_), None) => Outcome::NotStated,
        (Some(t), Some(a)) if a == t && right(Some(a)) => Outcome::Right,
        _ => Outcome::Wrong,
    }
}

/// A count out of a total, and their ratio (0 when the total is 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Share {
    /// How many.
    pub count: usize,
    /// Out of how many.
    pub of: usize,
    /// `count / of`.
    pub share: f64,
}

impl Share {
    /// `count` out of `of`.
    pub fn new(count: usize, of: usize) -> Share {
        Share {
            count,
            of,
            share: ratio(count, of),
        }
    }
}

/// One row of the reliability table: the answers whose stated confidence
/// lies in `[from, to)` (the last row includes 1), and how many of them
/// are right at the precision they state.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReliabilityBin {
    /// Lowest confidence of the bin.
    pub from: f64,
    /// Highest confidence of the bin (excluded but in the last bin).
    pub to: f64,
    /// Answers stating something with a confidence in the bin.
    pub answers: usize,
    /// Of those, the ones right at the precision they state.
    pub right: usize,
    /// `right / answers`: what a confidence in the bin is worth.
    pub share_right: f64,
    /// The mean stated confidence in the bin (0 when empty).
    pub mean_confidence: f64,
}

/// The figures of a set of judged answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Documents judged.
    pub documents: usize,
    /// Day right, out of the documents whose truth has a day.
    pub day: Share,
    /// Month right, out of the documents whose truth has a month.
    pub month: Share,
    /// Year right, out of all documents.
    pub year: Share,
    /// Year, month and day all stated and right, out of the documents
    /// whose truth has a day.
    pub full_date: Share,
    /// Answers stating no year (none given, `XXXX`, `XXXX-07-03`), out of
    /// all documents.
    pub abstentions: Share,
    /// Wrong years among the answers stating a year with a confidence of
    /// at least [`CONFIDENT`]; `None` when no answer carries a confidence.
    pub confident_wrong_years: Option<Share>,
    /// Answers binned by stated confidence; empty when no answer carries
    /// one.
    pub reliability: Vec<ReliabilityBin>,
}

impl Figures {
    /// The figures of `judged`: each judgement with the confidence its
    /// answer stated.
    pub fn of<'a>(judged: impl IntoIterator<Item = (&'a Judgement, Option<f64>)>) -> Figures {
        let judged: Vec<(&Judgement, Option<f64>)> = judged.into_iter().collect();
        let count = |f: &dyn Fn(&Judgement) -> bool| judged.iter().filter(|(j, _)| f(j)).count();
        let scored = |o: Outcome| o != Outcome::NotScored;
        let with_day = count(&|j| scored(j.day));
        let any_confidence = judged.iter().any(|(_, c)| c.is_some());
        let confident: Vec<&Judgement> = judged
            .iter()
            .filter(|(j, c)| c.is_some_and(|c| c >= CONFIDENT) && j.year != Outcome::NotStated)
            .map(|(j, _)| *j)
            .collect();
        let wrong_years = confident
            .iter()
            .filter(|j| j.year == Outcome::Wrong)
            .count();
        Figures {
            documents: judged.len(),
            day: Share::new(count(&|j| j.day == Outcome::Right), with_day),
            month: Share::new(
                count(&|j| j.month == Outcome::Right),
                count(&|j| scored(j.month)),
            ),
            year: Share::new(count(&|j| j.year == Outcome::Right), judged.len()),
            full_date: Share::new(count(&Judgement::full_date_right), with_day),
            abstentions: Share::new(count(&Judgement::abstains), judged.len()),
            confident_wrong_years: any_confidence.then(|| Share::new(wrong_years, confident.len())),
            reliability: if any_confidence {
                reliability(&judged)
            } else {
                Vec::new()
            },
        }
    }
}

/// The reliability table of answers that state something and carry a
/// confidence.
fn reliability(judged: &[(&Judgement, Option<f64>)]) -> Vec<ReliabilityBin> {
    let width = 1.0 / RELIABILITY_BINS as f64;
    let mut bins: Vec<(usize, usize, f64)> = vec![(0, 0, 0.0); RELIABILITY_BINS];
    for (j, c) in judged {
        let (Some(c), Some(right)) = (c, j.right_as_stated) else {
            continue;
        };
        let index = ((c.clamp(0.0, 1.0) / width) as usize).min(RELIABILITY_BINS - 1);
        let bin = &mut bins[index];
        bin.0 += 1;
        bin.1 += usize::from(right);
        bin.2 += c;
    }
    bins.into_iter()
        .enumerate()
        .map(|(i, (answers, right, sum))| ReliabilityBin {
            from: i as f64 * width,
            to: (i + 1) as f64 * width,
            answers,
            right,
            share_right: ratio(right, answers),
            mean_confidence: if answers == 0 {
                0.0
            } else {
                sum / answers as f64
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(value: &str) -> StatedDate {
        StatedDate::parse(value).unwrap_or_default()
    }

    fn judged(truth: &str, answer: &str) -> Judgement {
        judge(&date(truth), StatedDate::parse(answer).as_ref())
    }

    #[test]
    fn parts_are_right_only_when_stated_and_right() {
        use Outcome::*;
        let j = judged("2020-05-06", "2020-05-06");
        assert_eq!((j.year, j.month, j.day), (Right, Right, Right));
        assert!(j.full_date_right() && !j.abstains());
        // The day and month without the year: right as far as stated.
        let j = judged("2020-05-06", "XXXX-05-06");
        assert_eq!((j.year, j.month, j.day), (NotStated, Right, Right));
        assert_eq!(j.right_as_stated, Some(true));
        assert!(!j.full_date_right() && j.abstains());
        // A wrong year makes the day and month another day and month.
        let j = judged("2020-05-06", "2019-05-06");
        assert_eq!((j.year, j.month, j.day), (Wrong, Wrong, Wrong));
        assert_eq!(j.right_as_stated, Some(false));
        let j = judged("2020-05-06", "2020-05");
        assert_eq!((j.year, j.month, j.day), (Right, Right, NotStated));
        assert_eq!(
            (j.stated, j.right_as_stated),
            (Precision::Month, Some(true))
        );
        let j = judged("2020-05-06", "2020-05-07");
        assert_eq!((j.year, j.month, j.day), (Right, Right, Wrong));
        let j = judged("2020-05-06", "XXXX");
        assert_eq!(
            (j.year, j.stated, j.right_as_stated),
            (NotStated, Precision::Nothing, None)
        );
        let none = judge(&date("2020-05-06"), None);
        assert_eq!(none, j);
    }

    #[test]
    fn a_truth_known_to_the_month_scores_no_day() {
        let j = judged("2021-12", "2021-12-28");
        assert_eq!(j.day, Outcome::NotScored);
        assert_eq!(j.month, Outcome::Right);
        assert_eq!(j.right_as_stated, Some(true), "judged at the month");
        assert_eq!(judged("2021-12", "2021-11-30").right_as_stated, Some(false));
    }

    #[test]
    fn figures_count_parts_abstentions_and_confident_wrong_years() {
        let answers = [
            (judged("2020-05-06", "2020-05-06"), Some(0.9)),
            (judged("2020-05-06", "2018-05-06"), Some(0.7)),
            (judged("2020-05-06", "XXXX-05-06"), Some(0.3)),
            (judged("2021-12", "2021-12-24"), Some(0.5)),
            (judged("2020-05-06", "XXXX"), Some(0.0)),
        ];
        let f = Figures::of(answers.iter().map(|(j, c)| (j, *c)));
        assert_eq!(f.documents, 5);
        assert_eq!(f.day, Share::new(2, 4));
        assert_eq!(f.month, Share::new(3, 5));
        assert_eq!(f.year, Share::new(2, 5));
        assert_eq!(f.full_date, Share::new(1, 4));
        assert_eq!(f.abstentions, Share::new(2, 5));
        assert_eq!(f.confident_wrong_years, Some(Share::new(1, 3)));
        let rows: Vec<(usize, usize)> =
            f.reliability.iter().map(|b| (b.answers, b.right)).collect();
        // XXXX states nothing and is left out; 0.5 falls in [0.4, 0.6).
        assert_eq!(rows, [(0, 0), (1, 1), (1, 1), (1, 0), (1, 1)]);
        assert!((f.reliability[4].mean_confidence - 0.9).abs() < 1e-12);
        assert!((f.reliability[4].to - 1.0).abs() < 1e-12);
    }

    #[test]
    fn answers_without_confidence_have_no_reliability() {
        let j = judged("2020-05-06", "2020-05-06");
        let f = Figures::of([(&j, None)]);
        assert_eq!(f.confident_wrong_years, None);
        assert!(f.reliability.is_empty());
        assert_eq!(Figures::of([]).day, Share::default());
    }
}
