//! English named entities from MEANTIME: the entity names of a CAT
//! document ([`crate::formats::cat`]) as a [`NerDocument`].
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
//! dateline and four body sentences): a document keeps the tokens of the
//! annotated part ([`CatDocument::annotated_tokens`]); the rest would
//! count every entity the tagger finds there as wrong. `space_after` is
//! always true.
//!
//! # Split — [`read_meantime`]
//!
//! The corpus (`intra-doc_annotation/`) has four topic folders of 30
//! articles. Within each folder, sorted by file name, the last
//! [`MEANTIME_TEST_PER_FOLDER`] (6) files are **test**, the others
//! **train** (24 x 4 = 96 train, 24 test articles).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::formats::cat::{read_cat, CatDocument};
use crate::formats::entities::{EntitySpan, NerDocument, Split, MISC_LABEL};
use crate::formats::files::{file_stem, files_in, inner_or_self, some_subdirs};
use crate::score::EvalError;

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
pub fn read_meantime(dir: &Path, split: Split) -> Result<Vec<NerDocument>, EvalError> {
    let root = inner_or_self(dir, "intra-doc_annotation");
    let folders = some_subdirs(&root, "", "topic folders (corpus_*/) of CAT files")?;
    let mut docs = Vec::new();
    for folder in folders {
        let files = files_in(&folder, ".xml")?;
        let first_test = files.len().saturating_sub(MEANTIME_TEST_PER_FOLDER);
        for (i, path) in files.iter().enumerate() {
            if split.takes(i >= first_test) {
                docs.push(entities_of_cat(&read_cat(path)?)?);
            }
        }
    }
    Ok(docs)
}

/// The entity names of a CAT document (see the module documentation):
/// the tokens of its annotated part and its typed name mentions as
/// non-overlapping token spans; the document is named after its file
/// stem.
pub fn entities_of_cat(cat: &CatDocument) -> Result<NerDocument, EvalError> {
    let kept = cat.annotated_tokens();
    let labels = mention_labels(cat);
    let mut candidates: Vec<EntitySpan> = Vec::new();
    let mut misc_candidates: Vec<EntitySpan> = Vec::new();
    for m in cat
        .markables()
        .iter()
        .filter(|m| m.name == "ENTITY_MENTION")
    {
        if !NAME_TYPES.contains(&m.attr("syntactic_type").unwrap_or_default()) {
            continue;
        }
        let Some(&label) = labels.get(m.m_id()) else {
            continue;
        };
        let Some(tokens) = cat.anchor_range(m)? else {
            continue;
        };
        let (first, last) = (tokens.start, tokens.end - 1);
        // A MISC name loses a capitalised article too ("The iPhone" at a
        // sentence start); PER/LOC/ORG keep the rule they were scored with.
        let article = |t: &str| {
            ARTICLES.contains(&t)
                || (label == MISC_LABEL && ARTICLES.contains(&t.to_lowercase().as_str()))
        };
        let mut start = first;
        while start < last && article(&cat.tokens()[start].text) {
            start += 1;
        }
        if last < kept {
            let span = EntitySpan::new(start, last + 1, label);
            if label == MISC_LABEL {
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
        id: file_stem(cat.path()),
        tokens: cat.tokens()[..kept]
            .iter()
            .map(|t| t.text.clone())
            .collect(),
        space_after: vec![true; kept],
        gold,
    })
}

/// The label of each mention typed through a `REFERS_TO` relation: the
/// PER/LOC/ORG label of the first instance so typed (the first relation
/// naming the mention wins), else MISC when an instance it refers to is a
/// product.
fn mention_labels(cat: &CatDocument) -> HashMap<&str, &'static str> {
    let ent_type = |m_id: &String| {
        cat.markable(m_id)
            .filter(|m| m.name == "ENTITY")
            .and_then(|m| m.attr("ent_type"))
    };
    let refers: Vec<_> = cat
        .relations()
        .iter()
        .filter(|r| r.name == "REFERS_TO")
        .collect();
    let mut labels: HashMap<&str, &'static str> = HashMap::new();
    for r in &refers {
        let Some(l) = r.targets.iter().find_map(|t| ent_type(t).and_then(label)) else {
            continue;
        };
        for s in &r.sources {
            labels.entry(s.as_str()).or_insert(l);
        }
    }
    for r in &refers {
        if r.targets.iter().any(|t| ent_type(t).is_some_and(is_misc)) {
            for s in &r.sources {
                labels.entry(s.as_str()).or_insert(MISC_LABEL);
            }
        }
    }
    labels
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::cat::parse_cat;
    use crate::test_data::shared_data;

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

    fn parse(src: &str) -> Result<NerDocument, EvalError> {
        parse_cat("x.xml", src).and_then(|cat| entities_of_cat(&cat))
    }

    #[test]
    fn names_typed_through_their_instance_in_annotated_sentences() {
        let doc = parse(SNIPPET).expect("parses");
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
                EntitySpan::new(0, 1, "ORG"),
                EntitySpan::new(4, 6, "PER"),
                EntitySpan::new(8, 9, "LOC"),
                EntitySpan::new(13, 14, "MISC"),
                EntitySpan::new(15, 16, "ORG"),
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
        let doc = parse(&src).expect("parses");
        assert_eq!(doc.tokens.len(), 15);
        assert_eq!(
            doc.gold,
            vec![
                EntitySpan::new(0, 1, "ORG"),
                EntitySpan::new(4, 6, "PER"),
                EntitySpan::new(8, 10, "ORG"),
                EntitySpan::new(13, 14, "MISC"),
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
            assert!(parse(src).is_err(), "{src}");
        }
    }

    /// The shared corpus, when present: the split sizes.
    #[test]
    fn meantime_split_when_present() {
        let Some(data) = shared_data() else {
            return;
        };
        let dir = data.join("meantime-en/intra-doc_annotation");
        let train = read_meantime(&dir, Split::Train).expect("train");
        let test = read_meantime(&dir, Split::Test).expect("test");
        assert_eq!((train.len(), test.len()), (96, 24));
        assert!(test.iter().all(|d| !train.iter().any(|t| t.id == d.id)));
        assert!(test.iter().map(|d| d.gold.len()).sum::<usize>() > 100);
    }
}
