//! Who published a document, as a reader names it: its publisher (the
//! site, else the host of its URL), the agency it credits ("Source :
//! agence TASS", a dateline "(Reuters) -"), its publication date; and the
//! outlets that are only the document's source, never a participant of
//! the events it reports.
//!
//! Agency names come from the lexicon's data (`crates/lexicon/data/common/
//! agencies.txt`), never from code.

use filrouge_lexicon::{fold, Lexicon};
use filrouge_model::{DatePrecision, Document};

/// Longest text between parentheses read as a dateline credit ("(AFP)",
/// "(Agence France-Presse)").
const DATELINE_MAX: usize = 48;
/// A dateline opens the body: only the text's first bytes are read for
/// one (a long article is not scanned for each of its events).
const DATELINE_WITHIN: usize = 1000;

/// The publisher of `d`: its declared site, else the host of its URL
/// without `www.`.
pub(crate) fn publisher(d: &Document) -> Option<String> {
    let site = d
        .metadata
        .site
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    match site {
        Some(s) => Some(s.to_string()),
        None => d.metadata.url.as_deref().and_then(host),
    }
}

/// The host of an `http(s)` URL, without `www.` ("lemonde.fr").
pub(crate) fn host(address: &str) -> Option<String> {
    let parsed = url::Url::parse(address.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    // Shown to people: an internationalised name as written, not punycode.
    let host = url::quirks::domain_to_unicode(parsed.host_str()?);
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_lowercase())
}

/// The agency `d` credits: its first credit line, else a known agency in
/// a dateline's parentheses ("PARIS, 3 juillet (AFP) -").
pub(crate) fn credit(d: &Document) -> Option<String> {
    d.metadata
        .credits
        .first()
        .map(|c| c.agency.clone())
        .or_else(|| dateline_agencies(&d.text).into_iter().next())
}

/// Known agencies written alone between parentheses at the start of
/// `text` ("(AFP)", "(Reuters)"): the form of a dateline credit, in order,
/// once each.
fn dateline_agencies(text: &str) -> Vec<String> {
    let lexicon = Lexicon::bundled();
    let mut found: Vec<String> = Vec::new();
    let mut end = text.len().min(DATELINE_WITHIN);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut rest = &text[..end];
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(')') else { break };
        let inside = &after[..close];
        if inside.len() <= DATELINE_MAX {
            if let Some(agency) = lexicon.agency(inside.trim()) {
                if !found.contains(&agency.name) {
                    found.push(agency.name.clone());
                }
            }
        }
        rest = &after[close..];
    }
    found
}

/// The document's date when its year is known: the value and its
/// precision (`2025-10-14`, day).
pub(crate) fn published(d: &Document) -> Option<(String, DatePrecision)> {
    let date = d.document_date.as_ref()?;
    let known = !date.value.contains('X') && date.precision != DatePrecision::Unknown;
    known.then(|| (date.value.clone(), date.precision))
}

/// The names, folded, under which `d`'s own outlets may appear in its
/// text: its site, the host of its URL, every agency it credits (by credit
/// line or dateline) with all of the agency's aliases.
pub(crate) fn own_outlets(d: &Document) -> Vec<String> {
    let lexicon = Lexicon::bundled();
    let mut names: Vec<String> = Vec::new();
    if let Some(site) = &d.metadata.site {
        names.push(site.clone());
    }
    if let Some(h) = d.metadata.url.as_deref().and_then(host) {
        names.push(h);
    }
    let credited = d.metadata.credits.iter().map(|c| c.agency.clone());
    for agency in credited.chain(dateline_agencies(&d.text)) {
        match lexicon.agency(&agency) {
            Some(a) => names.extend(a.aliases.iter().cloned()),
            None => names.push(agency),
        }
    }
    let mut folded: Vec<String> = names
        .iter()
        .map(|n| fold(n.trim()))
        .filter(|n| !n.is_empty())
        .collect();
    folded.sort();
    folded.dedup();
    folded
}

/// Whether an entity written `names` (its display name and aliases) is one
/// of the outlets `own` ([`own_outlets`]).
pub(crate) fn is_outlet<'a>(own: &[String], mut names: impl Iterator<Item = &'a str>) -> bool {
    !own.is_empty() && names.any(|n| own.binary_search(&fold(n.trim())).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge_model::{Credit, DocumentId, Metadata, Source, Span};

    fn doc(text: &str, metadata: Metadata) -> Document {
        Document::new(
            DocumentId("d".into()),
            Source::text_file("/tmp/a.txt", text.len() as u64),
            metadata,
            text.into(),
        )
    }

    #[test]
    fn the_host_is_read_from_http_urls_only() {
        assert_eq!(
            host("https://www.lemonde.fr/a/b?x=1").as_deref(),
            Some("lemonde.fr")
        );
        assert_eq!(
            host("http://user@Example.org:8080/").as_deref(),
            Some("example.org")
        );
        // An internationalised name shows as written, not as punycode.
        assert_eq!(
            host("https://www.süddeutsche.de/politik").as_deref(),
            Some("süddeutsche.de")
        );
        assert_eq!(host("javascript:alert(1)"), None);
        assert_eq!(host("/tmp/a.txt"), None);
    }

    #[test]
    fn a_dateline_agency_is_the_credit_and_an_outlet() {
        let d = doc(
            "PARIS, 3 juillet (Reuters) - Le texte (voir plus bas) dit (AFP).",
            Metadata::default(),
        );
        assert_eq!(credit(&d).as_deref(), Some("Reuters"));
        let own = own_outlets(&d);
        assert!(is_outlet(&own, ["Thomson Reuters"].into_iter()));
        assert!(is_outlet(&own, ["Agence France-Presse"].into_iter()));
        assert!(!is_outlet(&own, ["Valorex"].into_iter()));
    }

    #[test]
    fn a_credit_line_and_the_site_are_outlets() {
        let metadata = Metadata {
            site: Some("Le Courrier".into()),
            url: Some("https://www.courrier.fr/x".into()),
            credits: vec![Credit {
                agency: "TASS".into(),
                as_written: "Source : agence TASS".into(),
                span: Span::new(0, 0),
            }],
            ..Metadata::default()
        };
        let d = doc("Texte.", metadata);
        assert_eq!(credit(&d).as_deref(), Some("TASS"));
        assert_eq!(publisher(&d).as_deref(), Some("Le Courrier"));
        let own = own_outlets(&d);
        assert!(is_outlet(&own, ["ITAR-TASS"].into_iter()));
        assert!(is_outlet(&own, ["le courrier"].into_iter()));
        assert!(is_outlet(&own, ["courrier.fr"].into_iter()));
    }

    #[test]
    fn without_a_site_the_publisher_is_the_host() {
        let metadata = Metadata {
            url: Some("https://www.courrier.fr/x".into()),
            ..Metadata::default()
        };
        assert_eq!(
            publisher(&doc("x", metadata)).as_deref(),
            Some("courrier.fr")
        );
        assert_eq!(publisher(&doc("x", Metadata::default())), None);
    }
}
