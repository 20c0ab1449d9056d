//! Page furniture learned from a collection: lines that recur, verbatim or
//! nearly, across documents that are not copies of one another.
//!
//! Learning comes first and is frozen before any cleaning:
//! [`CollectionLines`] observes the documents of a batch in order (one pass,
//! keeping counts of line keys, not documents, at most
//! [`MAX_COUNTED_LINES`] of them) and
//! [`CollectionLines::learn`] freezes the recurring lines into a
//! [`CollectionFurniture`] resource. The cleaner then decides each
//! occurrence from the document alone and that resource, so cleaning stays a
//! pure function of one document plus frozen resources.
//!
//! What tells furniture from news that several outlets repeat (a quote, a
//! wire lead, a republished paragraph):
//!
//! - **copies teach nothing**: a document whose prose lines mostly repeat
//!   one earlier document is a copy of it (a republished article shares its
//!   whole text) and its lines are not counted;
//! - **recurrence**: a line counts when [`MIN_DOCS`] documents of the
//!   collection carry it, or [`SITE_MIN_DOCS`] of one site;
//! - **shape and position**, at cleaning: a short, title-like or
//!   link-like line goes, unless (links aside) it stands alone between two
//!   sentences of the article (a section heading of its own: furniture
//!   sits around the body); a sentence goes only inside a run of recurring
//!   lines that are mostly furniture-shaped (a moderation charter between
//!   account links), never alone among the article's own paragraphs (a
//!   shared quote or lead);
//! - **datelines stay**: a line holding two numbers or more, or a number
//!   of one or two digits, may carry a day, a year or an hour, which dating
//!   needs; it is never learned.
//!
//! Lines are compared by their words: letters and digits, lower case,
//! without accents; punctuation, spacing and case do not count ("nearly").
//! Digits do count: "Le Monde en 2030" is one line, "Publié le 3 mars" and
//! "Publié le 4 mars" are two.

use std::collections::{BTreeMap, HashMap};

use filrouge_lexicon::unaccented;

use crate::normalise::normalise;
use crate::paragraphs;

/// Documents of a collection (copies aside) a line must recur in to be
/// furniture: two unrelated articles may share a quote or a headline by
/// chance; a third sharing it verbatim is a page template.
pub const MIN_DOCS: u32 = 3;

/// Documents of one site (copies aside) a line must recur in: two pages of
/// one outlet that are not copies share nothing verbatim but their template
/// (sentences they share are kept by the shape rule).
pub const SITE_MIN_DOCS: u32 = 2;

/// Longest line (in characters) that can be learned: furniture lines are
/// short; a longer paragraph shared by several documents is news.
pub const LEARN_MAX_CHARS: usize = 320;

/// A line with this many separate numbers or more is never learned: it may
/// be a dateline (a day and a year, an hour), the evidence dating rests on.
pub const DATELINE_NUMBERS: usize = 2;

/// A line holding a number of at most this many digits standing alone (a
/// day of the month, an hour) is never learned either: "mis à jour le 12
/// mars" shared by three pages of one day still dates them. A year alone
/// ("Le Monde en 2030", "© 2024") is no such evidence and can be learned.
pub const DAY_DIGITS: usize = 2;

/// Shortest prose line (in characters) compared to find copies: shorter
/// lines are too common to say two documents are one article.
pub const COPY_PROSE_CHARS: usize = 80;

/// Share of a document's prose (by characters, in percent) that must repeat
/// one earlier document for it to be a copy of that document: a copy
/// repeats most of its text; pages of one outlet share at most a charter.
pub const COPY_SHARE_PERCENT: u64 = 50;

/// Most line keys the first pass counts (each about 16 bytes and a
/// hash map's overhead: some 100 MB at most), so that learning from a batch
/// of any size holds bounded memory; see [`CollectionLines::add`].
pub const MAX_COUNTED_LINES: usize = 1 << 22;

/// Most words of a short line, which is furniture-shaped whatever its final
/// punctuation ("Mot de passe oublié ?", "Follow us").
pub const SHORT_MAX_WORDS: usize = 4;

/// Most words of a title-like line (no sentence punctuation at its end).
pub const TITLE_MAX_WORDS: usize = 16;

/// Marks of a link or a navigation line (addresses, breadcrumbs, menus);
/// characters, not words of any language.
const LINK_MARKS: &[&str] = &["://", "www.", " | ", " › ", " · ", " • "];

/// Characters that end a sentence (or a quotation closing one).
const SENTENCE_END: &[char] = &['.', '!', '?', ';', ',', '…', '"', '»', '”'];

/// Quotation marks: a short line holding one is a quote, not a button.
const QUOTE_MARKS: &[char] = &['«', '»', '“', '”', '"'];

/// The shape of a line, as furniture and prose differ in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineShape {
    /// An address, a breadcrumb or a menu line.
    LinkLike,
    /// At most [`SHORT_MAX_WORDS`] words and no quotation mark.
    Short,
    /// No sentence punctuation at its end and at most [`TITLE_MAX_WORDS`]
    /// words: a heading, a link's title, a button.
    TitleLike,
    /// Anything else: prose.
    Sentence,
}

impl LineShape {
    /// The shape of `line`.
    pub fn of(line: &str) -> LineShape {
        let line = line.trim();
        if LINK_MARKS.iter().any(|m| line.contains(m)) {
            return LineShape::LinkLike;
        }
        let words = line
            .split_whitespace()
            .filter(|w| w.contains(char::is_alphanumeric))
            .count();
        if words <= SHORT_MAX_WORDS && !line.contains(QUOTE_MARKS) {
            return LineShape::Short;
        }
        if words <= TITLE_MAX_WORDS && !line.ends_with(SENTENCE_END) {
            return LineShape::TitleLike;
        }
        LineShape::Sentence
    }

    /// Whether the shape is furniture's (anything but a sentence).
    pub fn is_furniture(self) -> bool {
        self != LineShape::Sentence
    }

    /// How the shape is named in a removal's reason.
    pub fn as_str(self) -> &'static str {
        match self {
            LineShape::LinkLike => "link-like",
            LineShape::Short => "short",
            LineShape::TitleLike => "title-like",
            LineShape::Sentence => "sentence",
        }
    }
}

/// A line's comparison key, and whether it may be a dateline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LineKey {
    hash: u64,
    dateline: bool,
}

/// FNV-1a, 64 bits: a fixed hash, so that learning is deterministic.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl LineKey {
    /// The words of `line` (runs of letters and digits, lower case, no
    /// accents), hashed; `None` when it has no word.
    fn of(line: &str) -> Option<LineKey> {
        let folded = unaccented(line);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return None;
        }
        let mut hash = FNV_OFFSET;
        for (i, word) in words.iter().enumerate() {
            let sep: &[u8] = if i == 0 { b"" } else { b" " };
            for &byte in sep.iter().chain(word.as_bytes()) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(FNV_PRIME);
            }
        }
        // Separate runs of digits ("12", "2024", the "29" of "cop29").
        let numbers: usize = words
            .iter()
            .map(|w| {
                w.split(|c: char| !c.is_numeric())
                    .filter(|run| !run.is_empty())
                    .count()
            })
            .sum();
        let day_like = words
            .iter()
            .any(|w| w.chars().all(char::is_numeric) && w.chars().count() <= DAY_DIGITS);
        Some(LineKey {
            hash,
            dateline: numbers >= DATELINE_NUMBERS || day_like,
        })
    }

    /// The key of a line that may be learned: not too long, not a dateline.
    fn learnable(line: &str) -> Option<u64> {
        if line.chars().count() > LEARN_MAX_CHARS {
            return None;
        }
        LineKey::of(line).filter(|k| !k.dateline).map(|k| k.hash)
    }
}

/// What learning takes from one document: its distinct learnable line keys
/// and its prose lines (to find copies). Computed from the document alone,
/// so a batch's documents can be read in parallel and added in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentLines {
    keys: Vec<u64>,
    /// Prose line keys with their length in characters.
    prose: Vec<(u64, u64)>,
    site: Option<String>,
}

impl DocumentLines {
    /// The lines of `text` (a document's original text, normalised and cut
    /// into paragraphs as the cleaner does) of a document of `site`.
    pub fn of(text: &str, site: Option<&str>) -> DocumentLines {
        let (normal, _) = normalise(text);
        let mut keys = Vec::new();
        let mut prose = Vec::new();
        for para in paragraphs::split(&normal) {
            let line = &normal[para.span.range()];
            keys.extend(LineKey::learnable(line));
            let chars = line.chars().count();
            if chars >= COPY_PROSE_CHARS && LineShape::of(line) == LineShape::Sentence {
                if let Some(k) = LineKey::of(line) {
                    prose.push((k.hash, chars as u64));
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        prose.sort_unstable();
        prose.dedup_by_key(|(k, _)| *k);
        DocumentLines {
            keys,
            prose,
            site: site.map(str::to_string),
        }
    }
}

/// Line counts over the documents of a collection, observed in order.
#[derive(Debug, Clone, Default)]
pub struct CollectionLines {
    /// Line key -> documents (copies aside) carrying it.
    counts: HashMap<u64, u32>,
    /// Site -> line key -> documents of that site carrying it.
    sites: HashMap<String, HashMap<u64, u32>>,
    /// Prose line key -> the first document carrying it.
    prose_first: HashMap<u64, u32>,
    documents: u32,
    copies: u32,
}

impl CollectionLines {
    /// An empty tally.
    pub fn new() -> Self {
        Self::default()
    }

    /// Observes one document's text (of `site`, when known).
    pub fn observe(&mut self, text: &str, site: Option<&str>) {
        self.add(DocumentLines::of(text, site));
    }

    /// Adds one document's lines, in collection order. A copy of an earlier
    /// document is counted as a document but its lines are not. Memory
    /// stays bounded: past [`MAX_COUNTED_LINES`] keys, the lines seen once
    /// so far are forgotten.
    pub fn add(&mut self, lines: DocumentLines) {
        let doc = self.documents;
        self.documents += 1;
        let copy = self.copy_of(&lines).is_some();
        for &(key, _) in &lines.prose {
            self.prose_first.entry(key).or_insert(doc);
        }
        if copy {
            self.copies += 1;
            return;
        }
        for &key in &lines.keys {
            *self.counts.entry(key).or_default() += 1;
        }
        if let Some(site) = lines.site {
            let per_site = self.sites.entry(site).or_default();
            for key in lines.keys {
                *per_site.entry(key).or_default() += 1;
            }
        }
        self.keep_within(MAX_COUNTED_LINES);
    }

    /// Keeps the tallies within `max` entries each: past it, the lines seen
    /// in the fewest documents are forgotten, one document at a time (those
    /// seen once first), until half the room is free again, so that pruning
    /// is rare; furniture recurs densely and is counted again at once. The
    /// prose lines copies are looked for in are forgotten too (a copy far
    /// from its original is then not seen as one).
    fn keep_within(&mut self, max: usize) {
        let mut floor = 0;
        let full = self.counted() > max;
        while full && self.counted() > max / 2 {
            floor += 1;
            self.counts.retain(|_, n| *n > floor);
            for per_site in self.sites.values_mut() {
                per_site.retain(|_, n| *n > floor);
            }
            self.sites.retain(|_, per_site| !per_site.is_empty());
        }
        if self.prose_first.len() > max {
            self.prose_first.clear();
        }
    }

    /// Line keys counted, for the collection and every site.
    fn counted(&self) -> usize {
        self.counts.len() + self.sites.values().map(HashMap::len).sum::<usize>()
    }

    /// The earlier document most of `lines`' prose repeats, if any.
    fn copy_of(&self, lines: &DocumentLines) -> Option<u32> {
        let total: u64 = lines.prose.iter().map(|(_, chars)| chars).sum();
        let mut shared: HashMap<u32, u64> = HashMap::new();
        for (key, chars) in &lines.prose {
            if let Some(&first) = self.prose_first.get(key) {
                *shared.entry(first).or_default() += chars;
            }
        }
        shared
            .into_iter()
            .filter(|&(_, chars)| total > 0 && chars * 100 >= total * COPY_SHARE_PERCENT)
            .max_by_key(|&(doc, chars)| (chars, std::cmp::Reverse(doc)))
            .map(|(doc, _)| doc)
    }

    /// Documents observed.
    pub fn documents(&self) -> u32 {
        self.documents
    }

    /// Freezes the lines that recur in [`MIN_DOCS`] documents of the
    /// collection, or [`SITE_MIN_DOCS`] of one site.
    pub fn learn(&self) -> CollectionFurniture {
        let keep = |counts: &HashMap<u64, u32>, min: u32| -> HashMap<u64, u32> {
            counts
                .iter()
                .filter(|(_, &n)| n >= min)
                .map(|(&k, &n)| (k, n))
                .collect()
        };
        let sites = self
            .sites
            .iter()
            .map(|(site, counts)| (site.clone(), keep(counts, SITE_MIN_DOCS)))
            .filter(|(_, lines)| !lines.is_empty())
            .collect();
        CollectionFurniture {
            lines: keep(&self.counts, MIN_DOCS),
            sites,
            documents: self.documents,
            copies: self.copies,
        }
    }
}

/// Lines learned as furniture of a collection (and of its sites): a frozen
/// resource the cleaner reads. It serialises with its maps in key order
/// (the same furniture, the same bytes), for a process that analyses what
/// another one read and learned from (a queue's worker).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CollectionFurniture {
    #[serde(serialize_with = "in_key_order")]
    lines: HashMap<u64, u32>,
    #[serde(serialize_with = "sites_in_key_order")]
    sites: HashMap<String, HashMap<u64, u32>>,
    documents: u32,
    copies: u32,
}

/// Serialises line counts in key order.
fn in_key_order<S: serde::Serializer>(map: &HashMap<u64, u32>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(map.iter().collect::<BTreeMap<_, _>>())
}

/// Serialises per-site line counts in site and key order.
fn sites_in_key_order<S: serde::Serializer>(
    sites: &HashMap<String, HashMap<u64, u32>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(
        sites
            .iter()
            .map(|(site, map)| (site, map.iter().collect::<BTreeMap<_, _>>()))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// How often a line recurs: the evidence of a removal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recurrence {
    /// Documents carrying the line (copies aside).
    pub documents: u32,
    /// The site it recurs on, when learned for one site only.
    pub site: Option<String>,
    /// Documents of the collection.
    pub of: u32,
}

impl std::fmt::Display for Recurrence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.site {
            Some(site) => write!(
                f,
                "recurs in {} documents of site `{site}` in this collection",
                self.documents
            ),
            None => write!(
                f,
                "recurs in {} of the collection's {} documents",
                self.documents, self.of
            ),
        }
    }
}

impl CollectionFurniture {
    /// How often `line` recurs, when it is learned (for the collection, or
    /// for `site`).
    pub fn recurrence(&self, line: &str, site: Option<&str>) -> Option<Recurrence> {
        let key = LineKey::learnable(line)?;
        if let Some(&n) = self.lines.get(&key) {
            return Some(Recurrence {
                documents: n,
                site: None,
                of: self.documents,
            });
        }
        let site = site?;
        let &n = self.sites.get(site)?.get(&key)?;
        Some(Recurrence {
            documents: n,
            site: Some(site.to_string()),
            of: self.documents,
        })
    }

    /// Lines learned, for the collection and every site.
    pub fn len(&self) -> usize {
        self.lines.len() + self.sites.values().map(HashMap::len).sum::<usize>()
    }

    /// `true` when nothing was learned.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Documents observed.
    pub fn documents(&self) -> u32 {
        self.documents
    }

    /// Documents set aside as copies of an earlier one.
    pub fn copies(&self) -> u32 {
        self.copies
    }

    /// For each of a document's paragraphs (`lines`, of a document of
    /// `site`), why it is furniture, if it is. Recurring lines are taken in
    /// runs of neighbours: a furniture-shaped line goes, unless it stands
    /// alone between two sentences of the article (a section heading of
    /// its own; a link still goes); a sentence goes only in a run most of
    /// whose lines are furniture-shaped (a charter among account links).
    pub fn judge(&self, lines: &[&str], site: Option<&str>) -> Vec<Option<String>> {
        let found: Vec<Option<(Recurrence, LineShape)>> = lines
            .iter()
            .map(|l| self.recurrence(l, site).map(|r| (r, LineShape::of(l))))
            .collect();
        let sentence = |k: Option<usize>| {
            k.and_then(|k| lines.get(k))
                .is_some_and(|l| LineShape::of(l) == LineShape::Sentence)
        };
        let mut reasons = vec![None; lines.len()];
        let mut start = 0;
        while start < found.len() {
            let end = (start..found.len())
                .find(|&j| found[j].is_none())
                .unwrap_or(found.len());
            let run: Vec<&(Recurrence, LineShape)> = found[start..end].iter().flatten().collect();
            let shaped = run.iter().filter(|(_, s)| s.is_furniture()).count();
            let in_body = run.len() == 1 && sentence(start.checked_sub(1)) && sentence(Some(end));
            for (j, (rec, shape)) in run.iter().enumerate() {
                reasons[start + j] = match shape {
                    LineShape::LinkLike => Some(format!("page furniture: {rec}; a link-like line")),
                    _ if in_body => None,
                    LineShape::Short | LineShape::TitleLike => {
                        Some(format!("page furniture: {rec}; a {} line", shape.as_str()))
                    }
                    LineShape::Sentence if shaped * 2 > run.len() => Some(format!(
                        "page furniture: {rec}; a sentence in a run of {} recurring lines, {shaped} of them furniture-shaped",
                        run.len()
                    )),
                    LineShape::Sentence => None,
                };
            }
            start = end + 1;
        }
        reasons
    }
}

#[cfg(test)]
mod tests;
