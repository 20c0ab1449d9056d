//! HTML to plain text with paragraph breaks.
//!
//! The trafilatura crate gives its main content as one line (every run of
//! text joined by a space), which would leave cleaning a single paragraph:
//! no line of furniture could be recognised and dropped, and the paragraph
//! annotations would be meaningless. This renderer walks the extracted
//! content (or a whole page, for the visible-text fallback) and writes one
//! paragraph per block element, separated by blank lines:
//!
//! - block elements (`p`, `div`, headings, list items, `blockquote`, ...)
//!   start and end a paragraph;
//! - `<br>` and table rows end a line inside the paragraph;
//! - table cells are separated by a space;
//! - runs of white space collapse to one space, except inside `<pre>`;
//! - in trafilatura's output, the edges of inline elements count as white
//!   space: the crate trims the text around elements it keeps
//!   (`<b>Summary</b> Studies` comes out as `<b>Summary</b>Studies`), so
//!   words would otherwise run together, and its own plain text puts a
//!   space there too;
//! - scripts, styles, templates and other non-text elements are skipped.
//!
//! The walk is iterative, so deeply nested markup cannot overflow the stack.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::furniture::{MARK_CLOSE, MARK_OPEN};

/// Elements that start and end a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// Elements whose content is never text a reader sees.
const SKIPPED_TAGS: &[&str] = &[
    "canvas", "head", "iframe", "noscript", "object", "script", "select", "style", "svg",
    "template", "textarea",
];

/// The break owed before the next visible character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    None,
    /// The edge of an inline element in trimmed markup: a space, unless
    /// punctuation hugs the word on that side.
    Soft,
    Space,
    Line,
    Paragraph,
}

/// Accumulates text, turning requested breaks into separators lazily so
/// that empty blocks leave no blank paragraphs behind.
struct Writer {
    out: String,
    pending: Break,
    /// Drop text between furniture marks (otherwise only the marks go).
    skip_marked: bool,
    /// How many furniture marks are open.
    marked: usize,
}

impl Writer {
    fn new(capacity: usize) -> Self {
        Writer {
            out: String::with_capacity(capacity),
            pending: Break::None,
            skip_marked: false,
            marked: 0,
        }
    }

    /// Asks for at least `b` before the next character.
    fn request(&mut self, b: Break) {
        self.pending = self.pending.max(b);
    }

    /// Writes the break owed before `next`.
    fn flush(&mut self, next: char) {
        if !self.out.is_empty() {
            match self.pending {
                Break::None => {}
                Break::Soft => {
                    if soft_space(&self.out, next) {
                        self.out.push(' ');
                    }
                }
                Break::Space => {
                    if !self.out.ends_with('\n') {
                        self.out.push(' ');
                    }
                }
                Break::Line => self.out.push('\n'),
                Break::Paragraph => self.out.push_str("\n\n"),
            }
        }
        self.pending = Break::None;
    }

    /// Writes a text node; white space collapses unless `verbatim`.
    fn text(&mut self, text: &str, verbatim: bool) {
        if verbatim {
            let kept: String;
            let text = if text.contains([MARK_OPEN, MARK_CLOSE]) {
                kept = self.unmark(text);
                &kept
            } else {
                text
            };
            for (i, line) in text.split('\n').enumerate() {
                if i > 0 {
                    self.request(Break::Line);
                }
                let line = line.trim_end();
                if let Some(first) = line.trim_start().chars().next() {
                    self.flush(first);
                    self.out.push_str(line);
                }
            }
            return;
        }
        for c in text.chars() {
            if c == MARK_OPEN {
                self.marked += 1;
            } else if c == MARK_CLOSE {
                self.marked = self.marked.saturating_sub(1);
            } else if self.skip_marked && self.marked > 0 {
                // Furniture: neither its text nor its spaces are written.
            } else if c.is_whitespace() {
                self.request(Break::Space);
            } else if !c.is_control() {
                self.flush(c);
                self.out.push(c);
            }
        }
    }
}

/// Whether a soft break between the end of `out` and `next` is a space.
/// Not before closing punctuation (`word</a>.`), not after opening
/// punctuation (`(<a>word`), and a straight quote counts as closing after
/// a letter or digit and as opening after anything else.
fn soft_space(out: &str, next: char) -> bool {
    let mut back = out.chars().rev();
    let Some(prev) = back.next() else {
        return false;
    };
    if prev.is_whitespace() {
        return false;
    }
    let closing = matches!(
        next,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '»' | '”' | '’' | '%' | '…'
    );
    if closing {
        return false;
    }
    if matches!(next, '"' | '\'') && prev.is_alphanumeric() {
        return false;
    }
    let opening = matches!(prev, '(' | '[' | '{' | '«' | '“' | '‘' | '¿' | '¡' | '/')
        || (matches!(prev, '"' | '\'')
            && back.next().is_none_or(|c| c.is_whitespace() || c == '('));
    !opening
}

impl Writer {
    /// `text` without its marks (and without marked runs when skipping).
    fn unmark(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c == MARK_OPEN {
                self.marked += 1;
            } else if c == MARK_CLOSE {
                self.marked = self.marked.saturating_sub(1);
            } else if !(self.skip_marked && self.marked > 0) {
                out.push(c);
            }
        }
        out
    }
}

/// Text of the content trafilatura extracted (an HTML fragment whose
/// white space around inline elements was trimmed).
/// With `skip_marked`, text between furniture marks is left out.
pub(crate) fn extracted_text(html: &str, skip_marked: bool) -> String {
    render(&Html::parse_fragment(html), true, skip_marked)
}

/// Visible text of a whole page, or of a fragment given as a page.
pub(crate) fn page_text(html: &str) -> String {
    render(&Html::parse_document(html), false, false)
}

/// Renders `doc`; `inline_spaces` puts a space at the edges of inline
/// elements (for markup whose white space was trimmed).
fn render(doc: &Html, inline_spaces: bool, skip_marked: bool) -> String {
    let mut w = Writer::new(1024);
    w.skip_marked = skip_marked;
    // Inside a skipped element: the id of that element.
    let mut skipping = None;
    let mut pre_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => w.text(t, pre_depth > 0),
                    Node::Element(e) => {
                        let tag = e.name();
                        if SKIPPED_TAGS.contains(&tag) {
                            skipping = Some(node.id());
                        } else if tag == "br" {
                            w.request(Break::Line);
                        } else if tag == "td" || tag == "th" {
                            w.request(Break::Space);
                        } else if tag == "tr" {
                            w.request(Break::Line);
                        } else if BLOCK_TAGS.contains(&tag) {
                            w.request(Break::Paragraph);
                            if tag == "pre" {
                                pre_depth += 1;
                            }
                        } else if inline_spaces {
                            w.request(Break::Soft);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    let tag = e.name();
                    if tag == "tr" {
                        w.request(Break::Line);
                    } else if tag == "td" || tag == "th" {
                        w.request(Break::Space);
                    } else if BLOCK_TAGS.contains(&tag) {
                        w.request(Break::Paragraph);
                        if tag == "pre" {
                            pre_depth = pre_depth.saturating_sub(1);
                        }
                    } else if inline_spaces {
                        w.request(Break::Soft);
                    }
                }
            }
        }
    }
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs() {
        let t = extracted_text(
            "<h2>Floods in the valley</h2><p>The river rose\n   overnight.</p><p>Roads are <b>closed</b>.</p>",
            false,
        );
        assert_eq!(
            t,
            "Floods in the valley\n\nThe river rose overnight.\n\nRoads are closed."
        );
    }

    #[test]
    fn line_breaks_cells_and_lists() {
        let t = extracted_text(
            "<p>Tested by: a reader<br>Price: ten pounds</p><ul><li>one</li><li>two</li></ul>\
             <table><tr><td>Name</td><td>Points</td></tr><tr><td>Ada</td><td>12</td></tr></table>",
            false,
        );
        assert_eq!(
            t,
            "Tested by: a reader\nPrice: ten pounds\n\none\n\ntwo\n\nName Points\nAda 12"
        );
    }

    #[test]
    fn page_inline_markup_does_not_split_words() {
        let t = page_text("<p>un<em>believ</em>able, <a href='#'>really</a></p>");
        assert_eq!(t, "unbelievable, really");
    }

    #[test]
    fn extracted_inline_edges_are_spaces() {
        let t = extracted_text(
            "<blockquote><strong>In short</strong>Rain is due.</blockquote>",
            false,
        );
        assert_eq!(t, "In short Rain is due.");
        // No space before punctuation that was glued in the source.
        let t = extracted_text("<p><em>Word</em></p>", false);
        assert_eq!(t, "Word");
        // Punctuation hugs the word it belongs to.
        let t = extracted_text(
            "<p>His book, \"<a>Out There</a>\" (<a>2018</a>), is on <a>sale</a>. Ask <b>\"why\"</b>.</p>",
            false,
        );
        assert_eq!(
            t,
            "His book, \"Out There\" (2018), is on sale. Ask \"why\"."
        );
    }

    #[test]
    fn empty_blocks_leave_no_blank_paragraphs() {
        let t = extracted_text(
            "<div><p> </p><div></div><p>Only this.</p><p>\u{a0}</p></div>",
            false,
        );
        assert_eq!(t, "Only this.");
    }

    #[test]
    fn scripts_and_styles_are_skipped() {
        let t = page_text(
            "<html><head><title>T</title><style>p{}</style></head><body><script>var x;</script>\
             <p>Visible.</p><noscript>Enable JS</noscript></body></html>",
        );
        assert_eq!(t, "Visible.");
    }

    #[test]
    fn preformatted_text_keeps_its_lines() {
        let t = extracted_text("<p>Code:</p><pre>let a = 1;\n  let b = 2;\n</pre>", false);
        assert_eq!(t, "Code:\n\nlet a = 1;\n  let b = 2;");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!("{}deep{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
        assert_eq!(extracted_text(&html, true), "deep");
    }
}
