//! The time stage of filrouge: finds French and English time expressions,
//! gives each a TimeML (TIMEX3) type, value and modifier, and dates
//! documents that carry no date.
//!
//! Three steps, one module each:
//! - [`grammar`] reads tokens into meanings ("one day before the document
//!   date", "3 July, year unknown", "one hour and a half"), with every word
//!   from the per-language data files in `data/` ([`vocab`]);
//! - [`docdate`] infers the document creation time (DCT) from those
//!   meanings when the metadata gives none;
//! - [`resolve`] turns meanings into TimeML values against the DCT or the
//!   last mentioned date.
//!
//! Architecture invariant: this crate reads only a document's cleaned text,
//! language and metadata date; it knows no file format, no store and no
//! other document. The corpus stage may refine a document date later
//! through [`docdate::refine_with_linked`]; this crate never looks across
//! documents itself.

pub mod docdate;
mod grammar;
pub mod resolve;
mod tokens;
mod vocab;

use std::sync::OnceLock;

use chrono::NaiveDate;
use filrouge_model::{
    Annotation, DatePrecision, Diagnostic, Document, DocumentDate, DocumentDateSource, Label,
    Severity, Span, Stage, TimeExpression,
};

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
        let Some(v) = self.vocabulary(lang) else {
            return Vec::new();
        };
        let toks = tokens::tokenize(text);
        let parsed = grammar::parse(v, &toks);
        let span_of = |s: usize, e: usize| Span::new(toks[s].start, toks[e - 1].end);
        let quote = |p: &grammar::Parsed| {
            let s = span_of(p.start, p.end);
            format!("'{}'", text.get(s.range()).unwrap_or(""))
        };
        resolve::resolve_all(v, &parsed, dct, quote)
            .into_iter()
            .map(|r| TaggedTime {
                span: span_of(r.start_tok, r.end_tok),
                expression: r.expression,
            })
            .collect()
    }

    /// Infers a document date from `text` alone, with `as_of` as the
    /// latest possible date.
    pub fn infer_date(&self, text: &str, lang: &str, as_of: NaiveDate) -> DocumentDate {
        let Some(v) = self.vocabulary(lang) else {
            return docdate::unknown(vec![format!("no time vocabulary for language {lang:?}")]);
        };
        let toks = tokens::tokenize(text);
        let parsed = grammar::parse(v, &toks);
        let quote = |p: &grammar::Parsed| {
            let s = Span::new(toks[p.start].start, toks[p.end - 1].end);
            text.get(s.range()).unwrap_or("").to_string()
        };
        docdate::infer(&parsed, as_of, quote)
    }
}

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
    pub fn annotate(&self, mut doc: Document) -> Document {
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
        let date = match doc
            .metadata
            .published
            .as_deref()
            .map(|p| (p, PartialDate::parse(p)))
        {
            Some((p, Some(parsed))) => DocumentDate {
                value: parsed.value(),
                precision: precision_of(&parsed),
                confidence: 1.0,
                source: DocumentDateSource::Metadata,
                reasons: vec![format!("publication date in the source: {p}")],
            },
            other => {
                if let Some((p, None)) = other {
                    doc.diagnostics.push(Diagnostic {
                        stage: Stage::Time,
                        severity: Severity::Warning,
                        message: format!(
                            "publication date {p:?} cannot be read; inferring one from the text"
                        ),
                    });
                }
                self.tagger.infer_date(&doc.text, &lang, self.as_of)
            }
        };
        let dct = PartialDate::parse(&date.value);
        for t in self.tagger.tag(&doc.text, &lang, dct) {
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
