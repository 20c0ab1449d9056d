//! The time tagger on arbitrary text in French or English (first byte)
//! with a fixed reference date: `tag` against a fixed document date,
//! `analyze` (the document date from the text, or from a metadata date
//! taken from the first line), and the stage on a document. Nothing may
//! panic; every expression's span lies inside the text on character
//! boundaries and is not empty.

#![no_main]

use chrono::NaiveDate;
use filrouge_model::{Document, Metadata, Source};
use filrouge_time::{PartialDate, TimeStage, TimeTagger};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let lang = if flags & 1 == 0 { "fr" } else { "en" };
    let text = String::from_utf8_lossy(rest);
    let as_of = NaiveDate::from_ymd_opt(2025, 11, 6).unwrap_or_default();
    let tagger = TimeTagger::bundled();

    let dct = PartialDate::parse("2025-10-15");
    for t in tagger.tag(&text, lang, dct) {
        filrouge_fuzz::check_span(&text, t.span, "time");
        assert!(!t.span.is_empty(), "empty time expression {t:?}");
    }

    let published = (flags & 2 != 0).then(|| text.lines().next().unwrap_or(""));
    if let Some((_, tagged)) = tagger.analyze(&text, lang, published, as_of) {
        for t in tagged {
            filrouge_fuzz::check_span(&text, t.span, "time");
        }
    }

    let metadata = Metadata {
        lang: Some(lang.to_string()),
        published: published.map(str::to_string),
        ..Metadata::default()
    };
    let source = Source::text_file("fuzz.txt", text.len() as u64);
    let id = filrouge_read::content_id(text.as_bytes());
    let doc =
        TimeStage::new(as_of).annotate(Document::new(id, source, metadata, text.into_owned()));
    filrouge_fuzz::check_document(&doc);
});
