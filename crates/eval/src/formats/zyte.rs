//! The Zyte article-extraction benchmark layout: `ground-truth.json` (page
//! id -> `{articleBody, url}`) and the pages, `html/<id>.html.gz`; and the
//! publication date a page declares in its metadata ([`published_date`]).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use std::sync::LazyLock;

use chrono::Datelike;
use regex::Regex;
use serde::Deserialize;

use super::files::read_text;
use crate::score::EvalError;

/// One page's ground truth.
#[derive(Debug, Clone, Deserialize)]
pub struct GroundTruth {
    /// The gold article body (none: an empty body).
    #[serde(rename = "articleBody")]
    pub article_body: Option<String>,
    /// The page's address, if known.
    pub url: Option<String>,
}

/// The ground truth of every page of the benchmark in `dir`, by page id.
pub fn read_ground_truth(dir: &Path) -> Result<BTreeMap<String, GroundTruth>, EvalError> {
    let path = dir.join("ground-truth.json");
    let text = read_text(&path)?;
    serde_json::from_str(&text).map_err(|e| EvalError::Invalid {
        line: Some(e.line()),
        message: format!("not the benchmark's ground-truth format: {e}"),
        path,
    })
}

/// The raw bytes of page `id` of the benchmark in `dir`
/// (`html/<id>.html.gz`, decompressed), and the page's path.
pub fn read_page(dir: &Path, id: &str) -> Result<(PathBuf, Vec<u8>), EvalError> {
    let path = dir.join("html").join(format!("{id}.html.gz"));
    let mut raw = Vec::new();
    let read = std::fs::File::open(&path)
        .and_then(|f| flate2::read::GzDecoder::new(f).read_to_end(&mut raw));
    match read {
        Ok(_) => Ok((path, raw)),
        Err(source) => Err(EvalError::Io { path, source }),
    }
}

/// The keys a page names its publication date with, in meta elements
/// (`property`, `name` or `itemprop`, compared in lower case) or as a
/// JSON-LD field, the most telling first. Modification dates
/// (`dateModified`, `article:modified_time`, `og:updated_time`) are not
/// publication dates and are not read.
pub const PUBLISHED_KEYS: [&str; 20] = [
    "datepublished",
    "article:published_time",
    "article:published",
    "og:pubdate",
    "pubdate",
    "publishdate",
    "publish-date",
    "pub_date",
    "date_published",
    "datefirstpublished",
    "published",
    "published_at",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.date",
    "dc.date",
    "datecreated",
    "date",
];

/// Dates before this year are placeholders (`0001-01-01`), not
/// publication dates of web pages (htmldate's earliest date is 1995 too).
pub const FIRST_WEB_YEAR: i32 = 1995;

/// A meta element.
static META: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?is)<meta\b[^>]*>").ok());
/// An attribute of an element: name, then a double- or single-quoted value.
static ATTRIBUTE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?s)([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).ok());
/// A JSON field whose value starts with an ISO date.
static JSON_DATE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#""(\w+)"\s*:\s*"(\d{4}-\d{2}-\d{2})"#).ok());

/// The publication date a page declares in its metadata, `YYYY-MM-DD`: the
/// ISO date (time and zone dropped, the day as written) of the most
/// telling of [`PUBLISHED_KEYS`] found in a meta element's `content` or a
/// JSON-LD field, from [`FIRST_WEB_YEAR`] on. `None` when the page
/// declares none; dates in the page's visible text and address are not
/// read.
pub fn published_date(html: &str) -> Option<String> {
    let (Some(meta), Some(attribute), Some(json)) = (&*META, &*ATTRIBUTE, &*JSON_DATE) else {
        return None;
    };
    let mut found: Vec<(String, String)> = Vec::new();
    for tag in meta.find_iter(html) {
        let mut key = None;
        let mut content = None;
        for a in attribute.captures_iter(tag.as_str()) {
            let value = a.get(2).or_else(|| a.get(3)).map_or("", |m| m.as_str());
            match a[1].to_ascii_lowercase().as_str() {
                "property" | "name" | "itemprop" => key = Some(value.to_ascii_lowercase()),
                "content" => content = Some(value.to_string()),
                _ => {}
            }
        }
        if let (Some(key), Some(content)) = (key, content) {
            found.push((key, content));
        }
    }
    for c in json.captures_iter(html) {
        found.push((c[1].to_ascii_lowercase(), c[2].to_string()));
    }
    found
        .into_iter()
        .filter_map(|(key, value)| {
            let rank = PUBLISHED_KEYS.iter().position(|k| *k == key)?;
            let day = value.trim().get(..10)?;
            let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
            (date.year() >= FIRST_WEB_YEAR).then(|| (rank, day.to_string()))
        })
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, day)| day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn ground_truth_and_pages_are_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("ground-truth.json"),
            r#"{"p1": {"articleBody": "Body.", "url": "http://x"}, "p2": {}}"#,
        )
        .expect("write");
        let gold = read_ground_truth(dir.path()).expect("reads");
        assert_eq!(gold["p1"].article_body.as_deref(), Some("Body."));
        assert!(gold["p2"].url.is_none());
        std::fs::create_dir(dir.path().join("html")).expect("mkdir");
        let file = std::fs::File::create(dir.path().join("html/p1.html.gz")).expect("create");
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        gz.write_all(b"<p>Body.</p>").expect("write");
        gz.finish().expect("finish");
        let (path, raw) = read_page(dir.path(), "p1").expect("page");
        assert!(path.ends_with("html/p1.html.gz"));
        assert_eq!(raw, b"<p>Body.</p>");
        assert!(matches!(
            read_page(dir.path(), "p2"),
            Err(EvalError::Io { .. })
        ));
        std::fs::write(dir.path().join("ground-truth.json"), "[1,\n2]").expect("write");
        assert!(matches!(
            read_ground_truth(dir.path()),
            Err(EvalError::Invalid { line: Some(1), .. })
        ));
    }
    #[test]
    fn publication_dates_come_from_the_metadata_only() {
        let page = r#"<html><head>
            <meta property="article:modified_time" content="2020-02-03T10:00:00Z">
            <meta name='sailthru.date' content='2020-01-30 08:00'>
            <META ITEMPROP="datePublished" CONTENT="2020-01-31T23:30:00-05:00">
            <script type="application/ld+json">{"dateModified": "2020-02-04"}</script>
            </head><body><p>Written on 2 February 2020.</p></body></html>"#;
        assert_eq!(published_date(page).as_deref(), Some("2020-01-31"));
        let ld = r#"<script>{"dateCreated": "2018-05-06", "datePublished": "2018-05-07T01:00"}</script>"#;
        assert_eq!(published_date(ld).as_deref(), Some("2018-05-07"));
        let modified_only = r#"<meta property="og:updated_time" content="2020-02-03">"#;
        assert_eq!(published_date(modified_only), None);
        assert_eq!(
            published_date(r#"<meta name="date" content="2020-13-01">"#),
            None
        );
        let placeholder =
            r#"<meta name="pubdate" content="0001-01-01"><meta name="date" content="2016-02-01">"#;
        assert_eq!(published_date(placeholder).as_deref(), Some("2016-02-01"));
        assert_eq!(published_date("<p>2020-01-01</p>"), None);
    }
}
