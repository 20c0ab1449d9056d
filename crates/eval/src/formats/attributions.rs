//! Attribution relations in brat standoff files, the layout of PolNeAR
//! (Newell, Margolin and Ruths, LREC 2018): a split folder holds `text/`
//! (`NAME.txt`, the article) and `attributions/` (`NAME_ANNOTATOR.ann`).
//! An `.ann` file has text-bound lines (`T3<TAB>Content 727 797;934
//! 1017<TAB>words`: a kind and character ranges) and relation lines
//! (`E6<TAB>Attribution:T26 Cue:T25 Source:T24 Content:T23`); other lines
//! (notes, words continued on the next line) are skipped. When several
//! annotators annotated one article, the first file in name order is read.

use std::collections::BTreeMap;
use std::path::Path;

use super::files::{files_in, read_text};
use crate::score::EvalError;

/// A byte range of the article's text.
pub type ByteRange = (usize, usize);

/// One attribution relation: who (source), the words that attribute (cue)
/// and what is attributed (content), each as the byte ranges of its
/// possibly discontinuous words; the source may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    /// The source's ranges (empty when the relation names none).
    pub source: Vec<ByteRange>,
    /// The cue's ranges.
    pub cue: Vec<ByteRange>,
    /// The content's ranges.
    pub content: Vec<ByteRange>,
}

/// One article and its attribution relations.
#[derive(Debug, Clone)]
pub struct AttributedText {
    /// The article's name (its text file's stem).
    pub name: String,
    /// The article.
    pub text: String,
    /// Its relations, in file order.
    pub attributions: Vec<Attribution>,
}

/// Reads every article of a split folder (`text/` and `attributions/`)
/// that has an annotation file.
pub fn read_attributions(dir: &Path) -> Result<Vec<AttributedText>, EvalError> {
    let texts = dir.join("text");
    let anns = dir.join("attributions");
    if !texts.is_dir() || !anns.is_dir() {
        return Err(EvalError::invalid(
            dir,
            "expected the folders text/ and attributions/ (a PolNeAR split)",
        ));
    }
    // The first annotation file of each article, in name order.
    let mut first: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    for path in files_in(&anns, ".ann")? {
        let stem = super::files::file_stem(&path);
        let name = stem.rsplit_once('_').map_or(stem.as_str(), |(n, _)| n);
        first.entry(name.to_string()).or_insert(path);
    }
    let mut out = Vec::new();
    for (name, ann) in first {
        let text_path = texts.join(format!("{name}.txt"));
        let text = read_text(&text_path)?;
        let attributions = parse_ann(&ann, &read_text(&ann)?, &text)?;
        out.push(AttributedText {
            name,
            text,
            attributions,
        });
    }
    if out.is_empty() {
        return Err(EvalError::invalid(&anns, "no .ann files"));
    }
    Ok(out)
}

/// The relations of one `.ann` file over `text`, character ranges made
/// byte ranges.
pub fn parse_ann(path: &Path, ann: &str, text: &str) -> Result<Vec<Attribution>, EvalError> {
    // Byte offset of each character offset (and of the end).
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let malformed = |line: usize, message: String| EvalError::Malformed {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut spans: BTreeMap<&str, (&str, Vec<ByteRange>)> = BTreeMap::new();
    let mut relations = Vec::new();
    for (index, line) in ann.lines().enumerate() {
        let n = index + 1;
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        // A span's words may run over several lines: only lines with an
        // id (`T12`, `E3`) are read.
        let numbered = |prefix: char| {
            id.strip_prefix(prefix)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        if numbered('T') {
            let (kind, ranges) = body
                .split_once(' ')
                .ok_or_else(|| malformed(n, format!("no ranges in `{body}`")))?;
            let mut out = Vec::new();
            for r in ranges.split(';') {
                let (a, b) = r
                    .split_once(' ')
                    .and_then(|(a, b)| Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?)))
                    .ok_or_else(|| malformed(n, format!("bad range `{r}`")))?;
                let (Some(&a), Some(&b)) = (bytes.get(a), bytes.get(b)) else {
                    return Err(malformed(n, format!("range `{r}` past the text")));
                };
                out.push((a, b.max(a)));
            }
            spans.insert(id, (kind, out));
        } else if numbered('E') {
            relations.push((n, body));
        }
    }
    let mut out = Vec::new();
    for (n, body) in relations {
        let mut a = Attribution::default();
        for arg in body.split_whitespace() {
            let (role, id) = arg
                .split_once(':')
                .ok_or_else(|| malformed(n, format!("bad argument `{arg}`")))?;
            let (_, ranges) = spans
                .get(id)
                .ok_or_else(|| malformed(n, format!("unknown span `{id}`")))?;
            match role {
                "Source" => a.source.extend(ranges),
                "Cue" => a.cue.extend(ranges),
                "Content" => a.content.extend(ranges),
                _ => {}
            }
        }
        if !a.content.is_empty() {
            out.push(a);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_join_their_spans_as_byte_ranges() {
        let text = "“Oui,” dit Léa. Léa pense qu'il pleut.";
        let ann = "T1\tContent 1 5\tOui,\nT2\tCue 7 10\tdit\nT3\tSource 11 14\tLéa\nT9\tAttribution 7 10\tdit\nE1\tAttribution:T9 Content:T1 Cue:T2 Source:T3\nT4\tContent 26 37;38 38\tqu'il pleut\nE2\tContent:T4\n";
        let got = parse_ann(Path::new("a.ann"), ann, text).expect("parses");
        assert_eq!(got.len(), 2);
        let range = |r: ByteRange| &text[r.0..r.1];
        assert_eq!(range(got[0].content[0]), "Oui,");
        assert_eq!(range(got[0].source[0]), "Léa");
        assert_eq!(range(got[1].content[0]), "qu'il pleut");
        assert!(got[1].source.is_empty());
        let bad = parse_ann(Path::new("a.ann"), "E1\tContent:T7\n", text);
        assert!(matches!(bad, Err(EvalError::Malformed { line: 1, .. })));
    }

    #[test]
    fn a_split_folder_reads_the_first_annotator_of_each_article() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("text")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("attributions")).expect("mkdir");
        std::fs::write(dir.path().join("text/a_b.txt"), "He said no.").expect("write");
        for (who, end) in [("aa11", 11), ("bb22", 10)] {
            let ann = format!("T1\tContent 8 {end}\tno\nE1\tContent:T1\n");
            std::fs::write(dir.path().join(format!("attributions/a_b_{who}.ann")), ann)
                .expect("write");
        }
        let got = read_attributions(dir.path()).expect("reads");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, "a_b");
        assert_eq!(got[0].attributions[0].content, [(8, 11)]);
        assert!(read_attributions(&dir.path().join("text")).is_err());
    }
}
