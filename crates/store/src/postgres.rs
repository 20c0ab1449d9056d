//! The shared backend: a PostgreSQL database that several processes (CLI
//! ingests, queue workers, server replicas) read and write at once.
//!
//! Writers take a transaction-scoped advisory lock before numbering their
//! batch, so documents are numbered in commit order, as in SQLite: a reader
//! that has seen the first N documents has seen everything committed before
//! the N-th. Analysis runs outside the lock; only the short write is taken
//! in turns. Ids are content hashes and inserts skip stored ids, so a batch
//! written twice (a redelivered queue message) stores nothing twice.
//! A document is one row: its annotations and removals are JSON arrays in
//! it (one row per annotation cost the server more than the analysis).
//! PostgreSQL text cannot hold NUL bytes: the texts a document is made of
//! are stored as bytes, and the plain summary columns lose their NULs (the
//! metadata JSON, which escapes them, is what a document is loaded from).

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard};

use filrouge_model::{Document, DocumentId};
use postgres::{Client, NoTls};

use crate::location::redacted;
use crate::row::{self, DocumentRow};
use crate::{
    abort_if_reached, test_abort_after, Backend, BatchOutcome, DocSummary, PlacedEvent, Placement,
    PlacementWrite, SiteLinesOf, StoreError, SCHEMA_VERSION,
};

/// Advisory lock keys (arbitrary, fixed): migrations, and batch numbering.
const MIGRATION_LOCK: i64 = 0x6669_6c72_6f75_0001;
const WRITE_LOCK: i64 = 0x6669_6c72_6f75_0002;
/// Placement writes take this one: a position is read and moved by one
/// placer at a time.
const PLACEMENT_LOCK: i64 = 0x6669_6c72_6f75_0003;

/// Schema migrations, each with the version it brings the schema to. The
/// PostgreSQL backend started at version 3 (the SQLite schema of that
/// version, in one step); later versions add a step to both backends.
const MIGRATIONS: &[(usize, &str)] = &[
    (
        3,
        r#"
    CREATE TABLE filrouge_schema (version INTEGER NOT NULL);
    INSERT INTO filrouge_schema VALUES (0);
    CREATE TABLE documents (
        id            TEXT COLLATE "C" PRIMARY KEY,
        seq           BIGINT NOT NULL UNIQUE,
        path          TEXT NOT NULL,
        format        TEXT NOT NULL,
        title         TEXT,
        published     TEXT,
        site          TEXT,
        lang          TEXT,
        url           TEXT,
        source        TEXT NOT NULL,
        metadata      TEXT NOT NULL,
        original      BYTEA NOT NULL,
        text          BYTEA NOT NULL,
        offsets       TEXT NOT NULL,
        diagnostics   TEXT NOT NULL,
        document_date TEXT,
        annotations   TEXT NOT NULL,
        removals      TEXT NOT NULL,
        removal_count INTEGER NOT NULL
    );
    CREATE TABLE site_lines (
        site TEXT NOT NULL,
        line TEXT NOT NULL,
        docs INTEGER NOT NULL,
        PRIMARY KEY (site, line)
    );
    CREATE TABLE signatures (
        doc_id TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind   TEXT NOT NULL,
        value  BYTEA NOT NULL,
        PRIMARY KEY (doc_id, kind)
    );
    "#,
    ),
    (
        4,
        r#"
    CREATE TABLE placement (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        placed   BIGINT NOT NULL,
        revision BIGINT NOT NULL
    );
    CREATE TABLE placed_events (
        key       TEXT COLLATE "C" PRIMARY KEY,
        story     BIGINT,
        start_day TEXT NOT NULL,
        end_day   TEXT NOT NULL,
        revision  BIGINT NOT NULL,
        event     TEXT
    );
    CREATE INDEX placed_events_revision ON placed_events(revision);
    CREATE INDEX placed_events_days ON placed_events(start_day, end_day);
    "#,
    ),
];

/// An open PostgreSQL store: one connection, reopened after the server
/// went away (the call that met the broken connection fails; the next one
/// reconnects).
pub(crate) struct PostgresBackend {
    client: Mutex<Client>,
    url: String,
    name: String,
}

impl PostgresBackend {
    /// Connects to `url`; `create` makes or migrates the schema, otherwise
    /// a database without it is [`StoreError::Missing`].
    pub fn connect(url: &str, create: bool) -> Result<PostgresBackend, StoreError> {
        let name = redacted(url);
        let client = Client::connect(url, NoTls).map_err(|e| StoreError::Postgres {
            store: name.clone(),
            message: format!("cannot reach PostgreSQL: {}", message(&e)),
            transient: transient(&e),
        })?;
        let backend = PostgresBackend {
            client: Mutex::new(client),
            url: url.to_string(),
            name,
        };
        let version = backend.schema_version()?;
        if version == 0 && !create {
            return Err(StoreError::Missing(backend.name.clone()));
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                store: backend.name.clone(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            backend.migrate()?;
        }
        Ok(backend)
    }

    /// The connection, reopened first if the server closed it.
    fn client(&self) -> Result<MutexGuard<'_, Client>, StoreError> {
        let mut guard = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_closed() {
            *guard = Client::connect(&self.url, NoTls).map_err(|e| self.error(e))?;
        }
        Ok(guard)
    }

    /// A PostgreSQL error as a store error; a full disk is said plainly.
    fn error(&self, e: postgres::Error) -> StoreError {
        if e.code() == Some(&postgres::error::SqlState::DISK_FULL) {
            return StoreError::DiskFull(self.name.clone());
        }
        StoreError::Postgres {
            store: self.name.clone(),
            message: message(&e),
            transient: transient(&e),
        }
    }

    /// The error for a stored value of document `id` that does not decode.
    fn corrupt(&self, id: &str, message: String) -> StoreError {
        StoreError::Corrupt {
            store: self.name.clone(),
            id: id.to_string(),
            message,
        }
    }

    /// Applies the missing migrations, one transaction each, under a lock
    /// so that processes opening a new store at once migrate it once.
    fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.client()?;
        // A session lock taken before the transaction begins, so that the
        // transaction sees the schema another process just committed.
        client
            .execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])
            .map_err(|e| self.error(e))?;
        let migrated = self.migrate_locked(&mut client);
        let unlocked = client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]);
        migrated?;
        unlocked.map_err(|e| self.error(e))?;
        Ok(())
    }

    /// The migrations, once the migration lock is held.
    fn migrate_locked(&self, client: &mut Client) -> Result<(), StoreError> {
        let mut tx = client.transaction().map_err(|e| self.error(e))?;
        let mut version = read_version(&mut tx).map_err(|e| self.error(e))?;
        for (to, sql) in MIGRATIONS {
            if *to <= version {
                continue;
            }
            tx.batch_execute(sql).map_err(|e| self.error(e))?;
            tx.execute("UPDATE filrouge_schema SET version = $1", &[&(*to as i32)])
                .map_err(|e| self.error(e))?;
            version = *to;
        }
        tx.commit().map_err(|e| self.error(e))
    }

    /// Runs a read query and maps its rows.
    fn rows<T>(
        &self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
        map: impl Fn(&postgres::Row) -> Result<T, postgres::Error>,
    ) -> Result<Vec<T>, StoreError> {
        let mut client = self.client()?;
        let rows = client.query(sql, params).map_err(|e| self.error(e))?;
        rows.iter()
            .map(|r| map(r).map_err(|e| self.error(e)))
            .collect()
    }
}

impl Backend for PostgresBackend {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn schema_version(&self) -> Result<usize, StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(|e| self.error(e))?;
        read_version(&mut tx).map_err(|e| self.error(e))
    }

    fn contains(&self, id: &DocumentId) -> Result<bool, StoreError> {
        let found = self.rows(
            "SELECT 1 FROM documents WHERE id = $1",
            &[&id.0],
            |_| Ok(()),
        )?;
        Ok(!found.is_empty())
    }

    fn count(&self) -> Result<usize, StoreError> {
        // Numbers are contiguous (each batch numbers its new documents
        // after the last, under the write lock) and nothing is deleted, so
        // the last number is the count, read off the index at any size.
        let n = self.rows("SELECT COALESCE(MAX(seq), 0) FROM documents", &[], |r| {
            r.try_get::<_, i64>(0)
        })?;
        Ok(n.first().copied().unwrap_or(0) as usize)
    }

    fn insert_batch(
        &mut self,
        docs: &[Document],
        site_lines: SiteLinesOf<'_>,
    ) -> Result<BatchOutcome, StoreError> {
        let abort_after = test_abort_after();
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(|e| self.error(e))?;
        let outcome =
            write_batch(&mut tx, docs, site_lines, abort_after).map_err(|e| self.error(e))?;
        tx.commit().map_err(|e| self.error(e))?;
        Ok(outcome)
    }

    fn list(&self, limit: usize, offset: usize) -> Result<Vec<DocSummary>, StoreError> {
        self.rows(
            "SELECT d.id, d.source, d.title, d.lang, d.site, d.published, octet_length(d.text),
                    d.removal_count
             FROM documents d ORDER BY d.seq LIMIT $1 OFFSET $2",
            &[
                &(limit.min(i64::MAX as usize) as i64),
                &(offset.min(i64::MAX as usize) as i64),
            ],
            |r| {
                Ok(DocSummary {
                    id: r.try_get(0)?,
                    origin: row::origin(r.try_get(1)?),
                    title: r.try_get(2)?,
                    lang: r.try_get(3)?,
                    site: r.try_get(4)?,
                    published: r.try_get(5)?,
                    chars: r.try_get::<_, i32>(6)? as usize,
                    removals: r.try_get::<_, i32>(7)? as usize,
                })
            },
        )
    }

    fn ids_after(&self, after: usize) -> Result<Vec<DocumentId>, StoreError> {
        self.rows(
            "SELECT id FROM documents WHERE seq > $1 ORDER BY seq",
            &[&(after.min(i64::MAX as usize) as i64)],
            |r| r.try_get(0).map(DocumentId),
        )
    }

    fn ids_with_prefix(&self, prefix: &str) -> Result<Vec<DocumentId>, StoreError> {
        self.rows(
            "SELECT id FROM documents WHERE id LIKE $1 LIMIT 2",
            &[&format!("{prefix}%")],
            |r| r.try_get(0).map(DocumentId),
        )
    }

    fn get(&self, id: &DocumentId) -> Result<Option<Document>, StoreError> {
        Ok(self.get_many(std::slice::from_ref(id))?.pop())
    }

    fn get_many(&self, ids: &[DocumentId]) -> Result<Vec<Document>, StoreError> {
        let keys: Vec<&str> = ids.iter().map(|id| id.0.as_str()).collect();
        let mut found: HashMap<String, (RawRow, String, String)> =
            HashMap::with_capacity(ids.len());
        for (id, row, annotations, removals) in self.rows(
            "SELECT id, source, metadata, original, text, offsets, diagnostics, document_date, annotations, removals FROM documents WHERE id = ANY($1)",
            &[&keys],
            |r| Ok((r.try_get::<_, String>(0)?, raw_row(r, 1)?, r.try_get(8)?, r.try_get(9)?)),
        )? {
            found.insert(id, (row, annotations, removals));
        }
        let mut docs = Vec::with_capacity(ids.len());
        for id in ids {
            let Some((row, annotations, removals)) = found.remove(&id.0) else {
                continue;
            };
            let doc = row.into_row().and_then(|row| {
                let a =
                    serde_json::from_str(&annotations).map_err(|e| format!("annotations: {e}"))?;
                let r = serde_json::from_str(&removals).map_err(|e| format!("removals: {e}"))?;
                row.decode(id, a, r)
            });
            docs.push(doc.map_err(|m| self.corrupt(&id.0, m))?);
        }
        Ok(docs)
    }

    fn put_signatures(
        &mut self,
        kind: &str,
        items: &[(DocumentId, Vec<u32>)],
    ) -> Result<(), StoreError> {
        // One row per document (the last given wins, as a replace would):
        // one statement cannot update a row twice.
        let last: HashMap<&str, &Vec<u32>> =
            items.iter().map(|(id, v)| (id.0.as_str(), v)).collect();
        let ids: Vec<&str> = last.keys().copied().collect();
        let values: Vec<Vec<u8>> = ids
            .iter()
            .map(|id| row::signature_bytes(last[id]))
            .collect();
        let mut client = self.client()?;
        client
            .execute(
                "INSERT INTO signatures (doc_id, kind, value)
                 SELECT s.id, $1, s.value FROM unnest($2::text[], $3::bytea[]) AS s(id, value)
                 ON CONFLICT (doc_id, kind) DO UPDATE SET value = EXCLUDED.value",
                &[&kind, &ids, &values],
            )
            .map_err(|e| self.error(e))?;
        Ok(())
    }

    fn unsigned(&self, kind: &str, limit: usize) -> Result<Vec<(DocumentId, String)>, StoreError> {
        let rows = self.rows(
            "SELECT d.id, d.text FROM documents d
             WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.doc_id = d.id AND s.kind = $1)
             ORDER BY d.seq LIMIT $2",
            &[&kind, &(limit.min(i64::MAX as usize) as i64)],
            |r| Ok((r.try_get::<_, String>(0)?, r.try_get::<_, Vec<u8>>(1)?)),
        )?;
        rows.into_iter()
            .map(|(id, text)| match String::from_utf8(text) {
                Ok(text) => Ok((DocumentId(id), text)),
                Err(e) => Err(self.corrupt(&id, format!("text: {e}"))),
            })
            .collect()
    }

    fn signatures(&self, kind: &str) -> Result<Vec<(DocumentId, Vec<u32>)>, StoreError> {
        let raw = self.rows(
            "SELECT s.doc_id, s.value FROM signatures s JOIN documents d ON d.id = s.doc_id
             WHERE s.kind = $1 ORDER BY d.seq",
            &[&kind],
            |r| Ok((r.try_get::<_, String>(0)?, r.try_get::<_, Vec<u8>>(1)?)),
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
        let min = i32::try_from(min_docs).unwrap_or(i32::MAX);
        self.rows(
            "SELECT site, line, docs FROM site_lines WHERE docs >= $1 ORDER BY site, line",
            &[&min],
            |r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get::<_, i32>(2)? as u32)),
        )
    }

    fn placement(&self) -> Result<Placement, StoreError> {
        let found = self.rows(
            "SELECT placed, revision FROM placement WHERE id = 1",
            &[],
            |r| {
                Ok(Placement {
                    placed: r.try_get::<_, i64>(0)? as usize,
                    revision: r.try_get::<_, i64>(1)? as u64,
                })
            },
        )?;
        Ok(found.first().copied().unwrap_or_default())
    }

    fn write_placement(&mut self, write: &PlacementWrite<'_>) -> Result<Placement, StoreError> {
        let name = self.name();
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(|e| self.error(e))?;
        let done = write_placement(&mut tx, write).map_err(|e| self.error(e))?;
        let placement = match done {
            Ok(p) => p,
            Err(found) => {
                return Err(StoreError::PlacementMoved {
                    store: name,
                    expected: write.from,
                    found,
                })
            }
        };
        tx.commit().map_err(|e| self.error(e))?;
        Ok(placement)
    }

    fn placed_events(&self, since: u64) -> Result<Vec<PlacedEvent>, StoreError> {
        let since = i64::try_from(since).unwrap_or(i64::MAX);
        self.rows(
            "SELECT key, story, start_day, end_day, event FROM placed_events
             WHERE revision > $1 AND event IS NOT NULL ORDER BY key",
            &[&since],
            |r| {
                Ok(PlacedEvent {
                    key: r.try_get(0)?,
                    story: r
                        .try_get::<_, Option<i64>>(1)?
                        .and_then(|s| u32::try_from(s).ok()),
                    start: r.try_get(2)?,
                    end: r.try_get(3)?,
                    event: r.try_get(4)?,
                })
            },
        )
    }

    fn placed_removed(&self, since: u64) -> Result<Vec<String>, StoreError> {
        let since = i64::try_from(since).unwrap_or(i64::MAX);
        self.rows(
            "SELECT key FROM placed_events WHERE revision > $1 AND event IS NULL ORDER BY key",
            &[&since],
            |r| r.try_get(0),
        )
    }

    fn placed_keys(&self) -> Result<Vec<String>, StoreError> {
        self.rows(
            "SELECT key FROM placed_events WHERE event IS NOT NULL ORDER BY key",
            &[],
            |r| r.try_get(0),
        )
    }
}

/// One placement write inside `tx`, under the placement lock: `Err(found)`
/// when the placement is no longer at `write.from`.
fn write_placement(
    tx: &mut postgres::Transaction<'_>,
    write: &PlacementWrite<'_>,
) -> Result<Result<Placement, usize>, postgres::Error> {
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PLACEMENT_LOCK])?;
    let now = tx.query_opt("SELECT placed, revision FROM placement WHERE id = 1", &[])?;
    let (placed, revision) = match now {
        Some(r) => (r.try_get::<_, i64>(0)? as usize, r.try_get::<_, i64>(1)?),
        None => (0, 0),
    };
    if placed != write.from {
        return Ok(Err(placed));
    }
    let revision = revision + 1;
    let upsert = tx.prepare(
        "INSERT INTO placed_events (key, story, start_day, end_day, revision, event)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (key) DO UPDATE SET story = excluded.story,
           start_day = excluded.start_day, end_day = excluded.end_day,
           revision = excluded.revision, event = excluded.event",
    )?;
    for e in write.events {
        let story = e.story.map(i64::from);
        tx.execute(
            &upsert,
            &[
                &e.key,
                &story,
                &e.start,
                &e.end,
                &revision,
                &no_nul(&e.event),
            ],
        )?;
    }
    if !write.removed.is_empty() {
        // A removed event stays as a mark (no event) at this revision, so
        // a reader catching up learns it is gone.
        tx.execute(
            "UPDATE placed_events SET event = NULL, revision = $2 WHERE key = ANY($1)",
            &[&write.removed, &revision],
        )?;
    }
    let placed = i64::try_from(write.placed).unwrap_or(i64::MAX);
    tx.execute(
        "INSERT INTO placement (id, placed, revision) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET placed = excluded.placed, revision = excluded.revision",
        &[&placed, &revision],
    )?;
    Ok(Ok(Placement {
        placed: write.placed,
        revision: revision as u64,
    }))
}

/// A document's columns as read, its texts still bytes.
struct RawRow {
    source: String,
    metadata: String,
    original: Vec<u8>,
    text: Vec<u8>,
    offsets: String,
    diagnostics: String,
    document_date: Option<String>,
}

impl RawRow {
    /// The row, once its texts are checked to be UTF-8.
    fn into_row(self) -> Result<DocumentRow, String> {
        Ok(DocumentRow {
            source: self.source,
            metadata: self.metadata,
            original: String::from_utf8(self.original).map_err(|e| format!("original: {e}"))?,
            text: String::from_utf8(self.text).map_err(|e| format!("text: {e}"))?,
            offsets: self.offsets,
            diagnostics: self.diagnostics,
            document_date: self.document_date,
        })
    }
}

/// The document columns of `r` from column `at` on (source, metadata,
/// original, text, offsets, diagnostics, document date).
fn raw_row(r: &postgres::Row, at: usize) -> Result<RawRow, postgres::Error> {
    Ok(RawRow {
        source: r.try_get(at)?,
        metadata: r.try_get(at + 1)?,
        original: r.try_get(at + 2)?,
        text: r.try_get(at + 3)?,
        offsets: r.try_get(at + 4)?,
        diagnostics: r.try_get(at + 5)?,
        document_date: r.try_get(at + 6)?,
    })
}

/// The schema version, 0 when the database has no filrouge schema.
fn read_version(tx: &mut postgres::Transaction<'_>) -> Result<usize, postgres::Error> {
    let exists = tx.query_one("SELECT to_regclass('filrouge_schema') IS NOT NULL", &[])?;
    if !exists.try_get::<_, bool>(0)? {
        return Ok(0);
    }
    let row = tx.query_one("SELECT version FROM filrouge_schema", &[])?;
    Ok(row.try_get::<_, i32>(0)?.max(0) as usize)
}

/// Writes one batch in transaction `tx`, in a few statements whatever its
/// size. The costly part (serialising rows, annotations, line counts) is
/// done before the write lock, for the documents not stored yet; under the
/// lock, those another writer stored meanwhile are dropped (rare: then the
/// rest is prepared again), the new ones numbered after the last committed
/// document and inserted together.
fn write_batch(
    tx: &mut postgres::Transaction<'_>,
    docs: &[Document],
    site_lines: SiteLinesOf<'_>,
    abort_after: Option<usize>,
) -> Result<BatchOutcome, postgres::Error> {
    let stored = stored_ids(tx, docs)?;
    let mut seen = stored;
    let mut fresh: Vec<&Document> = docs
        .iter()
        .filter(|d| seen.insert(d.id.0.clone()))
        .collect();
    let mut prepared = Prepared::of(&fresh, site_lines);
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
    let next: i64 = tx
        .query_one("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents", &[])?
        .try_get(0)?;
    let appeared = stored_ids(tx, fresh.iter().copied())?;
    if !appeared.is_empty() {
        fresh.retain(|d| !appeared.contains(&d.id.0));
        prepared = Prepared::of(&fresh, site_lines);
    }
    prepared.rows.seq = (0..fresh.len() as i64).map(|i| next + i).collect();
    if let Some(limit) = abort_after {
        fresh.iter().for_each(|_| abort_if_reached(limit));
    }
    prepared.rows.write(tx)?;
    write_site_lines(tx, prepared.lines)?;
    Ok(BatchOutcome {
        stored: fresh.len(),
        duplicates: docs.len() - fresh.len(),
    })
}

/// The ids of `docs` already stored.
fn stored_ids<'d>(
    tx: &mut postgres::Transaction<'_>,
    docs: impl IntoIterator<Item = &'d Document>,
) -> Result<HashSet<String>, postgres::Error> {
    let ids: Vec<&str> = docs.into_iter().map(|d| d.id.0.as_str()).collect();
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(tx
        .query("SELECT id FROM documents WHERE id = ANY($1)", &[&ids])?
        .iter()
        .filter_map(|r| r.try_get(0).ok())
        .collect())
}

/// What a batch's new documents write, ready before the write lock.
struct Prepared {
    rows: Rows,
    lines: HashMap<(String, String), i32>,
}

impl Prepared {
    /// The rows (numbered later), annotations, removals and site line
    /// counts of `docs`.
    fn of(docs: &[&Document], site_lines: SiteLinesOf<'_>) -> Prepared {
        let mut prepared = Prepared {
            rows: Rows::default(),
            lines: HashMap::new(),
        };
        for doc in docs {
            prepared.rows.add(doc);
            if let Some(site) = &doc.metadata.site {
                let mut own = site_lines(doc);
                own.sort();
                own.dedup();
                for line in own {
                    *prepared
                        .lines
                        .entry((no_nul(site), no_nul(&line)))
                        .or_default() += 1;
                }
            }
        }
        prepared
    }
}

/// The rows of a batch's new documents, as the columns of one insert.
#[derive(Default)]
struct Rows {
    id: Vec<String>,
    seq: Vec<i64>,
    path: Vec<String>,
    format: Vec<&'static str>,
    title: Vec<Option<String>>,
    published: Vec<Option<String>>,
    site: Vec<Option<String>>,
    lang: Vec<Option<String>>,
    url: Vec<Option<String>>,
    source: Vec<String>,
    metadata: Vec<String>,
    original: Vec<Vec<u8>>,
    text: Vec<Vec<u8>>,
    offsets: Vec<String>,
    diagnostics: Vec<String>,
    document_date: Vec<Option<String>>,
    annotations: Vec<String>,
    removals: Vec<String>,
    removal_count: Vec<i32>,
}

impl Rows {
    /// Adds `doc`'s row (its number is set once known, under the lock).
    fn add(&mut self, doc: &Document) {
        let row = DocumentRow::of(doc);
        let m = &doc.metadata;
        let plain = |v: &Option<String>| v.as_deref().map(no_nul);
        self.id.push(doc.id.0.clone());
        self.path.push(no_nul(&doc.source.path));
        self.format.push(doc.source.format.as_str());
        self.title.push(plain(&m.title));
        self.published.push(plain(&m.published));
        self.site.push(plain(&m.site));
        self.lang.push(plain(&m.lang));
        self.url.push(plain(&m.url));
        self.source.push(row.source);
        self.metadata.push(row.metadata);
        self.original.push(row.original.into_bytes());
        self.text.push(row.text.into_bytes());
        self.offsets.push(row.offsets);
        self.diagnostics.push(row.diagnostics);
        self.document_date.push(row.document_date);
        // A document's annotations (but the unstored layers) and removals
        // are one JSON array each: thousands of rows per article would
        // cost the server more than the whole analysis.
        let stored: Vec<&filrouge_model::Annotation> = doc
            .annotations
            .iter()
            .filter(|a| !row::UNSTORED_LAYERS.contains(&a.layer()))
            .collect();
        self.annotations
            .push(serde_json::to_string(&stored).unwrap_or_else(|_| "[]".into()));
        self.removals
            .push(serde_json::to_string(&doc.removals).unwrap_or_else(|_| "[]".into()));
        self.removal_count
            .push(i32::try_from(doc.removals.len()).unwrap_or(i32::MAX));
    }

    /// Inserts them in one statement.
    fn write(&self, tx: &mut postgres::Transaction<'_>) -> Result<(), postgres::Error> {
        if self.id.is_empty() {
            return Ok(());
        }
        tx.execute(
            "INSERT INTO documents (id, seq, path, format, title, published, site, lang, url, source, metadata, original, text, offsets, diagnostics, document_date, annotations, removals, removal_count)
             SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bytea[], $13::bytea[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::int[])",
            &[
                &self.id, &self.seq, &self.path, &self.format, &self.title, &self.published,
                &self.site, &self.lang, &self.url, &self.source, &self.metadata, &self.original,
                &self.text, &self.offsets, &self.diagnostics, &self.document_date,
                &self.annotations, &self.removals, &self.removal_count,
            ],
        )?;
        Ok(())
    }
}

/// Adds a batch's per-site line counts, one statement.
fn write_site_lines(
    tx: &mut postgres::Transaction<'_>,
    lines: HashMap<(String, String), i32>,
) -> Result<(), postgres::Error> {
    if lines.is_empty() {
        return Ok(());
    }
    let mut sites = Vec::with_capacity(lines.len());
    let mut texts = Vec::with_capacity(lines.len());
    let mut counts = Vec::with_capacity(lines.len());
    for ((site, line), n) in lines {
        sites.push(site);
        texts.push(line);
        counts.push(n);
    }
    tx.execute(
        "INSERT INTO site_lines (site, line, docs)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
         ON CONFLICT (site, line) DO UPDATE SET docs = site_lines.docs + EXCLUDED.docs",
        &[&sites, &texts, &counts],
    )?;
    Ok(())
}

/// `text` without NUL bytes, which PostgreSQL text cannot hold.
fn no_nul(text: &str) -> String {
    text.replace('\0', "")
}

/// Whether `e` may pass if the call is made again later: no answer from
/// the server (unreachable, connection lost), or the server's own classes
/// for that: connection exceptions (08), shutting down or starting (57P01,
/// 57P02, 57P03), serialisation failures and deadlocks (40001, 40P01),
/// insufficient resources (53).
fn transient(e: &postgres::Error) -> bool {
    let Some(db) = e.as_db_error() else {
        // Not the server's answer: a lost connection or an I/O error is
        // transient, a value that does not convert is not.
        let io = std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>());
        return e.is_closed() || io || e.to_string().starts_with("error connecting");
    };
    let code = db.code().code();
    code.starts_with("08")
        || code.starts_with("53")
        || matches!(code, "57P01" | "57P02" | "57P03" | "40001" | "40P01")
}

/// What went wrong, with the server's own message and detail when it gave
/// them (a bare `postgres::Error` says only "db error").
fn message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => match db.detail() {
            Some(detail) => format!("{} ({detail})", db.message()),
            None => db.message().to_string(),
        },
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(": ");
                text.push_str(&s.to_string());
                source = s.source();
            }
            text
        }
    }
}
