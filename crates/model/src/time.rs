//! Time expressions and document dates: what the time stage says.

use serde::{Deserialize, Serialize};

/// The TimeML type of a time expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TimexKind {
    /// A calendar date or period ("3 juillet 2025", "l'an dernier").
    Date,
    /// A time of day ("13 h 30", "jeudi soir").
    Time,
    /// A length of time ("une heure et demie").
    Duration,
    /// A recurrence ("chaque semaine").
    Set,
}

impl TimexKind {
    /// The TimeML name (`DATE`, `TIME`, `DURATION`, `SET`).
    pub fn as_str(self) -> &'static str {
        match self {
            TimexKind::Date => "DATE",
            TimexKind::Time => "TIME",
            TimexKind::Duration => "DURATION",
            TimexKind::Set => "SET",
        }
    }
}

/// What a time expression's value was computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimexAnchor {
    /// The text gives the value in full ("3 juillet 2025", "deux heures").
    Explicit,
    /// The document creation time ("hier", "cette année", "jeudi").
    DocumentDate,
    /// The last date the text mentioned ("la veille", "à 14 h").
    Reference,
    /// Nothing to compute from: the unknown parts are `X` in the value.
    Unanchored,
}

/// A time expression, TIMEX3 style.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeExpression {
    /// TimeML type.
    #[serde(rename = "type")]
    pub kind: TimexKind,
    /// TimeML value: `2025-07-03`, `2025-07-03TEV`, `XXXX-06-04`, `PT1H15M`,
    /// `P1W`, `PRESENT_REF`...
    pub value: String,
    /// TimeML modifier: `APPROX`, `MORE_THAN`, `LESS_THAN`, `START`, `MID`, `END`...
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub modifier: Option<String>,
    /// What the value was computed from.
    pub anchor: TimexAnchor,
    /// Named by a holiday ("Noël", "le 4 juillet"): a day of the calendar
    /// rather than the date of something that happened.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub holiday: bool,
    /// A full date standing where a byline or dateline does ("Publié le 3
    /// mars 2025 à 9 h", "LYON, 3 mars 2025 -"): it dates the document,
    /// not a deed.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub dateline: bool,
    /// How the value was obtained, for a reader.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub reasons: Vec<String>,
}

/// How precisely a document date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// Nothing is known.
    Unknown,
    /// The year (and maybe a month or day whose year is unknown: `XXXX-06-04`).
    Year,
    /// The month.
    Month,
    /// The day.
    Day,
}

/// Where a document date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentDateSource {
    /// The source's own metadata (a meta tag, a feed, a record field).
    Metadata,
    /// Inferred from the text by the time stage.
    Text,
    /// Refined from other documents of the corpus.
    Corpus,
}

/// The date of a document: its creation time, against which relative
/// expressions are resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentDate {
    /// TimeML value: `2025-07-03`, `2025-12`, `XXXX-06-04`, `XXXX`.
    pub value: String,
    /// How much of `value` is known.
    pub precision: DatePrecision,
    /// How sure the stage is, 0 to 1.
    pub confidence: f64,
    /// Where it comes from.
    pub source: DocumentDateSource,
    /// Why, in words a reader can check against the text.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub reasons: Vec<String>,
}
