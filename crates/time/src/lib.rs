//! The time stage of filrouge: finds French and English time expressions,
//! gives each a TimeML (TIMEX3) type, value and modifier, and dates
//! documents that carry no date.
//!
//! Three steps, one module each:
//! - `grammar` reads tokens into meanings ("one day before the document
//!   date", "3 July, year unknown", "one hour and a half"), with every word
//!   from the per-language data files in `data/` (`vocab`);
//! - [`docdate`] infers the document creation time (DCT) from those
//!   meanings when the metadata gives none;
//! - [`resolve`] turns meanings into TimeML values against the DCT or the
//!   last mentioned date.
//!
//! Architecture invariant: this crate reads only a document's cleaned text,
//! language and metadata date; it knows no file format, no store and no
//! other document. The corpus stage may date a document again with what
//! linked documents say ([`docdate::LinkedDate`], through
//! [`TimeStage::redate`]); this crate never looks across documents itself.

pub mod docdate;
mod grammar;
pub mod resolve;
mod tokens;
mod vocab;
mod zones;

use std::sync::OnceLock;

use chrono::NaiveDate;
use filrouge_model::{
    Annotation, DatePrecision, Diagnostic, Document, DocumentDate, DocumentDateSource, Label,
    Severity, Span, Stage, TimeExpression,
};

pub use docdate::LinkedDate;
pub use resolve::PartialDate;

/// Errors of the time stage's own data (never of a document).
#[derive(Debug, thiserror::Error)]
pub enum TimeError {
    /// A vocabulary file does not parse.
    #[error("time vocabulary {file}: {message}")]
    Vocabulary {
        /// The file, as `fr.toml`.
        file: String,
        /// What is wrong, with the line when the parser says it.
        message: String,
    },
}

/// A time expression found in a text, with its span in that text.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedTime {
    /// Byte span in the tagged text.
    pub span: Span,
    /// Type, value, modifier, anchor and reasons.
    pub expression: TimeExpression,
}

/// The temporal tagger with its bundled vocabularies.
#[derive(Debug)]
pub struct TimeTagger {
    vocabularies: Vec<(&'static str, vocab::Vocabulary)>,
}

impl TimeTagger {
    /// Loads the bundled vocabularies.
    pub fn try_bundled() -> Result<TimeTagger, TimeError> {
        Ok(TimeTagger {
            vocabularies: vocab::bundled()?,
        })
    }

    /// The bundled tagger, loaded once. The bundled files are checked by
    /// the tests, so a failure here is a build defect.
    pub fn bundled() -> &'static TimeTagger {
        static TAGGER: OnceLock<TimeTagger> = OnceLock::new();
        TAGGER.get_or_init(|| match TimeTagger::try_bundled() {
            Ok(t) => t,
            Err(e) => panic!("bundled time vocabulary is broken: {e}"),
        })
    }

    /// The number an ordinal word stands for in `lang` ("sixième" 6,
    /// "premiers" 1, "ninth" 9), from the time vocabulary; plurals are read
    /// as their singular. `None` for other words, "dernier" included.
    pub fn ordinal(&self, lang: &str, word: &str) -> Option<u32> {
        let v = self.vocabulary(lang)?;
        let lookup = |w: &str| {
            let toks = tokens::tokenize(w);
            match v.ordinals.at(&toks, 0) {
                Some((end, n)) if end == toks.len() && *n > 0 => u32::try_from(*n).ok(),
                _ => None,
            }
        };
        lookup(word).or_else(|| word.strip_suffix('s').and_then(lookup))
    }

    /// The languages it can tag (ISO 639-1).
    pub fn languages(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.vocabularies.iter().map(|(c, _)| *c)
    }

    fn vocabulary(&self, lang: &str) -> Option<&vocab::Vocabulary> {
        self.vocabularies
            .iter()
            .find(|(c, _)| *c == lang)
            .map(|(_, v)| v)
    }

    /// Finds and resolves the time expressions of `text` in `lang` against
    /// the document date `dct` (relative expressions stay `X` without it).
    /// An unsupported language gives nothing.
    pub fn tag(&self, text: &str, lang: &str, dct: Option<PartialDate>) -> Vec<TaggedTime> {
        self.date_and_tag(text, lang, &[], |_| (dct, None)).1
    }

    /// Infers a document date from `text` alone, with `as_of` as the
    /// latest possible date.
    pub fn infer_date(&self, text: &str, lang: &str, as_of: NaiveDate) -> DocumentDate {
        match self.date_and_tag(text, lang, &[], |infer| (None, Some(infer(as_of)))) {
            (Some(date), _) => date,
            (None, _) => {
                docdate::unknown(vec![format!("no time vocabulary for language {lang:?}")])
            }
        }
    }

    /// The document date (from `published` when it can be read, inferred
    /// from the text otherwise) and the resolved time expressions, reading
    /// the text once. `None` for an unsupported language.
    pub fn analyze(
        &self,
        text: &str,
        lang: &str,
        published: Option<&str>,
        as_of: NaiveDate,
    ) -> Option<(DocumentDate, Vec<TaggedTime>)> {
        self.analyze_linked(text, lang, published, as_of, &[])
    }

    /// [`TimeTagger::analyze`] with what the corpus knows from linked
    /// documents (the corpus stage's hook): when the metadata gives no date,
    /// the linked clues are weighed with the text's own, and the
    /// expressions are resolved against the result.
    pub fn analyze_linked(
        &self,
        text: &str,
        lang: &str,
        published: Option<&str>,
        as_of: NaiveDate,
        linked: &[LinkedDate],
    ) -> Option<(DocumentDate, Vec<TaggedTime>)> {
        let from_metadata = published.and_then(|p| {
            PartialDate::parse(p).map(|parsed| DocumentDate {
                value: parsed.value(),
                precision: precision_of(&parsed),
                confidence: 1.0,
                source: DocumentDateSource::Metadata,
                reasons: vec![format!("publication date in the source: {p}")],
            })
        });
        let (date, tagged) = self.date_and_tag(text, lang, linked, |infer| match from_metadata {
            Some(d) => (PartialDate::parse(&d.value), Some(d)),
            None => (None, Some(infer(as_of))),
        });
        date.map(|d| (d, tagged))
    }

    /// Reads `text` once. `choose` gets a function inferring the date from
    /// the text for a reference date, and returns the DCT to resolve
    /// against (the reported date's value when `None`) and the document
    /// date to report.
    fn date_and_tag(
        &self,
        text: &str,
        lang: &str,
        linked: &[LinkedDate],
        choose: impl FnOnce(&dyn Fn(NaiveDate) -> DocumentDate) -> DateChoice,
    ) -> (Option<DocumentDate>, Vec<TaggedTime>) {
        let Some(v) = self.vocabulary(lang) else {
            return (None, Vec::new());
        };
        let toks = tokens::tokenize(text);
        let parsed = grammar::parse(v, &toks);
        let span_of = |s: usize, e: usize| Span::new(toks[s].start, toks[e - 1].end);
        let plain = |p: &grammar::Parsed| {
            text.get(span_of(p.start, p.end).range())
                .unwrap_or("")
                .to_string()
        };
        let infer = |as_of: NaiveDate| docdate::infer_linked(&parsed, as_of, plain, linked);
        let (dct, date) = choose(&infer);
        let dct = dct.or_else(|| date.as_ref().and_then(|d| PartialDate::parse(&d.value)));
        let quote = |p: &grammar::Parsed| format!("'{}'", plain(p));
        let tagged = resolve::resolve_all(v, &parsed, dct, quote)
            .into_iter()
            .map(|r| TaggedTime {
                span: span_of(r.start_tok, r.end_tok),
                expression: r.expression,
            })
            .collect();
        (date, tagged)
    }
}

/// What [`TimeTagger::date_and_tag`]'s chooser returns: the DCT to resolve
/// against, and the document date to report.
type DateChoice = (Option<PartialDate>, Option<DocumentDate>);

/// The time stage over documents: dates the document (metadata first, the
/// text otherwise) and annotates every time expression.
#[derive(Debug, Clone, Copy)]
pub struct TimeStage {
    tagger: &'static TimeTagger,
    as_of: NaiveDate,
}

impl TimeStage {
    /// A stage that never dates a document after `as_of` (the reference
    /// date, usually today).
    pub fn new(as_of: NaiveDate) -> Self {
        TimeStage {
            tagger: TimeTagger::bundled(),
            as_of,
        }
    }

    /// The reference date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// Adds the document date and the time annotations. Never fails: an
    /// unsupported language or an unreadable metadata date is a diagnostic.
    pub fn annotate(&self, doc: Document) -> Document {
        self.annotate_linked(doc, &[])
    }

    /// Dates the document again with what the corpus learnt from linked
    /// documents, and resolves its expressions against the new date (the
    /// corpus stage's hook; a date from the metadata is kept). The time
    /// annotations are replaced, nothing else changes.
    pub fn redate(&self, mut doc: Document, linked: &[LinkedDate]) -> Document {
        doc.annotations
            .retain(|a| !matches!(a.label, Label::Time(_)));
        self.annotate_linked(doc, linked)
    }

    fn annotate_linked(&self, mut doc: Document, linked: &[LinkedDate]) -> Document {
        let lang = doc.metadata.lang.clone().unwrap_or_default();
        let supported = self.tagger.vocabulary(&lang).is_some();
        if !supported {
            doc.diagnostics.push(Diagnostic {
                stage: Stage::Time,
                severity: Severity::Info,
                message: format!(
                    "no time vocabulary for language {:?}: time expressions not tagged",
                    if lang.is_empty() { "unknown" } else { &lang }
                ),
            });
            return doc;
        }
        let published = doc.metadata.published.clone();
        if let Some(p) = published
            .as_deref()
            .filter(|p| PartialDate::parse(p).is_none())
        {
            doc.diagnostics.push(Diagnostic {
                stage: Stage::Time,
                severity: Severity::Warning,
                message: format!(
                    "publication date {p:?} cannot be read; inferring one from the text"
                ),
            });
        }
        let Some((date, tagged)) =
            self.tagger
                .analyze_linked(&doc.text, &lang, published.as_deref(), self.as_of, linked)
        else {
            return doc;
        };
        for t in tagged {
            doc.annotations
                .push(Annotation::new(t.span, Label::Time(t.expression)));
        }
        doc.document_date = Some(date);
        doc
    }
}

/// The precision of a partial date.
pub(crate) fn precision_of(p: &PartialDate) -> DatePrecision {
    match (p.year, p.month, p.day) {
        (Some(_), Some(_), Some(_)) => DatePrecision::Day,
        (Some(_), Some(_), None) => DatePrecision::Month,
        (Some(_), None, _) => DatePrecision::Year,
        (None, Some(_), _) => DatePrecision::Year,
        _ => DatePrecision::Unknown,
    }
}

#[cfg(test)]
mod tests;
