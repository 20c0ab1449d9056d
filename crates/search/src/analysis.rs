//! Text analysis per language, and the values derived from a document for
//! its index record (analysis language, day, entity keys).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use filrouge_entities::canonical::NameKeys;
use filrouge_model::{Document, Label, Span};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenizerManager,
};

/// An analysis language: which analyser a text goes through, and the suffix
/// of the fields holding text analysed that way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Analysis {
    /// French: lower case, folded, French Snowball stemmer.
    French,
    /// English: lower case, folded, English Snowball stemmer.
    English,
    /// Any other language: lower case and folded only (a wrong stemmer
    /// would merge unrelated words).
    Folded,
}

impl Analysis {
    /// Every analysis, in field order.
    pub(crate) const ALL: [Analysis; 3] = [Analysis::French, Analysis::English, Analysis::Folded];

    /// The analysis of a language code (ISO 639-1, any case).
    pub(crate) fn of(lang: Option<&str>) -> Analysis {
        match lang.map(str::to_ascii_lowercase).as_deref() {
            Some("fr") => Analysis::French,
            Some("en") => Analysis::English,
            _ => Analysis::Folded,
        }
    }

    /// Position in [`Analysis::ALL`] (and in the field arrays).
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The tokenizer name registered with the index.
    pub(crate) fn tokenizer(self) -> &'static str {
        match self {
            Analysis::French => "filrouge_fr",
            Analysis::English => "filrouge_en",
            Analysis::Folded => "filrouge_folded",
        }
    }

    /// The field-name suffix.
    pub(crate) fn suffix(self) -> &'static str {
        match self {
            Analysis::French => "fr",
            Analysis::English => "en",
            Analysis::Folded => "folded",
        }
    }

    /// The analyser. Folding comes before stemming, at index and query time
    /// alike, so an accent-free query is stemmed from the same letters as
    /// the accented text it should find ("evenement" and "événement" give
    /// one stem); Snowball's French rules lose little on folded words.
    fn analyzer(self) -> TextAnalyzer {
        let base = TextAnalyzer::builder(SimpleTokenizer::default())
            // Tokens this long are URLs or noise, never words to search.
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter);
        match self {
            Analysis::French => base.filter(Stemmer::new(Language::French)).build(),
            Analysis::English => base.filter(Stemmer::new(Language::English)).build(),
            Analysis::Folded => base.build(),
        }
    }
}

/// Registers the three analysers with an index's tokenizer manager.
pub(crate) fn register(manager: &TokenizerManager) {
    for a in Analysis::ALL {
        manager.register(a.tokenizer(), a.analyzer());
    }
}

/// The first day of a TimeML date value whose year is known: `2025-03-14`
/// is that day, `2025-03` the 1st of March, `2025`, `2025-W11` or
/// `2025-SU` the 1st of January. `XXXX-06-04` (no year) has none.
pub fn first_day(value: &str) -> Option<NaiveDate> {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = value.split(['-', 'T']);
    let year = parts.next().filter(|y| digits(y, 4))?.parse::<i32>().ok()?;
    let month = parts
        .next()
        .filter(|m| digits(m, 2))
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| (1..=12).contains(m));
    let day = month
        .and(parts.next())
        .filter(|d| digits(d, 2))
        .and_then(|d| d.parse::<u32>().ok());
    let month = month.unwrap_or(1);
    day.and_then(|d| NaiveDate::from_ymd_opt(year, month, d))
        .or_else(|| NaiveDate::from_ymd_opt(year, month, 1))
}

/// A day as the integer the index stores: `20250314`. Range filters compare
/// these numbers, which order as the days do.
pub(crate) fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

/// The day a document is indexed at: the first day of its document date,
/// when the year is known.
pub(crate) fn document_day(doc: &Document) -> Option<NaiveDate> {
    doc.document_date.as_ref().and_then(|d| first_day(&d.value))
}

/// The keys an entity filter can match for one name: the name as written,
/// its comparison key, and the key of every word suffix ("Vladimir
/// Poutine" is also found as "Poutine" and "putin"), as the `quotes
/// --speaker` filter accepts a surname.
pub(crate) fn name_terms(name: &str, keys: &NameKeys, out: &mut BTreeSet<String>) {
    let written = name.trim();
    if written.is_empty() {
        return;
    }
    out.insert(written.to_string());
    let words: Vec<&str> = written.split_whitespace().collect();
    for i in 0..words.len() {
        let k = keys.key(&words[i..].join(" "));
        let k = k.trim();
        if !k.is_empty() {
            out.insert(k.to_string());
        }
    }
}

/// The entity terms of a document: every entity mention's terms, and the
/// terms of the person a role phrase stands for.
pub(crate) fn entity_terms(doc: &Document) -> BTreeSet<String> {
    let keys = NameKeys::bundled();
    let mut out = BTreeSet::new();
    for a in &doc.annotations {
        if let Label::Entity { refers_to, .. } = &a.label {
            name_terms(doc.slice(a.span), keys, &mut out);
            if let Some(r) = refers_to {
                name_terms(r, keys, &mut out);
            }
        }
    }
    out
}

/// The term an entity filter looks for: the comparison key of the name.
pub(crate) fn entity_query_key(name: &str) -> String {
    NameKeys::bundled().key(name.trim()).trim().to_string()
}

/// The sentences of a document with the language each is analysed in (its
/// paragraph's when the segmenter gave the paragraph one, else the
/// document's).
pub(crate) fn sentences(doc: &Document) -> Vec<(Span, Option<&str>)> {
    let paragraphs: Vec<(Span, Option<&str>)> = doc
        .annotations
        .iter()
        .filter_map(|a| match &a.label {
            Label::Paragraph { lang, .. } => Some((a.span, lang.as_deref())),
            _ => None,
        })
        .collect();
    let doc_lang = doc.metadata.lang.as_deref();
    doc.layer("sentence")
        .map(|s| {
            let lang = paragraphs
                .iter()
                .find(|(p, _)| p.start <= s.span.start && s.span.start < p.end)
                .and_then(|(_, l)| *l)
                .or(doc_lang);
            (s.span, lang)
        })
        .collect()
}
