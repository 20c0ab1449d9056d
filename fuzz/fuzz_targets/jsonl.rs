//! JSON Lines: `read_bytes` under a `.jsonl` name with the default fields
//! (text or HTML bodies, dates, ids). Nothing may panic; a broken line is
//! one error and reading goes on; every record read is a reader's document.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    filrouge_fuzz::read_and_check("wire.jsonl", data);
});
