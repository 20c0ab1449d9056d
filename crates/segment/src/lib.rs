//! Segmentation: language, sentences and tokens over the cleaned text.
//!
//! Paragraphs come from cleaning (with their roles); this stage adds the
//! language of the document and of each paragraph (whatlang), then
//! `sentence` and `token` annotations. Sentence splitting is hand-written
//! because no crate splits French correctly: abbreviations and titles
//! ("M. Peskov", "Mme", "Dr"), initials ("J. Biden"), dotted names
//! ("Novosti.Live"), decimals, and closing guillemets after a final stop are
//! handled from the per-language lexicon.
//!
//! Architecture invariant: segmentation reads the cleaned text and the
//! paragraph annotations; it never changes the text or the removals.

mod lang;
mod sentences;
mod tokens;

use filrouge_lexicon::{Language, Lexicon};
use filrouge_model::{Annotation, Document, Label, Span};

pub use lang::{detect, iso639_1};
pub use sentences::split_sentences;
pub use tokens::{tokenize, Token};

/// The segmentation stage, with its read-only resources.
#[derive(Debug, Clone, Copy)]
pub struct Segmenter<'a> {
    lexicon: &'a Lexicon,
    /// Whether to add token annotations (sentences need tokens internally
    /// either way; storing them is optional because they are cheap to redo).
    pub tokens: bool,
}

impl<'a> Segmenter<'a> {
    /// A segmenter using `lexicon`.
    pub fn new(lexicon: &'a Lexicon) -> Self {
        Segmenter {
            lexicon,
            tokens: true,
        }
    }

    /// Adds language, sentence and token annotations to `doc`.
    pub fn segment(&self, mut doc: Document) -> Document {
        let doc_lang = detect(&doc.text).map(|(code, _)| code);
        doc.metadata.lang = doc_lang
            .clone()
            .or_else(|| doc.metadata.declared_lang.clone());
        let fallback = self
            .lexicon
            .language(doc.metadata.lang.as_deref().unwrap_or("fr"))
            .or_else(|| self.lexicon.language("fr"));
        let Some(fallback) = fallback else {
            return doc;
        };

        let mut paragraphs: Vec<Span> = doc.layer("paragraph").map(|a| a.span).collect();
        if paragraphs.is_empty() && !doc.text.trim().is_empty() {
            paragraphs.push(Span::new(0, doc.text.len()));
        }
        let mut added = Vec::new();
        let mut langs = Vec::with_capacity(paragraphs.len());
        for span in &paragraphs {
            let text = &doc.text[span.range()];
            // Short paragraphs are too short to identify: they take the document's language.
            let para_lang = if text.chars().count() >= 60 {
                detect(text).map(|(c, _)| c).or_else(|| doc_lang.clone())
            } else {
                doc_lang.clone()
            };
            let lang: &Language = para_lang
                .as_deref()
                .and_then(|c| self.lexicon.language(c))
                .unwrap_or(fallback);
            let toks = tokenize(text, lang);
            for s in split_sentences(text, &toks, lang) {
                added.push(Annotation::new(s.shift(span.start), Label::Sentence));
            }
            if self.tokens {
                added.extend(toks.iter().map(|t| {
                    Annotation::new(t.span.shift(span.start), Label::Token { class: t.class })
                }));
            }
            langs.push(para_lang);
        }
        let paragraph_langs = doc
            .annotations
            .iter_mut()
            .filter_map(|a| match &mut a.label {
                Label::Paragraph { lang, .. } => Some(lang),
                _ => None,
            });
        for (slot, lang) in paragraph_langs.zip(langs) {
            *slot = lang;
        }
        doc.annotations.extend(added);
        doc
    }
}
