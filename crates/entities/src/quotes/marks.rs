//! Quote marks: the quotes of a text (`« »`, `“ ”`, a pair of `"`), a
//! quote over several paragraphs as one span per paragraph, and words
//! quoted inside a quote with other marks.

use filrouge_model::Span;

/// Byte spans of the quoted text (inside the marks, trimmed), one per
/// quote; a quote over several paragraphs (each paragraph opening with the
/// mark, only the last one closing it) gives one span per paragraph.
pub fn quote_spans(text: &str) -> Vec<Span> {
    quote_groups(text).into_iter().flatten().collect()
}

/// The quotes of `text`, each as its paragraphs' spans.
pub(super) fn quote_groups(text: &str) -> Vec<Vec<Span>> {
    let mut out: Vec<Vec<Span>> = Vec::new();
    let mut i = 0;
    let bytes = text.len();
    // Set when a paragraph of a quote ended unclosed and the next one
    // opens with the same mark: its span joins the same quote.
    let mut continuing = false;
    while i < bytes {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let close = match c {
            '«' => Some('»'),
            '“' => Some('”'),
            '"' => Some('"'),
            _ => None,
        };
        let Some(close) = close else {
            i += c.len_utf8();
            continuing = false;
            continue;
        };
        let open_end = i + c.len_utf8();
        // The matching close within a reasonable reach; nested « » count.
        let mut depth = 0;
        let mut end = None;
        let mut paragraph_end = None;
        for (k, d) in text[open_end..].char_indices() {
            if k > 4000 {
                break;
            }
            if d == '\n' && depth == 0 {
                let next = text[open_end + k..].trim_start();
                if next.starts_with(c) {
                    paragraph_end = Some(open_end + k);
                    break;
                }
            }
            if d == c && c != close {
                depth += 1;
            } else if d == close {
                if depth == 0 {
                    end = Some(open_end + k);
                    break;
                }
                depth -= 1;
            }
        }
        let Some(e) = end.or(paragraph_end) else {
            i = open_end;
            continuing = false;
            continue;
        };
        let inner = &text[open_end..e];
        let lead = inner.len() - inner.trim_start().len();
        let trail = inner.len() - inner.trim_end().len();
        if e - trail > open_end + lead {
            let span = Span::new(open_end + lead, e - trail);
            match out.last_mut() {
                Some(group) if continuing => group.push(span),
                _ => out.push(vec![span]),
            }
        }
        if end.is_some() {
            i = e + close.len_utf8();
            continuing = false;
        } else {
            // The next paragraph's opening mark continues this quote.
            i = e + (text[e..].len() - text[e..].trim_start().len());
            continuing = true;
        }
    }
    out
}

/// Words quoted inside a quote with other marks (« ... "..." ... »):
/// `open` is the quote's own opening mark (the cleaner writes single
/// typographic quotes as apostrophes, so only double ones nest here).
pub(super) fn inner_quote(text: &str, q: Span, open: char) -> Option<Span> {
    let inner = &text[q.range()];
    if !matches!(open, '«' | '“') {
        return None;
    }
    let a = inner.find('"')? + 1;
    let b = a + inner[a..].find('"')?;
    let s = inner[a..b].trim();
    if s.split_whitespace().count() < 2 {
        return None;
    }
    let start = q.start + a + (inner[a..b].len() - inner[a..b].trim_start().len());
    Some(Span::new(start, start + s.len()))
}
