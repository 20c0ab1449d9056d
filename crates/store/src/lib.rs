//! The embedded store: one directory, one SQLite database.
//!
//! Documents are identified by their content hash, so storing the same input
//! twice is a no-op. A batch is one transaction: a crash or `kill -9` in the
//! middle of an ingest leaves the store as it was after the last committed
//! batch, and re-running the ingest completes it without duplicates. The
//! schema carries a version (`PRAGMA user_version`) and is migrated forward
//! on open.
//!
//! Architecture invariant: this is the only crate that knows SQL. It stores
//! and loads [`Document`]s; it never decides what is in them.

use std::path::{Path, PathBuf};

use filrouge_model::{
    Annotation, Document, DocumentId, Metadata, OffsetMap, Removal, Source, Span,
};
use rusqlite::{params, Connection, OptionalExtension};

/// Name of the database file inside the store directory.
pub const DB_FILE: &str = "filrouge.sqlite";

/// Schema migrations; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: documents, their annotations and removals, per-site line counts.
    r#"
    CREATE TABLE documents (
        id          TEXT PRIMARY KEY,
        seq         INTEGER NOT NULL,
        path        TEXT NOT NULL,
        format      TEXT NOT NULL,
        title       TEXT,
        published   TEXT,
        site        TEXT,
        lang        TEXT,
        url         TEXT,
        source      TEXT NOT NULL,
        metadata    TEXT NOT NULL,
        original    TEXT NOT NULL,
        text        TEXT NOT NULL,
        offsets     TEXT NOT NULL,
        diagnostics TEXT NOT NULL
    );
    CREATE INDEX documents_seq ON documents(seq);
    CREATE TABLE annotations (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        layer  TEXT NOT NULL,
        start  INTEGER NOT NULL,
        end    INTEGER NOT NULL,
        label  TEXT NOT NULL
    );
    CREATE INDEX annotations_doc ON annotations(doc_id, layer);
    CREATE TABLE removals (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        rule   TEXT NOT NULL,
        start  INTEGER NOT NULL,
        end    INTEGER NOT NULL,
        text   TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX removals_doc ON removals(doc_id);
    CREATE TABLE site_lines (
        site TEXT NOT NULL,
        line TEXT NOT NULL,
        docs INTEGER NOT NULL,
        PRIMARY KEY (site, line)
    );
    "#,
    // 2: the document date (from metadata or inferred by the time stage),
    // as JSON; NULL when the time stage did not run.
    r#"
    ALTER TABLE documents ADD COLUMN document_date TEXT;
    "#,
    // 3: per-document signatures kept for incremental corpus stages (the
    // MinHash signature of near-duplicate detection), so that new documents
    // are compared without recomputing the old ones. `kind` names the
    // signature and its parameters (a change of parameters is a new kind,
    // not a migration); `value` is little-endian u32 values.
    r#"
    CREATE TABLE signatures (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind   TEXT NOT NULL,
        value  BLOB NOT NULL,
        PRIMARY KEY (doc_id, kind)
    );
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// Layers that are cheap to recompute and not worth their storage.
const UNSTORED_LAYERS: &[&str] = &["token"];

/// A store error, naming the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The directory could not be created.
    #[error("cannot create store directory {path}: {source}")]
    Dir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("store {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// A stored value that does not decode.
    #[error("store {path}: document {id} is corrupt: {message}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// The document.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// The database was written by a newer filrouge.
    #[error("store {path} has schema version {found}, newer than this filrouge ({supported}); upgrade filrouge")]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its version.
        found: usize,
        /// Ours.
        supported: usize,
    },
    /// An id prefix matching several documents.
    #[error("`{0}` matches several documents; give more characters")]
    Ambiguous(String),
    /// The disk holding the database is full.
    #[error("store {0}: no space left on the device; free some and run the ingest again (every batch committed before is kept)")]
    DiskFull(PathBuf),
    /// A command that reads a store was given a folder that holds none.
    #[error("no store at {0} (run `filrouge ingest PATH --store {0}` first)")]
    Missing(String),
    /// The database file exists but is empty: truncated or replaced.
    #[error("store {0}: the database file is empty (0 bytes), so it was truncated or replaced; restore it from a backup, or delete the store folder to start again (its search index still describes the lost documents)")]
    Truncated(PathBuf),
}

/// One line of `filrouge docs`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocSummary {
    /// Document id.
    pub id: String,
    /// Input path (and position in its container).
    pub origin: String,
    /// Title, if known.
    pub title: Option<String>,
    /// Detected language.
    pub lang: Option<String>,
    /// Site.
    pub site: Option<String>,
    /// Publication date as given.
    pub published: Option<String>,
    /// Size of the cleaned text in bytes.
    pub chars: usize,
    /// Number of removals.
    pub removals: usize,
}

/// What a batch insert did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Documents newly stored.
    pub stored: usize,
    /// Documents already in the store (or twice in the batch).
    pub duplicates: usize,
}

/// An open store.
pub struct Store {
    conn: Connection,
    db: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("db", &self.db).finish()
    }
}

impl Store {
    /// Opens the store in directory `dir`, creating it if needed (for
    /// commands that write: `ingest`). An existing database file of 0
    /// bytes is refused, not silently made a new store: SQLite would take
    /// it for an empty database beside an index of the lost documents.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
            path: dir.to_path_buf(),
            source,
        })?;
        let db = dir.join(DB_FILE);
        if std::fs::metadata(&db).is_ok_and(|m| m.len() == 0) {
            return Err(StoreError::Truncated(db));
        }
        let conn = Connection::open(&db).map_err(|source| store_error(&db, source))?;
        let mut store = Store { conn, db };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens the store in directory `dir`, which must exist: commands that
    /// only read a store never create one where a path was mistyped.
    pub fn open_existing(dir: &Path) -> Result<Store, StoreError> {
        if !dir.join(DB_FILE).is_file() {
            return Err(StoreError::Missing(dir.display().to_string()));
        }
        Store::open(dir)
    }

    /// Path of the database file.
    pub fn db_path(&self) -> &Path {
        &self.db
    }

    fn sql<T>(&self, r: rusqlite::Result<T>) -> Result<T, StoreError> {
        r.map_err(|source| store_error(&self.db, source))
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        let r = self.conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
        );
        self.sql(r)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let r = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
        let version = self.sql(r)? as usize;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.db.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        let sql = sqlite_error(self.db.clone());
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(version) {
            let tx = self.conn.transaction().map_err(&sql)?;
            tx.execute_batch(migration).map_err(&sql)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                .map_err(&sql)?;
            tx.commit().map_err(&sql)?;
        }
        Ok(())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        let r = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
        Ok(self.sql(r)? as usize)
    }

    /// `true` when a document with this id is stored.
    pub fn contains(&self, id: &DocumentId) -> Result<bool, StoreError> {
        let r = self
            .conn
            .query_row("SELECT 1 FROM documents WHERE id = ?1", [&id.0], |_| Ok(()))
            .optional();
        Ok(self.sql(r)?.is_some())
    }

    /// Number of stored documents.
    pub fn count(&self) -> Result<usize, StoreError> {
        let r = self
            .conn
            .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get::<_, i64>(0));
        Ok(self.sql(r)? as usize)
    }

    /// Stores a batch of documents in one transaction. Documents already
    /// stored are skipped and counted as duplicates. `site_lines` gives the
    /// lines of a document to count for its site (boilerplate learning).
    pub fn insert_batch(
        &mut self,
        docs: &[Document],
        site_lines: impl Fn(&Document) -> Vec<String>,
    ) -> Result<BatchOutcome, StoreError> {
        let sql = sqlite_error(self.db.clone());
        let abort_after = test_abort_after();
        let tx = self.conn.transaction().map_err(&sql)?;
        let mut outcome = BatchOutcome::default();
        {
            let next_seq: i64 = tx
                .query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents", [], |r| {
                    r.get(0)
                })
                .map_err(&sql)?;
            let mut writer = BatchWriter::prepare(&tx).map_err(&sql)?;
            for doc in docs {
                let seq = next_seq + outcome.stored as i64;
                if !writer.document(doc, seq).map_err(&sql)? {
                    outcome.duplicates += 1;
                    continue;
                }
                outcome.stored += 1;
                writer.annotations_and_removals(doc).map_err(&sql)?;
                if let Some(site) = &doc.metadata.site {
                    writer
                        .count_site_lines(site, site_lines(doc))
                        .map_err(&sql)?;
                }
                if let Some(limit) = abort_after {
                    abort_if_reached(limit);
                }
            }
        }
        tx.commit().map_err(sql)?;
        Ok(outcome)
    }

    /// Runs a query and collects its rows.
    fn rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let run = || {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(params, map)?;
            rows.collect::<rusqlite::Result<Vec<T>>>()
        };
        self.sql(run())
    }

    /// Stored documents in ingestion order.
    pub fn list(&self, limit: usize, offset: usize) -> Result<Vec<DocSummary>, StoreError> {
        self.rows(
            "SELECT d.id, d.source, d.title, d.lang, d.site, d.published, length(d.text),
                    (SELECT COUNT(*) FROM removals r WHERE r.doc_id = d.id)
             FROM documents d ORDER BY d.seq LIMIT ?1 OFFSET ?2",
            params![limit as i64, offset as i64],
            |r| {
                let source: String = r.get(1)?;
                let origin = serde_json::from_str::<Source>(&source)
                    .map(|s| s.origin())
                    .unwrap_or_default();
                Ok(DocSummary {
                    id: r.get(0)?,
                    origin,
                    title: r.get(2)?,
                    lang: r.get(3)?,
                    site: r.get(4)?,
                    published: r.get(5)?,
                    chars: r.get::<_, i64>(6)? as usize,
                    removals: r.get::<_, i64>(7)? as usize,
                })
            },
        )
    }

    /// Every stored id, in ingestion order.
    pub fn ids(&self) -> Result<Vec<DocumentId>, StoreError> {
        self.rows("SELECT id FROM documents ORDER BY seq", [], |r| {
            r.get(0).map(DocumentId)
        })
    }

    /// Every stored document, in ingestion order (the corpus views: the
    /// timeline, stories, the server).
    pub fn documents(&self) -> Result<Vec<Document>, StoreError> {
        let mut docs = Vec::new();
        for id in self.ids()? {
            docs.extend(self.get(&id)?);
        }
        Ok(docs)
    }

    /// Resolves a full id or a unique prefix of one.
    pub fn resolve(&self, prefix: &str) -> Result<Option<DocumentId>, StoreError> {
        let pattern = format!("{}%", prefix.replace(['%', '_'], ""));
        let mut ids = self.rows(
            "SELECT id FROM documents WHERE id LIKE ?1 LIMIT 2",
            [pattern],
            |r| r.get(0).map(DocumentId),
        )?;
        match ids.len() {
            0 => Ok(None),
            1 => Ok(ids.pop()),
            _ => Err(StoreError::Ambiguous(prefix.to_string())),
        }
    }

    /// Loads a whole document.
    pub fn get(&self, id: &DocumentId) -> Result<Option<Document>, StoreError> {
        let row = self.conn
            .query_row(
                "SELECT source, metadata, original, text, offsets, diagnostics, document_date FROM documents WHERE id = ?1",
                [&id.0],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, Option<String>>(6)?,
                    ))
                },
            )
            .optional();
        let Some((source, metadata, original, text, offsets, diagnostics, document_date)) =
            self.sql(row)?
        else {
            return Ok(None);
        };
        let corrupt = |message: String| self.corrupt(id, message);
        let source: Source =
            serde_json::from_str(&source).map_err(|e| corrupt(format!("source: {e}")))?;
        let metadata: Metadata =
            serde_json::from_str(&metadata).map_err(|e| corrupt(format!("metadata: {e}")))?;
        let offsets: OffsetMap =
            serde_json::from_str(&offsets).map_err(|e| corrupt(format!("offsets: {e}")))?;
        let diagnostics =
            serde_json::from_str(&diagnostics).map_err(|e| corrupt(format!("diagnostics: {e}")))?;
        let document_date = match document_date {
            Some(d) => {
                Some(serde_json::from_str(&d).map_err(|e| corrupt(format!("document date: {e}")))?)
            }
            None => None,
        };
        let annotations = self.annotations_of(id)?;
        let removals = self.removals_of(id)?;
        Ok(Some(Document {
            id: id.clone(),
            source,
            metadata,
            original,
            text,
            offsets,
            removals,
            annotations,
            document_date,
            diagnostics,
        }))
    }

    /// The error for a stored value of document `id` that does not decode.
    fn corrupt(&self, id: &DocumentId, message: String) -> StoreError {
        StoreError::Corrupt {
            path: self.db.clone(),
            id: id.0.clone(),
            message,
        }
    }

    /// The stored annotations of document `id`, in the order they were
    /// written.
    fn annotations_of(&self, id: &DocumentId) -> Result<Vec<Annotation>, StoreError> {
        let mut annotations = Vec::new();
        for (start, end, label) in self.rows(
            "SELECT start, end, label FROM annotations WHERE doc_id = ?1 ORDER BY rowid",
            [&id.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)),
        )? {
            let label = serde_json::from_str(&label)
                .map_err(|e| self.corrupt(id, format!("annotation: {e}")))?;
            annotations.push(Annotation::new(span(start, end), label));
        }
        Ok(annotations)
    }

    /// The stored removals of document `id`, in the order they were
    /// written.
    fn removals_of(&self, id: &DocumentId) -> Result<Vec<Removal>, StoreError> {
        let mut removals = Vec::new();
        for (rule, start, end, text, reason) in self.rows(
            "SELECT rule, start, end, text, reason FROM removals WHERE doc_id = ?1 ORDER BY rowid",
            [&id.0],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                ))
            },
        )? {
            let rule = serde_json::from_value(serde_json::Value::String(rule))
                .map_err(|e| self.corrupt(id, format!("removal rule: {e}")))?;
            removals.push(Removal {
                rule,
                span: span(start, end),
                text,
                reason,
            });
        }
        Ok(removals)
    }

    /// Stores signatures of kind `kind` for stored documents, in one
    /// transaction, replacing any earlier signature of that kind. A
    /// document that is not stored is an error (the signature would point
    /// nowhere).
    pub fn put_signatures(
        &mut self,
        kind: &str,
        items: &[(DocumentId, Vec<u32>)],
    ) -> Result<(), StoreError> {
        let sql = sqlite_error(self.db.clone());
        let tx = self.conn.transaction().map_err(&sql)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO signatures (doc_id, kind, value) VALUES (?1, ?2, ?3)",
                )
                .map_err(&sql)?;
            for (id, values) in items {
                let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
                stmt.execute(params![id.0, kind, bytes]).map_err(&sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    /// Up to `limit` stored documents without a signature of kind `kind`,
    /// in ingestion order: `(id, cleaned text)`, the work left to an
    /// incremental signer.
    pub fn unsigned(
        &self,
        kind: &str,
        limit: usize,
    ) -> Result<Vec<(DocumentId, String)>, StoreError> {
        self.rows(
            "SELECT d.id, d.text FROM documents d
             WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.doc_id = d.id AND s.kind = ?1)
             ORDER BY d.seq LIMIT ?2",
            params![kind, limit as i64],
            |r| Ok((DocumentId(r.get(0)?), r.get(1)?)),
        )
    }

    /// Every signature of kind `kind`, in ingestion order (the order an
    /// incremental index saw the documents in).
    pub fn signatures(&self, kind: &str) -> Result<Vec<(DocumentId, Vec<u32>)>, StoreError> {
        let raw: Vec<(String, Vec<u8>)> = self.rows(
            "SELECT s.doc_id, s.value FROM signatures s JOIN documents d ON d.id = s.doc_id
             WHERE s.kind = ?1 ORDER BY d.seq",
            [kind],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        raw.into_iter()
            .map(|(id, bytes)| {
                if bytes.len() % 4 != 0 {
                    return Err(StoreError::Corrupt {
                        path: self.db.clone(),
                        id,
                        message: format!("signature {kind} has {} bytes", bytes.len()),
                    });
                }
                let values = bytes
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect();
                Ok((DocumentId(id), values))
            })
            .collect()
    }

    /// Per-site line counts, for learning boilerplate: `(site, folded line, documents)`.
    pub fn site_lines(&self, min_docs: u32) -> Result<Vec<(String, String, u32)>, StoreError> {
        self.rows(
            "SELECT site, line, docs FROM site_lines WHERE docs >= ?1 ORDER BY site, line",
            [min_docs],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }
}

/// The error of a failed SQLite call on database file `db`.
fn sqlite_error(db: PathBuf) -> impl Fn(rusqlite::Error) -> StoreError {
    move |source| store_error(&db, source)
}

/// A SQLite error on database `db`; a full disk is said plainly.
fn store_error(db: &Path, source: rusqlite::Error) -> StoreError {
    if source.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
        return StoreError::DiskFull(db.to_path_buf());
    }
    StoreError::Sqlite {
        path: db.to_path_buf(),
        source,
    }
}

/// A span from stored offsets.
fn span(start: i64, end: i64) -> Span {
    Span::new(start as usize, end as usize)
}

/// The statements of one batch insert, prepared once for the batch.
struct BatchWriter<'t> {
    insert_doc: rusqlite::CachedStatement<'t>,
    insert_ann: rusqlite::CachedStatement<'t>,
    insert_rem: rusqlite::CachedStatement<'t>,
    count_line: rusqlite::CachedStatement<'t>,
}

impl<'t> BatchWriter<'t> {
    /// Prepares the statements in transaction `tx`.
    fn prepare(tx: &'t rusqlite::Transaction<'_>) -> rusqlite::Result<BatchWriter<'t>> {
        Ok(BatchWriter {
            insert_doc: tx.prepare_cached(
                "INSERT OR IGNORE INTO documents (id, seq, path, format, title, published, site, lang, url, source, metadata, original, text, offsets, diagnostics, document_date)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?,
            insert_ann: tx.prepare_cached("INSERT INTO annotations (doc_id, layer, start, end, label) VALUES (?1, ?2, ?3, ?4, ?5)")?,
            insert_rem: tx.prepare_cached("INSERT INTO removals (doc_id, rule, start, end, text, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?,
            count_line: tx.prepare_cached("INSERT INTO site_lines (site, line, docs) VALUES (?1, ?2, 1) ON CONFLICT(site, line) DO UPDATE SET docs = docs + 1")?,
        })
    }

    /// Writes the document's row with sequence number `seq`: `false` when
    /// a document with its id is already stored.
    fn document(&mut self, doc: &Document, seq: i64) -> rusqlite::Result<bool> {
        let inserted = self.insert_doc.execute(params![
            doc.id.0,
            seq,
            doc.source.path,
            doc.source.format.as_str(),
            doc.metadata.title,
            doc.metadata.published,
            doc.metadata.site,
            doc.metadata.lang,
            doc.metadata.url,
            json(serde_json::to_string(&doc.source)),
            json(serde_json::to_string(&doc.metadata)),
            doc.original,
            doc.text,
            json(serde_json::to_string(&doc.offsets)),
            json(serde_json::to_string(&doc.diagnostics)),
            doc.document_date
                .as_ref()
                .and_then(|d| serde_json::to_string(d).ok()),
        ])?;
        Ok(inserted != 0)
    }

    /// Writes the document's annotations (but the unstored layers) and
    /// removals.
    fn annotations_and_removals(&mut self, doc: &Document) -> rusqlite::Result<()> {
        for a in &doc.annotations {
            if UNSTORED_LAYERS.contains(&a.layer()) {
                continue;
            }
            self.insert_ann.execute(params![
                doc.id.0,
                a.layer(),
                a.span.start as i64,
                a.span.end as i64,
                json(serde_json::to_string(&a.label)),
            ])?;
        }
        for r in &doc.removals {
            self.insert_rem.execute(params![
                doc.id.0,
                r.rule.as_str(),
                r.span.start as i64,
                r.span.end as i64,
                r.text,
                r.reason,
            ])?;
        }
        Ok(())
    }

    /// Counts each distinct line of `lines` once more for `site`.
    fn count_site_lines(&mut self, site: &str, mut lines: Vec<String>) -> rusqlite::Result<()> {
        lines.sort();
        lines.dedup();
        for line in lines {
            self.count_line.execute(params![site, line])?;
        }
        Ok(())
    }
}

/// A value serialised as JSON (`null` should it not serialise).
fn json(v: serde_json::Result<String>) -> String {
    v.unwrap_or_else(|_| "null".into())
}

/// Test hook: `FILROUGE_TEST_ABORT_AFTER=N` aborts the process (as a
/// `kill -9` would, without unwinding or committing) once N documents have
/// been written in this process. Used by the interrupted-ingest test only.
fn test_abort_after() -> Option<usize> {
    std::env::var("FILROUGE_TEST_ABORT_AFTER")
        .ok()?
        .parse()
        .ok()
}

fn abort_if_reached(limit: usize) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static WRITTEN: AtomicUsize = AtomicUsize::new(0);
    if WRITTEN.fetch_add(1, Ordering::SeqCst) + 1 >= limit {
        std::process::abort();
    }
}

#[cfg(test)]
mod tests;
