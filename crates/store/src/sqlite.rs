//! The embedded backend: one SQLite database file in the store's folder.

use std::path::{Path, PathBuf};

use filrouge_model::{Document, DocumentId};
use rusqlite::{params, Connection, OptionalExtension};

use crate::row::{self, DocumentRow};
use crate::{
    abort_if_reached, test_abort_after, Backend, BatchOutcome, DocSummary, PlacedEvent, Placement,
    PlacementWrite, SiteLinesOf, StoreError, SCHEMA_VERSION,
};

/// Name of the database file inside the store directory.
pub const DB_FILE: &str = "filrouge.sqlite";

/// Schema migrations; migration `i` brings the schema to version `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
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
    // 4: the corpus level placed incrementally: how many documents (in
    // commit order) it has taken in, a revision bumped at each write, and
    // each event as JSON under its stable key.
    r#"
    CREATE TABLE placement (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        placed   INTEGER NOT NULL,
        revision INTEGER NOT NULL
    );
    CREATE TABLE placed_events (
        key       TEXT PRIMARY KEY,
        story     INTEGER,
        start_day TEXT NOT NULL,
        end_day   TEXT NOT NULL,
        revision  INTEGER NOT NULL,
        event     TEXT
    );
    CREATE INDEX placed_events_revision ON placed_events(revision);
    CREATE INDEX placed_events_days ON placed_events(start_day, end_day);
    "#,
];

const _: () = assert!(MIGRATIONS.len() == SCHEMA_VERSION);

/// An open SQLite store.
pub(crate) struct SqliteBackend {
    conn: Connection,
    db: PathBuf,
}

impl SqliteBackend {
    /// Opens (creating if needed) the database of the store in `dir`.
    pub fn open(dir: &Path) -> Result<SqliteBackend, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Dir {
            path: dir.to_path_buf(),
            source,
        })?;
        let db = dir.join(DB_FILE);
        if std::fs::metadata(&db).is_ok_and(|m| m.len() == 0) {
            return Err(StoreError::Truncated(db));
        }
        let conn = Connection::open(&db).map_err(|source| store_error(&db, source))?;
        let mut store = SqliteBackend { conn, db };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    /// A transaction holding the database's write lock from its start
    /// (IMMEDIATE): what it reads before writing no other writer changes.
    fn write_transaction(&mut self) -> Result<rusqlite::Transaction<'_>, StoreError> {
        let r = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate);
        r.map_err(|source| store_error(&self.db, source))
    }

    fn sql<T>(&self, r: rusqlite::Result<T>) -> Result<T, StoreError> {
        r.map_err(|source| store_error(&self.db, source))
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        let r = self.conn.execute_batch(
            "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
        );
        self.sql(r)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let version = self.schema_version()?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                store: self.name(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        let sql = sqlite_error(self.db.clone());
        // The write lock first, then the version read again inside it: two
        // processes opening one new store migrate it once, in turn.
        let tx = self.write_transaction()?;
        let version = tx
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .map_err(&sql)? as usize;
        for (i, migration) in MIGRATIONS.iter().enumerate().skip(version) {
            tx.execute_batch(migration).map_err(&sql)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                .map_err(&sql)?;
        }
        tx.commit().map_err(sql)
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

    /// The error for a stored value of document `id` that does not decode.
    fn corrupt(&self, id: &str, message: String) -> StoreError {
        StoreError::Corrupt {
            store: self.name(),
            id: id.to_string(),
            message,
        }
    }

    /// The stored annotations and removals of document `id`, in the order
    /// they were written.
    fn parts_of(
        &self,
        id: &DocumentId,
    ) -> Result<
        (
            Vec<filrouge_model::Annotation>,
            Vec<filrouge_model::Removal>,
        ),
        StoreError,
    > {
        let mut annotations = Vec::new();
        for (start, end, label) in self.rows(
            "SELECT start, end, label FROM annotations WHERE doc_id = ?1 ORDER BY rowid",
            [&id.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)),
        )? {
            annotations
                .push(row::annotation(start, end, &label).map_err(|m| self.corrupt(&id.0, m))?);
        }
        let mut removals = Vec::new();
        for (rule, start, end, text, reason) in self.rows(
            "SELECT rule, start, end, text, reason FROM removals WHERE doc_id = ?1 ORDER BY rowid",
            [&id.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )? {
            removals.push(
                row::removal(rule, start, end, text, reason).map_err(|m| self.corrupt(&id.0, m))?,
            );
        }
        Ok((annotations, removals))
    }
}

impl Backend for SqliteBackend {
    fn name(&self) -> String {
        self.db.display().to_string()
    }

    fn schema_version(&self) -> Result<usize, StoreError> {
        let r = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
        Ok(self.sql(r)? as usize)
    }

    fn contains(&self, id: &DocumentId) -> Result<bool, StoreError> {
        let r = self
            .conn
            .query_row("SELECT 1 FROM documents WHERE id = ?1", [&id.0], |_| Ok(()))
            .optional();
        Ok(self.sql(r)?.is_some())
    }

    fn count(&self) -> Result<usize, StoreError> {
        let r = self
            .conn
            .query_row("SELECT COUNT(*) FROM documents", [], |r| r.get::<_, i64>(0));
        Ok(self.sql(r)? as usize)
    }

    fn insert_batch(
        &mut self,
        docs: &[Document],
        site_lines: SiteLinesOf<'_>,
    ) -> Result<BatchOutcome, StoreError> {
        let sql = sqlite_error(self.db.clone());
        let abort_after = test_abort_after();
        // IMMEDIATE: the write lock is taken before the next number is
        // read, so numbers follow commit order across processes.
        let tx = self.write_transaction()?;
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

    fn list(&self, limit: usize, offset: usize) -> Result<Vec<DocSummary>, StoreError> {
        self.rows(
            "SELECT d.id, d.source, d.title, d.lang, d.site, d.published, length(CAST(d.text AS BLOB)),
                    (SELECT COUNT(*) FROM removals r WHERE r.doc_id = d.id)
             FROM documents d ORDER BY d.seq LIMIT ?1 OFFSET ?2",
            params![limit as i64, offset as i64],
            |r| {
                Ok(DocSummary {
                    id: r.get(0)?,
                    origin: row::origin(&r.get::<_, String>(1)?),
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

    fn ids_after(&self, after: usize) -> Result<Vec<DocumentId>, StoreError> {
        self.rows(
            // Numbers run from 1 without gaps (each batch numbers its new
            // documents after the last): the index finds where to start.
            "SELECT id FROM documents WHERE seq > ?1 ORDER BY seq",
            [after as i64],
            |r| r.get(0).map(DocumentId),
        )
    }

    fn ids_with_prefix(&self, prefix: &str) -> Result<Vec<DocumentId>, StoreError> {
        self.rows(
            "SELECT id FROM documents WHERE id LIKE ?1 LIMIT 2",
            [format!("{prefix}%")],
            |r| r.get(0).map(DocumentId),
        )
    }

    fn get(&self, id: &DocumentId) -> Result<Option<Document>, StoreError> {
        let found = self
            .conn
            .query_row(
                "SELECT source, metadata, original, text, offsets, diagnostics, document_date FROM documents WHERE id = ?1",
                [&id.0],
                |r| {
                    Ok(DocumentRow {
                        source: r.get(0)?,
                        metadata: r.get(1)?,
                        original: r.get(2)?,
                        text: r.get(3)?,
                        offsets: r.get(4)?,
                        diagnostics: r.get(5)?,
                        document_date: r.get(6)?,
                    })
                },
            )
            .optional();
        let Some(found) = self.sql(found)? else {
            return Ok(None);
        };
        let (annotations, removals) = self.parts_of(id)?;
        found
            .decode(id, annotations, removals)
            .map(Some)
            .map_err(|m| self.corrupt(&id.0, m))
    }

    fn put_signatures(
        &mut self,
        kind: &str,
        items: &[(DocumentId, Vec<u32>)],
    ) -> Result<(), StoreError> {
        let sql = sqlite_error(self.db.clone());
        let tx = self.write_transaction()?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO signatures (doc_id, kind, value) VALUES (?1, ?2, ?3)",
                )
                .map_err(&sql)?;
            for (id, values) in items {
                stmt.execute(params![id.0, kind, row::signature_bytes(values)])
                    .map_err(&sql)?;
            }
        }
        tx.commit().map_err(sql)
    }

    fn unsigned(&self, kind: &str, limit: usize) -> Result<Vec<(DocumentId, String)>, StoreError> {
        self.rows(
            "SELECT d.id, d.text FROM documents d
             WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.doc_id = d.id AND s.kind = ?1)
             ORDER BY d.seq LIMIT ?2",
            params![kind, limit as i64],
            |r| Ok((DocumentId(r.get(0)?), r.get(1)?)),
        )
    }

    fn signatures(&self, kind: &str) -> Result<Vec<(DocumentId, Vec<u32>)>, StoreError> {
        let raw: Vec<(String, Vec<u8>)> = self.rows(
            "SELECT s.doc_id, s.value FROM signatures s JOIN documents d ON d.id = s.doc_id
             WHERE s.kind = ?1 ORDER BY d.seq",
            [kind],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        raw.into_iter()
            .map(|(id, bytes)| match row::signature_values(&bytes) {
                Some(values) => Ok((DocumentId(id), values)),
                None => {
                    Err(self.corrupt(&id, format!("signature {kind} has {} bytes", bytes.len())))
                }
            })
            .collect()
    }

    fn site_lines(&self, min_docs: u32) -> Result<Vec<(String, String, u32)>, StoreError> {
        self.rows(
            "SELECT site, line, docs FROM site_lines WHERE docs >= ?1 ORDER BY site, line",
            [min_docs],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }

    fn placement(&self) -> Result<Placement, StoreError> {
        let r = self
            .conn
            .query_row(
                "SELECT placed, revision FROM placement WHERE id = 1",
                [],
                |r| {
                    Ok(Placement {
                        placed: r.get::<_, i64>(0)? as usize,
                        revision: r.get::<_, i64>(1)? as u64,
                    })
                },
            )
            .optional();
        Ok(self.sql(r)?.unwrap_or_default())
    }

    fn write_placement(&mut self, write: &PlacementWrite<'_>) -> Result<Placement, StoreError> {
        let name = self.name();
        let sql = sqlite_error(self.db.clone());
        // IMMEDIATE: the position is read under the write lock, so two
        // placers cannot both write from it.
        let tx = self.write_transaction()?;
        let now = tx
            .query_row(
                "SELECT placed, revision FROM placement WHERE id = 1",
                [],
                |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)?)),
            )
            .optional()
            .map_err(&sql)?
            .unwrap_or((0, 0));
        if now.0 != write.from {
            return Err(StoreError::PlacementMoved {
                store: name,
                expected: write.from,
                found: now.0,
            });
        }
        let revision = now.1 + 1;
        {
            let mut upsert = tx
                .prepare_cached(
                    "INSERT INTO placed_events (key, story, start_day, end_day, revision, event)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (key) DO UPDATE SET story = excluded.story,
                       start_day = excluded.start_day, end_day = excluded.end_day,
                       revision = excluded.revision, event = excluded.event",
                )
                .map_err(&sql)?;
            for e in write.events {
                upsert
                    .execute(params![e.key, e.story, e.start, e.end, revision, e.event])
                    .map_err(&sql)?;
            }
            // A removed event stays as a mark (no event) at this revision,
            // so a reader catching up learns it is gone.
            let mut remove = tx
                .prepare_cached(
                    "UPDATE placed_events SET event = NULL, revision = ?2 WHERE key = ?1",
                )
                .map_err(&sql)?;
            for key in write.removed {
                remove.execute(params![key, revision]).map_err(&sql)?;
            }
            tx.execute(
                "INSERT INTO placement (id, placed, revision) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET placed = excluded.placed, revision = excluded.revision",
                params![write.placed as i64, revision],
            )
            .map_err(&sql)?;
        }
        tx.commit().map_err(sql)?;
        Ok(Placement {
            placed: write.placed,
            revision: revision as u64,
        })
    }

    fn placed_events(&self, since: u64) -> Result<Vec<PlacedEvent>, StoreError> {
        self.rows(
            "SELECT key, story, start_day, end_day, event FROM placed_events
             WHERE revision > ?1 AND event IS NOT NULL ORDER BY key",
            [since as i64],
            |r| {
                Ok(PlacedEvent {
                    key: r.get(0)?,
                    story: r.get(1)?,
                    start: r.get(2)?,
                    end: r.get(3)?,
                    event: r.get(4)?,
                })
            },
        )
    }

    fn placed_removed(&self, since: u64) -> Result<Vec<String>, StoreError> {
        self.rows(
            "SELECT key FROM placed_events WHERE revision > ?1 AND event IS NULL ORDER BY key",
            [since as i64],
            |r| r.get(0),
        )
    }

    fn placed_keys(&self) -> Result<Vec<String>, StoreError> {
        self.rows(
            "SELECT key FROM placed_events WHERE event IS NOT NULL ORDER BY key",
            [],
            |r| r.get(0),
        )
    }
}

/// The error of a failed SQLite call on database file `db`.
fn sqlite_error(db: PathBuf) -> impl Fn(rusqlite::Error) -> StoreError {
    move |source| store_error(&db, source)
}

/// A SQLite error on database `db`; a full disk is said plainly.
pub(crate) fn store_error(db: &Path, source: rusqlite::Error) -> StoreError {
    if source.sqlite_error_code() == Some(rusqlite::ErrorCode::DiskFull) {
        return StoreError::DiskFull(db.display().to_string());
    }
    StoreError::Sqlite {
        path: db.to_path_buf(),
        source,
    }
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
        let row = DocumentRow::of(doc);
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
            row.source,
            row.metadata,
            row.original,
            row.text,
            row.offsets,
            row.diagnostics,
            row.document_date,
        ])?;
        Ok(inserted != 0)
    }

    /// Writes the document's annotations (but the unstored layers) and
    /// removals.
    fn annotations_and_removals(&mut self, doc: &Document) -> rusqlite::Result<()> {
        for (layer, start, end, label) in row::stored_annotations(doc) {
            self.insert_ann
                .execute(params![doc.id.0, layer, start, end, label])?;
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
