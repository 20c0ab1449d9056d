//! NewsReader CAT XML, the format of the MEANTIME corpus (Minard et al.,
//! LREC 2016) and of the SemEval-2015 Task 4 CAT files, read into one
//! [`CatDocument`]: tokens, sentences, markables and relations. What a
//! task takes from it is the task's: time expressions ([`crate::timex`]),
//! entity names ([`crate::ner`]) and dated event mentions
//! ([`crate::tls`]) are read from this one type.
//!
//! # The format
//!
//! CAT (FBK's Content Annotation Tool) writes one `<Document>` per file:
//! the tokens first, one `<token t_id=".." sentence=".." number="..">` per
//! token, then `<Markables>` whose elements (`ENTITY_MENTION`,
//! `EVENT_MENTION`, `TIMEX3`, and the instances `ENTITY`, `EVENT`, ...)
//! point at tokens with `<token_anchor t_id=".."/>` children, then
//! `<Relations>` (`REFERS_TO`, `TLINK`, ...) whose `<source m_id=".."/>`
//! and `<target m_id=".."/>` children name markables.
//!
//! # What is kept
//!
//! - the root's attributes (`doc_id`, `lang`, ...);
//! - every token in file order, its text decoded and trimmed;
//! - the sentences: runs of consecutive tokens with the same `sentence`
//!   attribute (compared as strings);
//! - every child of `<Markables>` with its attributes, its anchors in file
//!   order and its line; every child of `<Relations>` with its sources and
//!   targets and its line.
//!
//! [`CatDocument::text`] rebuilds text from tokens: one space between two
//! tokens of a sentence, one `\n` between sentences, nothing else. The
//! original spacing is lost ("June 13 , 2005").
//!
//! # The annotated part
//!
//! MEANTIME annotates only sentences 0 to 5 of each article (title,
//! dateline and four body sentences): in the English files no markable of
//! any kind lies beyond sentence 5, except one stray `VALUE` in sentence 6
//! of one file, while the articles run to 45 sentences. Scoring the rest
//! would count everything a system finds there as wrong.
//! [`CatDocument::annotated_tokens`] is where that part ends: after the
//! last sentence holding a token anchor of any markable (all tokens when
//! there is no anchor).
//!
//! # Strictness
//!
//! The reader wants well-formed markup, one `<Document>` root and no text
//! outside it, tokens with a `t_id` (unique) and a `sentence`, and token
//! anchors with a `t_id`. That an anchor names an existing token is
//! checked for the markables a task reads ([`CatDocument::anchor_range`]).

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::files::read_text;
use super::markup::{attr, Item, Scanner};
use crate::score::EvalError;

/// Bytes read from the start of a file to decide whether it is CAT.
const SNIFF_BYTES: u64 = 4096;

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatToken {
    /// The `t_id` attribute.
    pub t_id: String,
    /// The `sentence` attribute.
    pub sentence: String,
    /// The token's text, entities decoded, trimmed.
    pub text: String,
    /// 1-based line of the start tag.
    pub line: usize,
}

/// One markable: a child of `<Markables>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markable {
    /// The element name (`TIMEX3`, `ENTITY_MENTION`, `EVENT`, ...).
    pub name: String,
    /// Its attributes, values decoded, in file order.
    pub attrs: Vec<(String, String)>,
    /// The `t_id` of each `token_anchor`, in file order.
    pub anchors: Vec<String>,
    /// 1-based line of the start tag.
    pub line: usize,
}

impl Markable {
    /// The value of attribute `key`.
    pub fn attr(&self, key: &str) -> Option<&str> {
        lookup(&self.attrs, key)
    }

    /// The `m_id` attribute, empty when there is none.
    pub fn m_id(&self) -> &str {
        self.attr("m_id").unwrap_or_default()
    }
}

/// One relation: a child of `<Relations>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// The element name (`REFERS_TO`, `TLINK`, ...).
    pub name: String,
    /// The `m_id` of each `source`, in file order.
    pub sources: Vec<String>,
    /// The `m_id` of each `target`, in file order.
    pub targets: Vec<String>,
    /// 1-based line of the start tag.
    pub line: usize,
}

/// One CAT file: tokens, sentences, markables and relations (see the
/// module documentation).
#[derive(Debug, Clone, Default)]
pub struct CatDocument {
    path: PathBuf,
    attrs: Vec<(String, String)>,
    tokens: Vec<CatToken>,
    /// Runs of consecutive tokens with one `sentence` attribute.
    sentences: Vec<Range<usize>>,
    markables: Vec<Markable>,
    relations: Vec<Relation>,
    /// Token index by `t_id`.
    token_index: HashMap<String, usize>,
    /// Markable index by `m_id` (the last one when an id repeats).
    markable_index: HashMap<String, usize>,
}

impl CatDocument {
    /// The file read (or the name given to [`parse_cat`]).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The value of the root's attribute `key` (`doc_id`, `lang`, ...).
    pub fn attr(&self, key: &str) -> Option<&str> {
        lookup(&self.attrs, key)
    }

    /// Every token, in file order.
    pub fn tokens(&self) -> &[CatToken] {
        &self.tokens
    }

    /// The index of the token with `t_id`.
    pub fn token_index(&self, t_id: &str) -> Option<usize> {
        self.token_index.get(t_id).copied()
    }

    /// The sentences: ranges of token indices, in order, covering every
    /// token.
    pub fn sentences(&self) -> &[Range<usize>] {
        &self.sentences
    }

    /// The index of the sentence holding token `token`.
    pub fn sentence_of(&self, token: usize) -> Option<usize> {
        (token < self.tokens.len()).then(|| self.sentences.partition_point(|s| s.end <= token))
    }

    /// The index of the first sentence whose `sentence` attribute is
    /// `sentence`.
    pub fn sentence_named(&self, sentence: &str) -> Option<usize> {
        self.sentences
            .iter()
            .position(|s| self.tokens[s.start].sentence == sentence)
    }

    /// The tokens of sentence `index` joined with spaces.
    pub fn sentence_text(&self, index: usize) -> Option<String> {
        let range = self.sentences.get(index)?;
        let words: Vec<&str> = self.tokens[range.clone()]
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        Some(words.join(" "))
    }

    /// The text of the first `end` tokens (one space between the tokens of
    /// a sentence, one `\n` between sentences) and the byte range of each
    /// of those tokens in it.
    pub fn text(&self, end: usize) -> (String, Vec<Range<usize>>) {
        let tokens = &self.tokens[..end.min(self.tokens.len())];
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(tokens.len());
        for (i, token) in tokens.iter().enumerate() {
            if let Some(previous) = i.checked_sub(1).map(|k| &tokens[k]) {
                text.push(if previous.sentence == token.sentence {
                    ' '
                } else {
                    '\n'
                });
            }
            let start = text.len();
            text.push_str(&token.text);
            offsets.push(start..text.len());
        }
        (text, offsets)
    }

    /// The text of the tokens outside `hidden` (one space between the
    /// tokens of a sentence, a `\n` between sentences).
    pub fn text_without(&self, hidden: &[Range<usize>]) -> String {
        let mut text = String::new();
        let mut sentence: Option<&str> = None;
        for (i, token) in self.tokens.iter().enumerate() {
            if hidden.iter().any(|h| h.contains(&i)) {
                continue;
            }
            match sentence {
                Some(s) if s == token.sentence => text.push(' '),
                Some(_) => text.push('\n'),
                None => {}
            }
            sentence = Some(&token.sentence);
            text.push_str(&token.text);
        }
        text
    }

    /// How many tokens the annotated part holds: up to the end of the last
    /// sentence with a token anchor of any markable (anchors to no token
    /// aside), every token when there is none.
    pub fn annotated_tokens(&self) -> usize {
        let last = self
            .markables
            .iter()
            .flat_map(|m| &m.anchors)
            .filter_map(|t_id| self.token_index(t_id))
            .max();
        match last.and_then(|i| self.sentence_of(i)) {
            Some(s) => self.sentences[s].end,
            None => self.tokens.len(),
        }
    }

    /// Every markable, in file order.
    pub fn markables(&self) -> &[Markable] {
        &self.markables
    }

    /// The markable with `m_id`.
    pub fn markable(&self, m_id: &str) -> Option<&Markable> {
        self.markable_index
            .get(m_id)
            .and_then(|&i| self.markables.get(i))
    }

    /// The document's creation time: the first `TIMEX3` with
    /// `functionInDocument="CREATION_TIME"`.
    pub fn creation_time(&self) -> Option<&Markable> {
        self.markables
            .iter()
            .find(|m| m.name == "TIMEX3" && m.attr("functionInDocument") == Some("CREATION_TIME"))
    }

    /// Every relation, in file order.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The token indices from the first to the last anchored token of
    /// `markable` (end exclusive), `None` without anchors; an anchor to no
    /// token is an error naming the markable's line.
    pub fn anchor_range(&self, markable: &Markable) -> Result<Option<Range<usize>>, EvalError> {
        let mut range: Option<Range<usize>> = None;
        for t_id in &markable.anchors {
            let Some(i) = self.token_index(t_id) else {
                return Err(self.invalid(
                    markable.line,
                    format!(
                        "{} m_id=\"{}\" is anchored to t_id=\"{t_id}\", which is no token",
                        markable.name,
                        markable.m_id()
                    ),
                ));
            };
            range = Some(match range {
                None => i..i + 1,
                Some(r) => r.start.min(i)..r.end.max(i + 1),
            });
        }
        Ok(range)
    }

    /// An [`EvalError::Invalid`] at `line` of this document.
    pub(crate) fn invalid(&self, line: usize, message: impl Into<String>) -> EvalError {
        EvalError::Invalid {
            path: self.path.clone(),
            line: Some(line),
            message: message.into(),
        }
    }

    /// Appends a finished token, extending or starting a sentence.
    fn push_token(&mut self, token: CatToken) -> Result<(), EvalError> {
        if self.token_index.contains_key(&token.t_id) {
            let message = format!("two tokens with t_id=\"{}\"", token.t_id);
            return Err(self.invalid(token.line, message));
        }
        let i = self.tokens.len();
        let same_sentence = self
            .tokens
            .last()
            .is_some_and(|last| last.sentence == token.sentence);
        match self.sentences.last_mut() {
            Some(s) if same_sentence => s.end = i + 1,
            _ => self.sentences.push(i..i + 1),
        }
        self.token_index.insert(token.t_id.clone(), i);
        self.tokens.push(token);
        Ok(())
    }

    /// Appends a finished markable.
    fn push_markable(&mut self, markable: Markable) {
        if let Some(m_id) = markable.attr("m_id") {
            self.markable_index
                .insert(m_id.to_string(), self.markables.len());
        }
        self.markables.push(markable);
    }
}

/// The value of `key` among owned attributes.
fn lookup<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Reads one CAT file.
pub fn read_cat(path: &Path) -> Result<CatDocument, EvalError> {
    let source = read_text(path)?;
    parse(path, &source)
}

/// Parses CAT XML held in memory; `name` stands for the path in errors
/// and in [`CatDocument::path`].
pub fn parse_cat(name: &str, source: &str) -> Result<CatDocument, EvalError> {
    parse(Path::new(name), source)
}

/// Whether `prefix`, the first bytes of a file, opens a CAT document: its
/// root element is `<Document>`, after an optional byte-order mark, XML
/// declaration, comments, processing instructions and doctype. A prefix
/// too short to tell gives `false`.
pub fn is_cat(prefix: &[u8]) -> bool {
    let mut rest = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    loop {
        let skip = rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        rest = &rest[skip..];
        let terminator: &[u8] = if rest.starts_with(b"<?") {
            b"?>"
        } else if rest.starts_with(b"<!--") {
            b"-->"
        } else if rest.starts_with(b"<!") {
            b">"
        } else {
            break;
        };
        match rest.windows(terminator.len()).position(|w| w == terminator) {
            Some(k) => rest = &rest[k + terminator.len()..],
            None => return false,
        }
    }
    match rest.strip_prefix(b"<Document") {
        Some(after) => after
            .first()
            .is_some_and(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/'),
        None => false,
    }
}

/// Whether the file at `path` is a CAT document ([`is_cat`] on its first
/// 4 KiB).
pub fn sniff_cat(path: &Path) -> Result<bool, EvalError> {
    let file = std::fs::File::open(path).map_err(EvalError::io(path))?;
    let mut prefix = Vec::new();
    file.take(SNIFF_BYTES)
        .read_to_end(&mut prefix)
        .map_err(EvalError::io(path))?;
    Ok(is_cat(&prefix))
}

// ---------------------------------------------------------------------------
// The parser

/// A CAT file being read: the open elements and the token, markable or
/// relation being filled.
struct Parser<'a> {
    scanner: Scanner<'a>,
    doc: CatDocument,
    /// Open element names; the depth says what an element is.
    stack: Vec<&'a str>,
    seen_root: bool,
    token: Option<CatToken>,
    markable: Option<Markable>,
    relation: Option<Relation>,
}

fn parse(path: &Path, src: &str) -> Result<CatDocument, EvalError> {
    let mut p = Parser {
        scanner: Scanner::new(path, src),
        doc: CatDocument {
            path: path.to_path_buf(),
            ..CatDocument::default()
        },
        stack: Vec::new(),
        seen_root: false,
        token: None,
        markable: None,
        relation: None,
    };
    while let Some((at, item)) = p.scanner.next_item()? {
        match item {
            Item::Text(text) => p.text(at, &text)?,
            Item::Start { name, attrs, empty } => {
                p.start(at, name, &attrs)?;
                if empty {
                    p.close(name)?;
                } else {
                    p.stack.push(name);
                }
            }
            Item::End { name } => p.end(at, name)?,
        }
    }
    if let Some(open) = p.stack.last() {
        return Err(p
            .scanner
            .malformed(src.len(), format!("<{open}> is never closed")));
    }
    if !p.seen_root {
        return Err(p.scanner.invalid(src.len(), "no <Document> element"));
    }
    Ok(p.doc)
}

impl<'a> Parser<'a> {
    /// Character data: a token's text, or white space between elements.
    fn text(&mut self, at: usize, text: &str) -> Result<(), EvalError> {
        if let Some(t) = self.token.as_mut() {
            t.text.push_str(text);
        } else if self.stack.is_empty() && !text.trim().is_empty() {
            return Err(self.scanner.malformed(at, "text outside the root element"));
        }
        Ok(())
    }

    /// A start tag: the root, a token, a markable or relation, or one of
    /// their anchors, sources and targets; anything else is passed over.
    fn start(&mut self, at: usize, name: &str, attrs: &[(&str, String)]) -> Result<(), EvalError> {
        let line = self.scanner.line(at);
        let owned = || -> Vec<(String, String)> {
            attrs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        };
        match (self.stack.len(), self.stack.last().copied(), name) {
            (0, _, _) if self.seen_root => {
                return Err(self.scanner.malformed(at, "more than one root element"));
            }
            (0, _, "Document") => {
                self.seen_root = true;
                self.doc.attrs = owned();
            }
            (0, _, _) => {
                let message = format!("root element <{name}>, not <Document>");
                return Err(self.scanner.invalid(at, message));
            }
            (1, _, "token") => {
                let required = |key: &str| {
                    attr(attrs, key)
                        .ok_or_else(|| self.scanner.invalid(at, format!("<token> without `{key}`")))
                };
                self.token = Some(CatToken {
                    t_id: required("t_id")?,
                    sentence: required("sentence")?,
                    text: String::new(),
                    line,
                });
            }
            (2, Some("Markables"), _) => {
                self.markable = Some(Markable {
                    name: name.to_string(),
                    attrs: owned(),
                    anchors: Vec::new(),
                    line,
                });
            }
            (2, Some("Relations"), _) => {
                self.relation = Some(Relation {
                    name: name.to_string(),
                    sources: Vec::new(),
                    targets: Vec::new(),
                    line,
                });
            }
            (3, _, "token_anchor") => {
                if let Some(m) = self.markable.as_mut() {
                    let t_id = attr(attrs, "t_id")
                        .ok_or_else(|| self.scanner.invalid(at, "<token_anchor> without `t_id`"))?;
                    m.anchors.push(t_id);
                }
            }
            (3, _, end @ ("source" | "target")) => {
                if let (Some(r), Some(m_id)) = (self.relation.as_mut(), attr(attrs, "m_id")) {
                    if end == "source" {
                        r.sources.push(m_id);
                    } else {
                        r.targets.push(m_id);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// An end tag, which must close the innermost open element.
    fn end(&mut self, at: usize, name: &str) -> Result<(), EvalError> {
        match self.stack.pop() {
            Some(open) if open == name => self.close(name),
            Some(open) => Err(self
                .scanner
                .malformed(at, format!("</{name}> closes <{open}>"))),
            None => Err(self
                .scanner
                .malformed(at, format!("</{name}> with nothing open"))),
        }
    }

    /// Files the token, markable or relation that element `name` (closed
    /// with `self.stack.len()` elements still open) held.
    fn close(&mut self, name: &str) -> Result<(), EvalError> {
        match (self.stack.len(), name) {
            (1, "token") => {
                if let Some(mut token) = self.token.take() {
                    token.text = token.text.trim().to_string();
                    self.doc.push_token(token)?;
                }
            }
            (2, _) => {
                if let Some(m) = self.markable.take() {
                    self.doc.push_markable(m);
                }
                if let Some(r) = self.relation.take() {
                    self.doc.relations.push(r);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made up for this test: a title, a dateline, a body sentence, then an
    /// unannotated sentence; a mention, a time expression, an instance and
    /// a relation.
    const CAT: &str = r#"<?xml version="1.0" ?>
<!-- written for this test -->
<Document doc_id="9" lang="en">
<token t_id="1" sentence="0" number="0">Storm</token>
<token t_id="2" sentence="0" number="1">hits</token>
<token t_id="3" sentence="1" number="2">May 2</token>
<token t_id="4" sentence="2" number="3">The</token>
<token t_id="5" sentence="2" number="4">town</token>
<token t_id="6" sentence="2" number="5"> &amp; </token>
<token t_id="7" sentence="3" number="6">Later</token>
<Markables>
<ENTITY_MENTION m_id="10" syntactic_type="NOM"><token_anchor t_id="5"/><token_anchor t_id="4"/></ENTITY_MENTION>
<TIMEX3 m_id="11" type="DATE" value="2011-05-02" functionInDocument="CREATION_TIME">
<token_anchor t_id="3"/>
</TIMEX3>
<ENTITY m_id="12" ent_type="LOC"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="10"/><target m_id="12"/></REFERS_TO>
</Relations>
</Document>
"#;

    fn parse_ok(src: &str) -> CatDocument {
        match parse_cat("t.xml", src) {
            Ok(doc) => doc,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn tokens_sentences_markables_and_relations() {
        let doc = parse_ok(CAT);
        assert_eq!(doc.path(), Path::new("t.xml"));
        assert_eq!(
            (doc.attr("doc_id"), doc.attr("lang")),
            (Some("9"), Some("en"))
        );
        let texts: Vec<&str> = doc.tokens().iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Storm", "hits", "May 2", "The", "town", "&", "Later"]
        );
        assert_eq!(doc.sentences(), [0..2, 2..3, 3..6, 6..7]);
        assert_eq!(doc.sentence_of(4), Some(2));
        assert_eq!(doc.sentence_of(7), None);
        assert_eq!(doc.sentence_named("3"), Some(3));
        assert_eq!(doc.sentence_text(2).as_deref(), Some("The town &"));
        let (text, offsets) = doc.text(3);
        assert_eq!(text, "Storm hits\nMay 2");
        assert_eq!(&text[offsets[2].clone()], "May 2");
        // Sentence 3 holds no anchor: the annotated part ends before it.
        assert_eq!(doc.annotated_tokens(), 6);
        let mention = doc.markable("10").expect("a mention");
        assert_eq!(mention.attr("syntactic_type"), Some("NOM"));
        assert_eq!(doc.anchor_range(mention).ok(), Some(Some(3..5)));
        let dct = doc.creation_time().expect("a creation time");
        assert_eq!((dct.m_id(), dct.line), ("11", 13));
        assert_eq!(doc.markables().len(), 3);
        let r = &doc.relations()[0];
        assert_eq!(
            (r.name.as_str(), &r.sources[..], &r.targets[..]),
            (
                "REFERS_TO",
                &["10".to_string()][..],
                &["12".to_string()][..]
            )
        );
    }

    #[test]
    fn without_anchors_every_token_is_annotated() {
        let start = CAT.find("<Markables>").expect("markables");
        let end = CAT.find("<Relations>").expect("relations");
        let doc = parse_ok(&format!("{}{}", &CAT[..start], &CAT[end..]));
        assert_eq!(doc.annotated_tokens(), 7);
        assert!(doc.creation_time().is_none());
    }

    #[test]
    fn anchors_to_no_token_are_reported_with_the_markable_line() {
        let doc =
            parse_ok(&CAT.replace("<token_anchor t_id=\"4\"/>", "<token_anchor t_id=\"99\"/>"));
        let mention = doc.markable("10").expect("a mention");
        match doc.anchor_range(mention) {
            Err(EvalError::Invalid { line, message, .. }) => {
                assert_eq!(line, Some(12));
                assert!(message.contains("t_id=\"99\""), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn broken_files_give_typed_errors() {
        let invalid = [
            "",
            "<TimeML><TEXT>a</TEXT></TimeML>",
            "<Document><token sentence=\"0\">a</token></Document>",
            "<Document><token t_id=\"1\">a</token></Document>",
            "<Document><token t_id=\"1\" sentence=\"0\">a</token>\
             <token t_id=\"1\" sentence=\"0\">b</token></Document>",
            "<Document><Markables><X m_id=\"1\"><token_anchor/></X></Markables></Document>",
        ];
        for src in invalid {
            let e = parse_cat("broken", src);
            assert!(
                matches!(e, Err(EvalError::Invalid { .. })),
                "{src:?} gave {e:?}"
            );
        }
        let malformed = [
            "<Document><token t_id=\"1\" sentence=\"0\">a</Document>",
            "<Document><Markables>",
            "<Document></Document><Document></Document>",
            "<Document></Document>text",
        ];
        for src in malformed {
            let e = parse_cat("broken", src);
            assert!(
                matches!(e, Err(EvalError::Malformed { .. })),
                "{src:?} gave {e:?}"
            );
        }
        let e = parse_cat(
            "broken",
            "<Document>\n<token t_id=\"1\" sentence=\"0\">a</token>\n\
             <token t_id=\"1\" sentence=\"0\">b</token></Document>",
        );
        assert!(
            matches!(e, Err(EvalError::Invalid { line: Some(3), .. })),
            "the line of the second token: {e:?}"
        );
    }

    #[test]
    fn sniffing_finds_the_document_root() {
        assert!(is_cat(b"<?xml version=\"1.0\" ?><Document doc_id=\"1\">"));
        assert!(is_cat(
            b"\xEF\xBB\xBF\n<!-- x -->\n<!DOCTYPE Document>\n<Document>"
        ));
        assert!(!is_cat(b"<?xml version='1.0'?>\n<TimeML><DOCID>"));
        assert!(!is_cat(b"<Documents>"));
        assert!(!is_cat(b"<?xml version=\"1.0\" "));
        assert!(!is_cat(b""));
    }
}
