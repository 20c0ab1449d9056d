//! English named entities from MEANTIME (NewsReader CAT XML) as
//! [`NerDocument`]s.
//!
//! # What is read
//!
//! A CAT file holds tokens (`<token t_id sentence number>`), markables with
//! token anchors and relations. An entity mention is an `ENTITY_MENTION`
//! markable (`syntactic_type`, token anchors); its type is not on the
//! mention but on the `ENTITY` instance it refers to: a `REFERS_TO`
//! relation lists the mentions as `source`s and the instance as `target`,
//! and the instance carries `ent_type` (PER, LOC, ORG, PRO, FIN, MIX).
//! PER, LOC and ORG are kept (`PERSON`, `LOCATION`, `ORGANIZATION` are
//! accepted too); `PRO` (products: "iPhone", "Airbus A380") is kept as
//! MISC, scored apart; other types are dropped.
//!
//! # Which mentions are entities
//!
//! MEANTIME mentions are noun phrases: pronouns, common-noun phrases
//! ("the automaker") and names, the last with the whole phrase around the
//! name ("the United States Air Force", "Irish low cost airline ,
//! Ryanair", "JSA Research defence analysist Paul Nesbit"). For a
//! CoNLL-style name tagger:
//!
//! - only names are kept: `syntactic_type` `NAM` and `PRE.NAM` (a name
//!   premodifying a noun, "US" in "US airtanker contract", which CoNLL
//!   tags too);
//! - names nest (an appositive phrase holds the name it describes, "Airbus
//!   parent EADS" holds "Airbus" and "EADS"): the shortest mentions are
//!   taken first and a mention overlapping one already taken is dropped,
//!   so "Paul Nesbit" wins over "JSA Research defence analysist Paul
//!   Nesbit" (the outer phrase is lost, as is "United States Air Force"
//!   when "( USAF )" is inside its mention);
//! - leading lower-case articles (`the`, `a`, `an`) are cut off (from
//!   MISC names, capitalised ones too).
//!
//! The mention's span runs from its first to its last anchored token.
//!
//! MISC (`PRO`) mentions are chosen the same way among themselves, after
//! and apart from PER, LOC and ORG, so the PER/LOC/ORG gold is the same
//! with or without them; a MISC mention may hold a PER, LOC or ORG one
//! ("Airbus A380" holds "Airbus").
//!
//! # Annotated part
//!
//! MEANTIME annotates only the first sentences of each article (title,
//! dateline and four body sentences, see [`crate::cat`]): a document keeps
//! the tokens of sentences up to the last one holding a token anchor of any
//! markable; the rest would count every entity the tagger finds there as
//! wrong. `space_after` is always true.
//!
//! # Split — [`read_meantime`]
//!
//! The corpus (`intra-doc_annotation/`) has four topic folders of 30
//! articles. Within each folder, sorted by file name, the last
//! [`MEANTIME_TEST_PER_FOLDER`] (6) files are **test**, the others
//! **train** (24 x 4 = 96 train, 24 test articles).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::cat::{attr, Item, Scanner};
use crate::ner::{EntitySpan, NerDocument, NerEvalError, Split, MISC_LABEL};

/// The last this many articles of each topic folder (sorted by name) are
/// the test split.
pub const MEANTIME_TEST_PER_FOLDER: usize = 6;

/// `syntactic_type` values read as names.
const NAME_TYPES: [&str; 2] = ["NAM", "PRE.NAM"];

/// Articles cut off the front of a name mention.
const ARTICLES: [&str; 3] = ["the", "a", "an"];

/// Reads one split of MEANTIME English: `dir` is `intra-doc_annotation/`
/// (or the corpus folder holding it), with one folder per topic of `.xml`
/// CAT files.
pub fn read_meantime(dir: &Path, split: Split) -> Result<Vec<NerDocument>, NerEvalError> {
    let nested = dir.join("intra-doc_annotation");
    let root = if nested.is_dir() {
        nested
    } else {
        dir.to_path_buf()
    };
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| NerEvalError::Io { path, source }
    };
    let mut folders: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(&root).map_err(io(&root))? {
        let path = entry.map_err(io(&root))?.path();
        if path.is_dir() {
            folders.push(path);
        }
    }
    folders.sort();
    if folders.is_empty() {
        return Err(NerEvalError::Layout {
            path: root,
            message: "no topic folders (corpus_*/) of CAT files".into(),
        });
    }
    let mut docs = Vec::new();
    for folder in folders {
        let mut files: Vec<PathBuf> = Vec::new();
        for entry in std::fs::read_dir(&folder).map_err(io(&folder))? {
            let path = entry.map_err(io(&folder))?.path();
            if path.extension().is_some_and(|e| e == "xml") {
                files.push(path);
            }
        }
        files.sort();
        let first_test = files.len().saturating_sub(MEANTIME_TEST_PER_FOLDER);
        for (i, path) in files.iter().enumerate() {
            let test = i >= first_test;
            let wanted = match split {
                Split::Train => !test,
                Split::Test => test,
                Split::All => true,
            };
            if !wanted {
                continue;
            }
            let src = std::fs::read_to_string(path).map_err(io(path))?;
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            docs.push(parse_meantime(path, &id, &src)?);
        }
    }
    Ok(docs)
}

/// One `ENTITY_MENTION` being read.
#[derive(Debug, Default)]
struct Mention {
    m_id: String,
    syntactic_type: String,
    anchors: Vec<String>,
}

/// Parses one CAT file (`path` for error messages) into a document named
/// `id`.
pub fn parse_meantime(path: &Path, id: &str, src: &str) -> Result<NerDocument, NerEvalError> {
    let mut scanner = Scanner::new(path, src);
    let mut stack: Vec<&str> = Vec::new();
    // (t_id, sentence, text)
    let mut tokens: Vec<(String, String, String)> = Vec::new();
    let mut open_token: Option<(String, String, String)> = None;
    let mut mentions: Vec<Mention> = Vec::new();
    let mut open_mention: Option<Mention> = None;
    let mut instance_type: HashMap<String, String> = HashMap::new();
    let mut anchored: Vec<String> = Vec::new();
    // REFERS_TO being read: sources and targets.
    let mut relation: Option<(Vec<String>, Vec<String>)> = None;
    let mut refers: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    while let Some((at, item)) = scanner.next_item()? {
        match item {
            Item::Text(text) => {
                if let Some(t) = open_token.as_mut() {
                    t.2.push_str(&text);
                }
            }
            Item::Start { name, attrs, empty } => {
                let parent = stack.last().copied();
                match (parent, name) {
                    (None, n) if n != "Document" => {
                        return Err(scanner
                            .invalid(at, format!("root element <{n}>, not <Document>"))
                            .into());
                    }
                    (Some("Document"), "token") => {
                        let required = |key: &str| {
                            attr(&attrs, key).ok_or_else(|| {
                                scanner.invalid(at, format!("<token> without `{key}`"))
                            })
                        };
                        open_token =
                            Some((required("t_id")?, required("sentence")?, String::new()));
                    }
                    (Some("Markables"), "ENTITY_MENTION") => {
                        open_mention = Some(Mention {
                            m_id: attr(&attrs, "m_id").unwrap_or_default(),
                            syntactic_type: attr(&attrs, "syntactic_type").unwrap_or_default(),
                            anchors: Vec::new(),
                        });
                    }
                    (Some("Markables"), "ENTITY") => {
                        if let (Some(m_id), Some(t)) =
                            (attr(&attrs, "m_id"), attr(&attrs, "ent_type"))
                        {
                            instance_type.insert(m_id, t);
                        }
                    }
                    (Some(_), "token_anchor") if stack.get(1) == Some(&"Markables") => {
                        let t_id = attr(&attrs, "t_id")
                            .ok_or_else(|| scanner.invalid(at, "<token_anchor> without `t_id`"))?;
                        if let (Some(m), Some("ENTITY_MENTION")) = (open_mention.as_mut(), parent) {
                            m.anchors.push(t_id.clone());
                        }
                        anchored.push(t_id);
                    }
                    (Some("Relations"), "REFERS_TO") => relation = Some((Vec::new(), Vec::new())),
                    (Some("REFERS_TO"), end @ ("source" | "target")) => {
                        if let (Some(r), Some(m_id)) = (relation.as_mut(), attr(&attrs, "m_id")) {
                            if end == "source" {
                                r.0.push(m_id);
                            } else {
                                r.1.push(m_id);
                            }
                        }
                    }
                    _ => {}
                }
                if empty {
                    close(
                        name,
                        &mut tokens,
                        &mut open_token,
                        &mut mentions,
                        &mut open_mention,
                    );
                    if name == "REFERS_TO" {
                        refers.extend(relation.take());
                    }
                } else {
                    stack.push(name);
                }
            }
            Item::End { name } => {
                match stack.pop() {
                    Some(open) if open == name => {}
                    Some(open) => {
                        return Err(scanner
                            .malformed(at, format!("</{name}> closes <{open}>"))
                            .into())
                    }
                    None => {
                        return Err(scanner
                            .malformed(at, format!("</{name}> with nothing open"))
                            .into())
                    }
                }
                close(
                    name,
                    &mut tokens,
                    &mut open_token,
                    &mut mentions,
                    &mut open_mention,
                );
                if name == "REFERS_TO" {
                    refers.extend(relation.take());
                }
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(scanner
            .malformed(src.len(), format!("<{open}> is never closed"))
            .into());
    }
    build(
        path,
        id,
        &tokens,
        &mentions,
        &instance_type,
        &refers,
        &anchored,
    )
}

/// Files a finished token or mention.
fn close(
    name: &str,
    tokens: &mut Vec<(String, String, String)>,
    open_token: &mut Option<(String, String, String)>,
    mentions: &mut Vec<Mention>,
    open_mention: &mut Option<Mention>,
) {
    match name {
        "token" => tokens.extend(open_token.take()),
        "ENTITY_MENTION" => mentions.extend(open_mention.take()),
        _ => {}
    }
}

/// The PER/LOC/ORG label of a MEANTIME entity type.
fn label(ent_type: &str) -> Option<&'static str> {
    match ent_type {
        "PER" | "PERSON" => Some("PER"),
        "LOC" | "LOCATION" => Some("LOC"),
        "ORG" | "ORGANIZATION" => Some("ORG"),
        _ => None,
    }
}

/// Whether a MEANTIME entity type is read as MISC.
fn is_misc(ent_type: &str) -> bool {
    matches!(ent_type, "PRO" | "PRODUCT")
}

/// Shortest first; a mention overlapping one taken is dropped.
fn innermost(mut candidates: Vec<EntitySpan>) -> Vec<EntitySpan> {
    candidates.sort_by_key(|e| (e.end - e.start, e.start, e.label.clone()));
    let mut out: Vec<EntitySpan> = Vec::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    for c in candidates {
        if !seen.insert((c.start, c.end)) {
            continue;
        }
        if out.iter().all(|g| g.end <= c.start || c.end <= g.start) {
            out.push(c);
        }
    }
    out
}

/// Turns what was read into a document: annotated sentences, typed name
/// mentions as non-overlapping token spans.
fn build(
    path: &Path,
    id: &str,
    tokens: &[(String, String, String)],
    mentions: &[Mention],
    instance_type: &HashMap<String, String>,
    refers: &[(Vec<String>, Vec<String>)],
    anchored: &[String],
) -> Result<NerDocument, NerEvalError> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, (t_id, _, _)) in tokens.iter().enumerate() {
        if index.insert(t_id.as_str(), i).is_some() {
            return Err(NerEvalError::Layout {
                path: path.to_path_buf(),
                message: format!("two tokens with t_id=\"{t_id}\""),
            });
        }
    }
    // Annotated part: up to the end of the last sentence with an anchor.
    let kept = match anchored
        .iter()
        .filter_map(|t| index.get(t.as_str()).copied())
        .max()
    {
        Some(last) => {
            let sentence = &tokens[last].1;
            last + tokens[last..]
                .iter()
                .take_while(|t| &t.1 == sentence)
                .count()
        }
        None => tokens.len(),
    };
    let mut mention_type: HashMap<&str, &'static str> = HashMap::new();
    for (sources, targets) in refers {
        let Some(l) = targets
            .iter()
            .find_map(|t| instance_type.get(t).and_then(|e| label(e)))
        else {
            continue;
        };
        for s in sources {
            mention_type.entry(s.as_str()).or_insert(l);
        }
    }
    let mut mention_misc: HashSet<&str> = HashSet::new();
    for (sources, targets) in refers {
        if targets
            .iter()
            .any(|t| instance_type.get(t).is_some_and(|e| is_misc(e)))
        {
            mention_misc.extend(sources.iter().map(String::as_str));
        }
    }
    let mut candidates: Vec<EntitySpan> = Vec::new();
    let mut misc_candidates: Vec<EntitySpan> = Vec::new();
    for m in mentions {
        if !NAME_TYPES.contains(&m.syntactic_type.as_str()) {
            continue;
        }
        let l = match mention_type.get(m.m_id.as_str()) {
            Some(&l) => l,
            None if mention_misc.contains(m.m_id.as_str()) => MISC_LABEL,
            None => continue,
        };
        let mut positions = Vec::with_capacity(m.anchors.len());
        for a in &m.anchors {
            let Some(&i) = index.get(a.as_str()) else {
                return Err(NerEvalError::Layout {
                    path: path.to_path_buf(),
                    message: format!(
                        "ENTITY_MENTION m_id=\"{}\" is anchored to t_id=\"{a}\", which is no token",
                        m.m_id
                    ),
                });
            };
            positions.push(i);
        }
        let (Some(&first), Some(&last)) = (positions.iter().min(), positions.iter().max()) else {
            continue;
        };
        // A MISC name loses a capitalised article too ("The iPhone" at a
        // sentence start); PER/LOC/ORG keep the rule they were scored with.
        let article = |t: &str| {
            ARTICLES.contains(&t)
                || (l == MISC_LABEL && ARTICLES.contains(&t.to_lowercase().as_str()))
        };
        let mut start = first;
        while start < last && article(&tokens[start].2) {
            start += 1;
        }
        if last < kept {
            let span = EntitySpan {
                start,
                end: last + 1,
                label: l.to_string(),
            };
            if l == MISC_LABEL {
                misc_candidates.push(span);
            } else {
                candidates.push(span);
            }
        }
    }
    let mut gold = innermost(candidates);
    gold.extend(innermost(misc_candidates));
    gold.sort();
    Ok(NerDocument {
        id: id.to_string(),
        tokens: tokens[..kept].iter().map(|t| t.2.clone()).collect(),
        space_after: vec![true; kept],
        gold,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up article: title, dateline, one body sentence, one sentence
    /// left unannotated. "the U.S. Navy" is a name phrase (NAM) holding a
    /// premodifying name "U.S." (PRE.NAM); "the automaker" is a common-noun
    /// phrase; "Boeing" appears with a product type (dropped).
    const SNIPPET: &str = r#"<?xml version="1.0" ?><Document doc_id="1" lang="en">
<token number="0" sentence="0" t_id="1">Ford</token>
<token number="1" sentence="0" t_id="2">wins</token>
<token number="2" sentence="1" t_id="3">May</token>
<token number="3" sentence="1" t_id="4">1</token>
<token number="4" sentence="2" t_id="5">John</token>
<token number="5" sentence="2" t_id="6">Smith</token>
<token number="6" sentence="2" t_id="7">told</token>
<token number="7" sentence="2" t_id="8">the</token>
<token number="8" sentence="2" t_id="9">U.S.</token>
<token number="9" sentence="2" t_id="10">Navy</token>
<token number="10" sentence="2" t_id="11">the</token>
<token number="11" sentence="2" t_id="12">automaker</token>
<token number="12" sentence="2" t_id="13">sells</token>
<token number="13" sentence="2" t_id="14">Boeing</token>
<token number="14" sentence="2" t_id="15">.</token>
<token number="15" sentence="3" t_id="16">Ford</token>
<token number="16" sentence="3" t_id="17">rose</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="5"/><token_anchor t_id="6"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NAM"><token_anchor t_id="8"/><token_anchor t_id="9"/><token_anchor t_id="10"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="PRE.NAM"><token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="5" syntactic_type="NOM"><token_anchor t_id="11"/><token_anchor t_id="12"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="6" syntactic_type="NAM"><token_anchor t_id="14"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="7" syntactic_type="NAM"><token_anchor t_id="16"/></ENTITY_MENTION>
<EVENT_MENTION m_id="8" pred="tell"><token_anchor t_id="7"/></EVENT_MENTION>
<ENTITY m_id="20" ent_type="ORG" TAG_DESCRIPTOR="Ford"/>
<ENTITY m_id="21" ent_type="PER" TAG_DESCRIPTOR="John Smith"/>
<ENTITY m_id="22" ent_type="ORG" TAG_DESCRIPTOR="US Navy"/>
<ENTITY m_id="23" ent_type="LOC" TAG_DESCRIPTOR="US"/>
<ENTITY m_id="24" ent_type="PRO" TAG_DESCRIPTOR="Boeing jets"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="5"/><source m_id="7"/><target m_id="20"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="2"/><target m_id="21"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="3"/><target m_id="22"/></REFERS_TO>
<REFERS_TO r_id="4"><source m_id="4"/><target m_id="23"/></REFERS_TO>
<REFERS_TO r_id="5"><source m_id="6"/><target m_id="24"/></REFERS_TO>
</Relations>
</Document>
"#;

    fn span(start: usize, end: usize, label: &str) -> EntitySpan {
        EntitySpan {
            start,
            end,
            label: label.into(),
        }
    }

    #[test]
    fn names_typed_through_their_instance_in_annotated_sentences() {
        let doc = parse_meantime(Path::new("x.xml"), "x", SNIPPET).expect("parses");
        assert_eq!(doc.id, "x");
        // Sentence 3 holds an anchor (m_id 7): kept whole.
        assert_eq!(doc.tokens.len(), 17);
        assert_eq!(doc.tokens[4], "John");
        assert!(doc.space_after.iter().all(|&s| s));
        // Ford (title), John Smith, U.S. (the inner name wins over "the
        // U.S. Navy"), Ford again; no common noun; the product as MISC.
        assert_eq!(
            doc.gold,
            vec![
                span(0, 1, "ORG"),
                span(4, 6, "PER"),
                span(8, 9, "LOC"),
                span(13, 14, "MISC"),
                span(15, 16, "ORG"),
            ]
        );
    }

    #[test]
    fn unannotated_sentences_are_cut_and_articles_trimmed() {
        // Without the inner PRE.NAM and the last mention: "the" is cut
        // from "the U.S. Navy" and sentence 3 has no anchor left.
        let src = SNIPPET
            .replace(
                r#"<ENTITY_MENTION m_id="4" syntactic_type="PRE.NAM"><token_anchor t_id="9"/></ENTITY_MENTION>"#,
                "",
            )
            .replace(
                r#"<ENTITY_MENTION m_id="7" syntactic_type="NAM"><token_anchor t_id="16"/></ENTITY_MENTION>"#,
                "",
            );
        let doc = parse_meantime(Path::new("x.xml"), "x", &src).expect("parses");
        assert_eq!(doc.tokens.len(), 15);
        assert_eq!(
            doc.gold,
            vec![
                span(0, 1, "ORG"),
                span(4, 6, "PER"),
                span(8, 10, "ORG"),
                span(13, 14, "MISC"),
            ]
        );
    }

    #[test]
    fn broken_files_give_errors() {
        let bad = [
            "<Document><token t_id=\"1\">a</token></Document>",
            "<Other/>",
            "<Document><token t_id=\"1\" sentence=\"0\">a</token>",
            "<Document><token t_id=\"1\" sentence=\"0\">a</token><token t_id=\"1\" sentence=\"0\">b</token></Document>",
            "<Document><token t_id=\"1\" sentence=\"0\">a</token><Markables>\
             <ENTITY_MENTION m_id=\"1\" syntactic_type=\"NAM\"><token_anchor t_id=\"9\"/></ENTITY_MENTION>\
             <ENTITY m_id=\"2\" ent_type=\"PER\"/></Markables><Relations><REFERS_TO>\
             <source m_id=\"1\"/><target m_id=\"2\"/></REFERS_TO></Relations></Document>",
        ];
        for src in bad {
            assert!(
                parse_meantime(Path::new("x.xml"), "x", src).is_err(),
                "{src}"
            );
        }
    }

    /// The shared corpus, when present: the split sizes.
    #[test]
    fn meantime_split_when_present() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let Some(dir) = ["../../../shared/data", "../../shared/data"]
            .iter()
            .map(|p| manifest.join(p).join("meantime-en/intra-doc_annotation"))
            .find(|p| p.is_dir())
        else {
            eprintln!("skipped: no shared/data/meantime-en beside the workspace");
            return;
        };
        let train = read_meantime(&dir, Split::Train).expect("train");
        let test = read_meantime(&dir, Split::Test).expect("test");
        assert_eq!((train.len(), test.len()), (96, 24));
        assert!(test.iter().all(|d| !train.iter().any(|t| t.id == d.id)));
        assert!(test.iter().map(|d| d.gold.len()).sum::<usize>() > 100);
    }
}
