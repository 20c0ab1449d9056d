//! Choosing a reader: by file extension, then by content.

use std::io::Read;
use std::path::Path;

/// The kind of input a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Plain text, one document.
    Text,
    /// An HTML page, one document.
    Html,
    /// JSON Lines, one document per line.
    Jsonl,
    /// A WARC file.
    Warc,
    /// An RSS or Atom feed.
    Feed,
    /// A gzip stream; what it holds is sniffed after decompression.
    Gzip,
    /// Not text.
    Binary,
}

/// Sniffs a file: reads its first bytes and looks at its name.
pub(crate) fn sniff_path(path: &Path) -> std::io::Result<InputKind> {
    let mut head = Vec::with_capacity(8192);
    std::fs::File::open(path)?
        .take(8192)
        .read_to_end(&mut head)?;
    Ok(sniff(&path.display().to_string(), &head))
}

/// The kind of input named `name` whose first bytes are `head`.
///
/// Content wins over the extension when they disagree on something certain
/// (gzip magic, a WARC header, NUL bytes); otherwise the extension decides.
pub fn sniff(name: &str, head: &[u8]) -> InputKind {
    if head.starts_with(&[0x1f, 0x8b]) {
        return InputKind::Gzip;
    }
    if head.starts_with(b"WARC/") {
        return InputKind::Warc;
    }
    let lower = name.to_ascii_lowercase();
    let utf16 = head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]);
    if !utf16 && looks_binary(head) {
        return InputKind::Binary;
    }
    let ext = lower.rsplit('.').next().unwrap_or("");
    match ext {
        "txt" | "text" | "md" => return InputKind::Text,
        "html" | "htm" | "xhtml" | "shtml" => return InputKind::Html,
        "jsonl" | "ndjson" | "json" => return InputKind::Jsonl,
        "warc" => return InputKind::Warc,
        "rss" | "atom" => return InputKind::Feed,
        _ => {}
    }
    let start = String::from_utf8_lossy(&head[..head.len().min(1024)]).to_ascii_lowercase();
    let trimmed = start.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<?xml") || trimmed.starts_with("<rss") || trimmed.starts_with("<feed") {
        if trimmed.contains("<rss") || trimmed.contains("<feed") || trimmed.contains("<rdf") {
            return InputKind::Feed;
        }
        if trimmed.contains("<html") {
            return InputKind::Html;
        }
    }
    if trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || trimmed.starts_with("<head")
    {
        return InputKind::Html;
    }
    if trimmed.starts_with('{') {
        return InputKind::Jsonl;
    }
    InputKind::Text
}

/// Binary when the head holds NUL bytes or many control characters.
fn looks_binary(head: &[u8]) -> bool {
    if head.is_empty() {
        return false;
    }
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_and_content() {
        assert_eq!(sniff("a.txt", b"Bonjour"), InputKind::Text);
        assert_eq!(sniff("a", b"<!DOCTYPE html><html>"), InputKind::Html);
        assert_eq!(sniff("a.bin", b"\x00\x01\x02"), InputKind::Binary);
        assert_eq!(sniff("x.warc.gz", &[0x1f, 0x8b, 8, 0]), InputKind::Gzip);
        assert_eq!(sniff("x", b"WARC/1.0\r\n"), InputKind::Warc);
        assert_eq!(
            sniff("feed.xml", b"<?xml version=\"1.0\"?><rss>"),
            InputKind::Feed
        );
        assert_eq!(sniff("dump", b"{\"text\": \"x\"}\n"), InputKind::Jsonl);
        assert_eq!(
            sniff("image.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
            InputKind::Binary
        );
    }
}
