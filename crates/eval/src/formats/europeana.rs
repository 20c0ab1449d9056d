//! The Europeana Newspapers French NER file (BnF), token-per-line IOB1,
//! read into [`NerDocument`] chunks of one split.
//!
//! One `token tag` pair per line (split at the last space), IOB1 with `I-`
//! only, no sentence or document boundaries. Page-id tokens
//! (`0564932/txt/X0000001`: digits, `/txt/`, `X`, digits) are not words:
//! they are dropped and end the current chunk (a page boundary is a real
//! document boundary). `space_after` is always true (the file keeps no
//! spacing).
//!
//! The corpus has no split, so the token stream is cut into chunks,
//! deterministically:
//!
//! - a chunk ends after the first token ending with `.`, `!` or `?` once it
//!   holds at least [`EUROPEANA_CHUNK_TOKENS`] (1,000) tokens;
//! - failing that, it ends as soon as it holds [`EUROPEANA_CHUNK_MAX_TOKENS`]
//!   (1,250) tokens;
//! - never inside an entity (the cut waits until the next token does not
//!   continue the current one), always at a page id and at the end of file.
//!
//! Chunks are numbered from 0 in file order; chunk `i` is **test** when
//! `i % 5 == 4` ([`EUROPEANA_TEST_EVERY`]), **train** otherwise. Each chunk
//! is one [`NerDocument`] named `enp_fr_NNN` (its chunk number).

use std::path::Path;

use super::entities::{keep_scored_labels, parse_tag, tags_to_spans, NerDocument, Split, Tag};
use super::files::{content_lines, read_text};
use crate::score::EvalError;

/// A Europeana chunk ends at the first sentence end once it holds this many
/// tokens.
pub const EUROPEANA_CHUNK_TOKENS: usize = 1000;

/// A Europeana chunk with no sentence end ends at this many tokens (outside
/// an entity).
pub const EUROPEANA_CHUNK_MAX_TOKENS: usize = 1250;

/// Europeana chunk `i` is in the test split when `i % EUROPEANA_TEST_EVERY ==
/// EUROPEANA_TEST_EVERY - 1`.
pub const EUROPEANA_TEST_EVERY: usize = 5;

/// Whether a token is a Europeana page id such as `0564932/txt/X0000001`.
pub fn is_page_id(token: &str) -> bool {
    let Some((page, rest)) = token.split_once("/txt/X") else {
        return false;
    };
    !page.is_empty()
        && !rest.is_empty()
        && page.bytes().all(|b| b.is_ascii_digit())
        && rest.bytes().all(|b| b.is_ascii_digit())
}

/// Reads the Europeana French BIO file and returns the chunks of one split
/// (see the module documentation for the chunking rule).
pub fn read_europeana(path: &Path, part: Split) -> Result<Vec<NerDocument>, EvalError> {
    let source = read_text(path)?;
    parse_europeana(path, &source, part)
}

/// Parses Europeana BIO held in memory; `name` stands for the path in
/// errors.
pub fn parse_europeana(
    name: &Path,
    source: &str,
    part: Split,
) -> Result<Vec<NerDocument>, EvalError> {
    // `None` marks a page id: a chunk boundary, not a token.
    let mut items: Vec<Option<(&str, Tag<'_>)>> = Vec::new();
    for (line_no, line) in content_lines(source) {
        let malformed = |message: String| EvalError::Malformed {
            path: name.to_path_buf(),
            line: line_no,
            message,
        };
        let (token, tag) = line
            .rsplit_once(' ')
            .ok_or_else(|| malformed("expected `token tag`".to_string()))?;
        if token.is_empty() {
            return Err(malformed("empty token".to_string()));
        }
        let tag = parse_tag(tag).ok_or_else(|| malformed(format!("bad tag `{tag}`")))?;
        if is_page_id(token) {
            items.push(None);
        } else {
            items.push(Some((token, tag)));
        }
    }

    Ok(chunk_europeana(
        &items,
        part,
        EUROPEANA_CHUNK_TOKENS,
        EUROPEANA_CHUNK_MAX_TOKENS,
    ))
}

/// Cuts the token stream (`None` = page id) into chunks of at least `min`
/// tokens ending a sentence, or of `max` tokens, never inside an entity,
/// and keeps those of `part`.
fn chunk_europeana(
    items: &[Option<(&str, Tag<'_>)>],
    part: Split,
    min: usize,
    max: usize,
) -> Vec<NerDocument> {
    let mut docs = Vec::new();
    let mut index = 0usize;
    let mut chunk: Vec<(&str, Tag<'_>)> = Vec::new();
    let mut flush = |chunk: &mut Vec<(&str, Tag<'_>)>, docs: &mut Vec<NerDocument>| {
        if chunk.is_empty() {
            return;
        }
        if part.contains(index) {
            let tags: Vec<Tag<'_>> = chunk.iter().map(|(_, t)| *t).collect();
            let mut gold = tags_to_spans(&tags);
            keep_scored_labels(&mut gold);
            docs.push(NerDocument {
                id: format!("enp_fr_{index:03}"),
                tokens: chunk.iter().map(|(t, _)| t.to_string()).collect(),
                space_after: vec![true; chunk.len()],
                gold,
            });
        }
        index += 1;
        chunk.clear();
    };
    for (i, item) in items.iter().enumerate() {
        let Some((token, tag)) = *item else {
            flush(&mut chunk, &mut docs);
            continue;
        };
        chunk.push((token, tag));
        let next = items.get(i + 1).copied().flatten();
        let inside_entity = match (tag, next) {
            (Tag::Begin(a) | Tag::Inside(a), Some((_, Tag::Inside(b)))) => a == b,
            _ => false,
        };
        if inside_entity {
            continue;
        }
        let sentence_end = token.ends_with(['.', '!', '?']);
        if (chunk.len() >= min && sentence_end) || chunk.len() >= max {
            flush(&mut chunk, &mut docs);
        }
    }
    flush(&mut chunk, &mut docs);
    docs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::entities::EntitySpan;

    #[test]
    fn europeana_iob1_page_ids_and_chunks() {
        let source = "\
Le O
docteur I-PER
Martin I-PER
arrive O
à O
Rennes I-LOC
. O
0000001/txt/X0000001 O
La O
Banque I-ORG
de I-ORG
Bretagne I-ORG
ferme O
. O
Vive O
Nantes I-LOC
! O
";
        let docs = match parse_europeana(Path::new("e.bio"), source, Split::All) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        // A page id is dropped and ends the chunk; chunks are small here.
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "enp_fr_000");
        assert_eq!(docs[0].tokens.len(), 7);
        assert_eq!(
            docs[0].gold,
            vec![EntitySpan::new(1, 3, "PER"), EntitySpan::new(5, 6, "LOC")]
        );
        assert_eq!(docs[1].tokens[0], "La");
        assert_eq!(
            docs[1].gold,
            vec![EntitySpan::new(1, 4, "ORG"), EntitySpan::new(7, 8, "LOC")]
        );
        assert!(docs.iter().all(|d| d.space_after.iter().all(|s| *s)));
        assert!(is_page_id("0564932/txt/X0000001"));
        assert!(!is_page_id("txt/X0000001"));
        assert!(!is_page_id("12/txt/Xab"));

        let e = parse_europeana(Path::new("e.bio"), "Rennes\n", Split::All);
        assert!(
            matches!(e, Err(EvalError::Malformed { line: 1, .. })),
            "{e:?}"
        );
        let e = parse_europeana(Path::new("e.bio"), "Rennes O\nBrest LOC\n", Split::All);
        assert!(
            matches!(e, Err(EvalError::Malformed { line: 2, .. })),
            "{e:?}"
        );
    }

    #[test]
    fn europeana_chunk_rule() {
        // Sentences of 4 tokens ("w w w ."), an entity across a would-be cut.
        let mut owned: Vec<(String, &str)> = Vec::new();
        for i in 0..30 {
            owned.push((format!("a{i}"), "O"));
            owned.push(("b".into(), "O"));
            owned.push(("c".into(), "O"));
            owned.push((".".into(), "O"));
        }
        // Tokens 8..10 ("M", ".", then "Roux" continuing): the sentence end
        // inside the entity is no cut.
        owned[7] = ("M".into(), "I-PER");
        owned[8] = (".".into(), "I-PER");
        owned[9] = ("Roux".into(), "I-PER");
        let items: Vec<Option<(&str, Tag<'_>)>> = owned
            .iter()
            .map(|(t, tag)| parse_tag(tag).map(|g| (t.as_str(), g)))
            .collect();
        // min 6: the first sentence end at or after 6 tokens is token 8 ("."
        // of "M."), inside the entity, so the cut waits for token 12.
        let all = chunk_europeana(&items, Split::All, 6, 100);
        assert_eq!(all[0].tokens.len(), 12);
        assert_eq!(all[0].gold, vec![EntitySpan::new(7, 10, "PER")]);
        let sizes: Vec<usize> = all.iter().map(|d| d.tokens.len()).collect();
        assert!(sizes[1..14].iter().all(|n| *n == 8), "{sizes:?}");
        assert_eq!(sizes[14..], [4]);
        assert_eq!(all.iter().map(|d| d.tokens.len()).sum::<usize>(), 120);
        // No sentence end: the hard cut at `max` tokens.
        let no_end: Vec<Option<(&str, Tag<'_>)>> =
            (0..25).map(|_| Some(("x", Tag::Outside))).collect();
        let sizes: Vec<usize> = chunk_europeana(&no_end, Split::All, 6, 10)
            .iter()
            .map(|d| d.tokens.len())
            .collect();
        assert_eq!(sizes, [10, 10, 5]);
        // Splits: chunk i is test when i % 5 == 4; train and test partition.
        let test = chunk_europeana(&items, Split::Test, 6, 100);
        let train = chunk_europeana(&items, Split::Train, 6, 100);
        let ids = |d: &[NerDocument]| d.iter().map(|d| d.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&test), ["enp_fr_004", "enp_fr_009", "enp_fr_014"]);
        assert_eq!(train.len() + test.len(), all.len());
        assert!(!ids(&train).iter().any(|i| ids(&test).contains(i)));
        assert!(Split::Test.contains(4) && !Split::Test.contains(5) && Split::Train.contains(5));
    }
}
