//! Segmentation: language, sentences and tokens over the cleaned text.
//!
//! Paragraphs come from cleaning (with their roles); this stage adds the
//! language of the document (whatlang) and of each paragraph (the
//! document's, unless a function-word count says the paragraph may differ;
//! then whatlang on the paragraph), then
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

pub use lang::{detect, document_language, iso639_1, paragraph_language};
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
        let doc_lang = document_language(&doc.text, self.lexicon);
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
            let para_lang = paragraph_language(text, doc_lang.as_deref(), self.lexicon);
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

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge_model::{DocumentId, Metadata, ParagraphRole, Source};

    /// A document whose paragraphs are `paras`, joined by blank lines, as
    /// cleaning would leave it.
    fn doc(paras: &[&str]) -> Document {
        let text = paras.join("\n\n");
        let source = Source::text_file("test.txt", text.len() as u64);
        let mut d = Document::new(DocumentId("t".into()), source, Metadata::default(), text);
        let mut start = 0;
        for p in paras {
            let label = Label::Paragraph {
                role: ParagraphRole::Body,
                lang: None,
            };
            d.annotations
                .push(Annotation::new(Span::new(start, start + p.len()), label));
            start += p.len() + 2;
        }
        d
    }

    fn paragraph_langs(d: &Document) -> Vec<Option<&str>> {
        d.annotations
            .iter()
            .filter_map(|a| match &a.label {
                Label::Paragraph { lang, .. } => Some(lang.as_deref()),
                _ => None,
            })
            .collect()
    }

    const FR1: &str = "Le pont qui relie les deux rives de la Lisère a été fermé lundi soir par la préfecture, après la découverte de fissures sur une pile.";
    const FR2: &str = "Les automobilistes doivent faire un détour de près de vingt kilomètres, et les commerçants du centre redoutent une baisse de leur chiffre d'affaires.";
    const FR3: &str = "Selon la mairie, les premiers travaux de consolidation pourraient commencer dans un mois, si les experts donnent leur accord.";

    #[test]
    fn a_quoted_english_paragraph_keeps_its_own_language() {
        let en = "\"We have never seen cracks like these on a bridge of that age,\" said an engineer from the company that inspected it.";
        let d = Segmenter::new(Lexicon::bundled()).segment(doc(&[FR1, FR2, en, FR3]));
        assert_eq!(d.metadata.lang.as_deref(), Some("fr"));
        assert_eq!(
            paragraph_langs(&d),
            [Some("fr"), Some("fr"), Some("en"), Some("fr")]
        );
    }

    #[test]
    fn short_lines_take_the_document_language() {
        // Too short to identify, even though the words are English.
        let d = Segmenter::new(Lexicon::bundled()).segment(doc(&[FR1, "Breaking news", FR2]));
        assert_eq!(paragraph_langs(&d), [Some("fr"); 3]);
    }

    #[test]
    fn sentences_of_an_english_paragraph_use_english_abbreviations() {
        // "Gov." is an English title: the paragraph must be split with the
        // English list, not the document's French one.
        let en = "The plan was approved by Gov. Hale on Monday after a long debate. It now goes to the state assembly for a vote.";
        let d = Segmenter::new(Lexicon::bundled()).segment(doc(&[FR1, en, FR2]));
        let sentences: Vec<&str> = d.layer("sentence").map(|s| d.slice(s.span)).collect();
        assert!(sentences
            .contains(&"The plan was approved by Gov. Hale on Monday after a long debate."));
    }
}
