//! The shape of a page, read before any parser sees it.
//!
//! The HTML parser and the main-content extractor are fast on pages as
//! people write them and fragile on pages as an attacker (or a broken
//! generator) writes them: the extractor walks the tree recursively, so
//! thousands of nested tags overflow the stack and abort the process, and
//! the tokenizer compares every attribute of a tag with the ones before it,
//! so one tag with 100,000 attributes costs minutes. One linear scan here
//! measures both, and a page past a bound is rewritten into one the parsers
//! handle in linear time before they run:
//!
//! - too many attributes on a tag: the ones past the bound are dropped;
//! - nested too deep: the page is *flattened*, its blocks turned into
//!   sibling paragraphs and its inline markup dropped, keeping the
//!   elements metadata comes from (`title`, `meta`, `link`, scripts such
//!   as JSON-LD). Its text survives; its structure does not, and a
//!   diagnostic says so.
//!
//! The scan is an estimate of the parser's tree, not a parser: elements
//! whose end tag is optional (`p`, `li`, `td`...) and void elements do not
//! count towards depth (except inside `svg` and `math`, where they nest), and raw-text elements (`script`, `style`...) are
//! skipped whole. It errs towards counting too deep only for pages no site
//! serves (hundreds of unclosed inline tags), and those are flattened.

use std::borrow::Cow;

/// Deepest nesting the page may have before it is flattened. Real pages
/// stay under about a hundred; a recursive walk of a few hundred levels
/// fits the smallest stack filrouge runs on (2 MiB server workers).
pub(crate) const MAX_DEPTH: usize = 256;

/// Most attributes one tag keeps; real tags carry a handful, the tokenizer's
/// duplicate check is quadratic in their number.
pub(crate) const MAX_ATTRIBUTES: usize = 128;

/// Void elements: never have content, never nest.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose end tag may be left out: the parser closes them itself,
/// so an unclosed one is not nesting.
const OPTIONAL_END: &[&str] = &[
    "caption", "colgroup", "dd", "dt", "li", "optgroup", "option", "p", "rp", "rt", "tbody", "td",
    "tfoot", "th", "thead", "tr",
];

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: &[&str] = &[
    "iframe", "noembed", "noframes", "script", "style", "textarea", "title", "xmp",
];

/// Elements a flattened page keeps as they are: metadata is read from them.
const KEPT_WHEN_FLATTENED: &[&str] = &[
    "body", "head", "html", "link", "meta", "script", "style", "title",
];

/// Elements that start a paragraph of their own in a flattened page.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
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

/// What the scan measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Deepest nesting of elements, as the parser would build it (estimate).
    pub depth: usize,
    /// Most attributes on one tag.
    pub attributes: usize,
}

/// Measures `html` in one pass.
pub(crate) fn measure(html: &str) -> Shape {
    let mut shape = Shape::default();
    let mut open: Vec<String> = Vec::new();
    // Open `svg` and `math` elements: inside them `<x/>` closes itself.
    let mut foreign = 0usize;
    for tag in Tags::new(html) {
        shape.attributes = shape.attributes.max(tag.attributes);
        let name = tag.name.as_str();
        // Inside `svg` or `math` every start tag nests: the parser makes
        // each a foreign element, `td` and `img` too, and closes none
        // itself (a tag that breaks out of the drawing pops it; counting
        // it deeper errs the safe way).
        let nests = !RAW_TEXT.contains(&name)
            && (foreign > 0 || (!VOID.contains(&name) && !OPTIONAL_END.contains(&name)));
        // In HTML, `<div/>` opens a div: the slash only closes foreign elements.
        if !nests || (tag.self_closing && foreign > 0) {
            continue;
        }
        if tag.closing {
            // Close up to the matching element, as the parser would; an
            // end tag nothing opened is ignored.
            if let Some(at) = open.iter().rposition(|open| *open == tag.name) {
                foreign -= open[at..]
                    .iter()
                    .filter(|n| *n == "svg" || *n == "math")
                    .count();
                open.truncate(at);
            }
        } else {
            if name == "svg" || name == "math" {
                foreign += 1;
            }
            open.push(tag.name);
            shape.depth = shape.depth.max(open.len());
        }
    }
    shape
}

/// `html` as the parsers may safely read it, and the sentence to report
/// when it had to be rewritten.
pub(crate) fn guarded(html: &str) -> (Cow<'_, str>, Option<String>) {
    let shape = measure(html);
    if shape.depth > MAX_DEPTH {
        let note = format!(
            "page nested {} elements deep (more than {MAX_DEPTH}): read flattened, its blocks as paragraphs",
            shape.depth
        );
        (Cow::Owned(flattened(html)), Some(note))
    } else if shape.attributes > MAX_ATTRIBUTES {
        let note = format!(
            "a tag carries {} attributes: those past the first {MAX_ATTRIBUTES} were dropped",
            shape.attributes
        );
        (Cow::Owned(rewritten(html, false)), Some(note))
    } else {
        (Cow::Borrowed(html), None)
    }
}

/// `html` with every tag's attributes past [`MAX_ATTRIBUTES`] dropped.
fn rewritten(html: &str, flatten: bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for tag in Tags::new(html) {
        out.push_str(&html[copied..tag.start]);
        copied = tag.end;
        let name = tag.name.as_str();
        if flatten && !KEPT_WHEN_FLATTENED.contains(&name) {
            if BLOCKS.contains(&name) {
                out.push_str("<p>");
            } else if name == "br" || name == "tr" {
                out.push_str("<br>");
            } else if name == "td" || name == "th" {
                out.push(' ');
            }
            continue;
        }
        match tag.excess_from {
            Some(cut) => {
                out.push_str(&html[tag.start..cut]);
                out.push_str(&html[tag.attributes_end..tag.end]);
            }
            None => out.push_str(&html[tag.start..tag.end]),
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// `html` flattened: blocks become sibling paragraphs, inline markup goes,
/// the elements metadata is read from stay.
fn flattened(html: &str) -> String {
    rewritten(html, true)
}

/// One tag found by the scan.
#[derive(Debug, Clone)]
struct Tag {
    /// Byte offset of its `<`.
    start: usize,
    /// Byte offset just past its `>` (or the end of the page).
    end: usize,
    /// Its name, lower-cased.
    name: String,
    /// An end tag (`</name>`).
    closing: bool,
    /// Ends with `/>`.
    self_closing: bool,
    /// How many attributes it carries.
    attributes: usize,
    /// Where its attribute past [`MAX_ATTRIBUTES`] starts, if it has one.
    excess_from: Option<usize>,
    /// Where its attributes end (at its `/>` or `>`).
    attributes_end: usize,
}

/// The tags of a page in order, comments, doctypes and the content of
/// raw-text elements skipped.
struct Tags<'a> {
    html: &'a str,
    at: usize,
    /// Inside a raw-text element: its name, whose end tag ends the text.
    raw: Option<String>,
}

impl<'a> Tags<'a> {
    fn new(html: &'a str) -> Self {
        Tags {
            html,
            at: 0,
            raw: None,
        }
    }
}

impl Iterator for Tags<'_> {
    type Item = Tag;

    fn next(&mut self) -> Option<Tag> {
        let bytes = self.html.as_bytes();
        loop {
            if let Some(raw) = self.raw.take() {
                self.at = raw_text_end(self.html, self.at, &raw);
            }
            let lt = self.at + memchr(b'<', &bytes[self.at..])?;
            let rest = &bytes[lt + 1..];
            if rest.starts_with(b"!--") {
                self.at = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |i| i + 3);
                continue;
            }
            if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
                self.at = memchr(b'>', rest).map_or(bytes.len(), |i| lt + 2 + i);
                continue;
            }
            let closing = rest.first() == Some(&b'/');
            let name_start = lt + 1 + usize::from(closing);
            if !bytes
                .get(name_start)
                .is_some_and(|b| b.is_ascii_alphabetic())
            {
                // A literal '<' in text.
                self.at = lt + 1;
                continue;
            }
            let tag = read_tag(self.html, lt, name_start, closing);
            self.at = tag.end;
            if !closing && !tag.self_closing && RAW_TEXT.contains(&tag.name.as_str()) {
                self.raw = Some(tag.name.clone());
            }
            return Some(tag);
        }
    }
}

/// Reads the tag whose `<` is at `lt` and whose name starts at `name_start`.
fn read_tag(html: &str, lt: usize, name_start: usize, closing: bool) -> Tag {
    let bytes = html.as_bytes();
    let is_name_end = |b: u8| b.is_ascii_whitespace() || b == b'/' || b == b'>';
    let mut i = name_start;
    while i < bytes.len() && !is_name_end(bytes[i]) {
        i += 1;
    }
    let name = html[name_start..i].to_ascii_lowercase();
    let mut attributes = 0;
    let mut excess_from = None;
    let mut self_closing = false;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            self_closing = bytes[i] == b'/';
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        self_closing = false;
        // An attribute: its name, then perhaps '=' and a value.
        let attribute_start = i;
        i += 1;
        while i < bytes.len() && !is_name_end(bytes[i]) && bytes[i] != b'=' {
            i += 1;
        }
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) == Some(&b'=') {
            i = skip_value(bytes, j + 1);
        }
        attributes += 1;
        if attributes == MAX_ATTRIBUTES + 1 {
            excess_from = Some(attribute_start);
        }
    }
    let attributes_end = if self_closing && i > 0 { i - 1 } else { i };
    let end = (i + 1).min(bytes.len());
    Tag {
        start: lt,
        end,
        name,
        closing,
        self_closing,
        attributes,
        excess_from,
        attributes_end: attributes_end.max(name_start),
    }
}

/// The end of an attribute value that starts after the `=` at `from`.
fn skip_value(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    match bytes.get(i) {
        Some(&quote) if quote == b'"' || quote == b'\'' => {
            memchr(quote, &bytes[i + 1..]).map_or(bytes.len(), |q| i + 2 + q)
        }
        _ => {
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                i += 1;
            }
            i
        }
    }
}

/// Where the text of a raw-text element `name` that starts at `from` ends:
/// at its end tag, or at the end of the page.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(i) = find(bytes, at, b"</") {
        let after = i + 2;
        let candidate = bytes.get(after..after + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return i;
        }
        at = after;
    }
    bytes.len()
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass_unchanged() {
        let page = "<!DOCTYPE html><html><head><title>T</title><script>if (a<b) {}</script></head>\
            <body><div class=\"x\"><p>One<p>Two <b>bold</b><br><img src=x></div><!-- <div> --></body></html>";
        let shape = measure(page);
        assert_eq!(shape.depth, 4, "html, body, div, b (p closes itself)");
        assert!(matches!(guarded(page).0, Cow::Borrowed(_)));
    }

    #[test]
    fn nesting_is_counted_and_end_tags_close() {
        assert_eq!(measure(&"<b>".repeat(1000)).depth, 1000);
        assert_eq!(measure(&"<div></div>".repeat(1000)).depth, 1);
        assert_eq!(measure("<div><span><i>x</div>").depth, 3);
        assert_eq!(measure("</div></div><div>").depth, 1);
        assert_eq!(
            measure(&"<div/>".repeat(300)).depth,
            300,
            "the slash closes nothing"
        );
        let icons = format!("<svg>{}</svg>", "<path d=\"M0\"/>".repeat(300));
        assert_eq!(measure(&icons).depth, 1);
        // In a drawing, elements with optional end tags nest like any
        // other: the parser closes none of them (found by the nesting
        // property test, which overflowed a 256 KiB stack on it).
        let drawing = format!("<svg>{}", "<td><font>".repeat(300));
        assert_eq!(measure(&drawing).depth, 601);
        assert_eq!(measure(&"<td><font>".repeat(300)).depth, 300);
    }

    #[test]
    fn raw_text_and_comments_hide_their_tags() {
        let page = format!(
            "<script>{}</script><!--{}--><textarea>{}</TEXTAREA>",
            "<div>".repeat(500),
            "<div>".repeat(500),
            "<div>".repeat(500)
        );
        assert_eq!(measure(&page).depth, 0);
    }

    #[test]
    fn deep_pages_are_flattened_and_keep_their_text() {
        let page = format!(
            "<html><head><title>Head</title><meta name=\"date\" content=\"2024-01-02\"></head><body>{}<div>First block</div><div>Second &amp; last</div>{}</body></html>",
            "<div><b>".repeat(2000),
            "</b></div>".repeat(2000)
        );
        let (safe, note) = guarded(&page);
        assert!(note.is_some_and(|n| n.contains("nested 4003 ")));
        assert!(measure(&safe).depth <= 3, "{}", measure(&safe).depth);
        assert!(safe.contains("<title>Head</title>"));
        assert!(safe.contains("<meta name=\"date\" content=\"2024-01-02\">"));
        assert!(safe.contains("<p>First block<p>"));
        assert!(safe.contains("Second &amp; last"));
    }

    #[test]
    fn attributes_past_the_bound_are_dropped() {
        let attrs: String = (0..1000).map(|i| format!(" a{i}=\"{i}\"")).collect();
        let page = format!("<div{attrs} >text</div><p b=1>");
        assert_eq!(measure(&page).attributes, 1000);
        let (safe, note) = guarded(&page);
        assert!(note.is_some());
        assert_eq!(measure(&safe).attributes, MAX_ATTRIBUTES);
        assert!(safe.contains(" a127=\"127\" >text</div><p b=1>"), "{safe}");
    }

    #[test]
    fn unfinished_markup_ends_the_scan() {
        for page in [
            "<div",
            "<div a=\"",
            "<!-- x",
            "<script>x",
            "a < b",
            "<",
            "</",
        ] {
            let _ = guarded(page);
            assert!(measure(page).depth <= 1);
        }
    }
}
