//! HTML pages: main-content extraction by trafilatura, metadata from meta
//! tags, OpenGraph and JSON-LD (trafilatura reads all three).
//!
//! The page is parsed once. [`furniture`] marks the blocks the page's own
//! structure calls furniture (newsletter boxes, related-link lists, share
//! buttons...); trafilatura, in its precision mode, chooses the main
//! content; [`render`] writes that content as paragraphs, leaving the
//! marked runs out; a first paragraph that only repeats the page's title
//! goes to `metadata.title` alone.

use filrouge_model::{Diagnostic, Metadata, Severity, SourceFormat, Stage};

use crate::{charset, make_document, source, ReadError, ReadErrorKind, ReadResult};

mod furniture;
mod guard;
mod render;

use furniture::{MARK_CLOSE, MARK_OPEN};

/// What extraction found in a page.
#[derive(Debug, Clone, Default)]
pub struct HtmlExtraction {
    /// Main content: one paragraph per block, paragraphs separated by a
    /// blank line, lines inside a paragraph (`<br>`, table rows) by a
    /// newline. The page's title is in `metadata`, not repeated here.
    pub text: String,
    /// Title, date, author, site, URL and declared language.
    pub metadata: Metadata,
    /// How the text was obtained when the main extractor failed.
    pub diagnostics: Vec<Diagnostic>,
}

/// Extracts the article text and metadata from an HTML page.
///
/// trafilatura runs in its precision mode (articles feed timelines: a
/// navigation line or a teaser headline costs more than a lost caption),
/// with its fallbacks (readability, jusText) enabled, after the page's
/// furniture has been marked. When it finds nothing the whole visible text
/// of the page is used and a warning says so, so that no page is silently
/// dropped.
pub fn extract_html(html: &str, url: Option<&str>) -> HtmlExtraction {
    let mut opts = trafilatura::Options::default()
        .with_fallback(true)
        .with_exclude_comments(true)
        .with_focus(trafilatura::ExtractionFocus::FavorPrecision);
    if let Some(parsed) = url.and_then(|u| url::Url::parse(u).ok()) {
        opts = opts.with_url(parsed);
    }
    // The marks are ours alone: a page that holds the characters loses them.
    let unmarked: String;
    let html = if html.contains([MARK_OPEN, MARK_CLOSE]) {
        unmarked = html.replace([MARK_OPEN, MARK_CLOSE], "");
        &unmarked
    } else {
        html
    };
    let mut diagnostics = Vec::new();
    let (html, rewrite) = guard::guarded(html);
    if let Some(message) = rewrite {
        diagnostics.push(warning(message));
    }
    let mut doc = trafilatura::dom::Document::parse(&html);
    if let Some(depth) = deeper_than(&doc, guard::MAX_DEPTH) {
        // The scan's estimate missed how the parser nested this page: the
        // extractor's recursive walks must not see it.
        diagnostics.push(warning(format!(
            "page parsed {depth} elements deep: main-content extraction skipped, all visible text used"
        )));
        return HtmlExtraction {
            text: visible_text(&html),
            metadata: Metadata {
                url: url.map(str::to_string),
                ..Metadata::default()
            },
            diagnostics,
        };
    }
    furniture::mark_furniture(&mut doc);
    let (text, meta) = match trafilatura::extract_document(doc, &opts) {
        Ok(result) => {
            let mut text = render::extracted_text(&result.content_html, true);
            if text.is_empty() {
                // Everything kept was marked: the marks were wrong for this
                // page, and the content is better than the whole page.
                text = render::extracted_text(&result.content_html, false);
            }
            (text, Some(result.metadata))
        }
        Err(e) => {
            diagnostics.push(warning(format!(
                "main-content extraction failed ({e}); using all visible text"
            )));
            (String::new(), None)
        }
    };
    let text = if text.trim().is_empty() {
        if meta.is_some() {
            diagnostics.push(warning(
                "no main content found; using all visible text".into(),
            ));
        }
        visible_text(&html)
    } else {
        text
    };
    let mut metadata = meta.map(page_metadata).unwrap_or_default();
    if metadata.url.is_none() {
        metadata.url = url.map(str::to_string);
    }
    let text = match &metadata.title {
        Some(title) => without_leading_title(text, title),
        None => text,
    };
    HtmlExtraction {
        text,
        metadata,
        diagnostics,
    }
}

/// Our metadata from trafilatura's.
fn page_metadata(m: trafilatura::Metadata) -> Metadata {
    // Metadata read from marked elements (a byline) keeps its text.
    let non_empty = |s: String| {
        let s = s.replace([MARK_OPEN, MARK_CLOSE], "");
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    Metadata {
        title: non_empty(m.title),
        author: non_empty(m.author),
        site: non_empty(m.sitename).or_else(|| non_empty(m.hostname.clone())),
        url: non_empty(m.url),
        declared_lang: non_empty(m.language),
        published: m.date.map(|d| d.format("%Y-%m-%d").to_string()),
        ..Metadata::default()
    }
}

/// A warning of the read stage.
fn warning(message: String) -> Diagnostic {
    Diagnostic {
        stage: Stage::Read,
        severity: Severity::Warning,
        message,
    }
}

/// The depth of the parsed page when it exceeds `bound`, found without
/// recursion.
fn deeper_than(doc: &trafilatura::dom::Document, bound: usize) -> Option<usize> {
    let mut stack = vec![(doc.root(), 0usize)];
    let mut deepest = 0;
    while let Some((id, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(doc.children(id).into_iter().map(|c| (c, depth + 1)));
    }
    (deepest > bound).then_some(deepest)
}

/// Letters and digits, lower-cased: a title compared this way ignores
/// punctuation, spacing and case.
fn title_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `text` without its first paragraph when that paragraph is the page's
/// title and something follows it. The title is kept in the metadata; in
/// the text it would be a headline the article body does not hold (and
/// whether trafilatura keeps it depends on the page's markup).
fn without_leading_title(text: String, title: &str) -> String {
    let key = title_key(title);
    let Some(first_end) = text.find("\n\n") else {
        return text;
    };
    if key.is_empty() || title_key(&text[..first_end]) != key {
        return text;
    }
    text[first_end..].trim_start().to_string()
}

/// All visible text of a page or fragment, one paragraph per block, as a
/// crawler that keeps no HTML delivers a page: its article and all its
/// furniture (the baseline extractor, and the whole-page text furniture
/// learning is measured on).
pub fn visible_text(html: &str) -> String {
    render::page_text(&guard::guarded(html).0)
}

/// Reads one HTML page; `url` is the address it was fetched from, if known.
pub(crate) fn read_html(label: &str, bytes: &[u8], url: Option<&str>) -> ReadResult {
    read_html_with(label, bytes, url, None, None, SourceFormat::Html)
}

/// Reads an HTML page found in a container (a WARC record, a JSONL field).
pub(crate) fn read_html_with(
    label: &str,
    bytes: &[u8],
    url: Option<&str>,
    declared_charset: Option<&str>,
    container: Option<filrouge_model::Container>,
    format: SourceFormat,
) -> ReadResult {
    let declared = declared_charset
        .map(str::to_string)
        .or_else(|| charset::html_declared_charset(bytes));
    let decoded = charset::decode(bytes, declared.as_deref());
    let extraction = extract_html(&decoded.text, url);
    if extraction.text.trim().is_empty() {
        return Err(ReadError {
            path: label.to_string(),
            location: container,
            kind: ReadErrorKind::NoContent,
        });
    }
    let mut diagnostics = decoded.diagnostics;
    diagnostics.extend(extraction.diagnostics);
    make_document(
        bytes,
        source(label, container, format, decoded.charset, bytes.len()),
        extraction.metadata,
        extraction.text,
        diagnostics,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An invented article page with the usual furniture around it.
    fn page(extra_in_article: &str) -> String {
        format!(
            "<html><head><title>Night trains return to the valley</title>\
             <meta property=\"og:title\" content=\"Night trains return to the valley\"></head>\
             <body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\
             <article><h1>Night trains return to the valley</h1>\
             <p>The regional operator will run a sleeper service between the two cities \
             again from December, ending a gap of more than ten years without night trains.</p>\
             <p>Tickets go on sale <a href=\"/tickets\">next week at stations and online</a>. \
             The first departures are planned for the second Friday of December.</p>\
             <p>Local councillors welcomed the decision, saying the line had been missed by \
             students and by older passengers who do not drive at night.</p>\
             {extra_in_article}\
             <p>The operator said it would review the timetable in the spring, once it has \
             seen how many seats are sold on each departure.</p>\
             </article></body></html>"
        )
    }

    #[test]
    fn paragraphs_come_out_and_the_title_stays_in_metadata() {
        let x = extract_html(&page(""), Some("https://example.org/trains"));
        assert_eq!(
            x.metadata.title.as_deref(),
            Some("Night trains return to the valley")
        );
        assert!(x.text.starts_with("The regional operator"), "{}", x.text);
        assert_eq!(x.text.matches("\n\n").count(), 3, "{}", x.text);
    }

    #[test]
    fn marked_furniture_is_left_out() {
        let x = extract_html(
            &page(
                "<div class=\"Newsletter-box\"><p>Get the morning briefing delivered to \
                 your inbox every weekday before seven.</p></div>",
            ),
            None,
        );
        assert!(x.text.contains("Local councillors"), "{}", x.text);
        assert!(!x.text.contains("briefing"), "{}", x.text);
        assert!(!x.text.contains(MARK_OPEN) && !x.text.contains(MARK_CLOSE));
    }

    #[test]
    fn a_byline_inside_furniture_still_gives_the_author() {
        let html = page("").replace(
            "<article>",
            "<article><div class=\"share-tools\"><span class=\"byline\">By Jane Roe</span> \
             <a href=\"https://twitter.com/intent/tweet?u=x\">Tweet</a></div>",
        );
        let x = extract_html(&html, None);
        assert_eq!(x.metadata.author.as_deref(), Some("Jane Roe"));
        assert!(!x.text.contains("Tweet"), "{}", x.text);
    }

    #[test]
    fn an_article_body_named_like_links_is_kept() {
        let html = page("").replace(
            "<article>",
            "<article><div class=\"story-body story-body--links\" style=\"border:0\">",
        );
        let html = html.replace("</article>", "</div></article>");
        let x = extract_html(&html, None);
        assert!(x.text.contains("Tickets go on sale"), "{}", x.text);
        assert!(x.text.contains("review the timetable"), "{}", x.text);
    }

    #[test]
    fn a_page_holding_the_mark_characters_loses_them() {
        let x = extract_html(
            &page("<p>Odd \u{FDD0}bytes\u{FDD1} in a crawled page, kept as text.</p>"),
            None,
        );
        assert!(x.text.contains("Odd bytes in a crawled page"), "{}", x.text);
    }

    #[test]
    fn a_leading_title_is_only_dropped_when_it_is_the_title() {
        let text = "Night trains return\n\nThe operator said so.".to_string();
        assert_eq!(
            without_leading_title(text.clone(), "Night Trains Return!"),
            "The operator said so."
        );
        assert_eq!(without_leading_title(text.clone(), "Other title"), text);
        // A text that is only the title keeps it.
        assert_eq!(
            without_leading_title("Night trains return".into(), "Night trains return"),
            "Night trains return"
        );
    }
}
