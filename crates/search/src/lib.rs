//! The full-text index of a store: documents and sentences, searched by
//! stem and without accents, filtered by entity, date and language.
//!
//! The index lives beside the store's database, in `<store>/index/`
//! ([`INDEX_DIR`]), as two tantivy indexes: `documents/` (one record per
//! document: title and cleaned text) and `sentences/` (one record per
//! sentence, with its byte span in the cleaned text). French and English
//! text are lower-cased, folded (accents removed) and stemmed with the
//! Snowball stemmer of their language; other languages are lower-cased and
//! folded only. Each record fills the fields of its own language, and a
//! query is analysed for every language's fields, so "negociation" finds
//! "négociations" in French and "negotiation" still finds English text.
//!
//! Adding is incremental and idempotent: ids are content hashes, and a
//! document already in the index is skipped ([`SearchIndex::add`]). The
//! index can always be rebuilt from the store, which stays the source of
//! truth.
//!
//! Architecture invariant: the index is derived data. It reads analysed
//! [`Document`]s and never changes them; it knows no store and no file
//! format, and deleting `<store>/index/` loses nothing that a rebuild does
//! not bring back.

mod analysis;
mod by_entity;
mod count;

use std::collections::HashSet;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use filrouge_model::{Document, DocumentId, Span};
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TantivyDocument, TextFieldIndexing,
    TextOptions, Value, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

pub use analysis::first_day;
use analysis::Analysis;

/// The index folder inside a store directory.
pub const INDEX_DIR: &str = "index";

/// The layout this build writes, kept in `<index>/FORMAT`. A different one
/// is refused ([`SearchError::Format`]) until the index is rebuilt.
pub const INDEX_FORMAT: &str = "filrouge.search/1";

/// Memory for one index writer (tantivy's minimum is 15 MB per thread).
const WRITER_MEMORY: usize = 32_000_000;

/// Characters of text around the matched words in a snippet.
const SNIPPET_CHARS: usize = 180;

/// A snippet window wider than any sentence, so a sentence hit is
/// highlighted whole.
const WHOLE_SENTENCE: usize = 1_000_000;

/// A search-index error, naming the index folder.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// A file or folder could not be read or written.
    #[error("search index {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// tantivy failed (a corrupt or locked index).
    #[error("search index {path}: {source}")]
    Index {
        /// The index folder.
        path: PathBuf,
        /// Why.
        source: tantivy::TantivyError,
    },
    /// The disk holding the index is full.
    #[error("search index {0}: no space left on the device; free some and run the ingest again (the store keeps every batch it committed, and the next ingest indexes what the index lacks)")]
    DiskFull(PathBuf),
    /// Another process is writing to the index (an ingest, a rebuild).
    #[error(
        "search index {0} is being written by another filrouge process; try again when it ends"
    )]
    Busy(PathBuf),
    /// The index was written in another layout.
    #[error("search index {path} has format `{found}`, this filrouge writes `{INDEX_FORMAT}`; rebuild it (`filrouge search --reindex`)")]
    Format {
        /// The index folder.
        path: PathBuf,
        /// The format found.
        found: String,
    },
}

/// What [`SearchIndex::add`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct AddOutcome {
    /// Documents newly indexed.
    pub added: usize,
    /// Documents already indexed (or twice in the batch), skipped.
    pub skipped: usize,
    /// Sentences newly indexed.
    pub sentences: usize,
}

/// A search: words to find and filters. An empty `text` matches every
/// record the filters let through.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The words, in tantivy's query syntax (`"a phrase"`, `-word`,
    /// `a OR b`); every word is required unless `OR` says otherwise.
    pub text: String,
    /// Only documents mentioning this entity: any spelling or alias the
    /// comparison key unites ("Poutine", "Putin"), or a surname alone.
    pub entity: Option<String>,
    /// Only documents dated on or after this day.
    pub from: Option<NaiveDate>,
    /// Only documents dated on or before this day.
    pub to: Option<NaiveDate>,
    /// Only documents in this language (ISO 639-1).
    pub lang: Option<String>,
    /// Only these documents (ids): a story's articles, say.
    pub documents: Option<Vec<String>>,
    /// At most this many hits (0 means 10).
    pub limit: usize,
}

/// The part of a text shown with a hit, with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// The text shown.
    pub text: String,
    /// Byte ranges of `text` that matched the query.
    pub highlighted: Vec<Span>,
}

/// A document found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentHit {
    /// Document id.
    pub id: String,
    /// Where it was read (`path:line 3`).
    pub origin: String,
    /// Its title, when known.
    pub title: Option<String>,
    /// Its language, when detected.
    pub lang: Option<String>,
    /// Its document date (TimeML value), when known.
    pub date: Option<String>,
    /// Relevance (BM25).
    pub score: f32,
    /// The best passage of its cleaned text.
    pub snippet: Snippet,
}

/// A sentence found.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SentenceHit {
    /// Id of its document.
    pub document: String,
    /// Where its document was read.
    pub origin: String,
    /// Its byte span in the document's cleaned text.
    pub span: Span,
    /// Its text.
    pub text: String,
    /// Byte ranges of `text` that matched the query.
    pub highlighted: Vec<Span>,
    /// Its language (its paragraph's, else its document's).
    pub lang: Option<String>,
    /// Its document's date (TimeML value), when known.
    pub date: Option<String>,
    /// Relevance (BM25).
    pub score: f32,
}

/// Fields both record kinds have.
#[derive(Debug, Clone, Copy)]
struct Common {
    /// Document id (exact).
    id: Field,
    /// Origin, stored only.
    origin: Field,
    /// The text as written, stored only (snippets are cut from it).
    body: Field,
    /// Language code, or `und` (exact).
    lang: Field,
    /// First known day as `yyyymmdd` (range filters).
    day: Field,
    /// The document date value, stored only.
    date: Field,
    /// Entity names and keys (exact, several values).
    entity: Field,
    /// The text analysed per language, indexed only.
    text: [Field; 3],
}

/// The document index's fields.
#[derive(Debug, Clone, Copy)]
struct DocFields {
    common: Common,
    /// Title as written, stored only.
    title: Field,
    /// Title analysed per language.
    title_text: [Field; 3],
}

/// The sentence index's fields.
#[derive(Debug, Clone, Copy)]
struct SentenceFields {
    common: Common,
    /// Span start in the cleaned text.
    start: Field,
    /// Span end in the cleaned text.
    end: Field,
}

fn analysed(a: Analysis) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(a.tokenizer())
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

fn common_fields(b: &mut tantivy::schema::SchemaBuilder, prefix: &str) -> Common {
    let day = NumericOptions::default()
        .set_indexed()
        .set_fast()
        .set_stored();
    Common {
        id: b.add_text_field("id", STRING | STORED),
        origin: b.add_text_field("origin", STORED),
        body: b.add_text_field("body", STORED),
        lang: b.add_text_field("lang", STRING | STORED),
        day: b.add_i64_field("day", day),
        date: b.add_text_field("date", STORED),
        entity: b.add_text_field("entity", STRING),
        text: Analysis::ALL
            .map(|a| b.add_text_field(&format!("{prefix}_{}", a.suffix()), analysed(a))),
    }
}

fn doc_schema() -> (Schema, DocFields) {
    let mut b = Schema::builder();
    let common = common_fields(&mut b, "text");
    let title = b.add_text_field("title", STORED);
    let title_text =
        Analysis::ALL.map(|a| b.add_text_field(&format!("title_{}", a.suffix()), analysed(a)));
    (
        b.build(),
        DocFields {
            common,
            title,
            title_text,
        },
    )
}

fn sentence_schema() -> (Schema, SentenceFields) {
    let mut b = Schema::builder();
    let common = common_fields(&mut b, "text");
    let start = b.add_u64_field("start", STORED);
    let end = b.add_u64_field("end", STORED);
    (b.build(), SentenceFields { common, start, end })
}

/// One tantivy index with its reader and, once something is added, its
/// writer (taken lazily: searching never locks the index).
struct Part {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter>,
}

impl Part {
    fn open(path: PathBuf, schema: Schema) -> Result<Part, SearchError> {
        std::fs::create_dir_all(&path).map_err(|source| SearchError::Io {
            path: path.clone(),
            source,
        })?;
        let err = |source| index_error(&path, source);
        let dir = MmapDirectory::open(&path).map_err(|e| err(e.into()))?;
        let index = Index::open_or_create(dir, schema).map_err(err)?;
        analysis::register(index.tokenizers());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err)?;
        Ok(Part {
            path,
            index,
            reader,
            writer: None,
        })
    }

    fn writer(&mut self) -> Result<&mut IndexWriter, SearchError> {
        if self.writer.is_none() {
            // One indexing thread: ingest runs the analysis stages on every
            // core already, and they are far slower than indexing.
            let w = self
                .index
                .writer_with_num_threads(1, WRITER_MEMORY)
                .map_err(|e| index_error(&self.path, e))?;
            self.writer = Some(w);
        }
        self.writer
            .as_mut()
            .ok_or_else(|| SearchError::Busy(self.path.clone()))
    }

    fn commit(&mut self) -> Result<(), SearchError> {
        if let Some(w) = self.writer.as_mut() {
            w.commit().map_err(|e| index_error(&self.path, e))?;
            self.reader
                .reload()
                .map_err(|e| index_error(&self.path, e))?;
        }
        Ok(())
    }
}

fn index_error(path: &Path, source: tantivy::TantivyError) -> SearchError {
    match source {
        tantivy::TantivyError::LockFailure(..) => SearchError::Busy(path.to_path_buf()),
        source if disk_full(path, &source) => SearchError::DiskFull(path.to_path_buf()),
        source => SearchError::Index {
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Whether `error` comes from a full disk. tantivy's writer thread dies
/// of it and reports only that it was killed, so the folder's free space
/// is asked too.
fn disk_full(path: &Path, error: &tantivy::TantivyError) -> bool {
    /// Less than this is no room for a segment.
    const ALMOST_NOTHING: u64 = 1 << 20;
    if let tantivy::TantivyError::IoError(io) = error {
        if io.kind() == std::io::ErrorKind::StorageFull {
            return true;
        }
    }
    fs4::available_space(path).is_ok_and(|free| free < ALMOST_NOTHING)
}

/// The full-text index of one store.
pub struct SearchIndex {
    dir: PathBuf,
    docs: Part,
    sentences: Part,
    doc_fields: DocFields,
    sentence_fields: SentenceFields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

impl SearchIndex {
    /// The index folder of a store directory.
    pub fn dir_of(store_dir: &Path) -> PathBuf {
        store_dir.join(INDEX_DIR)
    }

    /// Opens the index in folder `dir`, creating an empty one when there is
    /// none.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SearchError::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let marker = dir.join("FORMAT");
        match std::fs::read_to_string(&marker) {
            Ok(found) if found.trim() == INDEX_FORMAT => {}
            Ok(found) => {
                return Err(SearchError::Format {
                    path: dir.to_path_buf(),
                    found: found.trim().to_string(),
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::write(&marker, format!("{INDEX_FORMAT}\n")).map_err(io(&marker))?;
            }
            Err(e) => return Err(io(&marker)(e)),
        }
        let (schema, doc_fields) = doc_schema();
        let docs = Part::open(dir.join("documents"), schema)?;
        let (schema, sentence_fields) = sentence_schema();
        let sentences = Part::open(dir.join("sentences"), schema)?;
        Ok(SearchIndex {
            dir: dir.to_path_buf(),
            docs,
            sentences,
            doc_fields,
            sentence_fields,
        })
    }

    /// Takes the index's write lock now rather than at the first addition,
    /// so that a second writer (another ingest) fails before it has stored
    /// anything, not after its first batch.
    pub fn lock_for_writing(&mut self) -> Result<(), SearchError> {
        self.docs.writer()?;
        self.sentences.writer()?;
        Ok(())
    }

    /// Deletes the index in folder `dir` (whatever its format) and opens a
    /// new, empty one, for a rebuild.
    pub fn recreate(dir: &Path) -> Result<SearchIndex, SearchError> {
        // Hold the writers of an index in our format while deleting it, so
        // a rebuild never deletes files under a running ingest.
        let mut old = SearchIndex::open(dir).ok();
        if let Some(old) = old.as_mut() {
            old.lock_for_writing()?;
        }
        let removed = std::fs::remove_dir_all(dir);
        drop(old);
        match removed {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(SearchError::Io {
                    path: dir.to_path_buf(),
                    source,
                })
            }
        }
        SearchIndex::open(dir)
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of documents indexed.
    pub fn len(&self) -> usize {
        self.docs.reader.searcher().num_docs() as usize
    }

    /// `true` when no document is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of sentences indexed.
    pub fn sentence_count(&self) -> usize {
        self.sentences.reader.searcher().num_docs() as usize
    }

    /// `true` when the document with this id is indexed.
    pub fn contains(&self, id: &DocumentId) -> Result<bool, SearchError> {
        let term = Term::from_field_text(self.doc_fields.common.id, &id.0);
        let n = self
            .docs
            .reader
            .searcher()
            .doc_freq(&term)
            .map_err(|e| index_error(&self.docs.path, e))?;
        Ok(n > 0)
    }

    /// Indexes the documents not indexed yet, with their sentences, and
    /// commits. A document is searchable once this returns.
    pub fn add(&mut self, docs: &[Document]) -> Result<AddOutcome, SearchError> {
        let mut outcome = AddOutcome::default();
        let mut seen = HashSet::new();
        let df = self.doc_fields;
        let sf = self.sentence_fields;
        for doc in docs {
            if !seen.insert(doc.id.0.as_str()) || self.contains(&doc.id)? {
                outcome.skipped += 1;
                continue;
            }
            let day = analysis::document_day(doc).map(analysis::day_number);
            let date = doc.document_date.as_ref().map(|d| d.value.as_str());
            let entities = analysis::entity_terms(doc);
            let lang = doc.metadata.lang.as_deref();
            // Entity terms go on the document record only (see by_entity).
            let fill =
                |c: &Common, record: &mut TantivyDocument, lang: Option<&str>, whole: bool| {
                    record.add_text(c.id, &doc.id.0);
                    record.add_text(c.origin, doc.source.origin());
                    record.add_text(c.lang, lang.unwrap_or("und"));
                    if let Some(day) = day {
                        record.add_i64(c.day, day);
                    }
                    if let Some(date) = date {
                        record.add_text(c.date, date);
                    }
                    if whole {
                        for e in &entities {
                            record.add_text(c.entity, e);
                        }
                    }
                };

            // Sentences first: a document's record is what marks it as
            // indexed, so it must never be committed without them. Sentences
            // left by an add that failed before its document was committed
            // are deleted, not doubled.
            let sentence_path = self.sentences.path.clone();
            let writer = self.sentences.writer()?;
            writer.delete_term(Term::from_field_text(sf.common.id, &doc.id.0));
            for (span, sentence_lang) in analysis::sentences(doc) {
                let text = doc.slice(span);
                if text.trim().is_empty() {
                    continue;
                }
                let mut record = TantivyDocument::new();
                fill(&sf.common, &mut record, sentence_lang, false);
                record.add_text(sf.common.body, text);
                record.add_text(sf.common.text[Analysis::of(sentence_lang).index()], text);
                record.add_u64(sf.start, span.start as u64);
                record.add_u64(sf.end, span.end as u64);
                writer
                    .add_document(record)
                    .map_err(|e| index_error(&sentence_path, e))?;
                outcome.sentences += 1;
            }

            let a = Analysis::of(lang).index();
            let mut record = TantivyDocument::new();
            fill(&df.common, &mut record, lang, true);
            record.add_text(df.common.body, &doc.text);
            record.add_text(df.common.text[a], &doc.text);
            if let Some(title) = &doc.metadata.title {
                record.add_text(df.title, title);
                record.add_text(df.title_text[a], title);
            }
            self.docs
                .writer()?
                .add_document(record)
                .map_err(|e| index_error(&self.docs.path, e))?;
            outcome.added += 1;
        }
        if outcome.added > 0 {
            self.sentences.commit()?;
            self.docs.commit()?;
        }
        Ok(outcome)
    }

    /// Documents matching `q`, best first.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<DocumentHit>, SearchError> {
        let f = &self.doc_fields;
        let mut text_fields = f.common.text.to_vec();
        text_fields.extend(f.title_text);
        let query = self.query(&self.docs, &f.common, &text_fields, q, |p| {
            // A word in the title says more than one in the text.
            for t in f.title_text {
                p.set_field_boost(t, 2.0);
            }
        });
        let searcher = self.docs.reader.searcher();
        let err = |e| index_error(&self.docs.path, e);
        let top = searcher
            .search(&query, &TopDocs::with_limit(limit(q)).order_by_score())
            .map_err(err)?;
        let generators = self.generators(&searcher, &*query, f.common.text, &self.docs)?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let record: TantivyDocument = searcher.doc(address).map_err(err)?;
            let lang = stored_str(&record, f.common.lang).filter(|l| *l != "und");
            let body = stored_str(&record, f.common.body).unwrap_or("");
            let generator = &generators[Analysis::of(lang).index()];
            let mut snippet = snippet_of(generator, body);
            if snippet.highlighted.is_empty() {
                // The words matched the title only: show the opening.
                snippet = Snippet {
                    text: opening(body, SNIPPET_CHARS).to_string(),
                    highlighted: Vec::new(),
                };
            }
            hits.push(DocumentHit {
                id: stored_str(&record, f.common.id).unwrap_or("").to_string(),
                origin: stored_str(&record, f.common.origin)
                    .unwrap_or("")
                    .to_string(),
                title: stored_str(&record, f.title).map(str::to_string),
                lang: lang.map(str::to_string),
                date: stored_str(&record, f.common.date).map(str::to_string),
                score,
                snippet,
            });
        }
        Ok(hits)
    }

    /// Sentences matching `q`, best first. The filters apply to the
    /// sentence's document (its entities, date and language), except the
    /// language, which is the sentence's own.
    pub fn search_sentences(&self, q: &SearchQuery) -> Result<Vec<SentenceHit>, SearchError> {
        let f = &self.sentence_fields;
        let q = &self.entity_as_documents(q)?;
        let query = self.query(&self.sentences, &f.common, &f.common.text, q, |_| {});
        let searcher = self.sentences.reader.searcher();
        let err = |e| index_error(&self.sentences.path, e);
        let top = searcher
            .search(&query, &TopDocs::with_limit(limit(q)).order_by_score())
            .map_err(err)?;
        let mut generators = self.generators(&searcher, &*query, f.common.text, &self.sentences)?;
        for g in &mut generators {
            // A sentence is shown whole, however long.
            g.set_max_num_chars(WHOLE_SENTENCE);
        }
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let record: TantivyDocument = searcher.doc(address).map_err(err)?;
            let lang = stored_str(&record, f.common.lang).filter(|l| *l != "und");
            let text = stored_str(&record, f.common.body).unwrap_or("").to_string();
            let highlighted = highlights(&generators[Analysis::of(lang).index()], &text);
            let number = |field| {
                record
                    .get_first(field)
                    .and_then(|v| v.as_u64())
                    .unwrap_or(0) as usize
            };
            hits.push(SentenceHit {
                document: stored_str(&record, f.common.id).unwrap_or("").to_string(),
                origin: stored_str(&record, f.common.origin)
                    .unwrap_or("")
                    .to_string(),
                span: Span::new(number(f.start), number(f.end)),
                text,
                highlighted,
                lang: lang.map(str::to_string),
                date: stored_str(&record, f.common.date).map(str::to_string),
                score,
            });
        }
        Ok(hits)
    }

    /// The query of `q` over `text_fields`, with its filters.
    fn query(
        &self,
        part: &Part,
        c: &Common,
        text_fields: &[Field],
        q: &SearchQuery,
        tune: impl FnOnce(&mut QueryParser),
    ) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !q.text.trim().is_empty() {
            let mut parser = QueryParser::for_index(&part.index, text_fields.to_vec());
            // Analysts narrow a search by adding words.
            parser.set_conjunction_by_default();
            tune(&mut parser);
            // Lenient: a stray quote or colon in the words is read as text,
            // never an error.
            let (text_query, _) = parser.parse_query_lenient(&q.text);
            clauses.push((Occur::Must, text_query));
        }
        let exact = |field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(name) = q.entity.as_deref().filter(|n| !n.trim().is_empty()) {
            let key = analysis::entity_query_key(name);
            let either = BooleanQuery::new(vec![
                (Occur::Should, exact(c.entity, name.trim())),
                (Occur::Should, exact(c.entity, &key)),
            ]);
            clauses.push((Occur::Must, Box::new(either)));
        }
        if q.from.is_some() || q.to.is_some() {
            let bound = |d: Option<NaiveDate>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(c.day, analysis::day_number(d))),
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(q.from), bound(q.to))),
            ));
        }
        if let Some(ids) = &q.documents {
            let terms = ids.iter().map(|id| Term::from_field_text(c.id, id));
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        if let Some(lang) = q.lang.as_deref().filter(|l| !l.trim().is_empty()) {
            clauses.push((
                Occur::Must,
                exact(c.lang, &lang.trim().to_ascii_lowercase()),
            ));
        }
        if clauses.is_empty() {
            return Box::new(AllQuery);
        }
        if q.text.trim().is_empty() {
            // Filters alone: every record they let through, equally ranked.
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// One snippet generator per analysis language.
    fn generators(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        fields: [Field; 3],
        part: &Part,
    ) -> Result<Vec<SnippetGenerator>, SearchError> {
        fields
            .iter()
            .map(|&field| {
                let mut g = SnippetGenerator::create(searcher, query, field)
                    .map_err(|e| index_error(&part.path, e))?;
                g.set_max_num_chars(SNIPPET_CHARS);
                Ok(g)
            })
            .collect()
    }
}

fn limit(q: &SearchQuery) -> usize {
    if q.limit == 0 {
        10
    } else {
        q.limit
    }
}

fn stored_str(record: &TantivyDocument, field: Field) -> Option<&str> {
    record.get_first(field).and_then(|v| v.as_str())
}

fn snippet_of(generator: &SnippetGenerator, text: &str) -> Snippet {
    let s = generator.snippet(text);
    Snippet {
        text: s.fragment().to_string(),
        highlighted: s
            .highlighted()
            .iter()
            .map(|r| Span::new(r.start, r.end))
            .collect(),
    }
}

/// The matched words of a whole text (the generator's window covers it).
fn highlights(generator: &SnippetGenerator, text: &str) -> Vec<Span> {
    let s = generator.snippet(text);
    let offset = s.fragment_range().start;
    s.highlighted()
        .iter()
        .map(|r| Span::new(r.start + offset, r.end + offset))
        .collect()
}

/// The first `max` bytes of `text`, cut at a word boundary.
fn opening(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) if space > max / 2 => &text[..space],
        _ => &text[..end],
    }
}

#[cfg(test)]
mod tests;
