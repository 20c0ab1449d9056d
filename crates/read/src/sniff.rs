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
    let ext = lower.rsplit('.').next().unwrap_or("");
    let by_extension = match ext {
        "txt" | "text" | "md" => Some(InputKind::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(InputKind::Html),
        "jsonl" | "ndjson" | "json" => Some(InputKind::Jsonl),
        "warc" => Some(InputKind::Warc),
        "rss" | "atom" => Some(InputKind::Feed),
        _ => None,
    };
    if !utf16 && looks_binary(head, by_extension.is_some()) {
        return InputKind::Binary;
    }
    if let Some(kind) = by_extension {
        return kind;
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

/// Binary when control characters (NUL bytes among them) are more than a
/// stray: 1 byte in 100 NUL or 1 in 20 controls, or, for a file whose name
/// says it is text, 3 in 10. One broken record must not lose a whole file:
/// a few NUL bytes in a text file are removed where the text is read, and
/// said so.
fn looks_binary(head: &[u8], named_as_text: bool) -> bool {
    if head.is_empty() {
        return false;
    }
    let nuls = head.iter().filter(|&&b| b == 0).count();
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if named_as_text {
        return controls * 10 > head.len() * 3;
    }
    nuls * 100 > head.len() || controls * 20 > head.len()
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

    #[test]
    fn one_nul_byte_does_not_make_a_text_file_binary() {
        let mut head = b"{\"text\": \"un article\"}\n".repeat(100);
        head[40] = 0;
        assert_eq!(sniff("dump.jsonl", &head), InputKind::Jsonl);
        assert_eq!(sniff("dump", &head), InputKind::Jsonl);
        assert_eq!(sniff("dump.jsonl", &[0u8; 512]), InputKind::Binary);
    }
}
