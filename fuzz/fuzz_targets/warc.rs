//! WARC: `read_bytes` under a `.warc` name, and the same bytes gzipped
//! under a `.warc.gz` name (the gzip path, then the WARC reader). Nothing
//! may panic or loop; every record read is a reader's document.

#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    filrouge_fuzz::read_and_check("crawl.warc", data);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    if gz.write_all(data).is_ok() {
        if let Ok(compressed) = gz.finish() {
            filrouge_fuzz::read_and_check("crawl.warc.gz", &compressed);
        }
    }
});
