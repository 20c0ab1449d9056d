//! WARC files: HTML `response` (and `resource`) records become documents.
//!
//! The `warc` crate parses records. On a broken or truncated file it would
//! keep returning errors, so reading stops at the first error, which is
//! reported once with the record index.

use std::io::{BufRead, Read};

use filrouge_model::{Container, SourceFormat};
use warc::{RawRecordHeader, WarcHeader, WarcReader};

use crate::{html, ReadError, ReadErrorKind, ReadOptions, ReadResult};

/// Streams documents from a WARC input (already decompressed).
pub(crate) struct WarcDocuments<'a> {
    label: String,
    records: warc::RawRecordIter<Box<dyn BufRead + 'a>>,
    opts: &'a ReadOptions,
    index: u64,
    done: bool,
}

impl<'a> WarcDocuments<'a> {
    pub(crate) fn new(label: String, reader: Box<dyn BufRead + 'a>, opts: &'a ReadOptions) -> Self {
        WarcDocuments {
            label,
            records: WarcReader::new(reader).iter_raw_records(),
            opts,
            index: 0,
            done: false,
        }
    }

    fn error(&self, index: u64, record_id: Option<String>, kind: ReadErrorKind) -> ReadError {
        ReadError {
            path: self.label.clone(),
            location: Some(Container::WarcRecord { index, record_id }),
            kind,
        }
    }
}

impl Iterator for WarcDocuments<'_> {
    type Item = ReadResult;

    fn next(&mut self) -> Option<ReadResult> {
        while !self.done {
            let item = self.records.next()?;
            let (header, body) = match item {
                Ok(rec) => rec,
                Err(e) => {
                    // A truncated or corrupt file: stop, never loop on errors.
                    self.done = true;
                    let kind = match &e {
                        warc::Error::ReadData(io) => ReadErrorKind::Compression(io.to_string()),
                        other => ReadErrorKind::Warc(other.to_string()),
                    };
                    return Some(Err(self.error(self.index, None, kind)));
                }
            };
            let index = self.index;
            self.index += 1;
            if let Some(result) = self.document(index, &header, body) {
                return Some(result);
            }
        }
        None
    }
}

impl WarcDocuments<'_> {
    /// The document of record `index`, or `None` when the record holds
    /// none (not a response or resource, or not HTML).
    fn document(&self, index: u64, header: &RawRecordHeader, body: Vec<u8>) -> Option<ReadResult> {
        let get = |h: WarcHeader| {
            header
                .headers
                .get(&h)
                .map(|v| String::from_utf8_lossy(v).trim().to_string())
        };
        let record_type = get(WarcHeader::WarcType)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let record_id = get(WarcHeader::RecordID);
        let target = get(WarcHeader::TargetURI);
        let content_type = get(WarcHeader::ContentType)
            .unwrap_or_default()
            .to_ascii_lowercase();
        let payload = match record_type.as_str() {
            "response" if content_type.starts_with("application/http") => {
                match http_payload(&body) {
                    Ok(p) => p,
                    Err(reason) => {
                        return Some(Err(self.error(
                            index,
                            record_id,
                            ReadErrorKind::Warc(reason),
                        )))
                    }
                }
            }
            "response" | "resource" => Payload {
                content_type: content_type.clone(),
                body,
            },
            _ => return None,
        };
        if !is_html(&payload.content_type, &payload.body) {
            return None;
        }
        Some(self.read_payload(index, record_id, target, &payload))
    }

    /// An HTML payload of record `index` read as a document (too large:
    /// an error), its URL the record's target when the page gives none.
    fn read_payload(
        &self,
        index: u64,
        record_id: Option<String>,
        target: Option<String>,
        payload: &Payload,
    ) -> ReadResult {
        let location = Some(Container::WarcRecord { index, record_id });
        if payload.body.len() as u64 > self.opts.max_bytes {
            return Err(ReadError {
                path: self.label.clone(),
                location,
                kind: ReadErrorKind::TooLarge {
                    size: payload.body.len() as u64,
                    limit: self.opts.max_bytes,
                },
            });
        }
        let charset = charset_param(&payload.content_type);
        let mut result = html::read_html_with(
            &self.label,
            &payload.body,
            target.as_deref(),
            charset.as_deref(),
            location,
            SourceFormat::Warc,
        );
        if let Ok(doc) = &mut result {
            if doc.metadata.url.is_none() {
                doc.metadata.url = target;
            }
        }
        result
    }
}

/// The body of an HTTP response and its content type.
struct Payload {
    content_type: String,
    body: Vec<u8>,
}

/// Splits an HTTP response into headers and decoded body (chunked transfer
/// and gzip/deflate content encodings undone).
fn http_payload(raw: &[u8]) -> Result<Payload, String> {
    let mut headers = [httparse::EMPTY_HEADER; 96];
    let mut response = httparse::Response::new(&mut headers);
    let status = response
        .parse(raw)
        .map_err(|e| format!("bad HTTP response: {e}"))?;
    let httparse::Status::Complete(header_len) = status else {
        return Err("truncated HTTP headers".into());
    };
    let header = |name: &str| {
        response
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| String::from_utf8_lossy(h.value).trim().to_ascii_lowercase())
    };
    let content_type = header("content-type").unwrap_or_default();
    let mut body = raw[header_len..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body).ok_or("broken chunked encoding")?;
    }
    match header("content-encoding").as_deref() {
        Some("gzip") | Some("x-gzip") => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(&body[..])
                .read_to_end(&mut out)
                .map_err(|e| format!("bad gzip content encoding: {e}"))?;
            body = out;
        }
        Some("deflate") => {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(&body[..])
                .read_to_end(&mut out)
                .map_err(|e| format!("bad deflate content encoding: {e}"))?;
            body = out;
        }
        Some("identity") | Some("") | None => {}
        Some(other) => return Err(format!("unsupported content encoding `{other}`")),
    }
    Ok(Payload { content_type, body })
}

/// Undoes HTTP chunked transfer encoding.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..).unwrap_or(&[]);
    }
}

fn is_html(content_type: &str, body: &[u8]) -> bool {
    if content_type.contains("html") {
        return true;
    }
    if content_type.is_empty() {
        let head = String::from_utf8_lossy(&body[..body.len().min(512)]).to_ascii_lowercase();
        return head.contains("<html") || head.contains("<!doctype html");
    }
    false
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read_bytes;
    use std::io::Write;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nWARC-Date: 2025-10-14T08:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn page(body: &str) -> Vec<u8> {
        let html = format!("<html><head><title>T</title></head><body><article><p>{body}</p><p>{body}</p></article></body></html>");
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        )
        .into_bytes()
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).expect("in-memory write");
        enc.finish().expect("in-memory gzip")
    }

    const TEXT: &str = "Les habitants de la vallée ont été évacués mardi matin après la montée des eaux, a indiqué la préfecture dans un communiqué publié en fin de journée.";

    #[test]
    fn html_responses_become_documents() {
        let mut warc = record("response", "http://a.example/1", &page(TEXT));
        warc.extend(record(
            "request",
            "http://a.example/1",
            b"GET / HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record("response", "http://a.example/2", &page(TEXT)));
        let opts = ReadOptions::default();
        let docs: Vec<_> = read_bytes("c.warc", warc, &opts).collect();
        assert_eq!(docs.len(), 2);
        let first = docs[0].as_ref().expect("first record reads");
        assert!(first.original.contains("évacués"));
        assert_eq!(first.metadata.url.as_deref(), Some("http://a.example/1"));
    }

    #[test]
    fn truncated_gzip_stops_with_one_error() {
        let mut data = gz(&record("response", "http://a.example/1", &page(TEXT)));
        let second = gz(&record("response", "http://a.example/2", &page(TEXT)));
        data.extend_from_slice(&second[..second.len() / 2]);
        let opts = ReadOptions::default();
        let items: Vec<_> = read_bytes("c.warc.gz", data, &opts).collect();
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(items[0].is_ok());
        let err = items[1].as_ref().expect_err("truncated record");
        assert!(err.to_string().contains("record 1"), "{err}");
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
    }
}
