//! Cleaning on arbitrary UTF-8 through `filrouge_clean`'s public API: the
//! input is up to four documents separated by U+001E; the first byte
//! chooses their format, site and title, and whether the page furniture of
//! the batch is learned first (as the facade does). Nothing may panic;
//! every span of a cleaned document lies inside its text on character
//! boundaries and maps back inside the original; cleaning is deterministic.

#![no_main]

use filrouge_clean::{Cleaner, CollectionLines};
use filrouge_lexicon::Lexicon;
use filrouge_model::{Document, Metadata, Source, SourceFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let docs: Vec<Document> = text
        .split('\u{1e}')
        .take(4)
        .map(|t| {
            let mut source = Source::text_file("fuzz.txt", t.len() as u64);
            if flags & 1 != 0 {
                source.format = SourceFormat::Html;
            }
            let metadata = Metadata {
                site: (flags & 2 != 0).then(|| "example.invalid".to_string()),
                title: (flags & 4 != 0).then(|| t.lines().next().unwrap_or("").to_string()),
                ..Metadata::default()
            };
            let id = filrouge_read::content_id(t.as_bytes());
            Document::new(id, source, metadata, t.to_string())
        })
        .collect();
    let lexicon = Lexicon::bundled();
    let furniture = (flags & 8 != 0).then(|| {
        let mut lines = CollectionLines::new();
        for d in &docs {
            lines.observe(&d.original, d.metadata.site.as_deref());
        }
        lines.learn()
    });
    let mut cleaner = Cleaner::new(lexicon);
    if let Some(f) = &furniture {
        cleaner = cleaner.with_furniture(f);
    }
    for doc in docs {
        let once = cleaner.clean(doc.clone());
        filrouge_fuzz::check_document(&once);
        if flags & 16 != 0 {
            assert_eq!(once, cleaner.clean(doc), "cleaning is not deterministic");
        }
    }
});
