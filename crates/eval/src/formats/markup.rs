//! The one XML scanner of the gold readers (inline TimeML, NewsReader
//! CAT): tags with decoded attributes, decoded character data (CDATA kept
//! literally), comments, processing instructions and declarations
//! skipped. Well-formedness beyond one tag (matching end tags) is the
//! caller's. No XML crate: the gold files are small and their markup
//! simple.

use std::cell::Cell;
use std::path::Path;

use crate::score::EvalError;

/// One piece of markup.
pub(crate) enum Item<'a> {
    /// A start tag (`empty` for `<x/>`), attribute values decoded.
    Start {
        name: &'a str,
        attrs: Vec<(&'a str, String)>,
        empty: bool,
    },
    /// An end tag.
    End { name: &'a str },
    /// Character data, decoded (CDATA kept literally).
    Text(String),
}

/// Cuts a document into tags and text; comments, processing instructions
/// and declarations are dropped.
pub(crate) struct Scanner<'a> {
    path: &'a Path,
    src: &'a str,
    pos: usize,
    /// The last offset asked for by [`Scanner::line`] and its line, so
    /// that asking in text order reads the text once.
    last_line: Cell<(usize, usize)>,
}

impl<'a> Scanner<'a> {
    /// A scanner over `src`, read from `path` (named in errors); a leading
    /// byte-order mark is skipped.
    pub(crate) fn new(path: &'a Path, src: &'a str) -> Self {
        let pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Scanner {
            path,
            src,
            pos,
            last_line: Cell::new((0, 1)),
        }
    }

    /// The 1-based line of byte offset `pos`.
    pub(crate) fn line(&self, pos: usize) -> usize {
        let pos = pos.min(self.src.len());
        let (from, line) = match self.last_line.get() {
            (from, line) if from <= pos => (from, line),
            _ => (0, 1),
        };
        let line = line
            + self.src.as_bytes()[from..pos]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        self.last_line.set((pos, line));
        line
    }

    /// A [`EvalError::Malformed`] at byte offset `pos`.
    pub(crate) fn malformed(&self, pos: usize, message: impl Into<String>) -> EvalError {
        EvalError::Malformed {
            path: self.path.to_path_buf(),
            line: self.line(pos),
            message: message.into(),
        }
    }

    /// An [`EvalError::Invalid`] at byte offset `pos`.
    pub(crate) fn invalid(&self, pos: usize, message: impl Into<String>) -> EvalError {
        EvalError::Invalid {
            path: self.path.to_path_buf(),
            line: Some(self.line(pos)),
            message: message.into(),
        }
    }

    /// Position just past the first `terminator` at or after `from`.
    fn past(&self, from: usize, terminator: &str, what: &str) -> Result<usize, EvalError> {
        match self.src[from..].find(terminator) {
            Some(k) => Ok(from + k + terminator.len()),
            None => Err(self.malformed(from, format!("unterminated {what}"))),
        }
    }

    /// Length of the whitespace at `pos`.
    fn whitespace(&self, pos: usize) -> usize {
        let rest = &self.src[pos..];
        rest.len() - rest.trim_start().len()
    }

    /// Just past a `<!DOCTYPE ...>`, internal subset in brackets included.
    fn declaration_end(&self, from: usize) -> Result<usize, EvalError> {
        let mut depth = 0usize;
        let mut quote: Option<u8> = None;
        for (k, &b) in self.src.as_bytes()[from..].iter().enumerate() {
            match (quote, b) {
                (Some(q), _) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'[') => depth += 1,
                (None, b']') => depth = depth.saturating_sub(1),
                (None, b'>') if depth == 0 => return Ok(from + k + 1),
                _ => {}
            }
        }
        Err(self.malformed(from, "unterminated declaration"))
    }

    /// The next item and the byte offset where it starts.
    pub(crate) fn next_item(&mut self) -> Result<Option<(usize, Item<'a>)>, EvalError> {
        let src = self.src;
        loop {
            let at = self.pos;
            if at >= src.len() {
                return Ok(None);
            }
            let rest = &src[at..];
            if !rest.starts_with('<') {
                let end = rest.find('<').map_or(src.len(), |k| at + k);
                self.pos = end;
                return Ok(Some((at, Item::Text(decode_entities(&src[at..end])))));
            }
            if rest.starts_with("<!--") {
                self.pos = self.past(at, "-->", "comment")?;
            } else if rest.starts_with("<![CDATA[") {
                let end = self.past(at, "]]>", "CDATA section")?;
                self.pos = end;
                let body = &src[at + "<![CDATA[".len()..end - "]]>".len()];
                return Ok(Some((at, Item::Text(body.to_string()))));
            } else if rest.starts_with("<?") {
                self.pos = self.past(at, "?>", "processing instruction")?;
            } else if rest.starts_with("<!") {
                self.pos = self.declaration_end(at)?;
            } else if let Some(after) = rest.strip_prefix("</") {
                let name_end = at + 2 + name_len(after);
                let close = name_end + self.whitespace(name_end);
                let name = &src[at + 2..name_end];
                if name.is_empty() || !src[close..].starts_with('>') {
                    return Err(self.malformed(at, format!("malformed end tag </{name}")));
                }
                self.pos = close + 1;
                return Ok(Some((at, Item::End { name })));
            } else {
                return self.start_tag(at).map(Some);
            }
        }
    }

    /// The start tag at `at` (a `<` that opens no comment, declaration or
    /// end tag).
    fn start_tag(&mut self, at: usize) -> Result<(usize, Item<'a>), EvalError> {
        let src = self.src;
        let name_end = at + 1 + name_len(&src[at + 1..]);
        let name = &src[at + 1..name_end];
        if name.is_empty() {
            return Err(self.malformed(at, "`<` that starts no tag"));
        }
        let mut attrs = Vec::new();
        let mut i = name_end;
        let empty = loop {
            i += self.whitespace(i);
            let rest = &src[i..];
            if rest.starts_with("/>") {
                i += 2;
                break true;
            }
            if rest.starts_with('>') {
                i += 1;
                break false;
            }
            let n = name_len(rest);
            if n == 0 {
                return Err(self.malformed(at, format!("malformed <{name}> tag")));
            }
            let attr = &rest[..n];
            i += n;
            i += self.whitespace(i);
            if !src[i..].starts_with('=') {
                return Err(
                    self.malformed(at, format!("attribute `{attr}` of <{name}> has no value"))
                );
            }
            i += 1;
            i += self.whitespace(i);
            let quote = match src.as_bytes().get(i) {
                Some(&q @ (b'"' | b'\'')) => q as char,
                _ => {
                    return Err(
                        self.malformed(at, format!("attribute `{attr}` of <{name}> is not quoted"))
                    )
                }
            };
            let value_start = i + 1;
            let Some(len) = src[value_start..].find(quote) else {
                return Err(self.malformed(at, format!("unterminated <{name}> tag")));
            };
            let raw = &src[value_start..value_start + len];
            if raw.contains('<') {
                return Err(self.malformed(at, format!("`<` in attribute `{attr}` of <{name}>")));
            }
            attrs.push((attr, decode_entities(raw)));
            i = value_start + len + 1;
        };
        self.pos = i;
        Ok((at, Item::Start { name, attrs, empty }))
    }
}

/// The value of attribute `key`.
pub(crate) fn attr(attrs: &[(&str, String)], key: &str) -> Option<String> {
    attrs
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.clone())
}

/// Length in bytes of the XML name at the start of `s`.
fn name_len(s: &str) -> usize {
    s.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')))
        .unwrap_or(s.len())
}

/// Decodes the five XML entities and numeric character references; an `&`
/// that starts none of them is kept as it is.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').and_then(|semi| {
            let c = match &rest[1..semi] {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                r => {
                    let code = if let Some(hex) = r.strip_prefix("#x").or(r.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok()
                    } else if let Some(dec) = r.strip_prefix('#') {
                        dec.parse::<u32>().ok()
                    } else {
                        None
                    };
                    code.and_then(char::from_u32)?
                }
            };
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_lines_and_entities() {
        let src = "\u{feff}<?xml version=\"1.0\"?>\n<!-- note -->\n<a x='1 &amp; 2'>\nT&lt;\
                   <![CDATA[<raw>]]><b/></a>";
        let mut scanner = Scanner::new(Path::new("t.xml"), src);
        let mut items = Vec::new();
        while let Ok(Some((at, item))) = scanner.next_item() {
            let line = scanner.line(at);
            items.push(match item {
                Item::Start { name, attrs, empty } => format!("{line}<{name} {attrs:?} {empty}>"),
                Item::End { name } => format!("{line}</{name}>"),
                Item::Text(t) => format!("{line}{t:?}"),
            });
        }
        assert_eq!(
            items,
            [
                "1\"\\n\"",
                "2\"\\n\"",
                "3<a [(\"x\", \"1 & 2\")] false>",
                "3\"\\nT<\"",
                "4\"<raw>\"",
                "4<b [] true>",
                "4</a>",
            ]
        );
        // Lines asked out of order are right too.
        assert_eq!((scanner.line(0), scanner.line(src.len())), (1, 4));
        let mut broken = Scanner::new(Path::new("t.xml"), "<a>\n<!-- open");
        let _ = broken.next_item();
        let _ = broken.next_item();
        assert!(matches!(
            broken.next_item(),
            Err(EvalError::Malformed { line: 2, .. })
        ));
    }
}
