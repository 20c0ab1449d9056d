//! Gold time expressions for [`super::score_document`]: a folder of
//! inline TimeML ([`crate::formats::timeml`]) and NewsReader CAT files
//! ([`read_gold_dir`]), and the time expressions of one CAT document
//! ([`timexes_of_cat`]), read into the same [`TimemlDocument`] so the
//! TempEval-3 scorer applies unchanged.
//!
//! # The text of a CAT document
//!
//! [`TimemlDocument::text`] is the annotated part of the document
//! ([`CatDocument::annotated_tokens`]) rebuilt from its tokens
//! ([`CatDocument::text`]: one space between two tokens of a sentence, one
//! `\n` between sentences). The original spacing is lost ("June 13 ,
//! 2005"), which the tagger has to live with. Scoring past the annotated
//! part would count every expression the tagger finds there as spurious
//! (it more than halves precision). Score the `intra-doc_annotation` copy
//! of MEANTIME: in `intra_cross-doc_annotation` the entity and event
//! mentions of the cross-document targets run through whole articles
//! (over 1,600 past sentence 5, no `TIMEX3`), so whole articles are kept
//! there and precision falls the same way.
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
//! # Time expressions of a CAT document
//!
//! - The first `TIMEX3` with `functionInDocument="CREATION_TIME"` is
//!   [`TimemlDocument::dct`], anchored or not. When anchored, its span and
//!   text are those of its tokens in the text (start and end are 0 and the
//!   text empty otherwise), and the scorer sets aside system expressions
//!   on it ([`super::score_document`]). It is never in
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
//! Every `TIMEX3` must have `m_id`, `type` and `value`, and anchors to
//! existing tokens, the way the TimeML reader wants `tid`, `type` and
//! `value`.

use std::cmp::Reverse;
use std::path::Path;

use crate::formats::cat::{read_cat, sniff_cat, CatDocument, Markable};
use crate::formats::files::{file_stem, files_under};
use crate::formats::timeml::{read_timeml, GoldTimex, TimemlDocument};
use crate::score::EvalError;

/// All gold documents under `dir` (recursive, sorted by path): `.tml`
/// files read as inline TimeML ([`read_timeml`]) and `.xml` files whose
/// root element is `<Document>` read as CAT ([`timexes_of_cat`]); other
/// `.xml` files are skipped, judged on their first 4 KiB.
///
/// On a folder of `.tml` files this is
/// [`crate::formats::timeml::read_timeml_dir`]. A folder that holds the
/// same documents in both formats (SemEval-2015 task 4 ships them side by
/// side) gives each document twice: point it at one copy. Symbolic links
/// to files are read; symbolic links to folders are not followed.
pub fn read_gold_dir(dir: &Path) -> Result<Vec<TimemlDocument>, EvalError> {
    let paths = files_under(dir, &["tml", "xml"])?;
    let mut docs = Vec::with_capacity(paths.len());
    for path in &paths {
        if path.extension().is_some_and(|e| e == "tml") {
            docs.push(read_timeml(path)?);
        } else if sniff_cat(path)? {
            docs.push(timexes_of_cat(&read_cat(path)?)?);
        }
    }
    Ok(docs)
}

/// The time expressions of a CAT document (see the module documentation),
/// named after its file stem.
pub fn timexes_of_cat(cat: &CatDocument) -> Result<TimemlDocument, EvalError> {
    let (text, offsets) = cat.text(cat.tokens().len());
    let mut dct: Option<GoldTimex> = None;
    let mut timexes = Vec::new();
    for m in cat.markables().iter().filter(|m| m.name == "TIMEX3") {
        let required = |key: &'static str| {
            m.attr(key)
                .map(str::to_string)
                .ok_or_else(|| EvalError::MissingAttribute {
                    path: cat.path().to_path_buf(),
                    line: m.line,
                    element: "TIMEX3",
                    attribute: key,
                })
        };
        let (tid, kind, value) = (required("m_id")?, required("type")?, required("value")?);
        let span = cat
            .anchor_range(m)?
            .map(|tokens| (offsets[tokens.start].start, offsets[tokens.end - 1].end));
        let gold = |(start, end): (usize, usize)| GoldTimex {
            start,
            end,
            text: text[start..end].to_string(),
            kind: kind.clone(),
            value: value.clone(),
            modifier: m.attr("mod").map(str::to_string),
            tid: tid.clone(),
        };
        if is_creation_time(m) {
            if dct.is_none() {
                dct = Some(gold(span.unwrap_or((0, 0))));
            }
        } else if let Some(span) = span.filter(|(start, end)| start < end) {
            timexes.push(gold(span));
        }
    }
    timexes.sort_by_key(|t| (t.start, Reverse(t.end)));
    // Every TIMEX3 anchor is a markable anchor: spans end before.
    let annotated = cat.annotated_tokens();
    let end = annotated.checked_sub(1).map_or(0, |last| offsets[last].end);
    Ok(TimemlDocument {
        name: file_stem(cat.path()),
        text: text[..end].to_string(),
        dct,
        timexes,
    })
}

/// Whether a `TIMEX3` is a document creation time.
fn is_creation_time(m: &Markable) -> bool {
    m.attr("functionInDocument") == Some("CREATION_TIME")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::cat::parse_cat;
    use crate::formats::timeml::{assert_offsets, read_timeml_dir};
    use crate::test_data::shared_data;
    use crate::timex::{score_document, SystemTimex};

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

    fn parse(name: &str, src: &str) -> Result<TimemlDocument, EvalError> {
        parse_cat(name, src).and_then(|cat| timexes_of_cat(&cat))
    }

    fn parse_ok(src: &str) -> TimemlDocument {
        match parse("snippet", src) {
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
    fn broken_files_give_typed_errors() {
        type Check = fn(&EvalError) -> bool;
        let invalid: Check = |e| matches!(e, EvalError::Invalid { .. });
        let malformed: Check = |e| matches!(e, EvalError::Malformed { .. });
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
                        EvalError::MissingAttribute {
                            element: "TIMEX3",
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
            match parse("broken", src) {
                Ok(doc) => panic!("{src:?} parsed: {doc:?}"),
                Err(e) => assert!(expected(&e), "{src:?} gave {e}"),
            }
        }
        let line = match parse(
            "broken",
            "<Document>\n<token t_id=\"1\" sentence=\"0\">a</token>\n\
             <Markables>\n<TIMEX3 m_id=\"2\" type=\"DATE\" value=\"X\">\n\
             <token_anchor t_id=\"3\"/></TIMEX3></Markables></Document>",
        ) {
            Err(EvalError::Invalid { line, .. }) => line,
            other => panic!("{other:?}"),
        };
        assert_eq!(line, Some(4), "the line of the TIMEX3");
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

    // ----- the corpora -----

    fn check_corpus(dir: &Path, docs: usize, in_text: usize, dcts: usize) -> Vec<TimemlDocument> {
        let corpus = match read_timeml_dir(dir) {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(corpus.len(), docs, "{}", dir.display());
        for doc in &corpus {
            assert_offsets(doc);
            for t in &doc.timexes {
                assert!(
                    ["DATE", "TIME", "DURATION", "SET"].contains(&t.kind.as_str()),
                    "{} {}: {}",
                    doc.name,
                    t.tid,
                    t.kind
                );
                assert!(!t.value.is_empty(), "{} {}", doc.name, t.tid);
            }
            // Gold scored against itself is perfect.
            let system: Vec<SystemTimex> = doc.timexes.iter().map(SystemTimex::from).collect();
            let (c, errors) = score_document(doc, &system);
            assert!(errors.is_empty(), "{}: {errors:?}", doc.name);
            assert_eq!(c.value_correct, doc.timexes.len());
        }
        let total: usize = corpus.iter().map(|d| d.timexes.len()).sum();
        assert_eq!(total, in_text, "{}", dir.display());
        assert_eq!(corpus.iter().filter(|d| d.dct.is_some()).count(), dcts);
        corpus
    }

    #[test]
    fn french_timebank_and_tempeval3_platinum_read_whole() {
        let Some(data) = shared_data() else {
            return;
        };
        let fr = check_corpus(&data.join("fr-timebank/Data"), 108, 425, 108);
        let by_type = |kind: &str| {
            fr.iter()
                .flat_map(|d| &d.timexes)
                .filter(|t| t.kind == kind)
                .count()
        };
        assert_eq!(
            [
                by_type("DATE"),
                by_type("TIME"),
                by_type("DURATION"),
                by_type("SET")
            ],
            [227, 130, 52, 16]
        );
        assert!(fr
            .iter()
            .all(|d| d.dct.as_ref().is_some_and(|t| t.text.is_empty())));

        let en = check_corpus(&data.join("tempeval3-platinum-en"), 20, 138, 20);
        // The mixed-format reader reads TimeML folders the same way.
        for (dir, docs) in [("fr-timebank/Data", &fr), ("tempeval3-platinum-en", &en)] {
            match read_gold_dir(&data.join(dir)) {
                Ok(gold) => assert!(gold == *docs, "{dir}"),
                Err(e) => panic!("{e}"),
            }
        }
        assert!(en
            .iter()
            .all(|d| d.dct.as_ref().is_some_and(|t| !t.text.is_empty())));
    }

    /// What the MEANTIME check counts.
    #[derive(Debug, Default)]
    struct Tally {
        timex3: usize,
        in_text: usize,
        in_title: usize,
        dcts: usize,
        anchored_dcts: usize,
        unanchored: usize,
    }

    /// Checks that a `TIMEX3` of `cat` is read as the text of its anchored
    /// tokens (or skipped, without anchors), and counts it.
    fn check_timex3(cat: &CatDocument, doc: &TimemlDocument, t: &Markable, tally: &mut Tally) {
        tally.timex3 += 1;
        // The anchored tokens, in text order, joined with spaces.
        let mut tokens: Vec<usize> = t
            .anchors
            .iter()
            .filter_map(|id| cat.token_index(id))
            .collect();
        tokens.sort();
        let joined = tokens
            .iter()
            .map(|&k| cat.tokens()[k].text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let (name, m_id) = (&doc.name, t.m_id());
        let gold = if is_creation_time(t) {
            doc.dct.as_ref().filter(|d| d.tid == m_id)
        } else {
            doc.timexes.iter().find(|g| g.tid == m_id)
        };
        match gold {
            Some(g) if !tokens.is_empty() => {
                assert_eq!(&doc.text[g.start..g.end], joined, "{name} {m_id}");
                assert_eq!(g.text, joined);
                let kinds = ["DATE", "TIME", "DURATION", "SET"];
                assert!(
                    kinds.contains(&g.kind.as_str()),
                    "{name} {m_id}: {}",
                    g.kind
                );
                assert!(!g.value.is_empty(), "{name} {m_id}");
                if !is_creation_time(t) && cat.tokens()[tokens[0]].sentence == "0" {
                    tally.in_title += 1;
                }
            }
            Some(g) => assert!(is_creation_time(t) && g.text.is_empty()),
            None => {
                assert!(tokens.is_empty(), "{name} {m_id} lost");
                tally.unanchored += 1;
            }
        }
    }

    #[test]
    fn meantime_english_reads_whole_and_spans_are_the_anchored_tokens() {
        let Some(data) = shared_data() else {
            return;
        };
        let dir = data.join("meantime-en/intra-doc_annotation");
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
        let mut tally = Tally::default();
        let (mut tokens_all, mut tokens_scored) = (0, 0);
        for path in &paths {
            assert!(sniff_cat(path).expect("sniff"), "{}", path.display());
            let cat = match read_cat(path) {
                Ok(c) => c,
                Err(e) => panic!("{e}"),
            };
            let doc = match timexes_of_cat(&cat) {
                Ok(d) => d,
                Err(e) => panic!("{e}"),
            };
            let (full_text, _) = cat.text(cat.tokens().len());
            assert!(full_text.starts_with(&doc.text), "{}", doc.name);
            tokens_all += cat.tokens().len();
            tokens_scored += cat.annotated_tokens();
            for t in cat.markables().iter().filter(|m| m.name == "TIMEX3") {
                check_timex3(&cat, &doc, t, &mut tally);
            }
            tally.in_text += doc.timexes.len();
            if let Some(dct) = &doc.dct {
                tally.dcts += 1;
                tally.anchored_dcts += usize::from(dct.start < dct.end);
            }
            // Gold scored against itself is perfect.
            let system: Vec<SystemTimex> = doc.timexes.iter().map(SystemTimex::from).collect();
            let (c, errors) = score_document(&doc, &system);
            assert!(errors.is_empty(), "{}: {errors:?}", doc.name);
            assert_eq!(c.value_correct, doc.timexes.len());
        }
        println!(
            "MEANTIME en: {} documents, {tally:?}; \
             {tokens_scored} of {tokens_all} tokens in the annotated text",
            paths.len()
        );
        assert_eq!(paths.len(), 120);
        let t = &tally;
        assert_eq!(
            (
                t.timex3,
                t.in_text,
                t.in_title,
                t.dcts,
                t.anchored_dcts,
                t.unanchored
            ),
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
