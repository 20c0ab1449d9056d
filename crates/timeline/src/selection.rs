//! What a timeline shows when it is not told to show everything: the
//! news of the collection's articles that stand out, and the dated events
//! their bodies corroborate.
//!
//! Real collections are not the tidy sets of one story: a pile of 200
//! articles on a crisis holds the news of each article, days recalled in
//! their bodies, and articles about something else. Two signals decide,
//! after the timeline-summarisation literature (a day matters as much as
//! independent sources refer to it; the collection's own subject weighs
//! every sentence):
//! - **independent sources**: an article's news stands out when enough
//!   independent sources report it, more of them as the collection grows
//!   (one in ten articles, two in a hundred, three in a thousand); a day
//!   recalled in passing is shown when two independent sources recall it;
//! - **the subject**: the words most of the collection's articles share;
//!   an article far from them cannot make an entry on its own.

use filrouge_model::Document;

use crate::assemble::TimelineEvent;
use crate::text::Bag;

/// Independent sources a day recalled in passing needs to be shown.
pub(crate) const BACKGROUND_SOURCES: usize = 2;
/// Collections smaller than this have no subject to stray from.
const SUBJECT_MIN_DOCS: usize = 5;
/// Share of the documents a word must appear in to be of the subject
/// (and in two documents at least).
const SUBJECT_DOC_SHARE: f64 = 0.1;
/// An article is off the subject when its similarity to it is below this
/// share of the median article's.
const OFF_SUBJECT: f64 = 0.4;

/// Independent sources an article's news needs to be shown in a
/// collection of `documents`: the number of digits of the count, less one
/// (1 up to 31 articles, 2 up to 316, 3 beyond).
pub(crate) fn news_sources(documents: usize) -> usize {
    let n = documents.max(1) as f64;
    (n.log10().round() as usize).max(1)
}

/// The collection's subject and the documents off it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Subject {
    /// Per document, whether it is off the subject.
    off: Vec<bool>,
}

impl Subject {
    /// The subject of `docs`: the content words shared by a tenth of them
    /// (two at least), weighted by how many share them.
    pub(crate) fn of(docs: &[Document]) -> Subject {
        if docs.len() < SUBJECT_MIN_DOCS {
            return Subject {
                off: vec![false; docs.len()],
            };
        }
        let bags: Vec<Bag> = docs.iter().map(|d| Bag::of(&d.text)).collect();
        let min_docs = ((docs.len() as f64 * SUBJECT_DOC_SHARE).ceil() as usize).max(2);
        let centroid = Bag::shared(&bags, min_docs);
        let relevance: Vec<f64> = bags.iter().map(|b| b.cosine(&centroid)).collect();
        let mut sorted = relevance.clone();
        sorted.sort_by(f64::total_cmp);
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
        Subject {
            off: relevance
                .iter()
                .map(|r| *r < OFF_SUBJECT * median)
                .collect(),
        }
    }

    /// Whether document `doc` is off the collection's subject.
    pub(crate) fn is_off(&self, doc: usize) -> bool {
        self.off.get(doc).copied().unwrap_or(false)
    }
}

/// Whether `event` is shown by default in a collection of `documents`:
/// an article's news with enough independent sources, not all of them off
/// the subject (unless two sources agree); a day recalled in passing by
/// two independent sources on the subject.
pub(crate) fn shown(event: &TimelineEvent, documents: usize) -> bool {
    let sources = event.independent_sources;
    if event.main {
        sources >= news_sources(documents) && (event.on_subject || sources >= 2)
    } else {
        sources >= BACKGROUND_SOURCES && event.on_subject
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_needs_more_sources_as_the_collection_grows() {
        assert_eq!(news_sources(1), 1);
        assert_eq!(news_sources(11), 1);
        assert_eq!(news_sources(31), 1);
        assert_eq!(news_sources(32), 2);
        assert_eq!(news_sources(228), 2);
        assert_eq!(news_sources(1000), 3);
    }
}
