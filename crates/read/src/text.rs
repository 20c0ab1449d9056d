//! Plain text files: one document each; a short first line is a title candidate.

use filrouge_model::{Metadata, SourceFormat};

use crate::{charset, make_document, source, ReadResult};

/// Reads a plain-text document.
pub(crate) fn read_text(label: &str, bytes: &[u8]) -> ReadResult {
    let decoded = charset::decode(bytes, None);
    let metadata = Metadata {
        title: title_candidate(&decoded.text),
        ..Metadata::default()
    };
    make_document(
        bytes,
        source(
            label,
            None,
            SourceFormat::Text,
            decoded.charset,
            bytes.len(),
        ),
        metadata,
        decoded.text,
        decoded.diagnostics,
    )
}

/// The first non-empty line when it looks like a title: short, and not
/// ending like a sentence.
pub(crate) fn title_candidate(text: &str) -> Option<String> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let words = first.split_whitespace().count();
    let sentence_end = first.ends_with(['.', ';', ',']) && !first.ends_with("...");
    let has_more = text.trim().len() > first.len();
    (has_more && words <= 20 && first.chars().count() <= 160 && !sentence_end)
        .then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_first_line_is_a_title() {
        let t = "Crue de la Sarre : la digue tient\n\nLe niveau de l'eau a baissé.";
        assert_eq!(
            title_candidate(t).as_deref(),
            Some("Crue de la Sarre : la digue tient")
        );
    }

    #[test]
    fn sentence_first_line_is_not() {
        let t = "Le niveau de l'eau a baissé dans la nuit.\nLes pompiers restent sur place.";
        assert_eq!(title_candidate(t), None);
    }
}
