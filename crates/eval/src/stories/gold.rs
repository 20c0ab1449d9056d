//! The gold groups of story clustering, read in place: articles with the
//! group each belongs to.
//!
//! | format | articles | group | date |
//! |---|---|---|---|
//! | `meantime` | the CAT files of each `corpus_*` folder (its `intra-doc_annotation` copy when the folder holds it) | the folder (a topic) | the `CREATION_TIME` |
//! | `semeval` | `SemEval_Task4_data/corpus_*/corpus_trackA_CAT` and the trial corpus `Corpus-trial-data_task4` | the corpus | the `CREATION_TIME` |
//! | `singles` | the TimeML files under the folder (French TimeBank: short items of a regional daily, 1999-2003) | each article alone | the DCT |
//! | `texts` | the `.txt` files of the folder, or of each of its subfolders | the folder, or each subfolder | none |
//!
//! `singles` assumes that no two articles of the set report the same
//! development: true of French TimeBank's items, as far as reading their
//! first lines tells (the few on one long subject, the 2002 presidential
//! campaign or the Middle East, are weeks apart); a join there is a false
//! join, or a reason to read the two articles.
//!
//! The Zyte benchmark's pages are no such set: they were collected in one
//! week and several report the same story from several sites.
//!
//! A CAT article's text is its title (the first sentence), a blank line,
//! then its body, one sentence a line, without the dateline (the
//! `CREATION_TIME`'s tokens): a date stays something the pipeline finds or
//! is given, never a line of the text.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::formats::cat::{read_cat, sniff_cat, CatDocument};
use crate::formats::files::{file_stem, files_in, files_under, inner_or_self, read_text, subdirs};
use crate::formats::timeml::read_timeml;
use crate::score::EvalError;

/// The layouts `filrouge eval stories` reads (see the module
/// documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupFormat {
    /// MEANTIME: one topic a folder of CAT files.
    Meantime,
    /// SemEval-2015 Task 4: one corpus a group.
    Semeval,
    /// TimeML files, each article its own group.
    Singles,
    /// Plain texts: the folder one group, or each subfolder one.
    Texts,
}

impl GroupFormat {
    /// Every format, in the order [`GroupFormat::detect`] tries them.
    pub const ALL: [GroupFormat; 4] = [
        GroupFormat::Semeval,
        GroupFormat::Meantime,
        GroupFormat::Singles,
        GroupFormat::Texts,
    ];

    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupFormat::Meantime => "meantime",
            GroupFormat::Semeval => "semeval",
            GroupFormat::Singles => "singles",
            GroupFormat::Texts => "texts",
        }
    }

    /// The format of the folder at `path`: `SemEval_Task4_data` is SemEval, `corpus_*` folders (at the
    /// top or in `intra-doc_annotation`) MEANTIME, `.tml` files singles,
    /// else plain texts.
    pub fn detect(path: &Path) -> Result<GroupFormat, EvalError> {
        if !path.is_dir() {
            return Err(EvalError::invalid(path, "not a folder"));
        }
        if path.join(SEMEVAL_DATA).is_dir() {
            return Ok(GroupFormat::Semeval);
        }
        if !subdirs(&inner_or_self(path, MEANTIME_INNER), "corpus_")?.is_empty() {
            return Ok(GroupFormat::Meantime);
        }
        if !files_under(path, &["tml"])?.is_empty() {
            return Ok(GroupFormat::Singles);
        }
        Ok(GroupFormat::Texts)
    }
}

impl std::str::FromStr for GroupFormat {
    type Err = EvalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        GroupFormat::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| EvalError::UnknownStoriesFormat(s.to_string()))
    }
}

/// MEANTIME's copy with one annotation layer (the other repeats it).
const MEANTIME_INNER: &str = "intra-doc_annotation";
/// SemEval-2015 Task 4's evaluation corpora.
const SEMEVAL_DATA: &str = "SemEval_Task4_data";
/// SemEval-2015 Task 4's trial corpus (CAT files).
const SEMEVAL_TRIAL: &str = "Corpus-trial-data_task4";

/// One article and its gold group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupedArticle {
    /// Its name: a CAT article's Wikinews name (MEANTIME and SemEval share
    /// articles, under the same name but not always the same number),
    /// else the file name.
    pub name: String,
    /// Its gold group, named `set/group`.
    pub group: String,
    /// Its text (title first when there is one).
    pub text: String,
    /// The date its gold gives, if any.
    pub published: Option<NaiveDate>,
}

/// One set of grouped articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupedSet {
    /// The set's name (the folder's).
    pub name: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// Its format.
    pub format: GroupFormat,
    /// The articles, in the order read.
    pub articles: Vec<GroupedArticle>,
}

/// Reads the grouped set at `path` in `format` (detected when `None`).
pub fn read_groups(path: &Path, format: Option<GroupFormat>) -> Result<GroupedSet, EvalError> {
    let format = match format {
        Some(f) => f,
        None => GroupFormat::detect(path)?,
    };
    let name = file_stem(path);
    let found = match format {
        GroupFormat::Meantime => meantime(path)?,
        GroupFormat::Semeval => semeval(path)?,
        GroupFormat::Singles => singles(path)?,
        GroupFormat::Texts => texts(path)?,
    };
    if found.is_empty() {
        return Err(EvalError::invalid(path, "no article found"));
    }
    let articles = found
        .into_iter()
        .map(|mut a| {
            a.group = format!("{name}/{}", a.group);
            a
        })
        .collect();
    Ok(GroupedSet {
        name,
        path: path.to_path_buf(),
        format,
        articles,
    })
}

/// MEANTIME: each `corpus_*` folder a group.
fn meantime(path: &Path) -> Result<Vec<GroupedArticle>, EvalError> {
    let root = inner_or_self(path, MEANTIME_INNER);
    let mut out = Vec::new();
    for dir in subdirs(&root, "corpus_")? {
        let group = file_stem(&dir);
        out.extend(cat_folder(&dir, group.trim_start_matches("corpus_"))?);
    }
    Ok(out)
}

/// SemEval-2015 Task 4: each evaluation corpus a group, and the trial
/// corpus one more.
fn semeval(path: &Path) -> Result<Vec<GroupedArticle>, EvalError> {
    let mut out = Vec::new();
    for dir in subdirs(&path.join(SEMEVAL_DATA), "corpus_")? {
        let group = file_stem(&dir);
        out.extend(cat_folder(&dir.join("corpus_trackA_CAT"), &group)?);
    }
    let trial = path.join(SEMEVAL_TRIAL);
    if trial.is_dir() {
        out.extend(cat_folder(&trial, "trial")?);
    }
    Ok(out)
}

/// The CAT articles of one folder, all in `group`.
fn cat_folder(dir: &Path, group: &str) -> Result<Vec<GroupedArticle>, EvalError> {
    let mut out = Vec::new();
    for path in files_in(dir, ".xml")? {
        if !sniff_cat(&path)? {
            continue;
        }
        let doc = read_cat(&path)?;
        out.push(cat_article(&doc, &path, group)?);
    }
    Ok(out)
}

/// One CAT article: title, blank line, body without the dateline.
fn cat_article(doc: &CatDocument, path: &Path, group: &str) -> Result<GroupedArticle, EvalError> {
    let dct = doc.creation_time();
    let dateline = match dct {
        Some(m) => doc.anchor_range(m)?.unwrap_or(0..0),
        None => 0..0,
    };
    let title = doc.sentences().first().cloned().unwrap_or(0..0);
    let heading = doc.sentence_text(0).unwrap_or_default();
    let body = doc.text_without(&[title, dateline]);
    let published = dct
        .and_then(|m| m.attr("value"))
        .and_then(|v| v.get(..10))
        .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok());
    Ok(GroupedArticle {
        name: wikinews_name(doc.attr("doc_name").unwrap_or(&file_stem(path))),
        group: group.to_string(),
        text: format!("{heading}\n\n{body}"),
        published,
    })
}

/// A Wikinews article's name without the number and extension its file
/// name carries (`11212_Apple_releases_iPhone_SDK.txt` and
/// `101354_Apple_releases_iPhone_SDK` are one article).
fn wikinews_name(doc_name: &str) -> String {
    let name = doc_name.strip_suffix(".txt").unwrap_or(doc_name);
    let name = name.trim_start_matches(|c: char| c.is_ascii_digit());
    name.trim_start_matches(['_', '-']).to_string()
}

/// TimeML files, each its own group: `<TEXT>` and the DCT.
fn singles(dir: &Path) -> Result<Vec<GroupedArticle>, EvalError> {
    files_under(dir, &["tml"])?
        .iter()
        .map(|path| {
            let doc = read_timeml(path)?;
            let published = doc
                .dct
                .and_then(|d| NaiveDate::parse_from_str(d.value.get(..10)?, "%Y-%m-%d").ok());
            Ok(GroupedArticle {
                name: doc.name.clone(),
                group: doc.name,
                text: doc.text,
                published,
            })
        })
        .collect()
}

/// Plain texts: the folder's `.txt` files one group, and each subfolder's
/// another.
fn texts(dir: &Path) -> Result<Vec<GroupedArticle>, EvalError> {
    let mut out = Vec::new();
    let mut folders = vec![(dir.to_path_buf(), file_stem(dir))];
    folders.extend(subdirs(dir, "")?.into_iter().map(|d| {
        let name = file_stem(&d);
        (d, name)
    }));
    for (folder, group) in folders {
        for path in files_in(&folder, ".txt")? {
            out.push(GroupedArticle {
                name: file_stem(&path),
                group: group.clone(),
                text: read_text(&path)?,
                published: None,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::cat::parse_cat;

    #[test]
    fn a_cat_article_is_its_title_then_its_body_without_the_dateline() {
        let xml = r#"<Document doc_id="7" doc_name="x">
<token t_id="1" sentence="0">Mill</token><token t_id="2" sentence="0">closes</token>
<token t_id="3" sentence="1">May</token><token t_id="4" sentence="1">2</token>
<token t_id="5" sentence="2">The</token><token t_id="6" sentence="2">mill</token>
<token t_id="7" sentence="2">closed</token><token t_id="8" sentence="2">.</token>
<Markables><TIMEX3 m_id="1" functionInDocument="CREATION_TIME" value="2009-05-02">
<token_anchor t_id="3"/><token_anchor t_id="4"/></TIMEX3></Markables>
</Document>"#;
        let doc = parse_cat("x.xml", xml).expect("cat");
        let a = cat_article(&doc, Path::new("x.xml"), "g").expect("article");
        assert_eq!(a.text, "Mill closes\n\nThe mill closed .");
        assert_eq!(a.name, "x");
        assert_eq!(wikinews_name("11778-Apples_iTunes.txt"), "Apples_iTunes");
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2009, 5, 2));
    }

    #[test]
    fn formats_have_names_and_unknown_ones_are_refused() {
        for f in GroupFormat::ALL {
            assert_eq!(f.as_str().parse::<GroupFormat>().ok(), Some(f));
        }
        assert!("cat".parse::<GroupFormat>().is_err());
    }
}
