//! Page furniture on whole pages: how much of a page's furniture cleaning
//! removes and how much of its article it keeps, without and with the
//! furniture learned from the batch ([`filrouge_clean::furniture`]).
//!
//! The pages of the Zyte article-extraction benchmark
//! ([`crate::formats::zyte`]) are rendered as whole-page text, every visible
//! line ([`filrouge_read::visible_text`]), as a crawler that keeps no HTML
//! delivers them, and read as plain-text documents with no site, URL or
//! date. They are cleaned as one batch twice: with the bundled lexicon alone
//! (the baseline: no collection learning), then with the furniture learned
//! from the whole batch first. Each line of a page with a letter or digit is
//! article when the gold body holds it ([`label`]), furniture otherwise; a
//! line is removed when removals cover at least half of it.

pub mod label;

use std::path::Path;

use filrouge_clean::{Cleaner, CollectionFurniture, CollectionLines};
use filrouge_lexicon::Lexicon;
use filrouge_model::{Document, RemovalRule, Span};
use filrouge_read::{read_bytes, ReadOptions};
use label::GoldBody;

use crate::formats::zyte::{read_ground_truth, read_page};
use crate::score::{ratio, EvalError};

/// What cleaning did to the lines of the pages, one way.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Outcome {
    /// Furniture lines removed.
    pub furniture_removed: usize,
    /// Article lines kept.
    pub article_kept: usize,
    /// Share of the furniture lines removed (the recall of removal).
    pub furniture_removed_share: f64,
    /// Share of the article lines kept.
    pub article_kept_share: f64,
}

/// An article line the learned furniture removed and the baseline kept.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LostLine {
    /// Page id.
    pub page: String,
    /// The line.
    pub line: String,
    /// The removal's reason.
    pub reason: String,
}

/// The batch's result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FurnitureReport {
    /// Pages read.
    pub pages: usize,
    /// Furniture lines of all pages.
    pub furniture_lines: usize,
    /// Article lines of all pages.
    pub article_lines: usize,
    /// Lines learned as furniture from the batch.
    pub learned_lines: usize,
    /// Pages set aside as copies of an earlier page while learning.
    pub copies: u32,
    /// The lexicon alone (the code before collection learning).
    pub baseline: Outcome,
    /// With the furniture learned from the batch.
    pub learned: Outcome,
    /// Article lines lost to learning, in page order.
    pub article_lost: Vec<LostLine>,
}

/// One page: its document (whole-page text) and its gold body.
struct Page {
    id: String,
    doc: Document,
    gold: GoldBody,
}

/// Renders every page of the benchmark in `gold_dir` as whole-page text and
/// measures furniture removal on them as one batch. With `sites`, each page
/// carries its site (the host of its address), as a crawler that records
/// addresses delivers it, and furniture is also learned per site.
pub fn evaluate_furniture(
    gold_dir: &Path,
    sites: bool,
    mut progress: impl FnMut(usize, usize),
) -> Result<FurnitureReport, EvalError> {
    let gold = read_ground_truth(gold_dir)?;
    let total = gold.len();
    let mut pages = Vec::with_capacity(total);
    let opts = ReadOptions::default();
    for (i, (id, entry)) in gold.iter().enumerate() {
        let (_, raw) = read_page(gold_dir, id)?;
        // The benchmark's runners read pages as UTF-8.
        let text = filrouge_read::visible_text(&String::from_utf8_lossy(&raw));
        let label = format!("{id}.txt");
        // An empty page reads as an error: it has no line to score.
        if let Some(Ok(mut doc)) = read_bytes(&label, text.into_bytes(), &opts).next() {
            if sites {
                doc.metadata.site = entry.url.as_deref().and_then(host);
            }
            pages.push(Page {
                id: id.clone(),
                doc,
                gold: GoldBody::new(entry.article_body.as_deref().unwrap_or("")),
            });
        }
        progress(i + 1, total);
    }
    Ok(measure(&pages))
}

/// The host of an address ("www.example.org" of "https://www.example.org/a").
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_lowercase())
}

/// Cleans the pages without and with learned furniture and tallies lines.
fn measure(pages: &[Page]) -> FurnitureReport {
    let lexicon = Lexicon::bundled();
    let mut lines = CollectionLines::new();
    for p in pages {
        lines.observe(&p.doc.original, p.doc.metadata.site.as_deref());
    }
    let furniture: CollectionFurniture = lines.learn();
    let baseline = Cleaner::new(lexicon);
    let learned = Cleaner::new(lexicon).with_furniture(&furniture);
    let mut report = FurnitureReport {
        pages: pages.len(),
        furniture_lines: 0,
        article_lines: 0,
        learned_lines: furniture.len(),
        copies: furniture.copies(),
        baseline: Outcome::default(),
        learned: Outcome::default(),
        article_lost: Vec::new(),
    };
    for p in pages {
        let before = baseline.clean(p.doc.clone());
        let after = learned.clean(p.doc.clone());
        for span in text_lines(&p.doc.original) {
            let line = &p.doc.original[span.range()];
            let removed_before = removed(&before, span);
            let removed_after = removed(&after, span);
            if p.gold.is_article(line) {
                report.article_lines += 1;
                report.baseline.article_kept += usize::from(removed_before.is_none());
                report.learned.article_kept += usize::from(removed_after.is_none());
                if let (None, Some(reason)) = (removed_before, removed_after) {
                    report.article_lost.push(LostLine {
                        page: p.id.clone(),
                        line: line.to_string(),
                        reason,
                    });
                }
            } else {
                report.furniture_lines += 1;
                report.baseline.furniture_removed += usize::from(removed_before.is_some());
                report.learned.furniture_removed += usize::from(removed_after.is_some());
            }
        }
    }
    for outcome in [&mut report.baseline, &mut report.learned] {
        outcome.furniture_removed_share = ratio(outcome.furniture_removed, report.furniture_lines);
        outcome.article_kept_share = ratio(outcome.article_kept, report.article_lines);
    }
    report
}

/// The spans of the lines of `text` that hold a letter or a digit.
fn text_lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split('\n') {
        if line.contains(char::is_alphanumeric) {
            out.push(Span::new(pos, pos + line.len()));
        }
        pos += line.len() + 1;
    }
    out
}

/// Why `doc`'s cleaning removed the line at `span` of its original, when
/// removals cover at least half of it: the learned reason when it was
/// learning, else the rule's name.
fn removed(doc: &Document, span: Span) -> Option<String> {
    let mut covered = 0;
    let mut why = None;
    for r in &doc.removals {
        let overlap = r
            .span
            .end
            .min(span.end)
            .saturating_sub(r.span.start.max(span.start));
        if overlap > 0 {
            covered += overlap;
            if why.is_none() || r.rule == RemovalRule::LearnedBoilerplate {
                why = Some(r.reason.clone());
            }
        }
    }
    (covered * 2 >= span.len().max(1)).then_some(why).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge_model::{Metadata, Source};

    fn page(id: &str, text: &str, gold: &str) -> Page {
        let source = Source::text_file("page.txt", text.len() as u64);
        Page {
            id: id.into(),
            doc: Document::new(
                filrouge_read::content_id(text.as_bytes()),
                source,
                Metadata::default(),
                text.into(),
            ),
            gold: GoldBody::new(gold),
        }
    }

    #[test]
    fn hosts_of_addresses() {
        assert_eq!(
            host("https://www.Example.org/a/b?c").as_deref(),
            Some("www.example.org")
        );
        assert_eq!(host("example.org").as_deref(), Some("example.org"));
        assert_eq!(host("https:///x"), None);
    }

    #[test]
    fn learned_furniture_is_counted_and_articles_kept() {
        let bodies = [
            "The ferry to the island was cancelled again on Tuesday because of the storm.",
            "A new bakery opened on the harbour front, the first in the village for ten years.",
            "The school choir won the regional contest with a song written by its pupils.",
        ];
        let pages: Vec<Page> = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| {
                let text = format!("Island Courier\nMy reader account\n{body}\nOur shop and gifts");
                page(&i.to_string(), &text, body)
            })
            .collect();
        let report = measure(&pages);
        assert_eq!(report.furniture_lines, 9);
        assert_eq!(report.article_lines, 3);
        assert_eq!(report.learned.furniture_removed, 9);
        assert_eq!(report.learned.article_kept, 3);
        assert_eq!(report.baseline.furniture_removed, 0);
        assert!(report.article_lost.is_empty());
        assert!((report.learned.furniture_removed_share - 1.0).abs() < 1e-9);
    }
}
