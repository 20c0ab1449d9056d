//! Token-level entity gold, the one shape every NER gold reader gives
//! ([`super::hipe`], [`super::europeana`], MEANTIME in
//! [`crate::ner::read_meantime`]): [`NerDocument`]s of gold tokens, the
//! spacing that rebuilds their text, and gold entities as token spans
//! ([`EntitySpan`], end exclusive). A tagger under evaluation is given
//! exactly these tokens (or the text [`NerDocument::text`] rebuilds from
//! them) and answers with token spans, so the scorer never has to align
//! tokenisations.
//!
//! Also here: the labels gold is read into ([`NER_LABELS`], [`MISC_LABEL`]),
//! the corpus parts ([`Split`]), and the BIO/IOB1 tag decoding the
//! token-per-line readers share.

use serde::{Deserialize, Serialize};

use super::europeana::EUROPEANA_TEST_EVERY;

/// The entity types scored and micro-averaged, in report order.
pub const NER_LABELS: [&str; 3] = ["PER", "LOC", "ORG"];

/// The label of other named things (events, works, products, laws): gold
/// `HumanProd` in HIPE, `PRO` in MEANTIME. Scored apart, never in the
/// micro average.
pub const MISC_LABEL: &str = "MISC";

/// One entity: a run of tokens with a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntitySpan {
    /// Index of the first token.
    pub start: usize,
    /// Index one past the last token (end exclusive).
    pub end: usize,
    /// Entity type: `PER`, `LOC`, `ORG` or `MISC` in gold.
    pub label: String,
}

impl EntitySpan {
    /// The span `start..end` labelled `label`.
    pub fn new(start: usize, end: usize, label: &str) -> EntitySpan {
        EntitySpan {
            start,
            end,
            label: label.to_string(),
        }
    }
}

/// One gold document: its tokens, spacing and entities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NerDocument {
    /// Document id (HIPE `document_id`, or `enp_fr_NNN` for a Europeana
    /// chunk).
    pub id: String,
    /// Gold tokens.
    pub tokens: Vec<String>,
    /// Whether a space follows each token when rebuilding the text (same
    /// length as `tokens`).
    pub space_after: Vec<bool>,
    /// Gold entities, sorted by start. PER, LOC and ORG never overlap one
    /// another; a MISC entity may hold one (MEANTIME's "Airbus A380" holds
    /// "Airbus").
    pub gold: Vec<EntitySpan>,
}

impl NerDocument {
    /// The text rebuilt from the tokens and `space_after`, with the byte
    /// range of each token in it.
    pub fn text_with_offsets(&self) -> (String, Vec<std::ops::Range<usize>>) {
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(self.tokens.len());
        for (i, token) in self.tokens.iter().enumerate() {
            let start = text.len();
            text.push_str(token);
            offsets.push(start..text.len());
            if self.space_after.get(i).copied().unwrap_or(true) && i + 1 < self.tokens.len() {
                text.push(' ');
            }
        }
        (text, offsets)
    }

    /// The text rebuilt from the tokens and `space_after`.
    pub fn text(&self) -> String {
        self.text_with_offsets().0
    }

    /// A document of `tokens` made-up tokens (`t0`, `t1`, ...), spaced,
    /// with `gold`: for tests.
    #[cfg(test)]
    pub(crate) fn made_up(id: &str, tokens: usize, gold: Vec<EntitySpan>) -> NerDocument {
        NerDocument {
            id: id.to_string(),
            tokens: (0..tokens).map(|i| format!("t{i}")).collect(),
            space_after: vec![true; tokens],
            gold,
        }
    }
}

/// Which part of a corpus to read (Europeana chunks, MEANTIME articles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    /// The training part: Europeana chunks whose number `i` has `i % 5 !=
    /// 4`, MEANTIME articles but the last six of each topic.
    Train,
    /// The test part: Europeana chunks whose number `i` has `i % 5 == 4`,
    /// the last six MEANTIME articles of each topic.
    Test,
    /// Everything.
    All,
}

impl Split {
    /// Whether Europeana chunk number `index` belongs to this split.
    pub fn contains(self, index: usize) -> bool {
        self.takes(index % EUROPEANA_TEST_EVERY == EUROPEANA_TEST_EVERY - 1)
    }

    /// Whether a piece of the corpus belongs to this split, given whether
    /// it is a test piece.
    pub fn takes(self, test: bool) -> bool {
        match self {
            Split::Train => !test,
            Split::Test => test,
            Split::All => true,
        }
    }
}

// ---------------------------------------------------------------------------
// BIO and IOB1 tags

/// One BIO/IOB1 tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag<'a> {
    /// `O`.
    Outside,
    /// `B-X`.
    Begin(&'a str),
    /// `I-X`.
    Inside(&'a str),
}

/// The tag `O`, `B-X` or `I-X`; `None` for anything else.
pub(crate) fn parse_tag(tag: &str) -> Option<Tag<'_>> {
    if tag == "O" {
        return Some(Tag::Outside);
    }
    let (prefix, label) = tag.split_once('-')?;
    if label.is_empty() {
        return None;
    }
    match prefix {
        "B" => Some(Tag::Begin(label)),
        "I" => Some(Tag::Inside(label)),
        _ => None,
    }
}

/// Spans of a tag sequence, read leniently: `B-X` starts an entity, `I-X`
/// continues an open `X` entity and otherwise starts one (IOB1, and
/// ill-formed IOB2), `O` closes.
pub(crate) fn tags_to_spans(tags: &[Tag<'_>]) -> Vec<EntitySpan> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let continues = match (*tag, open) {
            (Tag::Inside(label), Some((_, current))) => label == current,
            _ => false,
        };
        if continues {
            continue;
        }
        if let Some((start, label)) = open.take() {
            spans.push(EntitySpan::new(start, i, label));
        }
        match *tag {
            Tag::Begin(label) | Tag::Inside(label) => open = Some((i, label)),
            Tag::Outside => {}
        }
    }
    if let Some((start, label)) = open {
        spans.push(EntitySpan::new(start, tags.len(), label));
    }
    spans
}

/// Keeps PER, LOC and ORG, renames HIPE's `HumanProd` to MISC, drops the
/// rest.
pub(crate) fn keep_scored_labels(spans: &mut Vec<EntitySpan>) {
    spans.retain_mut(|s| {
        if s.label == "HumanProd" {
            s.label = MISC_LABEL.to_string();
        }
        NER_LABELS.contains(&s.label.as_str()) || s.label == MISC_LABEL
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&'static str]) -> Vec<Tag<'static>> {
        list.iter()
            .map(|t| match parse_tag(t) {
                Some(tag) => tag,
                None => panic!("bad tag {t}"),
            })
            .collect()
    }

    #[test]
    fn iob1_inside_after_outside_or_other_type_starts_an_entity() {
        // "Jean Morel et Anne à Brest Lorient Vannes ." in IOB1.
        let t = tags(&[
            "I-PER", "I-PER", "O", "I-PER", "O", "I-LOC", "I-ORG", "I-LOC", "O",
        ]);
        assert_eq!(
            tags_to_spans(&t),
            vec![
                EntitySpan::new(0, 2, "PER"),
                EntitySpan::new(3, 4, "PER"),
                EntitySpan::new(5, 6, "LOC"),
                EntitySpan::new(6, 7, "ORG"),
                EntitySpan::new(7, 8, "LOC"),
            ]
        );
        // IOB1 marks two touching entities of one type with B- on the second.
        let t = tags(&["I-LOC", "I-LOC", "B-LOC", "I-LOC"]);
        assert_eq!(
            tags_to_spans(&t),
            vec![EntitySpan::new(0, 2, "LOC"), EntitySpan::new(2, 4, "LOC")]
        );
        // An entity running to the end is closed.
        assert_eq!(
            tags_to_spans(&tags(&["O", "I-ORG"])),
            vec![EntitySpan::new(1, 2, "ORG")]
        );
    }

    #[test]
    fn bio_begin_starts_and_inside_continues() {
        let t = tags(&["B-PER", "I-PER", "B-PER", "O", "B-LOC", "I-LOC", "I-LOC"]);
        assert_eq!(
            tags_to_spans(&t),
            vec![
                EntitySpan::new(0, 2, "PER"),
                EntitySpan::new(2, 3, "PER"),
                EntitySpan::new(4, 7, "LOC")
            ]
        );
        // Ill-formed BIO: an I- of another type starts an entity.
        let t = tags(&["B-PER", "I-LOC", "I-LOC"]);
        assert_eq!(
            tags_to_spans(&t),
            vec![EntitySpan::new(0, 1, "PER"), EntitySpan::new(1, 3, "LOC")]
        );
        assert!(parse_tag("X-PER").is_none());
        assert!(parse_tag("B-").is_none());
        assert!(parse_tag("PER").is_none());
    }
}
