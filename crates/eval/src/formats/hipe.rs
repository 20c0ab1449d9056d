//! HIPE-2022 TSV (the NewsEye French files), read into [`NerDocument`]s.
//!
//! - One document per `# hipe2022:document_id = ...` metadata line. A
//!   metadata line starts with `#` and has no tab; a line with a tab is a
//!   token line even when the token starts with `#` (OCR gives `###`, `#e`).
//!   The column header (`TOKEN NE-COARSE-LIT ... MISC`) is found by name.
//! - Labels come from `NE-COARSE-LIT` (coarse, literal sense), read as BIO
//!   with a lenient `I-` (an `I-X` after `O` or after another type starts an
//!   entity). PER, LOC and ORG are kept; `HumanProd` (media titles, works,
//!   products) is kept as `MISC`, scored apart; other types are dropped
//!   after span building, so they never leak into a neighbouring span.
//! - Spaces: `space_after` is false when MISC says `NoSpaceAfter`, except
//!   between two *word tokens* (the first ends and the second begins with an
//!   alphanumeric character). About 5% of word/word pairs carry a spurious
//!   `NoSpaceAfter` where the OCR lost a line break ("au|Comité"); gluing
//!   them would merge entities with their neighbours in any text-based
//!   tagger. Genuine `NoSpaceAfter` (apostrophes, punctuation, line-end
//!   hyphenation `ex¬|cessif`) is kept.
//! - Line-break restarts: the annotation tool cut entities at line ends, so
//!   an entity running over a line starts again with `B-`. Among adjacent
//!   same-type `B-` restarts across a line break (explicit `EndOfLine`, or a
//!   lost one: a spurious `NoSpaceAfter` between word tokens; 94 in test,
//!   32 + 62), only one kind can be merged back reliably: a word hyphenated
//!   across the line (the first part ends with `¬` and carries `EndOfLine`,
//!   `Alle¬|magne`): two halves of one word are one entity. These are merged
//!   (32 in test, 16 PER/LOC/ORG in dev). The other restarts are left as
//!   two entities: read by hand, they mix true cuts ("commission du |
//!   gouvernement de la Sarre") with true neighbours (lists of names one per
//!   line, a headline place then the dateline "Londres | LONDRES"), and
//!   neither the Wikidata link (NIL for most) nor the case tells them apart.
//!   [`HipeOptions::merge_hyphenated`] turns the merge off to score against
//!   the file as it is (as the HIPE scorer does).
//!

use std::path::Path;

use super::entities::{keep_scored_labels, parse_tag, tags_to_spans, EntitySpan, NerDocument, Tag};
use super::files::{content_lines, read_text};
use crate::score::EvalError;

/// Options of [`read_hipe_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HipeOptions {
    /// Merge an entity restarted with `B-` after a word hyphenated across a
    /// line end (`Alle¬` + `magne`) back into one entity. On by default.
    pub merge_hyphenated: bool,
}

impl Default for HipeOptions {
    fn default() -> Self {
        HipeOptions {
            merge_hyphenated: true,
        }
    }
}

/// Reads a HIPE-2022 TSV file with the default [`HipeOptions`] (hyphenated
/// line-break restarts merged; see the module documentation).
pub fn read_hipe(path: &Path) -> Result<Vec<NerDocument>, EvalError> {
    read_hipe_with(path, HipeOptions::default())
}

/// Reads a HIPE-2022 TSV file: one [`NerDocument`] per
/// `hipe2022:document_id`, PER/LOC/ORG from `NE-COARSE-LIT`.
pub fn read_hipe_with(path: &Path, options: HipeOptions) -> Result<Vec<NerDocument>, EvalError> {
    let source = read_text(path)?;
    parse_hipe(path, &source, options)
}

/// Parses HIPE-2022 TSV held in memory; `name` stands for the path in
/// errors.
pub fn parse_hipe(
    name: &Path,
    source: &str,
    options: HipeOptions,
) -> Result<Vec<NerDocument>, EvalError> {
    Ok(read_rows(name, source)?
        .into_iter()
        .map(|(id, rows)| document(id, &rows, options))
        .collect())
}

/// The metadata lines of one HIPE-2022 document (`# hipe2022:date =
/// 1923-01-15`, `# newseye:publication_title = ...`), in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HipeMetadata {
    /// The `hipe2022:document_id`.
    pub id: String,
    /// Every `key = value` metadata line of the document, the id's
    /// included, keys and values trimmed.
    pub fields: Vec<(String, String)>,
}

impl HipeMetadata {
    /// The value of `key` (`hipe2022:date`), the first when it repeats.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The metadata of each document of a HIPE-2022 TSV file, in file order
/// (the token lines are not read: see [`parse_hipe`] for them).
pub fn read_hipe_metadata(path: &Path) -> Result<Vec<HipeMetadata>, EvalError> {
    Ok(parse_hipe_metadata(&read_text(path)?))
}

/// The metadata of each document of HIPE-2022 TSV held in memory: a
/// document starts at its `hipe2022:document_id` line; metadata lines
/// before the first document are dropped.
pub fn parse_hipe_metadata(source: &str) -> Vec<HipeMetadata> {
    let mut docs: Vec<HipeMetadata> = Vec::new();
    for (_, line) in content_lines(source) {
        let Some((key, value)) = metadata_line(line) else {
            continue;
        };
        if key == "hipe2022:document_id" {
            docs.push(HipeMetadata {
                id: value.to_string(),
                fields: Vec::new(),
            });
        }
        if let Some(doc) = docs.last_mut() {
            doc.fields.push((key.to_string(), value.to_string()));
        }
    }
    docs
}

/// `(key, value)` of a metadata line (`# key = value`, no tab), trimmed.
fn metadata_line(line: &str) -> Option<(&str, &str)> {
    if !line.starts_with('#') || line.contains('\t') {
        return None;
    }
    let (key, value) = line.trim_start_matches('#').split_once('=')?;
    Some((key.trim(), value.trim()))
}

/// Where the three columns read are, found in the header by name.
struct Columns {
    token: usize,
    label: usize,
    misc: usize,
    /// The fewest fields a token line can have.
    width: usize,
}

impl Columns {
    /// The columns of a header line, `None` when it lacks one of them.
    fn of_header(fields: &[&str]) -> Option<Columns> {
        let find = |name: &str| fields.iter().position(|f| f.trim() == name);
        let (token, label, misc) = (find("TOKEN")?, find("NE-COARSE-LIT")?, find("MISC")?);
        Some(Columns {
            token,
            label,
            misc,
            width: token.max(label).max(misc) + 1,
        })
    }
}

/// One token line.
struct Row<'a> {
    token: &'a str,
    tag: Tag<'a>,
    no_space_after: bool,
    end_of_line: bool,
}

/// The token lines of each document, in file order, with the document id.
fn read_rows<'a>(name: &Path, source: &'a str) -> Result<Vec<(String, Vec<Row<'a>>)>, EvalError> {
    let malformed = |line: usize, message: String| EvalError::Malformed {
        path: name.to_path_buf(),
        line,
        message,
    };
    let mut columns: Option<Columns> = None;
    let mut docs: Vec<(String, Vec<Row<'a>>)> = Vec::new();
    for (line_no, line) in content_lines(source) {
        if line.starts_with('#') && !line.contains('\t') {
            if let Some(("hipe2022:document_id", id)) = metadata_line(line) {
                docs.push((id.to_string(), Vec::new()));
            }
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let Some(cols) = &columns else {
            columns = Some(Columns::of_header(&fields).ok_or_else(|| {
                malformed(
                    line_no,
                    "expected the column header (TOKEN, NE-COARSE-LIT, MISC) before any token"
                        .to_string(),
                )
            })?);
            continue;
        };
        if fields.len() < cols.width {
            return Err(malformed(
                line_no,
                format!("{} columns, expected at least {}", fields.len(), cols.width),
            ));
        }
        let Some((_, rows)) = docs.last_mut() else {
            return Err(malformed(
                line_no,
                "token before any `# hipe2022:document_id`".to_string(),
            ));
        };
        let label = fields[cols.label];
        let tag = parse_tag(label)
            .ok_or_else(|| malformed(line_no, format!("bad NE-COARSE-LIT tag `{label}`")))?;
        let misc = fields[cols.misc];
        let has = |flag: &str| misc.split('|').any(|m| m == flag);
        rows.push(Row {
            token: fields[cols.token],
            tag,
            no_space_after: has("NoSpaceAfter"),
            end_of_line: has("EndOfLine"),
        });
    }
    Ok(docs)
}

/// One document from its token lines: spacing, spans, restarts merged by
/// option, scored labels kept.
fn document(id: String, rows: &[Row<'_>], options: HipeOptions) -> NerDocument {
    let tokens: Vec<String> = rows.iter().map(|r| r.token.to_string()).collect();
    let space_after: Vec<bool> = (0..rows.len())
        .map(|i| {
            !rows[i].no_space_after
                || rows
                    .get(i + 1)
                    .is_some_and(|next| word_pair(rows[i].token, next.token))
        })
        .collect();
    let tags: Vec<Tag<'_>> = rows.iter().map(|r| r.tag).collect();
    let mut spans = tags_to_spans(&tags);
    if options.merge_hyphenated {
        spans = merge_hyphenated(spans, rows);
    }
    keep_scored_labels(&mut spans);
    NerDocument {
        id,
        tokens,
        space_after,
        gold: spans,
    }
}

/// Merges an entity restarted right after a word hyphenated across a line
/// end (`Alle¬` + `magne`) into the entity before it.
fn merge_hyphenated(spans: Vec<EntitySpan>, rows: &[Row<'_>]) -> Vec<EntitySpan> {
    let mut merged: Vec<EntitySpan> = Vec::with_capacity(spans.len());
    for span in spans {
        if let Some(prev) = merged.last_mut() {
            let last = &rows[prev.end - 1];
            if prev.end == span.start
                && prev.label == span.label
                && last.end_of_line
                && last.token.ends_with('¬')
            {
                prev.end = span.end;
                continue;
            }
        }
        merged.push(span);
    }
    merged
}

/// Whether two adjacent tokens are both word tokens: `left` ends and
/// `right` begins with an alphanumeric character.
pub(crate) fn word_pair(left: &str, right: &str) -> bool {
    left.chars().next_back().is_some_and(char::is_alphanumeric)
        && right.chars().next().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Made-up sentences in the HIPE-2022 layout (ten columns).
    fn hipe_fixture() -> String {
        let rows: &[(&str, &str, &str)] = &[
            ("Hier", "O", "_"),
            ("le", "O", "_"),
            ("maire", "O", "_"),
            ("de", "O", "_"),
            ("Quim¬", "B-LOC", "NoSpaceAfter|EndOfLine"),
            ("per", "B-LOC", "_"),
            ("a", "O", "_"),
            ("reçu", "O", "NoSpaceAfter"),
            ("M", "B-PER", "NoSpaceAfter"),
            (".", "I-PER", "_"),
            ("Paul", "I-PER", "_"),
            ("Durand", "I-PER", "NoSpaceAfter"),
            (",", "O", "_"),
            ("du", "O", "_"),
            ("Journal", "B-ORG", "_"),
            ("de", "I-ORG", "EndOfLine"),
            ("l", "B-ORG", "NoSpaceAfter"),
            ("'", "I-ORG", "NoSpaceAfter"),
            ("Ouest", "I-ORG", "NoSpaceAfter"),
            (",", "O", "_"),
            ("au", "O", "_"),
            ("Musée", "B-HumanProd", "_"),
            ("Lumière", "I-HumanProd", "NoSpaceAfter"),
            (".", "O", "EndOfSentence"),
        ];
        let line = |(token, tag, misc): &(&str, &str, &str)| {
            format!("{token}\t{tag}\t_\tO\t_\t_\tO\t_\t_\t{misc}\n")
        };
        let mut s = String::from(
            "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-FINE-LIT\tNE-FINE-METO\t\
             NE-FINE-COMP\tNE-NESTED\tNEL-LIT\tNEL-METO\tMISC\n",
        );
        s.push_str("# hipe2022:document_id = t_1\n# hipe2022:date = 1901-02-03\n");
        for r in rows {
            s.push_str(&line(r));
        }
        s.push('\n');
        s.push_str("# hipe2022:document_id = t_2\n# newseye:version = v1.0\n");
        for r in [
            ("#e", "O", "_"),
            ("Lyon", "I-LOC", "_"),
            ("et", "O", "_"),
            ("Nice", "B-LOC", "_"),
            ("#", "O", "_"),
        ] {
            s.push_str(&line(&r));
        }
        s
    }

    #[test]
    fn hipe_documents_labels_spaces_and_restarts() {
        let docs = match parse_hipe(Path::new("t.tsv"), &hipe_fixture(), HipeOptions::default()) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        assert_eq!(d.id, "t_1");
        assert_eq!(d.tokens.len(), 24);
        // Hyphenated restart merged; the `de | l'Ouest` restart (no `¬`)
        // kept; HumanProd kept as MISC.
        assert_eq!(
            d.gold,
            vec![
                EntitySpan::new(4, 6, "LOC"),
                EntitySpan::new(8, 12, "PER"),
                EntitySpan::new(14, 16, "ORG"),
                EntitySpan::new(16, 19, "ORG"),
                EntitySpan::new(21, 23, "MISC"),
            ]
        );
        // Spurious NoSpaceAfter between two words (`reçu|M`) becomes a space;
        // the others are kept.
        assert_eq!(
            d.text(),
            "Hier le maire de Quim¬per a reçu M. Paul Durand, du Journal de l'Ouest, au Musée Lumière."
        );
        let (text, offsets) = d.text_with_offsets();
        assert_eq!(&text[offsets[10].clone()], "Paul");
        assert_eq!(d.space_after.len(), d.tokens.len());

        // A token starting with `#` is a token, not metadata; metadata lines
        // between documents are skipped.
        let d = &docs[1];
        assert_eq!(d.id, "t_2");
        assert_eq!(d.tokens, ["#e", "Lyon", "et", "Nice", "#"]);
        assert_eq!(
            d.gold,
            vec![EntitySpan::new(1, 2, "LOC"), EntitySpan::new(3, 4, "LOC")]
        );

        let raw = match parse_hipe(
            Path::new("t.tsv"),
            &hipe_fixture(),
            HipeOptions {
                merge_hyphenated: false,
            },
        ) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(
            raw[0].gold[..2],
            [EntitySpan::new(4, 5, "LOC"), EntitySpan::new(5, 6, "LOC")]
        );
    }

    #[test]
    fn hipe_metadata_per_document() {
        let meta = parse_hipe_metadata(&hipe_fixture());
        assert_eq!(meta.len(), 2);
        assert_eq!(meta[0].id, "t_1");
        assert_eq!(meta[0].get("hipe2022:date"), Some("1901-02-03"));
        assert_eq!(meta[1].get("hipe2022:date"), None);
        assert_eq!(meta[1].get("newseye:version"), Some("v1.0"));
        // A token line starting with `#` is no metadata.
        assert_eq!(meta[1].fields.len(), 2);
    }

    #[test]
    fn hipe_errors_name_the_line() {
        let header = "TOKEN\tNE-COARSE-LIT\tMISC\n";
        let no_doc = format!("{header}Paris\tB-LOC\t_\n");
        let e = parse_hipe(Path::new("x.tsv"), &no_doc, HipeOptions::default());
        assert!(
            matches!(e, Err(EvalError::Malformed { line: 2, .. })),
            "{e:?}"
        );
        let bad_tag = format!("{header}# hipe2022:document_id = a\nParis\tLOC\t_\n");
        let e = parse_hipe(Path::new("x.tsv"), &bad_tag, HipeOptions::default());
        assert!(
            matches!(e, Err(EvalError::Malformed { line: 3, .. })),
            "{e:?}"
        );
        let short = format!("{header}# hipe2022:document_id = a\nParis\tB-LOC\n");
        let e = parse_hipe(Path::new("x.tsv"), &short, HipeOptions::default());
        assert!(
            matches!(e, Err(EvalError::Malformed { line: 3, .. })),
            "{e:?}"
        );
        let no_header = "# hipe2022:document_id = a\nParis\tB-LOC\t_\n";
        let e = parse_hipe(Path::new("x.tsv"), no_header, HipeOptions::default());
        assert!(
            matches!(e, Err(EvalError::Malformed { line: 2, .. })),
            "{e:?}"
        );
    }
}
