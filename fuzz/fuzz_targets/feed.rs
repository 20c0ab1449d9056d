//! RSS and Atom feeds: `read_bytes` under a `.rss` name (feed-rs, then each
//! item's HTML body as visible text). Nothing may panic; every item read is
//! a reader's document.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    filrouge_fuzz::read_and_check("news.rss", data);
});
