//! The entity stage over documents: tags every sentence with the bundled
//! model of the document's language and adds `entity` annotations.

use filrouge_lexicon::Lexicon;
use filrouge_model::{
    Annotation, Diagnostic, Document, EntityKind, Label, Severity, Span, Stage, TokenClass,
};

use crate::{tag_sentence_with_misc, Gazetteer, MiscRules, Model, TokenSpan};

/// The bundled French model file (built by `filrouge train ner`, see the
/// README); also used for languages without a model of their own.
const BUNDLED_MODEL: &[u8] = include_bytes!("../models/ner.bin");

/// The bundled English model file (`filrouge train ner --lang en`).
const BUNDLED_MODEL_EN: &[u8] = include_bytes!("../models/ner-en.bin");

/// The entity stage with its models (one per language) and lists.
#[derive(Debug, Clone, Copy)]
pub struct EntityStage {
    model: &'static Model,
    english: &'static Model,
    gazetteer: &'static Gazetteer,
    lexicon: &'static Lexicon,
}

impl EntityStage {
    /// The stage with the bundled models, or `None` when a bundled model
    /// cannot be read (a build defect the tests catch).
    pub fn bundled() -> Option<EntityStage> {
        static MODEL: std::sync::OnceLock<Option<Model>> = std::sync::OnceLock::new();
        static ENGLISH: std::sync::OnceLock<Option<Model>> = std::sync::OnceLock::new();
        let model = MODEL
            .get_or_init(|| Model::from_bytes(BUNDLED_MODEL).ok())
            .as_ref()?;
        let english = ENGLISH
            .get_or_init(|| Model::from_bytes(BUNDLED_MODEL_EN).ok())
            .as_ref()?;
        Some(EntityStage {
            model,
            english,
            gazetteer: Gazetteer::bundled(),
            lexicon: Lexicon::bundled(),
        })
    }

    /// The French model (the default).
    pub fn model(&self) -> &'static Model {
        self.model
    }

    /// The model for a language code: English (`en`) has its own, every
    /// other language uses the French one.
    pub fn model_for(&self, lang: &str) -> &'static Model {
        match lang.split(['-', '_']).next() {
            Some("en") => self.english,
            _ => self.model,
        }
    }

    /// Tags a token sequence (a document or a chunk, cut into sentences at
    /// final punctuation) as [`EntityStage::annotate`] tags a document's
    /// sentences: the model and MISC patterns of `lang`. `None` when the
    /// bundled MISC patterns cannot be read.
    pub fn tag_tokens(&self, lang: &str, tokens: &[&str]) -> Option<Vec<TokenSpan>> {
        let misc = MiscRules::bundled(lang)?;
        Some(crate::tag_tokens_with_misc(
            self.model_for(lang),
            self.gazetteer,
            misc,
            tokens,
        ))
    }

    /// Adds an `entity` annotation for each mention. Never fails.
    pub fn annotate(&self, mut doc: Document) -> Document {
        let lang_code = doc.metadata.lang.clone().unwrap_or_else(|| "fr".into());
        let Some(lang) = self
            .lexicon
            .language(&lang_code)
            .or_else(|| self.lexicon.language("fr"))
        else {
            doc.diagnostics.push(Diagnostic {
                stage: Stage::Entities,
                severity: Severity::Info,
                message: "no lexicon to tokenise with: entities not tagged".into(),
            });
            return doc;
        };
        let model = self.model_for(&lang_code);
        let Some(misc) = MiscRules::bundled(&lang_code) else {
            doc.diagnostics.push(Diagnostic {
                stage: Stage::Entities,
                severity: Severity::Warning,
                message: "the bundled MISC patterns cannot be read: entities not tagged".into(),
            });
            return doc;
        };
        let (mut found, all_tokens) = self.tag_sentences(&doc, lang, model, misc);
        // A name the time stage read as a date ("le Nouvel An", "Noël") is
        // not a person or a place.
        // (By start, with the furthest end so far: a binary search per
        // name, not a scan of every time expression.)
        let mut times: Vec<Span> = doc
            .annotations
            .iter()
            .filter(|a| matches!(a.label, Label::Time(_)))
            .map(|a| a.span)
            .collect();
        times.sort_by_key(|t| (t.start, t.end));
        let furthest_end: Vec<usize> = times
            .iter()
            .scan(0, |end, t| {
                *end = t.end.max(*end);
                Some(*end)
            })
            .collect();
        found.retain(|(span, _)| {
            let started = times.partition_point(|t| t.start <= span.start);
            !(started > 0 && furthest_end[started - 1] >= span.end)
        });
        let found = consistent(&doc.text, &all_tokens, found);
        let roles = crate::roles::role_mentions(&doc.text, &all_tokens, &found, &lang_code);
        doc.annotations
            .extend(found.into_iter().map(|(span, kind)| {
                Annotation::new(
                    span,
                    Label::Entity {
                        kind,
                        refers_to: None,
                    },
                )
            }));
        doc.annotations
            .extend(roles.into_iter().map(|(span, name)| {
                Annotation::new(
                    span,
                    Label::Entity {
                        kind: EntityKind::Per,
                        refers_to: Some(name),
                    },
                )
            }));
        doc
    }

    /// Tags every sentence of `doc` (tokenised with `lang`'s lexicon,
    /// symbols left out) with `model` and the MISC rules: the entities
    /// found as byte spans with their type, and every token's span.
    fn tag_sentences(
        &self,
        doc: &Document,
        lang: &filrouge_lexicon::Language,
        model: &Model,
        misc: &MiscRules,
    ) -> (Vec<(Span, EntityKind)>, Vec<Span>) {
        let sentences: Vec<Span> = doc.layer("sentence").map(|a| a.span).collect();
        let mut found: Vec<(Span, EntityKind)> = Vec::new();
        let mut all_tokens: Vec<Span> = Vec::new();
        for s in sentences {
            let text = doc.slice(s);
            let tokens: Vec<Span> = filrouge_segment::tokenize(text, lang)
                .into_iter()
                .filter(|t| t.class != TokenClass::Symbol)
                .map(|t| Span::new(s.start + t.span.start, s.start + t.span.end))
                .collect();
            let words: Vec<&str> = tokens.iter().map(|t| doc.slice(*t)).collect();
            for e in tag_sentence_with_misc(model, self.gazetteer, misc, &words) {
                let Some(kind) = EntityKind::parse(e.label) else {
                    continue;
                };
                found.push((
                    Span::new(tokens[e.start].start, tokens[e.end - 1].end),
                    kind,
                ));
            }
            all_tokens.extend(tokens);
        }
        (found, all_tokens)
    }
}

/// Label consistency within a document: a capitalised word the tagger
/// labelled (mostly) as one type somewhere, as a one-word entity or as the
/// last word of a person's name, gets that label where it was missed
/// ("Trump" at the start of a sentence, after "Donald Trump" elsewhere).
fn consistent(
    text: &str,
    tokens: &[Span],
    mut found: Vec<(Span, EntityKind)>,
) -> Vec<(Span, EntityKind)> {
    use std::collections::BTreeMap;
    let mut votes: BTreeMap<&str, BTreeMap<&'static str, usize>> = BTreeMap::new();
    for (span, kind) in &found {
        let surface = &text[span.range()];
        let word = match (kind, surface.rsplit(' ').next()) {
            (EntityKind::Per, Some(last)) => last,
            _ if !surface.contains(' ') => surface,
            _ => continue,
        };
        if word.chars().count() > 2 && word.chars().next().is_some_and(char::is_uppercase) {
            *votes
                .entry(word)
                .or_default()
                .entry(kind.as_str())
                .or_default() += 1;
        }
    }
    let label: BTreeMap<&str, EntityKind> = votes
        .into_iter()
        .filter_map(|(w, v)| {
            let (k, _) = v
                .into_iter()
                .max_by_key(|(k, n)| (*n, std::cmp::Reverse(*k)))?;
            Some((w, EntityKind::parse(k)?))
        })
        .collect();
    // Whether a token overlaps an entity found: by start, with the
    // furthest end so far (a binary search per token, not a scan of every
    // entity: long documents have thousands).
    found.sort_by_key(|(s, _)| (s.start, s.end));
    let furthest_end: Vec<usize> = found
        .iter()
        .scan(0, |end, (s, _)| {
            *end = s.end.max(*end);
            Some(*end)
        })
        .collect();
    let covered = |t: &Span| {
        let before = found.partition_point(|(s, _)| s.start < t.end);
        before > 0 && furthest_end[before - 1] > t.start
    };
    let mut added = Vec::new();
    for t in tokens {
        if let Some(kind) = label.get(&text[t.range()]) {
            if !covered(t) {
                added.push((*t, *kind));
            }
        }
    }
    found.extend(added);
    found.sort_by_key(|(s, _)| s.start);
    found
}
