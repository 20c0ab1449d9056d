//! HTML pages: `read_bytes` under an `.html` name (charset sniffing and
//! decoding, extraction, metadata) and `extract_html` / `visible_text` on
//! the page as text. Nothing may panic; a read page is a reader's document;
//! the furniture marks never leak into the text.

#![no_main]

use libfuzzer_sys::fuzz_target;

/// The private-use marks `extract_html` puts around page furniture.
const MARKS: [char; 2] = ['\u{FDD0}', '\u{FDD1}'];

fuzz_target!(|data: &[u8]| {
    filrouge_fuzz::read_and_check("page.html", data);
    if let Ok(html) = std::str::from_utf8(data) {
        let extraction = filrouge_read::extract_html(html, Some("https://example.invalid/a/1"));
        assert!(!extraction.text.contains(MARKS), "a furniture mark leaked");
        for value in [&extraction.metadata.title, &extraction.metadata.author] {
            assert!(!value.as_deref().unwrap_or("").contains(MARKS));
        }
        let visible = filrouge_read::visible_text(html);
        assert!(!visible.contains(MARKS), "a furniture mark leaked");
    }
});
