//! Cleaning: from the text a reader produced to the text analysis reads.
//!
//! Two passes, both deterministic (same input and resources, same output,
//! whatever else is in the batch):
//!
//! 1. [`normalise`] works on characters (spaces, apostrophes, NFC...).
//! 2. [`Cleaner::clean`] works on paragraphs: it drops repeated paragraphs, a
//!    repeated title, boilerplate lines and end-of-page regions, bare site
//!    names and credit lines (moved to metadata), lines a corpus has
//!    taught it are boilerplate for the document's site, and page furniture
//!    learned from the document's collection ([`furniture`]). Each drop is a
//!    [`Removal`] naming its rule and evidence.
//!
//! The cleaned text is the kept paragraphs joined by blank lines; its
//! [`OffsetMap`](filrouge_model::OffsetMap) leads back to the original. Each
//! kept paragraph becomes a `paragraph` annotation with its role (title,
//! heading, body).
//!
//! Architecture invariant: cleaning never detects language, sentences or
//! anything semantic; it knows lines, paragraphs and the lexicon's patterns.

pub mod furniture;
mod learned;
mod normalise;
mod paragraphs;

use std::collections::HashMap;

use filrouge_lexicon::{fold, BoilerplateKind, BoilerplatePattern, Folded, Lexicon};
use filrouge_model::{
    Annotation, Credit, Document, Label, ParagraphRole, Removal, RemovalRule, SourceFormat, Span,
    TextBuilder,
};

pub use furniture::{CollectionFurniture, CollectionLines, DocumentLines};
pub use learned::{site_lines, LearnedBoilerplate, SiteLineCounts};
pub use normalise::{normalise, ELISION};

/// Longest line a `contains` boilerplate pattern may remove.
const CONTAINS_MAX_LEN: usize = 200;
/// Longest line a `prefix` boilerplate pattern may remove.
const PREFIX_MAX_LEN: usize = 300;
/// Shortest paragraph (in characters) that counts as a repeat when seen twice.
const REPEAT_MIN_CHARS: usize = 20;

/// The cleaning stage, with its read-only resources.
#[derive(Debug, Clone)]
pub struct Cleaner<'a> {
    lexicon: &'a Lexicon,
    learned: Option<&'a LearnedBoilerplate>,
    furniture: Option<&'a CollectionFurniture>,
}

/// What the paragraph pass decided for one paragraph.
#[derive(Debug, Clone)]
enum Verdict {
    Keep(ParagraphRole),
    Drop(RemovalRule, String),
    /// A credit line: dropped, its agency moved to metadata.
    Credit(String, String),
}

impl<'a> Cleaner<'a> {
    /// A cleaner using `lexicon`'s patterns.
    pub fn new(lexicon: &'a Lexicon) -> Self {
        Cleaner {
            lexicon,
            learned: None,
            furniture: None,
        }
    }

    /// Also removes lines learned as boilerplate for a site.
    pub fn with_learned(mut self, learned: &'a LearnedBoilerplate) -> Self {
        self.learned = Some(learned);
        self
    }

    /// Also removes the page furniture learned from the document's
    /// collection (see [`furniture`]).
    pub fn with_furniture(mut self, furniture: &'a CollectionFurniture) -> Self {
        self.furniture = Some(furniture);
        self
    }

    /// Cleans `doc`: sets its cleaned text, offset map, removals, credits and
    /// paragraph annotations. Never fails; odd input gives a plain result.
    pub fn clean(&self, mut doc: Document) -> Document {
        let (text1, map1) = normalise(&doc.original);
        let paras = paragraphs::split(&text1);
        let verdicts = self.judge(&doc, &text1, &paras);
        if title_guessed(&doc) {
            forget_furniture_title(&mut doc, &text1, &paras, &verdicts);
        }

        let mut b = TextBuilder::with_capacity(text1.len());
        let mut kept: Vec<(Span, ParagraphRole)> = Vec::new();
        for (para, verdict) in paras.iter().zip(&verdicts) {
            match verdict {
                Verdict::Keep(role) => {
                    if !b.text().is_empty() {
                        b.replace(Span::new(para.span.start, para.span.start), "\n\n");
                    }
                    let start = b.text().len();
                    // Lines of a hard-wrapped paragraph are joined by spaces.
                    let mut pos = para.span.start;
                    for brk in &para.line_breaks {
                        b.copy(&text1, Span::new(pos, *brk));
                        b.replace(Span::new(*brk, brk + 1), " ");
                        pos = brk + 1;
                    }
                    b.copy(&text1, Span::new(pos, para.span.end));
                    kept.push((Span::new(start, b.text().len()), *role));
                }
                Verdict::Drop(rule, reason) => {
                    let span = map1.map_span(para.span);
                    push_removal(&mut doc, *rule, span, reason);
                }
                Verdict::Credit(agency, reason) => {
                    let span = map1.map_span(para.span);
                    let line = text1[para.span.range()].to_string();
                    push_credit(&mut doc, agency.clone(), line, span);
                    push_removal(&mut doc, RemovalRule::CreditLine, span, reason);
                }
            }
        }
        let (text, map2) = b.finish();
        doc.offsets = map2.compose(&map1);
        doc.text = text;
        self.inline_credits(&mut doc, &kept);
        for (span, role) in kept {
            doc.annotations
                .push(Annotation::new(span, Label::Paragraph { role, lang: None }));
        }
        let elisions: Vec<Span> = doc
            .text
            .match_indices(ELISION)
            .map(|(at, m)| Span::new(at, at + m.len()))
            .collect();
        doc.annotations.extend(
            elisions
                .into_iter()
                .map(|s| Annotation::new(s, Label::Elision)),
        );
        doc
    }

    /// Decides, paragraph by paragraph, what stays and why the rest goes.
    fn judge(&self, doc: &Document, text: &str, paras: &[paragraphs::Paragraph]) -> Vec<Verdict> {
        let n = paras.len();
        let lines: Vec<&str> = paras.iter().map(|p| &text[p.span.range()]).collect();
        // Each line lower-cased and folded once, in one pass.
        let keys: Vec<Folded> = lines.iter().map(|l| Folded::new(l)).collect();
        let folded: Vec<&str> = keys.iter().map(Folded::folded).collect();
        let mut verdicts: Vec<Option<Verdict>> = vec![None; n];

        self.mark_end_of_page(&lines, &folded, &mut verdicts);
        self.mark_furniture(doc, &lines, &keys, &mut verdicts);
        let first_body = mark_title(doc, &lines, &folded, &mut verdicts);

        // The last paragraph with real body text: site names only count after it.
        let last_body = (0..n)
            .rev()
            .find(|&i| verdicts[i].is_none() && lines[i].split_whitespace().count() >= 8)
            .unwrap_or(0);
        let site = doc.metadata.site.as_deref().map(fold);

        let mut seen: HashMap<&str, usize> = HashMap::new();
        for i in 0..n {
            if verdicts[i].is_some() {
                continue;
            }
            let line = lines[i];
            let f = folded[i];
            let verdict = if let Some(reason) = self.boilerplate(line, &keys[i]) {
                Verdict::Drop(RemovalRule::Boilerplate, reason)
            } else if let Some((agency, origin)) = self.credit_line(line) {
                Verdict::Credit(agency, format!("credit line ({origin}); moved to metadata"))
            } else if site.as_deref() == Some(f) || (i > last_body && looks_like_site_name(line)) {
                Verdict::Drop(
                    RemovalRule::SiteName,
                    "a bare site name on a line of its own".into(),
                )
            } else if let Some(reason) = self.learned_reason(doc, f) {
                Verdict::Drop(RemovalRule::LearnedBoilerplate, reason)
            } else if let Some(&first) = seen
                .get(line)
                .filter(|_| line.chars().count() >= REPEAT_MIN_CHARS)
            {
                Verdict::Drop(
                    RemovalRule::RepeatedParagraph,
                    format!("repeats paragraph {} verbatim", first + 1),
                )
            } else {
                seen.entry(line).or_insert(i);
                let role = if i >= first_body && looks_like_heading(line) && i + 1 < n {
                    ParagraphRole::Heading
                } else {
                    ParagraphRole::Body
                };
                Verdict::Keep(role)
            };
            verdicts[i] = Some(verdict);
        }
        verdicts
            .into_iter()
            .map(|v| v.unwrap_or(Verdict::Keep(ParagraphRole::Body)))
            .collect()
    }

    /// The end-of-page region: from the first tail pattern that comes
    /// after most of the text (by length) to the end, all dropped.
    fn mark_end_of_page(&self, lines: &[&str], folded: &[&str], verdicts: &mut [Option<Verdict>]) {
        let total: usize = lines.iter().map(|l| l.len()).sum();
        let mut before = 0usize;
        for i in 0..lines.len() {
            if before * 2 >= total {
                if let Some(origin) = self.tail_pattern(folded[i]) {
                    for (j, v) in verdicts.iter_mut().enumerate().skip(i) {
                        let reason = if j == i {
                            format!("opens an end-of-page region ({origin})")
                        } else {
                            format!(
                                "inside the end-of-page region opened at paragraph {}",
                                i + 1
                            )
                        };
                        *v = Some(Verdict::Drop(RemovalRule::BoilerplateTail, reason));
                    }
                    break;
                }
            }
            before += lines[i].len();
        }
    }

    /// Page furniture learned from the collection, before the title is
    /// chosen (a page's first lines are often furniture). A line the
    /// lexicon explains (a boilerplate pattern, a credit line to move to
    /// metadata) is left to those rules, and a declared title stays; a
    /// plain-text file's title is only its first line, guessed, and goes
    /// when it is furniture (see [`Cleaner::clean`]).
    fn mark_furniture(
        &self,
        doc: &Document,
        lines: &[&str],
        keys: &[Folded],
        verdicts: &mut [Option<Verdict>],
    ) {
        let Some(furniture) = self.furniture else {
            return;
        };
        let title = doc
            .metadata
            .title
            .as_deref()
            .filter(|_| !title_guessed(doc))
            .map(fold);
        let reasons = furniture.judge(lines, doc.metadata.site.as_deref());
        for (i, reason) in reasons.into_iter().enumerate() {
            let Some(reason) = reason else { continue };
            let explained = self.boilerplate(lines[i], &keys[i]).is_some()
                || self.credit_line(lines[i]).is_some();
            if verdicts[i].is_none() && !explained && title.as_deref() != Some(keys[i].folded()) {
                verdicts[i] = Some(Verdict::Drop(RemovalRule::LearnedBoilerplate, reason));
            }
        }
    }

    /// The origin of the tail pattern a folded line matches, if any.
    fn tail_pattern(&self, folded: &str) -> Option<&str> {
        self.lexicon
            .boilerplate()
            .tail_match(folded)
            .map(|p| p.origin.as_str())
    }

    /// The reason a line is boilerplate, if it is. `prefix` and `contains`
    /// patterns only remove short lines: a long paragraph that happens to
    /// hold a furniture phrase is still text.
    fn boilerplate(&self, line: &str, keys: &Folded) -> Option<String> {
        // Counted only when a prefix or contains pattern matches (rare).
        let len = || line.chars().count();
        let accept = |p: &BoilerplatePattern| match p.kind {
            BoilerplateKind::Exact | BoilerplateKind::Tail => true,
            BoilerplateKind::Prefix => len() <= PREFIX_MAX_LEN,
            BoilerplateKind::Contains => len() <= CONTAINS_MAX_LEN,
        };
        self.lexicon
            .boilerplate()
            .line_match(keys.folded(), keys.lower(), accept)
            .map(|p| format!("{} `{}` ({})", p.kind.as_str(), p.pattern, p.origin))
    }

    /// The agency a whole-line credit names, and the pattern that saw it.
    fn credit_line(&self, line: &str) -> Option<(String, &str)> {
        if line.chars().count() > 120 {
            return None;
        }
        self.lexicon
            .credited_agency(line)
            .map(|(agency, pattern)| (agency.name.clone(), pattern.origin.as_str()))
    }

    /// Credits written inside a paragraph ("PARIS (AFP) -", a final "(AFP)"):
    /// recorded in metadata, the text itself kept.
    fn inline_credits(&self, doc: &mut Document, kept: &[(Span, ParagraphRole)]) {
        let mut found = Vec::new();
        for (span, _) in kept {
            let para = &doc.text[span.range()];
            for (open, close) in para
                .match_indices('(')
                .filter_map(|(o, _)| para[o..].find(')').map(|c| (o, o + c + 1)))
            {
                let inner = &para[open + 1..close - 1];
                let near_start = para[..open].split_whitespace().count() <= 4;
                let at_end = para[close..].trim().trim_end_matches('.').is_empty();
                if !(near_start || at_end) {
                    continue;
                }
                if let Some(agency) = self.lexicon.agency(inner.trim()) {
                    let local = Span::new(span.start + open, span.start + close);
                    found.push((
                        agency.name.clone(),
                        inner.to_string(),
                        doc.original_span(local),
                    ));
                }
            }
        }
        for (name, written, span) in found {
            push_credit(doc, name, written, span);
        }
    }

    fn learned_reason(&self, doc: &Document, folded: &str) -> Option<String> {
        let learned = self.learned?;
        let site = doc.metadata.site.as_deref()?;
        learned.reason(site, folded)
    }
}

/// The title: the first paragraph not yet judged, when it is the declared
/// title or (first of several) looks like one; copies of it right after are
/// dropped. Only paragraphs dropped as page furniture can come before it. Returns the index of the first paragraph after them (0 without
/// a title).
fn mark_title(
    doc: &Document,
    lines: &[&str],
    folded: &[&str],
    verdicts: &mut [Option<Verdict>],
) -> usize {
    let n = lines.len();
    let title = doc.metadata.title.as_deref().map(fold);
    let mut first_body = 0;
    if let Some(first) = (0..n).find(|&i| verdicts[i].is_none()) {
        let is_title = title.as_deref() == Some(folded[first])
            || (first + 1 < n && looks_like_heading(lines[first]));
        if is_title {
            verdicts[first] = Some(Verdict::Keep(ParagraphRole::Title));
            first_body = first + 1;
            while first_body < n && folded[first_body] == folded[first] {
                verdicts[first_body] = Some(Verdict::Drop(
                    RemovalRule::RepeatedTitle,
                    format!("repeats the title (paragraph {})", first + 1),
                ));
                first_body += 1;
            }
        }
    }
    first_body
}

/// Whether the document's title is the plain-text reader's guess (its
/// first line), not a title the input declared.
fn title_guessed(doc: &Document) -> bool {
    doc.source.format == SourceFormat::Text
}

/// Forgets a guessed title that cleaning dropped as learned furniture: it
/// was the page's first line, not its title (the title paragraph, chosen
/// after the furniture, says what the title is).
fn forget_furniture_title(
    doc: &mut Document,
    text: &str,
    paras: &[paragraphs::Paragraph],
    verdicts: &[Verdict],
) {
    let Some(title) = doc.metadata.title.as_deref().map(fold) else {
        return;
    };
    let dropped = paras.iter().zip(verdicts).any(|(p, v)| {
        matches!(v, Verdict::Drop(RemovalRule::LearnedBoilerplate, _))
            && fold(&text[p.span.range()]) == title
    });
    if dropped {
        doc.metadata.title = None;
    }
}

/// Records that `span` of the original was removed by `rule`.
fn push_removal(doc: &mut Document, rule: RemovalRule, span: Span, reason: &str) {
    let text = doc
        .original
        .get(span.range())
        .unwrap_or_default()
        .to_string();
    doc.removals.push(Removal {
        rule,
        span,
        text,
        reason: reason.to_string(),
    });
}

fn push_credit(doc: &mut Document, agency: String, as_written: String, span: Span) {
    if !doc.metadata.credits.iter().any(|c| c.agency == agency) {
        doc.metadata.credits.push(Credit {
            agency,
            as_written,
            span,
        });
    }
}

/// A short line without final punctuation: a title or a section heading.
fn looks_like_heading(line: &str) -> bool {
    // Cheapest tests first: most lines are body text that ends a sentence
    // or is too long (120 characters take at most 480 bytes).
    let ends_sentence = line
        .trim_end()
        .ends_with(['.', '!', '?', ';', ',', ':', '…', '"', '»', '”']);
    if ends_sentence || line.len() > 120 * 4 || line.chars().count() > 120 {
        return false;
    }
    let words = line.split_whitespace().count();
    words > 0 && words <= 14
}

/// One lower-case word or domain alone on a line ("portailinfo", "example.org").
fn looks_like_site_name(line: &str) -> bool {
    let t = line.trim();
    let is_domain = t.contains('.') && !t.ends_with('.') && t.split('.').all(|p| !p.is_empty());
    let one_word = !t.contains(' ') && t.chars().count() >= 4;
    let lower = t
        .chars()
        .all(|c| c.is_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'));
    one_word && (lower || is_domain)
}

#[cfg(test)]
mod tests;
