//! The timeline entry and its parts, as the JSON output shows them
//! (schema `filrouge.timeline/2`).

use chrono::NaiveDate;
use filrouge_events::{DateOrigin, Fact};
use filrouge_model::DatePrecision;
use serde::{Deserialize, Serialize};

use crate::text::Bag;

/// A participant or place: a canonical entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRef {
    /// Canonical id ("PER:putin-vladimir").
    pub id: String,
    /// Display name.
    pub name: String,
    /// PER, ORG or LOC.
    #[serde(rename = "type")]
    pub kind: String,
    /// Mentions in the event's sentences.
    pub mentions: usize,
}

/// A sentence of a source supporting an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceSentence {
    /// Byte span in the document's cleaned text.
    pub span: [usize; 2],
    /// The sentence.
    pub text: String,
}

/// A document reporting an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventSource {
    /// Document id.
    pub document: String,
    /// Where it came from (input path with its line or record), for tools:
    /// a reader is shown [`EventSource::label`] instead.
    pub origin: String,
    /// Its title, when it has one.
    pub title: Option<String>,
    /// The address of the article, when the input gave one.
    pub url: Option<String>,
    /// Who published it: the site's name, else the host of its URL.
    pub publisher: Option<String>,
    /// Its publication date, truncated to its precision (`2025-10-14`,
    /// `2025-10`), when its year is known.
    pub published: Option<String>,
    /// Precision of [`EventSource::published`].
    pub published_precision: Option<DatePrecision>,
    /// Credited agency ("TASS"), when the article credits one in a credit
    /// line ("Source : agence TASS") or a dateline ("(Reuters) -").
    pub credit: Option<String>,
    /// Its language (ISO 639-1), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The first document of its group of near-copies: copies share it.
    pub copy_of: Option<String>,
    /// Other sources of this event whose supporting passage this one
    /// shares nearly verbatim (a paragraph taken from a wire story).
    pub shares_passage_with: Vec<String>,
    /// The event is this document's news (else mentioned in passing).
    pub main: bool,
    /// The sentences that mention the event.
    pub sentences: Vec<SourceSentence>,
}

impl EventSource {
    /// How a reader names this source: its publisher, else its file's
    /// name (never a whole path).
    pub fn label(&self) -> String {
        match &self.publisher {
            Some(p) => p.clone(),
            None => file_name(&self.origin),
        }
    }

    /// The URL when it is a web address a reader can open (`http` or
    /// `https`), else `None`.
    pub fn link(&self) -> Option<&str> {
        self.url.as_deref().filter(|u| {
            let lower = u.trim_start().to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        })
    }

    /// The agency the article credits ("TASS", shown "via TASS"), when
    /// it is not its publisher.
    pub fn via(&self) -> Option<&str> {
        let credit = self.credit.as_deref()?;
        let same = self
            .publisher
            .as_ref()
            .is_some_and(|p| p.eq_ignore_ascii_case(credit));
        (!same).then_some(credit)
    }
}

/// The file name of an origin (`dir/a.jsonl:line 3` -> `a.jsonl:line 3`).
pub fn file_name(origin: &str) -> String {
    origin
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(origin)
        .to_string()
}

/// A quote attached to an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventQuote {
    /// The quoted words.
    pub text: String,
    /// Speaker (canonical name when resolved).
    pub speaker: Option<String>,
    /// Who reported the speaker's words, if someone did.
    pub reported_by: Option<String>,
    /// Cue verb.
    pub cue: Option<String>,
    /// Channel ("Truth Social").
    pub channel: Option<String>,
    /// Indirect speech.
    pub indirect: bool,
    /// Document id.
    pub document: String,
    /// Byte span in the document.
    pub span: [usize; 2],
}

/// A fact said of an event, with the document saying it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventFact {
    /// The fact.
    #[serde(flatten)]
    pub fact: Fact,
    /// Document id.
    pub document: String,
}

/// An ordinal ("the sixth call") with the document saying it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventOrdinal {
    /// Rank in its series.
    pub value: u32,
    /// Document id.
    pub document: String,
}

/// One side of a disagreement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisagreementSide {
    /// The value this side gives.
    pub value: String,
    /// The documents giving it.
    pub documents: Vec<String>,
}

/// Sources giving incompatible values for one attribute of one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    /// `duration`, `amount`, `initiator` or `date`.
    pub attribute: String,
    /// Each value and its sources.
    pub sides: Vec<DisagreementSide>,
}

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// Stable within one run: `e1`, `e2`... in date order.
    pub id: String,
    /// The same for every query over one corpus (`/api/events/{key}`):
    /// the id of the first of its documents (in id order) and the event's
    /// index in it.
    pub key: String,
    /// ISO date truncated to its precision (`2025-07-03`, `2025-12`, `2025`).
    pub date: String,
    /// day, month or year.
    pub precision: DatePrecision,
    /// TimeML modifier of the date (START, MID, END...).
    pub modifier: Option<String>,
    /// How the date was obtained: explicit, document_date or corpus.
    pub date_origin: DateOrigin,
    /// The evidence for the date, in words.
    pub date_evidence: Vec<String>,
    /// The date as a person writes it, in the timeline's
    /// [`language`](crate::Timeline::language) ("fin décembre 2025", "4
    /// June, year unknown").
    pub date_text: String,
    /// The words of the source that gave the date ("le 4 juin"), when a
    /// source wrote it next to the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_said: Option<String>,
    /// Event kind (`call`, `talks`, ...).
    pub kind: String,
    /// A headline: the kind in the sources' language and the participants.
    pub headline: String,
    /// Reported by at least one source as its news (else background).
    pub main: bool,
    /// The summary: sources' own sentences, central and not redundant.
    pub summary: Vec<String>,
    /// People and organisations taking part, most mentioned first.
    pub participants: Vec<EntityRef>,
    /// Places named with it.
    pub places: Vec<EntityRef>,
    /// Events, works, products and laws named with it (MISC: "Coupe du
    /// monde", "loi Veil"); left out of the JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misc: Vec<EntityRef>,
    /// Durations and amounts.
    pub facts: Vec<EventFact>,
    /// Its rank in a series, per source.
    pub ordinals: Vec<EventOrdinal>,
    /// Quotes from its sources about it.
    pub quotes: Vec<EventQuote>,
    /// The documents reporting it.
    pub sources: Vec<EventSource>,
    /// Sources counted once per group of near-copies and of sources
    /// sharing the passage that reports the event.
    pub independent_sources: usize,
    /// Incompatible values across sources.
    pub disagreements: Vec<Disagreement>,
    /// First day of the date, for ordering and filtering.
    #[serde(skip)]
    pub(crate) start: NaiveDate,
    /// Last day of the date.
    #[serde(skip)]
    pub(crate) end: NaiveDate,
    /// Words of its sentences, for text queries.
    #[serde(skip)]
    pub(crate) words: Bag,
    /// Languages of its sources.
    #[serde(skip)]
    pub(crate) langs: Vec<String>,
    /// Whether one of its sources is on the collection's subject.
    #[serde(skip)]
    pub(crate) on_subject: bool,
    /// Where it comes among the events of its collection: its first
    /// member's document date and id and the member's event index, as
    /// the canonical order reads them.
    #[serde(skip)]
    pub(crate) order: String,
}
