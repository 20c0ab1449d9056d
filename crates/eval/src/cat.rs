//! Gold time expressions from CAT XML, the format of the NewsReader MEANTIME
//! corpus (Minard et al., LREC 2016), read into the [`TimemlDocument`] the
//! TimeML reader gives, so the TempEval-3 scorer in [`crate::timex`]
//! applies unchanged.
//!
//! # The format
//!
//! CAT (FBK's Content Annotation Tool) writes one `<Document>` per file:
//! the tokens first, one `<token t_id=".." sentence=".." number="..">` per
//! token, then `<Markables>` whose elements point at tokens with
//! `<token_anchor t_id=".."/>` children, then `<Relations>`. Time
//! expressions are `<TIMEX3 m_id=".." type=".." value=".."
//! functionInDocument="..">` markables.
//!
//! # The text
//!
//! [`TimemlDocument::text`] is rebuilt from the tokens in file order: one
//! space between two tokens of a sentence, one `\n` where the `sentence`
//! attribute changes, entities decoded, nothing else. The original spacing
//! is lost ("June 13 , 2005"), which the tagger has to live with.
//!
//! The text stops at the end of the last sentence that holds a token
//! anchor of any markable (entity, event, time expression, value, signal,
//! ...); a file without anchors keeps all its tokens. MEANTIME annotates
//! only sentences 0 to 5 of each article (title, dateline and four body
//! sentences): in the English files no markable of any kind lies beyond
//! sentence 5, except one stray `VALUE` in sentence 6 of one file, while
//! the articles run to 45 sentences. Scoring the rest would count every expression the tagger
//! finds there as spurious (it more than halves precision). Score the
//! `intra-doc_annotation` copy: in `intra_cross-doc_annotation` the entity
//! and event mentions of the cross-document targets run through whole
//! articles (over 1,600 past sentence 5, no `TIMEX3`), so whole articles
//! are kept there and precision falls the same way.
//!
//! Within that part every token is kept, the title included. In MEANTIME
//! sentence 0 is the title (all 120 English files) and it is annotated
//! like the body: 18 of the 370 anchored English `TIMEX3` lie in titles
//! ("since 1992", "annual profit"), beside entity and event mentions, so
//! leaving titles out would drop gold expressions. Sentence 1 is the
//! dateline ("March 01 , 2008"), which in 118 files is exactly the anchor
//! of the DCT (see below) and in the other 2 is an ordinary `TIMEX3` (no
//! DCT is marked there).
//!
//! # Time expressions
//!
//! - The first `TIMEX3` with `functionInDocument="CREATION_TIME"` is
//!   [`TimemlDocument::dct`], anchored or not. When anchored, its span and
//!   text are those of its tokens in the text (start and end are 0 and the
//!   text empty otherwise), and the scorer sets aside system expressions
//!   on it ([`crate::timex::score_document`]). It is never in
//!   [`TimemlDocument::timexes`]; further `CREATION_TIME` expressions are
//!   ignored.
//! - Every other `TIMEX3` with at least one token anchor is an in-text
//!   expression spanning from the start of its first anchored token to the
//!   end of its last (in text order), in start order, outer first. `tid`
//!   is the `m_id`, `modifier` the `mod` attribute (MEANTIME has none).
//! - A `TIMEX3` without anchors (MEANTIME's empty expressions, with a
//!   `TAG_DESCRIPTOR` instead of text) is skipped, as the TimeML reader
//!   skips empty ones: no system can match it.
//!
//! The reader is strict about structure (well-formed markup, a
//! `<Document>` root, tokens with unique `t_id` and a `sentence`, anchors
//! to existing tokens, `TIMEX3` with `m_id`, `type` and `value`), the way
//! the TimeML reader is.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

pub(crate) use crate::markup::{attr, Item, Scanner};
use crate::timex::{file_stem, read_source, GoldTimex, TimemlDocument, TimexEvalError};

/// Bytes read from the start of an `.xml` file to decide whether it is CAT.
const SNIFF_BYTES: u64 = 4096;

/// Reads one CAT XML file (a MEANTIME document).
pub fn read_cat(path: &Path) -> Result<TimemlDocument, TimexEvalError> {
    let source = read_source(path)?;
    parse_file(path, &source)?.to_document(&file_stem(path), path)
}

/// Parses CAT XML held in memory; `name` becomes [`TimemlDocument::name`]
/// and stands for the path in errors.
pub fn parse_cat(name: &str, source: &str) -> Result<TimemlDocument, TimexEvalError> {
    let path = Path::new(name);
    parse_file(path, source)?.to_document(name, path)
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
pub fn sniff_cat(path: &Path) -> Result<bool, TimexEvalError> {
    let io = |source| TimexEvalError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut prefix = Vec::new();
    file.take(SNIFF_BYTES)
        .read_to_end(&mut prefix)
        .map_err(io)?;
    Ok(is_cat(&prefix))
}

// ---------------------------------------------------------------------------
// What a CAT file holds (the part used here)

/// One token, placed in the rebuilt text.
#[derive(Debug)]
struct CatToken {
    /// The `sentence` attribute, compared as a string.
    sentence: String,
    /// Byte offset of the token in the text.
    start: usize,
    /// Byte offset one past the token.
    end: usize,
}

/// One `TIMEX3` markable.
#[derive(Debug)]
struct CatTimex {
    /// 1-based line of the start tag.
    line: usize,
    m_id: String,
    kind: String,
    value: String,
    modifier: Option<String>,
    creation_time: bool,
    /// `t_id` of every `token_anchor`, in file order.
    anchors: Vec<String>,
}

/// The tokens, the text rebuilt from them, and the `TIMEX3` markables.
#[derive(Debug, Default)]
struct CatFile {
    /// Every token, even past the annotated part.
    text: String,
    tokens: Vec<CatToken>,
    /// Token index by `t_id`.
    by_id: HashMap<String, usize>,
    timexes: Vec<CatTimex>,
    /// `t_id` of every token anchor of every markable.
    anchored: Vec<String>,
}

impl CatFile {
    /// Appends a token to the text.
    fn push_token(&mut self, t_id: String, sentence: String, text: &str) -> Result<(), String> {
        if self.by_id.contains_key(&t_id) {
            return Err(format!("two tokens with t_id=\"{t_id}\""));
        }
        if let Some(last) = self.tokens.last() {
            self.text
                .push(if last.sentence == sentence { ' ' } else { '\n' });
        }
        let start = self.text.len();
        self.text.push_str(text);
        self.by_id.insert(t_id, self.tokens.len());
        self.tokens.push(CatToken {
            sentence,
            start,
            end: self.text.len(),
        });
        Ok(())
    }

    /// The span from the first to the last anchored token, `None` without
    /// anchors.
    fn span(&self, t: &CatTimex, path: &Path) -> Result<Option<(usize, usize)>, TimexEvalError> {
        let mut span: Option<(usize, usize)> = None;
        for t_id in &t.anchors {
            let Some(token) = self.by_id.get(t_id).and_then(|&i| self.tokens.get(i)) else {
                return Err(TimexEvalError::Invalid {
                    path: path.to_path_buf(),
                    line: t.line,
                    message: format!(
                        "TIMEX3 m_id=\"{}\" is anchored to t_id=\"{t_id}\", which is no token",
                        t.m_id
                    ),
                });
            };
            span = Some(match span {
                None => (token.start, token.end),
                Some((start, end)) => (start.min(token.start), end.max(token.end)),
            });
        }
        Ok(span)
    }

    /// End of the annotated text: the end of the last sentence with an
    /// anchored token (the whole text without anchors).
    fn annotated_end(&self) -> usize {
        let last = self
            .anchored
            .iter()
            .filter_map(|t_id| self.by_id.get(t_id).copied())
            .max();
        match last.and_then(|i| self.tokens.get(i).map(|t| (i, t))) {
            Some((i, token)) => self.tokens[i..]
                .iter()
                .take_while(|t| t.sentence == token.sentence)
                .last()
                .map_or(token.end, |t| t.end),
            None => self.text.len(),
        }
    }

    fn to_document(&self, name: &str, path: &Path) -> Result<TimemlDocument, TimexEvalError> {
        let mut dct: Option<GoldTimex> = None;
        let mut timexes = Vec::new();
        for t in &self.timexes {
            let span = self.span(t, path)?;
            let gold = |(start, end): (usize, usize)| GoldTimex {
                start,
                end,
                text: self.text[start..end].to_string(),
                kind: t.kind.clone(),
                value: t.value.clone(),
                modifier: t.modifier.clone(),
                tid: t.m_id.clone(),
            };
            if t.creation_time {
                if dct.is_none() {
                    dct = Some(gold(span.unwrap_or((0, 0))));
                }
            } else if let Some((start, end)) = span.filter(|(start, end)| start < end) {
                timexes.push(gold((start, end)));
            }
        }
        timexes.sort_by_key(|t| (t.start, Reverse(t.end)));
        Ok(TimemlDocument {
            name: name.to_string(),
            // Every TIMEX3 anchor is a markable anchor: spans end before.
            text: self.text[..self.annotated_end()].to_string(),
            dct,
            timexes,
        })
    }
}

/// A `<token>` being read.
struct OpenToken {
    at: usize,
    t_id: String,
    sentence: String,
    text: String,
}

/// Reads the tokens and `TIMEX3` markables of a CAT document.
fn parse_file(path: &Path, src: &str) -> Result<CatFile, TimexEvalError> {
    let mut scanner = Scanner::new(path, src);
    let mut file = CatFile::default();
    let mut stack: Vec<&str> = Vec::new();
    let mut seen_root = false;
    let mut token: Option<OpenToken> = None;
    let mut timex: Option<CatTimex> = None;
    while let Some((at, item)) = scanner.next_item()? {
        match item {
            Item::Text(text) => {
                if let Some(t) = token.as_mut() {
                    t.text.push_str(&text);
                } else if stack.is_empty() && !text.trim().is_empty() {
                    return Err(scanner.malformed(at, "text outside the root element"));
                }
            }
            Item::Start { name, attrs, empty } => {
                match stack.last().copied() {
                    None if seen_root => {
                        return Err(scanner.malformed(at, "more than one root element"));
                    }
                    None if name != "Document" => {
                        return Err(
                            scanner.invalid(at, format!("root element <{name}>, not <Document>"))
                        );
                    }
                    None => seen_root = true,
                    Some("Document") if name == "token" && stack.len() == 1 => {
                        let required = |key: &str| {
                            attr(&attrs, key).ok_or_else(|| {
                                scanner.invalid(at, format!("<token> without `{key}`"))
                            })
                        };
                        token = Some(OpenToken {
                            at,
                            t_id: required("t_id")?,
                            sentence: required("sentence")?,
                            text: String::new(),
                        });
                    }
                    Some("Markables") if name == "TIMEX3" && stack.len() == 2 => {
                        let required = |key: &'static str| {
                            attr(&attrs, key).ok_or_else(|| TimexEvalError::MissingAttribute {
                                path: path.to_path_buf(),
                                line: scanner.line(at),
                                attribute: key,
                            })
                        };
                        timex = Some(CatTimex {
                            line: scanner.line(at),
                            m_id: required("m_id")?,
                            kind: required("type")?,
                            value: required("value")?,
                            modifier: attr(&attrs, "mod"),
                            creation_time: attr(&attrs, "functionInDocument").as_deref()
                                == Some("CREATION_TIME"),
                            anchors: Vec::new(),
                        });
                    }
                    Some(parent)
                        if name == "token_anchor"
                            && stack.len() == 3
                            && stack.get(1) == Some(&"Markables") =>
                    {
                        let t_id = attr(&attrs, "t_id")
                            .ok_or_else(|| scanner.invalid(at, "<token_anchor> without `t_id`"))?;
                        if let (Some(t), "TIMEX3") = (timex.as_mut(), parent) {
                            t.anchors.push(t_id.clone());
                        }
                        file.anchored.push(t_id);
                    }
                    Some(_) => {}
                }
                if empty {
                    close(name, stack.len(), &mut file, &mut token, &mut timex)
                        .map_err(|message| scanner.invalid(at, message))?;
                } else {
                    stack.push(name);
                }
            }
            Item::End { name } => {
                match stack.pop() {
                    Some(open) if open == name => {}
                    Some(open) => {
                        return Err(scanner.malformed(at, format!("</{name}> closes <{open}>")))
                    }
                    None => {
                        return Err(scanner.malformed(at, format!("</{name}> with nothing open")))
                    }
                }
                let token_at = token.as_ref().map_or(at, |t| t.at);
                close(name, stack.len(), &mut file, &mut token, &mut timex)
                    .map_err(|message| scanner.invalid(token_at, message))?;
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(scanner.malformed(src.len(), format!("<{open}> is never closed")));
    }
    if !seen_root {
        return Err(scanner.invalid(src.len(), "no <Document> element"));
    }
    Ok(file)
}

/// Ends element `name`, whose parent is at stack depth `depth - 1`
/// (`depth` open elements remain): files a finished token or `TIMEX3`.
fn close(
    name: &str,
    depth: usize,
    file: &mut CatFile,
    token: &mut Option<OpenToken>,
    timex: &mut Option<CatTimex>,
) -> Result<(), String> {
    match name {
        // A token is a child of the root.
        "token" if depth == 1 => {
            if let Some(t) = token.take() {
                file.push_token(t.t_id, t.sentence, &t.text)?;
            }
        }
        // A TIMEX3 is a child of <Markables>, itself a child of the root.
        "TIMEX3" if depth == 2 => {
            if let Some(t) = timex.take() {
                file.timexes.push(t);
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timex::{read_gold_dir, score_document, SystemTimex};
    use std::path::PathBuf;

    /// A made-up report in CAT form: title (sentence 0), dateline
    /// (sentence 1, the DCT), a body sentence with a multi-token date, an
    /// entity, a duration with an anchor out of token order, and an
    /// unanchored expression, then a sentence left unannotated.
    const SNIPPET: &str = r#"<?xml version="1.0" ?>
<!-- written for this test -->
<Document doc_id="7" doc_name="7_Ferry_back_by_spring" lang="en" url="http://example.org/x?a=1&amp;b=2">
<token number="0" sentence="0" t_id="1">Ferry</token>
<token number="1" sentence="0" t_id="2">back</token>
<token number="2" sentence="0" t_id="3">by</token>
<token number="3" sentence="0" t_id="4">spring</token>
<token number="4" sentence="1" t_id="5">November</token>
<token number="5" sentence="1" t_id="6">3</token>
<token number="6" sentence="1" t_id="7">,</token>
<token number="7" sentence="1" t_id="8">2011</token>
<token number="8" sentence="2" t_id="9">Lake</token>
<token number="9" sentence="2" t_id="10">&amp;</token>
<token number="10" sentence="2" t_id="11">Bay</token>
<token number="11" sentence="2" t_id="12">said</token>
<token number="12" sentence="2" t_id="13">&quot;</token>
<token number="13" sentence="2" t_id="14">repairs</token>
<token number="14" sentence="2" t_id="15">take</token>
<token number="15" sentence="2" t_id="16">four</token>
<token number="16" sentence="2" t_id="17">months</token>
<token number="17" sentence="2" t_id="18">&quot;</token>
<token number="18" sentence="2" t_id="19">on</token>
<token number="19" sentence="2" t_id="20">2</token>
<token number="20" sentence="2" t_id="21">November</token>
<token number="21" sentence="2" t_id="22">.</token>
<token number="22" sentence="3" t_id="23">Service</token>
<token number="23" sentence="3" t_id="24">resumes</token>
<token number="24" sentence="3" t_id="25">in</token>
<token number="25" sentence="3" t_id="26">May</token>
<token number="26" sentence="3" t_id="27">.</token>
<Markables>
<ENTITY_MENTION m_id="30" syntactic_type="NAM">
<token_anchor t_id="9"/>
<token_anchor t_id="10"/>
<token_anchor t_id="11"/>
</ENTITY_MENTION>
<TIMEX3 anchorTimeID="" comment="" functionInDocument="NONE" m_id="41" type="DATE" value="2011-11-02">
<token_anchor t_id="20"/>
<token_anchor t_id="21"/>
</TIMEX3>
<TIMEX3 anchorTimeID="40" comment="" functionInDocument="CREATION_TIME" m_id="40" type="DATE" value="2011-11-03">
<token_anchor t_id="5"/>
<token_anchor t_id="6"/>
<token_anchor t_id="7"/>
<token_anchor t_id="8"/>
</TIMEX3>
<TIMEX3 m_id="42" type="DURATION" value="P4M" functionInDocument="NONE"><token_anchor t_id="17"/><token_anchor t_id="16"/></TIMEX3>
<TIMEX3 m_id="43" type="DATE" value="2012-SP" functionInDocument="NONE"><token_anchor t_id="4"/></TIMEX3>
<TIMEX3 TAG_DESCRIPTOR="end of repairs" m_id="44" type="DATE" value="2012-03" functionInDocument="NONE"/>
<TIMEX3 m_id="45" type="DATE" value="XXXX" functionInDocument="NONE">
</TIMEX3>
</Markables>
<Relations>
<TLINK r_id="1" reltype="BEFORE"><source m_id="40"/><target m_id="44"/></TLINK>
</Relations>
</Document>
"#;

    fn parse_ok(src: &str) -> TimemlDocument {
        match parse_cat("snippet", src) {
            Ok(doc) => doc,
            Err(e) => panic!("parse failed: {e}"),
        }
    }

    #[test]
    fn text_is_rebuilt_from_tokens_up_to_the_last_annotated_sentence() {
        let doc = parse_ok(SNIPPET);
        assert_eq!(doc.name, "snippet");
        assert_eq!(
            doc.text,
            "Ferry back by spring\nNovember 3 , 2011\n\
             Lake & Bay said \" repairs take four months \" on 2 November ."
        );
        // Without markables the whole text is kept.
        let start = SNIPPET.find("<Markables>").expect("markables");
        let end = SNIPPET.find("<Relations>").expect("relations");
        let bare = format!("{}{}", &SNIPPET[..start], &SNIPPET[end..]);
        let doc = parse_ok(&bare);
        assert!(doc.text.ends_with("2 November .\nService resumes in May ."));
        assert_eq!((doc.timexes.len(), doc.dct.is_none()), (0, true));
    }

    #[test]
    fn timexes_are_anchored_spans_in_text_order_without_the_dct() {
        let doc = parse_ok(SNIPPET);
        let got: Vec<(&str, &str, &str, &str)> = doc
            .timexes
            .iter()
            .map(|t| {
                (
                    t.tid.as_str(),
                    t.text.as_str(),
                    t.kind.as_str(),
                    t.value.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("43", "spring", "DATE", "2012-SP"),
                ("42", "four months", "DURATION", "P4M"),
                ("41", "2 November", "DATE", "2011-11-02"),
            ],
            "unanchored 44 and 45 are skipped"
        );
        for t in &doc.timexes {
            assert_eq!(&doc.text[t.start..t.end], t.text);
            assert_eq!(t.modifier, None);
        }
        let dct = doc.dct.as_ref().expect("a DCT");
        assert_eq!(
            (dct.tid.as_str(), dct.value.as_str(), dct.text.as_str()),
            ("40", "2011-11-03", "November 3 , 2011")
        );
        assert_eq!(&doc.text[dct.start..dct.end], "November 3 , 2011");
    }

    #[test]
    fn an_unanchored_dct_is_kept_with_an_empty_span() {
        let src = SNIPPET
            .replace("<token_anchor t_id=\"5\"/>", "")
            .replace("<token_anchor t_id=\"6\"/>", "")
            .replace("<token_anchor t_id=\"7\"/>", "")
            .replace("<token_anchor t_id=\"8\"/>", "");
        let doc = parse_ok(&src);
        let dct = doc.dct.as_ref().expect("a DCT");
        assert_eq!((dct.start, dct.end, dct.text.as_str()), (0, 0, ""));
        assert_eq!(dct.value, "2011-11-03");
        assert_eq!(doc.timexes.len(), 3);
    }

    #[test]
    fn system_output_on_the_dateline_is_set_aside() {
        let doc = parse_ok(SNIPPET);
        let at = |s: &str| {
            let start = doc.text.find(s).expect("in text");
            (start, start + s.len())
        };
        let sys = |s: &str, kind: &str, value: &str| SystemTimex {
            start: at(s).0,
            end: at(s).1,
            kind: kind.to_string(),
            value: value.to_string(),
        };
        let system = [
            sys("November 3 , 2011", "DATE", "2011-11-03"),
            sys("spring", "DATE", "2012-SP"),
            sys("four months", "DURATION", "P4M"),
            sys("2 November", "DATE", "2011-11-02"),
        ];
        let (counts, errors) = score_document(&doc, &system);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            (counts.gold, counts.system, counts.value_correct),
            (3, 3, 3)
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

    #[test]
    fn broken_files_give_typed_errors() {
        type Check = fn(&TimexEvalError) -> bool;
        let invalid: Check = |e| matches!(e, TimexEvalError::Invalid { .. });
        let malformed: Check = |e| matches!(e, TimexEvalError::Malformed { .. });
        let cases: [(&str, Check); 9] = [
            ("<TimeML><TEXT>a</TEXT></TimeML>", invalid),
            ("", invalid),
            (
                "<Document><token sentence=\"0\">a</token></Document>",
                invalid,
            ),
            (
                "<Document><token t_id=\"1\" sentence=\"0\">a</token>\
                 <token t_id=\"1\" sentence=\"0\">b</token></Document>",
                invalid,
            ),
            (
                "<Document><token t_id=\"1\" sentence=\"0\">a</token><Markables>\
                 <TIMEX3 m_id=\"2\" type=\"DATE\" value=\"X\"><token_anchor t_id=\"9\"/></TIMEX3>\
                 </Markables></Document>",
                invalid,
            ),
            (
                "<Document><Markables><TIMEX3 m_id=\"2\" type=\"DATE\"/></Markables></Document>",
                |e| {
                    matches!(
                        e,
                        TimexEvalError::MissingAttribute {
                            attribute: "value",
                            ..
                        }
                    )
                },
            ),
            (
                "<Document><token t_id=\"1\" sentence=\"0\">a</Document>",
                malformed,
            ),
            ("<Document><Markables>", malformed),
            ("<Document></Document><Document></Document>", malformed),
        ];
        for (src, expected) in cases {
            match parse_cat("broken", src) {
                Ok(doc) => panic!("{src:?} parsed: {doc:?}"),
                Err(e) => assert!(expected(&e), "{src:?} gave {e}"),
            }
        }
        let line = match parse_cat(
            "broken",
            "<Document>\n<token t_id=\"1\" sentence=\"0\">a</token>\n\
             <Markables>\n<TIMEX3 m_id=\"2\" type=\"DATE\" value=\"X\">\n\
             <token_anchor t_id=\"3\"/></TIMEX3></Markables></Document>",
        ) {
            Err(TimexEvalError::Invalid { line, .. }) => line,
            other => panic!("{other:?}"),
        };
        assert_eq!(line, 4, "the line of the TIMEX3");
    }

    #[test]
    fn gold_dirs_mix_timeml_and_cat_and_skip_other_xml() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("cat");
        std::fs::create_dir(&sub).expect("mkdir");
        std::fs::write(sub.join("ferry.xml"), SNIPPET).expect("write");
        std::fs::write(
            dir.path().join("a.tml"),
            "<TimeML><TEXT>It rained <TIMEX3 tid=\"t1\" type=\"DATE\" \
             value=\"2011\">last year</TIMEX3>.</TEXT></TimeML>",
        )
        .expect("write");
        std::fs::write(dir.path().join("b.xml"), "<?xml version=\"1.0\"?><rss/>").expect("write");
        std::fs::write(dir.path().join("c.txt"), "<Document></Document>").expect("write");
        let docs = match read_gold_dir(dir.path()) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a", "ferry"]);
        assert_eq!(docs[1].timexes.len(), 3);
        std::fs::write(sub.join("broken.xml"), "<Document><token>").expect("write");
        assert!(read_gold_dir(dir.path()).is_err());
    }

    // ----- MEANTIME -----

    /// The English MEANTIME folder in `shared/data` beside the workspace,
    /// if present.
    fn meantime_en() -> Option<PathBuf> {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let candidates = [
            manifest.join("../../../shared/data/meantime-en/intra-doc_annotation"),
            manifest.join("../../shared/data/meantime-en/intra-doc_annotation"),
        ];
        let found = candidates.iter().find(|p| p.is_dir()).cloned();
        if found.is_none() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but MEANTIME is not beside the workspace ({candidates:?})"
            );
            eprintln!("skipped: MEANTIME is not beside the workspace ({candidates:?})");
        }
        found
    }

    #[test]
    fn meantime_english_reads_whole_and_spans_are_the_anchored_tokens() {
        let Some(dir) = meantime_en() else {
            return;
        };
        let mut paths = Vec::new();
        for corpus in std::fs::read_dir(&dir).expect("read dir").flatten() {
            for file in std::fs::read_dir(corpus.path())
                .expect("read dir")
                .flatten()
            {
                paths.push(file.path());
            }
        }
        paths.sort();
        let (mut timex3, mut in_text, mut dcts, mut anchored_dcts, mut unanchored) =
            (0, 0, 0, 0, 0);
        let (mut in_title, mut tokens_all, mut tokens_scored) = (0, 0, 0);
        for path in &paths {
            assert!(sniff_cat(path).expect("sniff"), "{}", path.display());
            let source = read_source(path).expect("read");
            let file = match parse_file(path, &source) {
                Ok(f) => f,
                Err(e) => panic!("{e}"),
            };
            let doc = match file.to_document(&file_stem(path), path) {
                Ok(d) => d,
                Err(e) => panic!("{e}"),
            };
            timex3 += file.timexes.len();
            assert!(file.text.starts_with(&doc.text), "{}", doc.name);
            tokens_all += file.tokens.len();
            tokens_scored += file
                .tokens
                .iter()
                .filter(|t| t.end <= doc.text.len())
                .count();
            for t in &file.timexes {
                // The anchored tokens, in text order, joined with spaces.
                let mut tokens: Vec<&CatToken> = t
                    .anchors
                    .iter()
                    .map(|id| &file.tokens[file.by_id[id]])
                    .collect();
                tokens.sort_by_key(|k| k.start);
                let joined = tokens
                    .iter()
                    .map(|k| &file.text[k.start..k.end])
                    .collect::<Vec<_>>()
                    .join(" ");
                let gold = if t.creation_time {
                    doc.dct.as_ref().filter(|d| d.tid == t.m_id)
                } else {
                    doc.timexes.iter().find(|g| g.tid == t.m_id)
                };
                match gold {
                    Some(g) if !tokens.is_empty() => {
                        assert_eq!(&doc.text[g.start..g.end], joined, "{} {}", doc.name, t.m_id);
                        assert_eq!(g.text, joined);
                        assert!(
                            ["DATE", "TIME", "DURATION", "SET"].contains(&g.kind.as_str()),
                            "{} {}: {}",
                            doc.name,
                            t.m_id,
                            g.kind
                        );
                        assert!(!g.value.is_empty(), "{} {}", doc.name, t.m_id);
                        if !t.creation_time && tokens[0].sentence == "0" {
                            in_title += 1;
                        }
                    }
                    Some(g) => assert!(t.creation_time && g.text.is_empty()),
                    None => {
                        assert!(tokens.is_empty(), "{} {} lost", doc.name, t.m_id);
                        unanchored += 1;
                    }
                }
            }
            in_text += doc.timexes.len();
            if let Some(dct) = &doc.dct {
                dcts += 1;
                if dct.start < dct.end {
                    anchored_dcts += 1;
                }
            }
            // Gold scored against itself is perfect.
            let system: Vec<SystemTimex> = doc
                .timexes
                .iter()
                .map(|t| SystemTimex {
                    start: t.start,
                    end: t.end,
                    kind: t.kind.clone(),
                    value: t.value.clone(),
                })
                .collect();
            let (c, errors) = score_document(&doc, &system);
            assert!(errors.is_empty(), "{}: {errors:?}", doc.name);
            assert_eq!(c.value_correct, doc.timexes.len());
        }
        println!(
            "MEANTIME en: {} documents, {timex3} TIMEX3: {in_text} in text ({in_title} in titles), \
             {dcts} DCTs ({anchored_dcts} anchored), {unanchored} unanchored skipped; \
             {tokens_scored} of {tokens_all} tokens in the annotated text",
            paths.len()
        );
        assert_eq!(paths.len(), 120);
        assert_eq!(
            (timex3, in_text, in_title, dcts, anchored_dcts, unanchored),
            (525, 370, 18, 118, 118, 37)
        );
        // The folder reader sees the same documents.
        let docs = match read_gold_dir(&dir) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(docs.len(), 120);
        assert_eq!(docs.iter().map(|d| d.timexes.len()).sum::<usize>(), 370);
    }
}
