//! RSS and Atom feeds: each item with a body becomes a document.

use filrouge_model::{Container, Metadata, SourceFormat};

use crate::{html, make_document, source, ReadError, ReadErrorKind, ReadResult};

/// Reads every item of a feed. A feed that does not parse is one error.
pub(crate) fn read_feed<'a>(
    label: &str,
    bytes: &[u8],
) -> Box<dyn Iterator<Item = ReadResult> + 'a> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return Box::new(std::iter::once(Err(ReadError {
                path: label.to_string(),
                location: None,
                kind: ReadErrorKind::Feed(e.to_string()),
            })))
        }
    };
    let site = feed.title.as_ref().map(|t| t.content.trim().to_string());
    let feed_lang = feed.language.clone();
    let label = label.to_string();
    let items: Vec<ReadResult> = feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let container = Some(Container::FeedItem {
                index: index as u64,
            });
            let body = entry
                .content
                .as_ref()
                .and_then(|c| c.body.clone())
                .or_else(|| entry.summary.as_ref().map(|s| s.content.clone()))
                .unwrap_or_default();
            // Item bodies are HTML fragments (or plain text, which passes through).
            let text = html::visible_text(&body);
            let raw = [entry.id.as_bytes(), body.as_bytes()].concat();
            let metadata = Metadata {
                title: entry.title.as_ref().map(|t| t.content.trim().to_string()),
                published: entry.published.or(entry.updated).map(|d| d.to_rfc3339()),
                site: site.clone(),
                author: entry
                    .authors
                    .first()
                    .and_then(|p| p.name.as_deref().map(|n| n.trim().to_string()))
                    .filter(|n| !n.is_empty()),
                declared_lang: entry.language.clone().or_else(|| feed_lang.clone()),
                url: entry.links.first().map(|l| l.href.clone()),
                ..Metadata::default()
            };
            make_document(
                &raw,
                source(&label, container, SourceFormat::Feed, "UTF-8", raw.len()),
                metadata,
                text,
                Vec::new(),
            )
        })
        .collect();
    Box::new(items.into_iter())
}

#[cfg(test)]
mod tests {
    use crate::{read_bytes, ReadOptions};

    #[test]
    fn rss_items_become_documents() {
        let rss = br#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Le Courrier du Val</title>
<item><title>Digue : les travaux commencent</title><link>http://example.org/a</link>
<pubDate>Tue, 14 Oct 2025 09:30:00 +0200</pubDate>
<description>&lt;p&gt;Les travaux de renforcement ont commenc&#233; lundi.&lt;/p&gt;</description></item>
<item><title>Vide</title><link>http://example.org/b</link></item>
</channel></rss>"#;
        let opts = ReadOptions::default();
        let items: Vec<_> = read_bytes("news.rss", rss.to_vec(), &opts).collect();
        assert_eq!(items.len(), 2);
        let doc = items[0].as_ref().expect("first item");
        assert!(doc.original.contains("commencé"), "{}", doc.original);
        assert_eq!(doc.metadata.site.as_deref(), Some("Le Courrier du Val"));
        assert!(doc
            .metadata
            .published
            .as_deref()
            .is_some_and(|d| d.starts_with("2025-10-14T07:30")));
        assert!(
            items[1].is_err(),
            "an item with no body is reported as empty"
        );
    }
}
