//! JSON Lines: one document per line, field names configurable.

use std::io::BufRead;

use filrouge_model::{Container, Diagnostic, Metadata, Severity, SourceFormat, Stage};
use serde_json::Value;

use crate::{
    charset, checks, html, make_document, source, ReadError, ReadErrorKind, ReadOptions, ReadResult,
};

/// Which JSON fields hold what. Each entry lists accepted names, first match wins.
#[derive(Debug, Clone)]
pub struct JsonlFields {
    /// Plain-text body.
    pub text: Vec<String>,
    /// HTML body (used when no text field is present).
    pub html: Vec<String>,
    /// Title.
    pub title: Vec<String>,
    /// URL.
    pub url: Vec<String>,
    /// Publication date.
    pub date: Vec<String>,
    /// Declared language.
    pub lang: Vec<String>,
    /// The record's own identifier.
    pub id: Vec<String>,
    /// Site name.
    pub site: Vec<String>,
    /// Author.
    pub author: Vec<String>,
}

impl Default for JsonlFields {
    fn default() -> Self {
        let v = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
        JsonlFields {
            text: v(&["text", "body", "content", "articleBody"]),
            html: v(&["html", "raw_html"]),
            title: v(&["title", "headline"]),
            url: v(&["url", "link"]),
            date: v(&["date", "published", "datePublished", "publication_date"]),
            lang: v(&["lang", "language"]),
            id: v(&["id", "_id", "doc_id"]),
            site: v(&["site", "source", "sitename"]),
            author: v(&["author", "authors"]),
        }
    }
}

impl JsonlFields {
    /// Overrides one field's names from a `field=name[,name]` setting (as
    /// given to `--field`). Unknown fields are an error naming the choices.
    pub fn set(&mut self, setting: &str) -> Result<(), String> {
        let (field, names) = setting
            .split_once('=')
            .ok_or_else(|| format!("`{setting}`: expected FIELD=NAME"))?;
        let names: Vec<String> = names.split(',').map(|s| s.trim().to_string()).collect();
        let slot = match field.trim() {
            "text" => &mut self.text,
            "html" => &mut self.html,
            "title" => &mut self.title,
            "url" => &mut self.url,
            "date" => &mut self.date,
            "lang" => &mut self.lang,
            "id" => &mut self.id,
            "site" => &mut self.site,
            "author" => &mut self.author,
            other => {
                return Err(format!(
                    "unknown field `{other}` (text, html, title, url, date, lang, id, site, author)"
                ))
            }
        };
        *slot = names;
        Ok(())
    }
}

/// Streams documents from a JSON Lines input.
pub(crate) struct JsonlReader<'a> {
    label: String,
    reader: Box<dyn BufRead + 'a>,
    opts: &'a ReadOptions,
    line: u64,
    done: bool,
}

impl<'a> JsonlReader<'a> {
    pub(crate) fn new(label: String, reader: Box<dyn BufRead + 'a>, opts: &'a ReadOptions) -> Self {
        JsonlReader {
            label,
            reader,
            opts,
            line: 0,
            done: false,
        }
    }

    fn error(&self, kind: ReadErrorKind) -> ReadError {
        ReadError {
            path: self.label.clone(),
            location: Some(Container::Line {
                line: self.line,
                record_id: None,
            }),
            kind,
        }
    }
}

impl Iterator for JsonlReader<'_> {
    type Item = ReadResult;

    fn next(&mut self) -> Option<ReadResult> {
        loop {
            if self.done {
                return None;
            }
            let mut buf = Vec::new();
            let limit = self.opts.max_bytes + 1;
            let read = std::io::Read::take(&mut self.reader, limit).read_until(b'\n', &mut buf);
            self.line += 1;
            match read {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    let kind = if e.kind() == std::io::ErrorKind::InvalidInput
                        || e.kind() == std::io::ErrorKind::UnexpectedEof
                    {
                        ReadErrorKind::Compression(e.to_string())
                    } else {
                        ReadErrorKind::Io(e.to_string())
                    };
                    return Some(Err(self.error(kind)));
                }
            }
            if buf.len() as u64 >= limit && !buf.ends_with(b"\n") {
                // Skip the rest of the oversized line.
                let size = buf.len() as u64 + skip_line(&mut self.reader);
                return Some(Err(self.error(ReadErrorKind::TooLarge {
                    size,
                    limit: self.opts.max_bytes,
                })));
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.parse(&buf));
        }
    }
}

/// Consumes the rest of a line, returning how many bytes it had.
fn skip_line(reader: &mut dyn BufRead) -> u64 {
    let mut skipped = 0u64;
    loop {
        let Ok(chunk) = reader.fill_buf() else {
            return skipped;
        };
        if chunk.is_empty() {
            return skipped;
        }
        if let Some(pos) = chunk.iter().position(|&b| b == b'\n') {
            reader.consume(pos + 1);
            return skipped + pos as u64 + 1;
        }
        let n = chunk.len();
        reader.consume(n);
        skipped += n as u64;
    }
}

impl JsonlReader<'_> {
    fn parse(&self, raw: &[u8]) -> ReadResult {
        let mut decoded = charset::decode(raw, None);
        if decoded.text.contains('\0') {
            // Raw NUL bytes are not JSON; the record around them may be.
            let (text, nuls) = checks::without_nul(std::mem::take(&mut decoded.text));
            decoded.text = text;
            decoded.diagnostics.push(Diagnostic {
                stage: Stage::Read,
                severity: Severity::Warning,
                message: format!("{nuls} NUL byte(s) removed from the record"),
            });
        }
        let value: Value = serde_json::from_str(decoded.text.trim())
            .map_err(|e| self.error(ReadErrorKind::Json(e.to_string())))?;
        let Value::Object(obj) = value else {
            return Err(self.error(ReadErrorKind::Json("not a JSON object".into())));
        };
        let f = &self.opts.jsonl_fields;
        let get = |names: &[String]| -> Option<String> {
            names.iter().find_map(|n| match obj.get(n) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(Value::Array(items)) => {
                    let parts: Vec<String> = items
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                    (!parts.is_empty()).then(|| parts.join(", "))
                }
                _ => None,
            })
        };
        let container = Some(Container::Line {
            line: self.line,
            record_id: get(&f.id),
        });
        let url = get(&f.url);
        let mut metadata = Metadata {
            title: get(&f.title),
            published: get(&f.date),
            site: get(&f.site),
            author: get(&f.author),
            declared_lang: get(&f.lang),
            url: url.clone(),
            ..Metadata::default()
        };
        let mut diagnostics = decoded.diagnostics;
        let text = if let Some(text) = get(&f.text) {
            Some(text)
        } else if let Some(page) = get(&f.html) {
            let extraction = html::extract_html(&page, url.as_deref());
            // The record's own fields win over what the page says.
            let m = extraction.metadata;
            metadata.title = metadata.title.or(m.title);
            metadata.published = metadata.published.or(m.published);
            metadata.site = metadata.site.or(m.site);
            metadata.author = metadata.author.or(m.author);
            metadata.declared_lang = metadata.declared_lang.or(m.declared_lang);
            metadata.url = metadata.url.or(m.url);
            diagnostics.extend(extraction.diagnostics);
            Some(extraction.text)
        } else {
            None
        };
        if let Some(text) = text {
            let source = source(
                &self.label,
                container,
                SourceFormat::Jsonl,
                decoded.charset,
                raw.len(),
            );
            return make_document(raw, source, metadata, text, diagnostics);
        }
        let mut looked: Vec<&str> = f.text.iter().map(String::as_str).collect();
        looked.extend(f.html.iter().map(String::as_str));
        Err(self.error(ReadErrorKind::NoText(looked.join(", "))))
    }
}

#[cfg(test)]
mod tests {
    use crate::{read_bytes, ReadOptions};

    #[test]
    fn broken_line_is_one_error_and_the_rest_goes_on() {
        let input = b"{\"text\": \"Premier article.\", \"title\": \"Un\"}\n{broken\n\n{\"text\": \"Second article.\"}\n";
        let opts = ReadOptions::default();
        let items: Vec<_> = read_bytes("dump.jsonl", input.to_vec(), &opts).collect();
        assert_eq!(items.len(), 3);
        assert!(items[0].is_ok());
        let err = items[1].as_ref().expect_err("line 2 is broken");
        assert!(
            err.to_string()
                .starts_with("dump.jsonl:line 2: broken JSON"),
            "{err}"
        );
        assert_eq!(
            items[2].as_ref().map(|d| d.original.as_str()).ok(),
            Some("Second article.")
        );
    }

    #[test]
    fn fields_are_configurable() {
        let mut opts = ReadOptions::default();
        opts.jsonl_fields.set("text=corps").expect("valid setting");
        let input = b"{\"corps\": \"Texte.\"}\n".to_vec();
        let items: Vec<_> = read_bytes("x.jsonl", input, &opts).collect();
        assert!(items[0].is_ok());
        assert!(opts.jsonl_fields.set("nope=x").is_err());
    }
}
