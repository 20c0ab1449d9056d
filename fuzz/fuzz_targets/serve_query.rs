//! The API's request parsing: a raw query string read for every route by
//! `filrouge_serve::query::parse_query` (axum's extractor into the route's
//! parameters, then the checks the routes make), and the same string as a
//! document id and an event key in a path. Nothing may panic; a refusal
//! has a message; what is accepted stays within the API's caps.

#![no_main]

use filrouge_serve::query::{
    document_id, event_key, parse_query, Params, Route, MAX_LIMIT, MAX_OFFSET, MAX_PARAM,
    MAX_SEARCH_DEPTH, MAX_SENTENCES,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    for route in Route::ALL {
        match parse_query(route, raw) {
            Err(e) => assert!(!e.message.is_empty(), "{route:?} {raw:?}: empty refusal"),
            Ok(Params::Documents(page)) => {
                assert!(page.limit <= MAX_LIMIT && page.offset <= MAX_OFFSET)
            }
            Ok(Params::Entities(e)) => {
                assert!(e.page.limit <= MAX_LIMIT && e.page.offset <= MAX_OFFSET);
                assert!(e.wanted.as_ref().is_none_or(|w| !w.is_empty()));
            }
            Ok(Params::Search(s)) => {
                assert!((1..=MAX_LIMIT).contains(&s.page.limit));
                assert_eq!(s.query.limit, s.page.offset + s.page.limit);
                assert!(s.query.limit <= MAX_SEARCH_DEPTH);
                assert!(s.query.text.len() <= MAX_PARAM);
            }
            Ok(Params::Timeline(t)) => {
                assert!(t.options.sentences <= MAX_SENTENCES);
                assert!(t.page.is_none_or(|p| (1..=MAX_LIMIT).contains(&p.limit)));
                for text in [&t.options.lang, &t.options.entity, &t.options.query] {
                    assert!(text.as_ref().is_none_or(|v| v.len() <= MAX_PARAM));
                }
            }
            Ok(Params::Event(e)) => assert!(e.sentences <= MAX_SENTENCES),
        }
    }
    if let Ok(id) = document_id(raw) {
        assert!(id.len() >= 4 && id.bytes().all(|b| b.is_ascii_hexdigit()));
    }
    if let Ok(key) = event_key(raw) {
        assert_eq!(key, raw);
    }
});
