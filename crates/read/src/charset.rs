//! Decoding bytes to text: BOM, declared charset, UTF-8, or a detected
//! legacy encoding (Windows-1252 and Latin-1 French pages are common).

use encoding_rs::{Encoding, UTF_8};
use filrouge_model::{Diagnostic, Severity, Stage};

/// Text decoded from bytes, with how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding used (WHATWG name, e.g. `UTF-8`, `windows-1252`).
    pub charset: &'static str,
    /// What was guessed or repaired.
    pub diagnostics: Vec<Diagnostic>,
}

fn note(severity: Severity, message: String) -> Diagnostic {
    Diagnostic {
        stage: Stage::Read,
        severity,
        message,
    }
}

/// Decodes `bytes`. `declared` is a charset named by the container (an HTTP
/// header, an HTML `<meta charset>`), trusted only when the bytes are not
/// valid UTF-8, since pages often declare a charset they do not use.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Decoded {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let mut diagnostics = Vec::new();
        if had_errors {
            diagnostics.push(note(
                Severity::Warning,
                format!("invalid {} bytes replaced by U+FFFD", encoding.name()),
            ));
        }
        return Decoded {
            text: text.into_owned(),
            charset: encoding.name(),
            diagnostics,
        };
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: text.to_string(),
            charset: UTF_8.name(),
            diagnostics: Vec::new(),
        };
    }
    if mostly_utf8(bytes) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        let bad = text.chars().filter(|&c| c == '\u{fffd}').count();
        return Decoded {
            text,
            charset: UTF_8.name(),
            diagnostics: vec![note(
                Severity::Warning,
                format!("invalid UTF-8: {bad} byte sequence(s) replaced by U+FFFD"),
            )],
        };
    }
    let declared_encoding = declared
        .and_then(|d| Encoding::for_label(d.trim().as_bytes()))
        .filter(|e| *e != UTF_8);
    let (encoding, how) = match declared_encoding {
        Some(e) => (e, "declared"),
        None => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            (detector.guess(None, true), "detected")
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let mut diagnostics = Vec::new();
    if encoding == UTF_8 {
        let bad = text.chars().filter(|&c| c == '\u{fffd}').count();
        diagnostics.push(note(
            Severity::Warning,
            format!("invalid UTF-8: {bad} byte sequence(s) replaced by U+FFFD"),
        ));
    } else {
        diagnostics.push(note(
            Severity::Info,
            format!("not UTF-8: decoded as {} ({how})", encoding.name()),
        ));
        if had_errors {
            diagnostics.push(note(
                Severity::Warning,
                format!("bytes invalid in {} replaced by U+FFFD", encoding.name()),
            ));
        }
    }
    Decoded {
        text: text.into_owned(),
        charset: encoding.name(),
        diagnostics,
    }
}

/// UTF-8 with a few broken bytes (a truncated write, a stray byte) rather
/// than a legacy encoding: valid multi-byte sequences outnumber invalid
/// bytes two to one (legacy-encoded text has almost no valid sequences).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut valid_non_ascii = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_non_ascii += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    valid_non_ascii > 0 && valid_non_ascii >= invalid * 2
}

/// The charset named in the first bytes of an HTML page (`<meta charset>` or
/// `http-equiv` content type), if any.
pub(crate) fn html_declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = lower.find("charset=")?;
    let rest = &lower[at + "charset=".len()..];
    let rest = rest.trim_start_matches(['"', '\'', ' ']);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("état".as_bytes(), None);
        assert_eq!(d.text, "état");
        assert_eq!(d.charset, "UTF-8");
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn windows_1252_is_detected_and_reported() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("Le préfet a annoncé l\u{2019}évacuation de la rivière près de l'école.");
        let d = decode(&bytes, None);
        assert!(d.text.contains("préfet"), "{}", d.text);
        assert!(d.text.contains('\u{2019}'));
        assert_eq!(d.charset, "windows-1252");
        assert!(d.diagnostics[0].message.contains("windows-1252"));
    }

    #[test]
    fn stray_bytes_in_utf8_are_replaced_and_reported() {
        let mut bytes = "Le préfet a parlé à la presse, évoquant une crise grave."
            .as_bytes()
            .to_vec();
        bytes.insert(10, 0xff);
        let d = decode(&bytes, None);
        assert_eq!(d.charset, "UTF-8");
        assert!(d.text.contains("préfet") && d.text.contains('\u{fffd}'));
        assert!(d.diagnostics[0].message.starts_with("invalid UTF-8: 1"));
    }

    #[test]
    fn declared_charset_is_found() {
        let page = b"<html><head><meta charset=\"ISO-8859-1\"></head>";
        assert_eq!(html_declared_charset(page).as_deref(), Some("iso-8859-1"));
    }
}
