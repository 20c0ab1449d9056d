//! The Zyte article-extraction benchmark layout: `ground-truth.json` (page
//! id -> `{articleBody, url}`) and the pages, `html/<id>.html.gz`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

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
}
