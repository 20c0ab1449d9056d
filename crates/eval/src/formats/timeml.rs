//! Inline TimeML (French TimeBank, TempEval-3), read into a
//! [`TimemlDocument`]: the text with tags removed, the gold `TIMEX3` with
//! byte spans into it, and the document creation time. The CAT files of
//! MEANTIME are read into the same type by [`crate::timex::timexes_of_cat`],
//! so one scorer serves both.
//!
//! [`read_timeml`] reads one file with the crate's small tag scanner (no
//! XML crate). [`TimemlDocument::text`] is the content of the single
//! `<TEXT>` element with every tag removed, comments and processing
//! instructions dropped, character references (`&amp;`, `&lt;`, `&gt;`,
//! `&quot;`, `&apos;`, `&#NN;`, `&#xNN;`) decoded, CDATA kept literally,
//! and whitespace left exactly as it is in the file (no line-end
//! normalisation), so byte offsets into it are stable:
//! `&doc.text[t.start..t.end] == t.text` for every in-text [`GoldTimex`].
//! Only `TIMEX3` elements inside `<TEXT>` with a non-empty extent are
//! in-text expressions; the `TIMEX3` inside `<DCT>` becomes
//! [`TimemlDocument::dct`] (its extent may be empty: French TimeBank writes
//! it self-closing), and `TIMEX3` elsewhere (for instance in `<TITLE>`) is
//! ignored. Empty in-text `TIMEX3` (non-consuming anchors) are skipped:
//! the TempEval-3 toolkit cannot match them either, as they cover no
//! token. The reader is strict about structure (tags must nest and close,
//! one `<TEXT>`, every `TIMEX3` has `tid`, `type` and `value`) and lenient
//! about an `&` that does not start a known reference (kept literally, as
//! an HTML reader would).

use std::path::Path;

use super::files::{file_stem, files_under, read_text};
use super::markup::{attr, Item, Scanner};
use crate::score::EvalError;

/// One time expression in a gold TimeML (or CAT) file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GoldTimex {
    /// Byte offset of the first byte in [`TimemlDocument::text`] (0 for a
    /// DCT that is not in the text, as in every TimeML file).
    pub start: usize,
    /// Byte offset one past the last byte in [`TimemlDocument::text`] (0
    /// for a DCT that is not in the text).
    pub end: usize,
    /// The annotated extent, entities decoded (may be empty for the DCT).
    pub text: String,
    /// The `type` attribute: `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    /// The `value` attribute (ISO-TimeML normalised value).
    pub value: String,
    /// The `mod` attribute, if any (`APPROX`, `START`, ...).
    pub modifier: Option<String>,
    /// The `tid` attribute (`m_id` in CAT files).
    pub tid: String,
}

/// One gold document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimemlDocument {
    /// The file stem.
    pub name: String,
    /// Content of `<TEXT>` with all tags removed and entities decoded,
    /// whitespace kept as in the file (CAT: the tokens, see
    /// [`crate::timex::timexes_of_cat`]).
    pub text: String,
    /// The document creation time: the `TIMEX3` inside `<DCT>` (CAT: the
    /// `TIMEX3` with `functionInDocument="CREATION_TIME"`, whose span may
    /// lie in the text).
    pub dct: Option<GoldTimex>,
    /// The in-text `TIMEX3`, in text order (never the DCT).
    pub timexes: Vec<GoldTimex>,
}

/// Reads one inline-TimeML file.
pub fn read_timeml(path: &Path) -> Result<TimemlDocument, EvalError> {
    let source = read_text(path)?;
    parse(&file_stem(path), path, &source)
}

/// Parses inline TimeML held in memory; `name` becomes
/// [`TimemlDocument::name`] and stands for the path in errors.
pub fn parse_timeml(name: &str, source: &str) -> Result<TimemlDocument, EvalError> {
    parse(name, Path::new(name), source)
}

/// All `.tml` files under `dir` (recursive, sorted by path).
///
/// Symbolic links to files are read; symbolic links to directories are not
/// followed (no cycles).
pub fn read_timeml_dir(dir: &Path) -> Result<Vec<TimemlDocument>, EvalError> {
    files_under(dir, &["tml"])?
        .iter()
        .map(|p| read_timeml(p))
        .collect()
}

// ---------------------------------------------------------------------------
// The parser

/// An open `TIMEX3` being read.
struct OpenTimex {
    /// Index in `Parser::timexes`, or `None` for the DCT.
    slot: Option<usize>,
}

struct Parser<'a> {
    path: &'a Path,
    /// Open element names.
    stack: Vec<&'a str>,
    /// Depth (in `stack`) of the open `<TEXT>`, if any.
    text_depth: Option<usize>,
    /// Depth of the open `<DCT>`, if any.
    dct_depth: Option<usize>,
    seen_text: bool,
    text: String,
    /// In-text timexes; `end` is set when their end tag is read.
    timexes: Vec<GoldTimex>,
    /// Open `TIMEX3` elements that are recorded (in-text or DCT), with the
    /// stack depth of each.
    open_timexes: Vec<(usize, OpenTimex)>,
    dct: Option<GoldTimex>,
    /// Text of the DCT `TIMEX3` while it is open.
    dct_text: Option<String>,
}

impl<'a> Parser<'a> {
    /// Character data (already decoded).
    fn push_text(&mut self, s: &str) {
        if self.text_depth.is_some() {
            self.text.push_str(s);
        }
        if let Some(t) = self.dct_text.as_mut() {
            t.push_str(s);
        }
    }

    fn run(mut self, name: &str, src: &'a str) -> Result<TimemlDocument, EvalError> {
        let mut scanner = Scanner::new(self.path, src);
        while let Some((at, item)) = scanner.next_item()? {
            match item {
                Item::Text(t) => self.push_text(&t),
                Item::End { name } => self.end_tag(&scanner, at, name)?,
                Item::Start { name, attrs, empty } => {
                    self.start_tag(&scanner, at, name, &attrs, empty)?
                }
            }
        }
        if let Some(open) = self.stack.last() {
            return Err(scanner.malformed(src.len(), format!("<{open}> is never closed")));
        }
        if !self.seen_text {
            return Err(EvalError::invalid(self.path, "no <TEXT> element"));
        }
        let mut timexes = self.timexes;
        timexes.retain(|t| t.start < t.end);
        Ok(TimemlDocument {
            name: name.to_string(),
            text: self.text,
            dct: self.dct,
            timexes,
        })
    }

    fn end_tag(
        &mut self,
        scanner: &Scanner<'_>,
        at: usize,
        tag_name: &str,
    ) -> Result<(), EvalError> {
        match self.stack.pop() {
            Some(open) if open == tag_name => {}
            Some(open) => {
                return Err(scanner.malformed(at, format!("</{tag_name}> closes <{open}>")))
            }
            None => return Err(scanner.malformed(at, format!("</{tag_name}> with nothing open"))),
        }
        let depth = self.stack.len();
        if tag_name == "TIMEX3" {
            self.close_timex(depth);
        }
        if self.text_depth == Some(depth) {
            self.text_depth = None;
        }
        if self.dct_depth == Some(depth) {
            self.dct_depth = None;
        }
        Ok(())
    }

    fn close_timex(&mut self, depth: usize) {
        if self.open_timexes.last().map(|(d, _)| *d) != Some(depth) {
            return;
        }
        let Some((_, open)) = self.open_timexes.pop() else {
            return;
        };
        match open.slot {
            Some(slot) => {
                let end = self.text.len();
                if let Some(t) = self.timexes.get_mut(slot) {
                    t.end = end;
                    t.text = self.text[t.start..end].to_string();
                }
            }
            None => {
                if let (Some(dct), Some(text)) = (self.dct.as_mut(), self.dct_text.take()) {
                    dct.text = text;
                }
            }
        }
    }

    fn start_tag(
        &mut self,
        scanner: &Scanner<'_>,
        at: usize,
        tag_name: &'a str,
        attrs: &[(&str, String)],
        self_closing: bool,
    ) -> Result<(), EvalError> {
        let depth = self.stack.len();
        match tag_name {
            "TEXT" => {
                if self.seen_text {
                    return Err(scanner.malformed(at, "more than one <TEXT> element"));
                }
                self.seen_text = true;
                if !self_closing {
                    self.text_depth = Some(depth);
                }
            }
            "DCT" if !self_closing && self.dct_depth.is_none() => {
                self.dct_depth = Some(depth);
            }
            "TIMEX3" => self.open_timex(scanner.line(at), depth, attrs, self_closing)?,
            _ => {}
        }
        if !self_closing {
            self.stack.push(tag_name);
        }
        Ok(())
    }

    fn open_timex(
        &mut self,
        line: usize,
        depth: usize,
        attrs: &[(&str, String)],
        self_closing: bool,
    ) -> Result<(), EvalError> {
        let in_text = self.text_depth.is_some();
        let is_dct = !in_text && self.dct_depth.is_some() && self.dct.is_none();
        if !in_text && !is_dct {
            return Ok(());
        }
        let get = |key: &'static str| -> Result<String, EvalError> {
            attr(attrs, key).ok_or_else(|| EvalError::MissingAttribute {
                path: self.path.to_path_buf(),
                line,
                element: "TIMEX3",
                attribute: key,
            })
        };
        let start = if in_text { self.text.len() } else { 0 };
        let timex = GoldTimex {
            start,
            end: start,
            text: String::new(),
            kind: get("type")?,
            value: get("value")?,
            modifier: attr(attrs, "mod"),
            tid: get("tid")?,
        };
        let slot = if in_text {
            self.timexes.push(timex);
            Some(self.timexes.len() - 1)
        } else {
            self.dct = Some(timex);
            None
        };
        if !self_closing {
            if slot.is_none() {
                self.dct_text = Some(String::new());
            }
            self.open_timexes.push((depth, OpenTimex { slot }));
        }
        Ok(())
    }
}

/// Checks that every in-text expression of `doc` is its span of the text
/// (for tests).
#[cfg(test)]
pub(crate) fn assert_offsets(doc: &TimemlDocument) {
    for t in &doc.timexes {
        assert_eq!(
            &doc.text[t.start..t.end],
            t.text,
            "{} in {}",
            t.tid,
            doc.name
        );
    }
}

fn parse(name: &str, path: &Path, source: &str) -> Result<TimemlDocument, EvalError> {
    Parser {
        path,
        stack: Vec::new(),
        text_depth: None,
        dct_depth: None,
        seen_text: false,
        text: String::new(),
        timexes: Vec::new(),
        open_timexes: Vec::new(),
        dct: None,
        dct_text: None,
    }
    .run(name, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TimeML file around `text_body` (the inside of `<TEXT>`).
    fn wrap(dct: &str, text_body: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- made up for a test -->\n\
             <TimeML>\n<DOCID>t</DOCID>\n<DCT>{dct}</DCT>\n<TEXT>{text_body}</TEXT>\n\
             <TLINK lid=\"l1\" relType=\"BEFORE\" timeID=\"t2\" relatedToTime=\"t1\"/>\n</TimeML>\n"
        )
    }

    fn parse_ok(src: &str) -> TimemlDocument {
        match parse_timeml("snippet", src) {
            Ok(doc) => doc,
            Err(e) => panic!("parse failed: {e}"),
        }
    }

    const SELF_CLOSING_DCT: &str =
        r#"<TIMEX3 functionInDocument="CREATION_TIME" tid="t1" type="DATE" value="2004-03-09" />"#;

    #[test]
    fn attributes_in_any_order_and_either_quote() {
        let doc = parse_ok(&wrap(
            SELF_CLOSING_DCT,
            "Le marché ouvre <TIMEX3 value='2004-03-10' mod=\"START\" type=\"DATE\" \
             tid=\"t2\">demain matin</TIMEX3> et ferme <TIMEX3\n  tid = \"t3\"\ttype=\"DATE\" \
             value=\"2004-03-12\" >vendredi</TIMEX3>.",
        ));
        assert_offsets(&doc);
        assert_eq!(doc.timexes.len(), 2);
        let first = &doc.timexes[0];
        assert_eq!(first.text, "demain matin");
        assert_eq!(first.kind, "DATE");
        assert_eq!(first.value, "2004-03-10");
        assert_eq!(first.modifier.as_deref(), Some("START"));
        assert_eq!(first.tid, "t2");
        let second = &doc.timexes[1];
        assert_eq!(
            (second.tid.as_str(), second.text.as_str()),
            ("t3", "vendredi")
        );
        assert_eq!(second.modifier, None);
        assert_eq!(doc.text, "Le marché ouvre demain matin et ferme vendredi.");
    }

    #[test]
    fn self_closing_dct_is_the_dct_not_an_in_text_timex() {
        let doc = parse_ok(&wrap(
            SELF_CLOSING_DCT,
            "Rien ne se passe <TIMEX3 tid=\"t2\" type=\"DATE\" value=\"PRESENT_REF\">aujourd'hui</TIMEX3>.",
        ));
        let dct = doc.dct.as_ref().expect("a DCT");
        assert_eq!(dct.value, "2004-03-09");
        assert_eq!(dct.tid, "t1");
        assert_eq!(dct.text, "");
        assert_eq!(doc.timexes.len(), 1);
        assert_eq!(doc.timexes[0].value, "PRESENT_REF");
    }

    #[test]
    fn dct_with_text_and_timex_outside_text_are_not_in_text() {
        let src = "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2015-07-01\" \
                   functionInDocument=\"CREATION_TIME\">July 1, 2015</TIMEX3></DCT>\
                   <TITLE>Heat wave ends <TIMEX3 tid=\"t9\" type=\"DATE\" value=\"2015-07-01\">today</TIMEX3></TITLE>\
                   <TEXT>\n\nThe heat lasted <TIMEX3 tid=\"t1\" type=\"DURATION\" value=\"P9D\">nine days</TIMEX3>.\n</TEXT></TimeML>";
        let doc = parse_ok(src);
        assert_eq!(
            doc.dct.as_ref().map(|d| d.text.as_str()),
            Some("July 1, 2015")
        );
        assert_eq!(doc.dct.as_ref().map(|d| (d.start, d.end)), Some((0, 0)));
        assert_eq!(doc.text, "\n\nThe heat lasted nine days.\n");
        assert_eq!(doc.timexes.len(), 1);
        assert_eq!(doc.timexes[0].tid, "t1");
        assert_offsets(&doc);
    }

    #[test]
    fn events_signals_and_comments_inside_text_are_removed() {
        let doc = parse_ok(&wrap(
            SELF_CLOSING_DCT,
            "\nThe ferry <EVENT class=\"OCCURRENCE\" eid=\"e1\">sailed</EVENT> <SIGNAL sid=\"s1\">at</SIGNAL> \
             <TIMEX3 tid=\"t2\" type=\"TIME\" value=\"2004-03-09T06:00\">6 <!-- odd --> a.m.</TIMEX3>\n\
             and <EVENT eid=\"e2\" class=\"OCCURRENCE\"/>docked <TIMEX3 tid=\"t3\" type=\"DURATION\" \
             value=\"PT2H\">two <EVENT eid=\"e3\" class=\"STATE\">long</EVENT> hours</TIMEX3> later.\n",
        ));
        assert_eq!(
            doc.text,
            "\nThe ferry sailed at 6  a.m.\nand docked two long hours later.\n"
        );
        assert_eq!(doc.timexes[0].text, "6  a.m.");
        assert_eq!(doc.timexes[1].text, "two long hours");
        assert_offsets(&doc);
    }

    #[test]
    fn entities_are_decoded_in_text_extents_and_attributes() {
        let doc = parse_ok(&wrap(
            SELF_CLOSING_DCT,
            "&quot;Q&amp;A&quot; at &lt;noon&gt; &#233;t&#xE9; <TIMEX3 tid=\"t2\" type=\"DATE\" \
             value=\"XXXX-SU\" mod=\"&apos;late&apos;\">l&#39;&#xe9;t&eacute; &amp; après</TIMEX3> \
             AT&T <![CDATA[<raw> & kept]]>",
        ));
        // `&eacute;` is no XML entity and `AT&T` no reference: both kept.
        assert_eq!(
            doc.text,
            "\"Q&A\" at <noon> été l'ét&eacute; & après AT&T <raw> & kept"
        );
        let t = &doc.timexes[0];
        assert_eq!(t.text, "l'ét&eacute; & après");
        assert_eq!(t.modifier.as_deref(), Some("'late'"));
        assert_offsets(&doc);
    }

    #[test]
    fn nested_timexes_are_kept_in_start_order() {
        let doc = parse_ok(&wrap(
            SELF_CLOSING_DCT,
            "<TIMEX3 tid=\"t2\" type=\"DATE\" value=\"2004-03\">early <TIMEX3 tid=\"t3\" type=\"DATE\" \
             value=\"2004-03\">March</TIMEX3></TIMEX3> and <TIMEX3 tid=\"t4\" type=\"DATE\" value=\"2004\"/>x",
        ));
        let tids: Vec<&str> = doc.timexes.iter().map(|t| t.tid.as_str()).collect();
        assert_eq!(tids, ["t2", "t3"], "empty t4 is skipped");
        assert_eq!(doc.timexes[0].text, "early March");
        assert_offsets(&doc);
    }

    #[test]
    fn broken_files_give_typed_errors() {
        type Check = fn(&EvalError) -> bool;
        let cases: [(&str, Check); 6] = [
            ("<TimeML><TEXT>a <EVENT>b</TEXT></EVENT></TimeML>", |e| {
                matches!(e, EvalError::Malformed { .. })
            }),
            ("<TimeML><TEXT>a", |e| {
                matches!(e, EvalError::Malformed { .. })
            }),
            ("<TimeML><!-- a </TimeML>", |e| {
                matches!(e, EvalError::Malformed { .. })
            }),
            (
                "<TimeML><DOCID>x</DOCID></TimeML>",
                |e| matches!(e, EvalError::Invalid { line: None, message, .. } if message == "no <TEXT> element"),
            ),
            (
                "<TimeML><TEXT><TIMEX3 tid=\"t1\" value=\"2001\">2001</TIMEX3></TEXT></TimeML>",
                |e| {
                    matches!(
                        e,
                        EvalError::MissingAttribute {
                            attribute: "type",
                            ..
                        }
                    )
                },
            ),
            ("<TimeML><TEXT>a</TEXT><TEXT>b</TEXT></TimeML>", |e| {
                matches!(e, EvalError::Malformed { .. })
            }),
        ];
        for (src, expected) in cases {
            match parse_timeml("broken", src) {
                Ok(doc) => panic!("{src:?} parsed: {doc:?}"),
                Err(e) => assert!(expected(&e), "{src:?} gave {e}"),
            }
        }
        let line = match parse_timeml("broken", "<TimeML>\n<TEXT>\n</DCT>") {
            Err(EvalError::Malformed { line, .. }) => line,
            other => panic!("{other:?}"),
        };
        assert_eq!(line, 3);
    }

    #[test]
    fn reads_a_directory_recursively_in_path_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("b");
        std::fs::create_dir(&sub).expect("mkdir");
        let body = |v: &str| {
            wrap(
                SELF_CLOSING_DCT,
                &format!("<TIMEX3 tid=\"t2\" type=\"DATE\" value=\"{v}\">x</TIMEX3>"),
            )
        };
        std::fs::write(sub.join("z.tml"), body("2")).expect("write");
        std::fs::write(dir.path().join("a.tml"), body("1")).expect("write");
        std::fs::write(dir.path().join("c.tml"), body("3")).expect("write");
        std::fs::write(dir.path().join("notes.txt"), "not TimeML").expect("write");
        let docs = read_timeml_dir(dir.path()).expect("read dir");
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a", "z", "c"]);
        std::fs::write(dir.path().join("d.tml"), [0xff, 0xfe]).expect("write");
        assert!(matches!(
            read_timeml_dir(dir.path()),
            Err(EvalError::NotUtf8 { .. })
        ));
        assert!(matches!(
            read_timeml(&dir.path().join("missing.tml")),
            Err(EvalError::Io { .. })
        ));
    }
}
