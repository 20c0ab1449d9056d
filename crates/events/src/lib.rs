//! Event mentions of filrouge: what happened, when and in which words, per
//! document.
//!
//! - [`vocab`]: the per-language vocabulary (`data/<lang>.toml`): event
//!   kinds and trigger phrases, demonstratives, amount words;
//! - [`mentions`]: trigger phrases in sentences, with the nearest time
//!   expression, ordinal, durations and amounts (`amounts`: numbers with
//!   the language's separators, scales, currency words and signs);
//! - [`document`]: one document's mentions grouped into its events, the
//!   main one (the article's news) told apart from background ones.
//!
//! Architecture invariant: this crate reads one analysed document (its
//! sentences, paragraphs, time annotations and date) and knows no other
//! document; merging events across articles is the timeline's job. It
//! does not resolve entities either: participants are read from the
//! sentences by the timeline with the corpus's canonical entities.

mod amounts;
pub mod document;
pub mod mentions;
pub mod vocab;

pub use document::{
    body_sentences, document_events, precision_of, sentence_news, DateOrigin, DocumentEvent,
    EventDate,
};
pub use mentions::{event_mentions, EventMention, Fact, MentionTime};
pub use vocab::{EventKind, EventVocabulary, LanguageEvents};

use filrouge_model::Document;

/// Errors of the bundled data (never of a document).
#[derive(Debug, thiserror::Error)]
pub enum EventError {
    /// A data file does not parse.
    #[error("{file}: {message}")]
    Data {
        /// The data file.
        file: String,
        /// What is wrong.
        message: String,
    },
}

/// The events of an analysed document: its mentions grouped, the main
/// event first. A language without event vocabulary gives none.
pub fn events_of(doc: &Document) -> Vec<DocumentEvent> {
    let lang = doc.metadata.lang.as_deref().unwrap_or("");
    let Some(vocabulary) = EventVocabulary::bundled().language(lang) else {
        return Vec::new();
    };
    let mentions = event_mentions(doc, vocabulary, lang);
    document_events(doc, &mentions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge_model::{DocumentId, Metadata, Source};

    /// A French article of our own, analysed by segmentation and time.
    fn analysed(text: &str) -> Document {
        let meta = Metadata {
            lang: Some("fr".into()),
            published: Some("2024-03-14".into()),
            ..Metadata::default()
        };
        let source = Source::text_file("fixture.txt", text.len() as u64);
        let doc = Document::new(DocumentId("1".into()), source, meta, text.to_string());
        let lexicon = filrouge_lexicon::Lexicon::bundled();
        let doc = filrouge_segment::Segmenter::new(lexicon).segment(doc);
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        filrouge_time::TimeStage::new(as_of).annotate(doc)
    }

    #[test]
    fn main_and_background_events_of_an_article() {
        let doc = analysed(
            "Les deux ministres se sont entretenus par téléphone ce jeudi pendant près de deux heures.\n\
             C'était leur troisième conversation téléphonique depuis janvier.\n\
             Le 2 février, une première session de négociations avait eu lieu à Genève.\n\
             Cette rencontre avait échoué.\n\
             L'appel de jeudi a aussi porté sur 40 millions d'euros d'aide humanitaire.",
        );
        let events = events_of(&doc);
        let main = &events[0];
        assert!(main.main);
        assert_eq!(main.kind, "call");
        assert_eq!(
            main.date.as_ref().map(|d| d.value.as_str()),
            Some("2024-03-14")
        );
        assert_eq!(main.ordinal, Some(3));
        let facts: Vec<&Fact> = main.mentions.iter().flat_map(|m| &m.facts).collect();
        assert!(facts.iter().any(|f| matches!(f, Fact::Duration { value, modifier, .. } if value == "PT2H" && modifier.as_deref() == Some("APPROX"))), "{facts:?}");
        // "L'appel de jeudi" is the same call.
        assert!(main
            .mentions
            .iter()
            .any(|m| doc.slice(m.trigger) == "appel"));
        // The talks of 2 February are background; "cette rencontre" points
        // back at them.
        let talks = events.iter().find(|e| e.kind == "talks").expect("talks");
        assert!(!talks.main);
        assert_eq!(
            talks.date.as_ref().map(|d| d.value.as_str()),
            Some("2024-02-02")
        );
        assert_eq!(talks.ordinal, Some(1));
        assert!(talks.mentions.iter().any(|m| m.demonstrative));
    }

    #[test]
    fn an_event_setting_the_scene_is_not_the_news() {
        let doc = analysed(
            "Quatre jours après la fuite de fioul dans le port, la mairie organise ce jeudi une réunion publique.\n\
             Les pêcheurs y sont invités.",
        );
        let events = events_of(&doc);
        assert_eq!(events[0].kind, "meeting", "{events:#?}");
        assert!(events[0].main);
        let leak = events
            .iter()
            .find(|e| e.kind == "incident")
            .expect("the leak");
        assert!(!leak.main);
        assert!(leak.mentions.iter().all(|m| m.context));
    }

    #[test]
    fn a_dated_sentence_without_event_words_is_a_generic_event() {
        let doc = analysed(
            "La Bourse de Paris a fini en hausse de 2 % ce jeudi.\n\
             Le 3 février, elle avait reculé de 4 %.\n\
             Les vœux de Noël ont été présentés aux salariés.",
        );
        let events = events_of(&doc);
        // The lead's day is the article's news, the other day a background
        // event; a holiday does not date anything.
        assert_eq!(events.len(), 2, "{events:?}");
        assert!(events[0].main);
        assert_eq!(events[0].kind, "event");
        assert_eq!(
            events[0].date.as_ref().map(|d| d.value.as_str()),
            Some("2024-03-14")
        );
        assert!(!events[1].main);
        assert_eq!(
            events[1].date.as_ref().map(|d| d.value.as_str()),
            Some("2024-02-03")
        );
        assert!(events.iter().all(|e| e.mentions.iter().all(|m| m.generic)));
    }

    #[test]
    fn an_article_without_event_words_has_no_events() {
        let doc = analysed("Il a fait beau toute la semaine sur la côte.");
        assert!(events_of(&doc).is_empty());
    }
}
