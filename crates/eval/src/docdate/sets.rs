//! The development sets of document dating, read in place: each document's
//! text with every date of its metadata removed, and its truth kept aside.
//!
//! | format | documents | truth | text |
//! |---|---|---|---|
//! | `timeml` | `.tml` files under the folder (French TimeBank, TempEval-3) | the DCT | `<TEXT>` without tags |
//! | `cat` | CAT `.xml` files (MEANTIME; its `intra-doc_annotation` copy when the folder holds it) | the `CREATION_TIME` | the tokens, less the DCT's own (the dateline) |
//! | `hipe` | each document of a HIPE-2022 `.tsv` file, or of every `.tsv` of a folder | `# hipe2022:date`, the date | the tokens rebuilt as text |
//! | `zyte` | the pages of the Zyte benchmark folder | the publication date the page's meta elements or JSON-LD declare | the article text the project's HTML reader extracts |
//! | `seeds` | `.txt` files of the folder | a date table (`--truth`, else the seeds' table bundled with the crate) | the file |
//!
//! A document without a truth (no DCT, no date in the page's metadata, no
//! line in the table) is left out and counted, never scored.

use std::path::{Path, PathBuf};

use filrouge::read::{read_bytes, ReadOptions};
use serde::Serialize;

use super::value::StatedDate;
use crate::formats::cat::{read_cat, sniff_cat};
use crate::formats::docdate::{parse_date_table, read_date_table, DateRow};
use crate::formats::files::{file_stem, files_in, files_under, inner_or_self, read_text};
use crate::formats::hipe::{parse_hipe, parse_hipe_metadata, HipeOptions};
use crate::formats::timeml::read_timeml;
use crate::formats::zyte::{published_date, read_ground_truth, read_page};
use crate::score::EvalError;

/// The seeds' dates, by file name (`data/seed_dates.tsv`).
const SEED_DATES: &str = include_str!("../../data/seed_dates.tsv");

/// The layouts `filrouge eval docdate` reads (see the module
/// documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GoldFormat {
    /// Inline TimeML.
    Timeml,
    /// NewsReader CAT XML.
    Cat,
    /// HIPE-2022 TSV.
    Hipe,
    /// The Zyte article-extraction benchmark.
    Zyte,
    /// The Zyte pages as whole-page text (every visible line, bylines and
    /// furniture included, as a crawler that keeps no HTML delivers it);
    /// never detected, asked for with `--format zyte-page`.
    #[serde(rename = "zyte-page")]
    ZytePage,
    /// Plain texts and a date table.
    Seeds,
}

impl GoldFormat {
    /// Every format, in the order [`GoldFormat::detect`] tries them.
    pub const ALL: [GoldFormat; 6] = [
        GoldFormat::Zyte,
        GoldFormat::ZytePage,
        GoldFormat::Hipe,
        GoldFormat::Timeml,
        GoldFormat::Cat,
        GoldFormat::Seeds,
    ];

    /// The format's name (`timeml`, `cat`, `hipe`, `zyte`, `zyte-page`,
    /// `seeds`).
    pub fn as_str(self) -> &'static str {
        match self {
            GoldFormat::Timeml => "timeml",
            GoldFormat::Cat => "cat",
            GoldFormat::Hipe => "hipe",
            GoldFormat::Zyte => "zyte",
            GoldFormat::ZytePage => "zyte-page",
            GoldFormat::Seeds => "seeds",
        }
    }

    /// The format of the file or folder at `path`: a `.tsv` file or a
    /// folder of them is HIPE, a folder with `ground-truth.json` Zyte, a
    /// folder with `.tml` files (at any depth) TimeML, one with CAT `.xml`
    /// files CAT, else a folder of `.txt` files seeds.
    pub fn detect(path: &Path) -> Result<GoldFormat, EvalError> {
        if path.is_file() {
            return match path.extension().and_then(|e| e.to_str()) {
                Some("tsv") => Ok(GoldFormat::Hipe),
                _ => Err(EvalError::invalid(path, "not a folder or a .tsv file")),
            };
        }
        if path.join("ground-truth.json").is_file() {
            return Ok(GoldFormat::Zyte);
        }
        if !files_in(path, ".tsv")?.is_empty() {
            return Ok(GoldFormat::Hipe);
        }
        if !files_under(path, &["tml"])?.is_empty() {
            return Ok(GoldFormat::Timeml);
        }
        if !cat_files(path)?.is_empty() {
            return Ok(GoldFormat::Cat);
        }
        if !files_in(path, ".txt")?.is_empty() {
            return Ok(GoldFormat::Seeds);
        }
        Err(EvalError::invalid(
            path,
            "no dated documents found (.tml, CAT .xml, .tsv, .txt or a Zyte benchmark)",
        ))
    }
}

impl std::str::FromStr for GoldFormat {
    type Err = EvalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GoldFormat::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| EvalError::UnknownDocdateFormat(s.to_string()))
    }
}

/// One development document: the text alone, and the truth kept aside.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DevDocument {
    /// The document's name in its set (file stem, document id, page id).
    pub name: String,
    /// The text, no date of the metadata in it.
    pub text: String,
    /// The truth as written.
    pub truth_value: String,
    /// What the truth states (a year at least).
    pub truth: StatedDate,
}

/// A document left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// Its name.
    pub name: String,
    /// Why (no DCT, no date in the metadata, no line in the table...).
    pub reason: String,
}

/// One development set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DevSet {
    /// The set's name: the gold folder's (or file's) name.
    pub name: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// Its format.
    pub format: GoldFormat,
    /// The documents scored, in the order read.
    pub documents: Vec<DevDocument>,
    /// The documents left out.
    pub left_out: Vec<LeftOut>,
}

impl DevSet {
    /// The id of document `doc` in reports and predictions: `set/name`.
    pub fn id_of(&self, doc: &DevDocument) -> String {
        format!("{}/{}", self.name, doc.name)
    }
}

/// Reads the development set at `path` in `format` (detected when `None`);
/// `truths` is the date table of a `seeds` folder (the bundled seeds'
/// table when `None`).
pub fn read_set(
    path: &Path,
    format: Option<GoldFormat>,
    truths: Option<&Path>,
) -> Result<DevSet, EvalError> {
    let format = match format {
        Some(f) => f,
        None => GoldFormat::detect(path)?,
    };
    let mut set = DevSet {
        name: file_stem(path),
        path: path.to_path_buf(),
        format,
        documents: Vec::new(),
        left_out: Vec::new(),
    };
    let found = match format {
        GoldFormat::Timeml => timeml_set(path)?,
        GoldFormat::Cat => cat_set(path)?,
        GoldFormat::Hipe => hipe_set(path)?,
        GoldFormat::Zyte => zyte_set(path)?,
        GoldFormat::ZytePage => zyte_page_set(path)?,
        GoldFormat::Seeds => seeds_set(path, truths)?,
    };
    for (name, text, truth) in found {
        match truth.as_deref().map(|t| (t, StatedDate::parse(t))) {
            Some((value, Some(date))) if date.year.is_some() => set.documents.push(DevDocument {
                name,
                text,
                truth_value: value.to_string(),
                truth: date,
            }),
            Some((value, _)) => set.left_out.push(LeftOut {
                name,
                reason: format!("truth `{value}` is no date with a year"),
            }),
            None => set.left_out.push(LeftOut {
                name,
                reason: format!("no {}", truth_name(format)),
            }),
        }
    }
    Ok(set)
}

/// What the truth of a format is called, for the reasons of left-outs.
fn truth_name(format: GoldFormat) -> &'static str {
    match format {
        GoldFormat::Timeml => "DCT",
        GoldFormat::Cat => "CREATION_TIME",
        GoldFormat::Hipe => "hipe2022:date",
        GoldFormat::Zyte | GoldFormat::ZytePage => "date in the page's metadata",
        GoldFormat::Seeds => "line in the date table",
    }
}

/// A document as a reader finds it: name, text, truth if any.
type Found = (String, String, Option<String>);

/// TimeML files: `<TEXT>` and the DCT's value.
fn timeml_set(dir: &Path) -> Result<Vec<Found>, EvalError> {
    files_under(dir, &["tml"])?
        .iter()
        .map(|path| {
            let doc = read_timeml(path)?;
            Ok((doc.name, doc.text, doc.dct.map(|d| d.value)))
        })
        .collect()
}

/// The CAT files under `dir` (its `intra-doc_annotation` copy when it has
/// one, so that MEANTIME's two copies do not give each article twice).
fn cat_files(dir: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let dir = inner_or_self(dir, "intra-doc_annotation");
    let mut out = Vec::new();
    for path in files_under(&dir, &["xml"])? {
        if sniff_cat(&path)? {
            out.push(path);
        }
    }
    Ok(out)
}

/// CAT files: the tokens without the DCT's, and the DCT's value.
fn cat_set(dir: &Path) -> Result<Vec<Found>, EvalError> {
    cat_files(dir)?
        .iter()
        .map(|path| {
            let doc = read_cat(path)?;
            let dct = doc.creation_time();
            let hidden = match dct {
                Some(m) => doc.anchor_range(m)?.unwrap_or(0..0),
                None => 0..0,
            };
            let truth = dct.and_then(|m| m.attr("value")).map(str::to_string);
            Ok((
                file_stem(path),
                doc.text_without(std::slice::from_ref(&hidden)),
                truth,
            ))
        })
        .collect()
}

/// HIPE-2022 TSV: one file, or every `.tsv` of a folder.
fn hipe_set(path: &Path) -> Result<Vec<Found>, EvalError> {
    let files = if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        files_in(path, ".tsv")?
    };
    let mut out = Vec::new();
    for file in files {
        let source = read_text(&file)?;
        let docs = parse_hipe(&file, &source, HipeOptions::default())?;
        let metadata = parse_hipe_metadata(&source);
        for doc in docs {
            let date = metadata
                .iter()
                .find(|m| m.id == doc.id)
                .and_then(|m| m.get("hipe2022:date"))
                .map(str::to_string);
            out.push((doc.id.clone(), doc.text(), date));
        }
    }
    Ok(out)
}

/// The Zyte benchmark: the text the project's reader extracts, and the
/// publication date the page's metadata declares ([`published_date`]; the
/// reader's own `metadata.published` is not used: it also searches the
/// page's visible text, and prefers the newest date, a modification's
/// over the publication's).
fn zyte_set(dir: &Path) -> Result<Vec<Found>, EvalError> {
    let options = ReadOptions::default();
    let mut out = Vec::new();
    for id in read_ground_truth(dir)?.into_keys() {
        let (_, raw) = read_page(dir, &id)?;
        let date = published_date(&filrouge::read::decode(&raw, None).text);
        let text = read_bytes("page.html", raw, &options)
            .next()
            .and_then(Result::ok)
            .map(|doc| doc.text)
            .unwrap_or_default();
        out.push((id, text, date));
    }
    Ok(out)
}

/// The Zyte benchmark as whole-page text: every visible line of each page
/// (`filrouge::read::visible_text`), and the publication date its metadata
/// declares.
fn zyte_page_set(dir: &Path) -> Result<Vec<Found>, EvalError> {
    let mut out = Vec::new();
    for id in read_ground_truth(dir)?.into_keys() {
        let (_, raw) = read_page(dir, &id)?;
        let html = filrouge::read::decode(&raw, None).text;
        out.push((
            id,
            filrouge::read::visible_text(&html),
            published_date(&html),
        ));
    }
    Ok(out)
}

/// A folder of `.txt` files and their date table.
fn seeds_set(dir: &Path, truths: Option<&Path>) -> Result<Vec<Found>, EvalError> {
    let table: Vec<DateRow> = match truths {
        Some(path) => read_date_table(path)?,
        None => parse_date_table(Path::new("data/seed_dates.tsv"), SEED_DATES)?,
    };
    files_in(dir, ".txt")?
        .iter()
        .map(|path| {
            let file_name = path.file_name().map(|n| n.to_string_lossy());
            let truth = table
                .iter()
                .find(|r| file_name.as_deref() == Some(r.name.as_str()))
                .map(|r| r.date.clone());
            Ok((file_stem(path), read_text(path)?, truth))
        })
        .collect()
}
