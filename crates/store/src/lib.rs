//! The store: documents, annotations, removals, per-site line counts and
//! near-duplicate signatures, in one of two backends behind one interface.
//!
//! - **SQLite** (the default, nothing to start): one folder, one database
//!   file, `--store DIR`.
//! - **PostgreSQL** (several processes and machines share it):
//!   `--store postgres://…`.
//!
//! Documents are identified by their content hash, so storing the same input
//! twice is a no-op, whichever process stores it. A batch is one
//! transaction: a crash or `kill -9` in the middle of an ingest leaves the
//! store as it was after the last committed batch, and re-running the ingest
//! completes it without duplicates. Documents are numbered in commit order
//! (`seq`), so a reader that has seen every document up to some number has
//! seen every document committed before it. The schema carries a version and
//! is migrated forward on open.
//!
//! Architecture invariant: this is the only crate that knows SQL. It stores
//! and loads [`Document`]s; it never decides what is in them.

mod location;
mod placed;
mod postgres;
mod row;
mod sqlite;
pub mod testing;

use std::path::{Path, PathBuf};

use filrouge_model::{Document, DocumentId};

pub use location::Location;
pub use placed::{PlacedEvent, Placement, PlacementWrite};
pub use sqlite::DB_FILE;

/// How many documents to load with one [`Store::get_many`].
pub const LOAD_CHUNK: usize = 256;

/// The schema version this build writes (the same for both backends).
pub const SCHEMA_VERSION: usize = 4;

/// A store error, naming the store (a database file, or a PostgreSQL
/// address without its password).
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
    /// PostgreSQL failed (or could not be reached).
    #[error("store {store}: {message}")]
    Postgres {
        /// The server and database, without password.
        store: String,
        /// Why, with the server's detail when it gave one.
        message: String,
        /// Whether the same call may succeed later: the server unreachable
        /// or restarting, a lost connection, a conflict with another
        /// writer, resources short.
        transient: bool,
    },
    /// A stored value that does not decode.
    #[error("store {store}: document {id} is corrupt: {message}")]
    Corrupt {
        /// The store.
        store: String,
        /// The document.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// The database was written by a newer filrouge.
    #[error("store {store} has schema version {found}, newer than this filrouge ({supported}); upgrade filrouge")]
    TooNew {
        /// The store.
        store: String,
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
    DiskFull(String),
    /// A command that reads a store was given a place that holds none.
    #[error("no store at {0} (run `filrouge ingest PATH --store {0}` first)")]
    Missing(String),
    /// A placement write made from a position the placement is no longer
    /// at: another placer wrote meanwhile.
    #[error("store {store}: the placement moved to {found} documents while this placer wrote from {expected}; only one placer may run at a time")]
    PlacementMoved {
        /// The store.
        store: String,
        /// The position the write was made from.
        expected: usize,
        /// The position found.
        found: usize,
    },
    /// The database file exists but is empty: truncated or replaced.
    #[error("store {0}: the database file is empty (0 bytes), so it was truncated or replaced; restore it from a backup, or delete the store folder to start again (its search index still describes the lost documents)")]
    Truncated(PathBuf),
}

impl StoreError {
    /// Whether the same call may succeed if made again later, the store
    /// unchanged meanwhile: the database busy or locked by another
    /// writer, PostgreSQL unreachable, restarting or short of resources, the
    /// disk full. A caller that holds work it cannot redo cheaply (a
    /// worker with an analysed batch) waits and tries again on these.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Sqlite { source, .. } => matches!(
                source.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
            StoreError::Postgres { transient, .. } => *transient,
            StoreError::DiskFull(_) => true,
            _ => false,
        }
    }
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

/// The lines of a document to count for its site (boilerplate learning).
pub type SiteLinesOf<'a> = &'a dyn Fn(&Document) -> Vec<String>;

/// What a store backend does: the one storage interface, implemented by
/// SQLite and PostgreSQL and exercised by one test suite. Every method is
/// one statement or one transaction.
pub trait Backend: Send {
    /// The store as messages name it.
    fn name(&self) -> String;
    /// The schema version of the open database.
    fn schema_version(&self) -> Result<usize, StoreError>;
    /// `true` when a document with this id is stored.
    fn contains(&self, id: &DocumentId) -> Result<bool, StoreError>;
    /// Number of stored documents.
    fn count(&self) -> Result<usize, StoreError>;
    /// Stores a batch in one transaction, numbering the new documents after
    /// every document committed before; stored ids are duplicates.
    fn insert_batch(
        &mut self,
        docs: &[Document],
        site_lines: SiteLinesOf<'_>,
    ) -> Result<BatchOutcome, StoreError>;
    /// Summaries in ingestion order.
    fn list(&self, limit: usize, offset: usize) -> Result<Vec<DocSummary>, StoreError>;
    /// Ids in ingestion order, from the `after`-th on (0: all).
    fn ids_after(&self, after: usize) -> Result<Vec<DocumentId>, StoreError>;
    /// Up to two ids that start with `prefix` (no wildcard in it).
    fn ids_with_prefix(&self, prefix: &str) -> Result<Vec<DocumentId>, StoreError>;
    /// A whole document.
    fn get(&self, id: &DocumentId) -> Result<Option<Document>, StoreError>;
    /// Whole documents, in the order of `ids` (ids not stored are left
    /// out); a backend with round trips to a server loads them together.
    fn get_many(&self, ids: &[DocumentId]) -> Result<Vec<Document>, StoreError> {
        let mut docs = Vec::with_capacity(ids.len());
        for id in ids {
            docs.extend(self.get(id)?);
        }
        Ok(docs)
    }
    /// Stores signatures of `kind`, replacing earlier ones, in one
    /// transaction; a document that is not stored is an error.
    fn put_signatures(
        &mut self,
        kind: &str,
        items: &[(DocumentId, Vec<u32>)],
    ) -> Result<(), StoreError>;
    /// Up to `limit` documents without a signature of `kind`, in order.
    fn unsigned(&self, kind: &str, limit: usize) -> Result<Vec<(DocumentId, String)>, StoreError>;
    /// Every signature of `kind`, in ingestion order.
    fn signatures(&self, kind: &str) -> Result<Vec<(DocumentId, Vec<u32>)>, StoreError>;
    /// Per-site line counts of at least `min_docs` documents.
    fn site_lines(&self, min_docs: u32) -> Result<Vec<(String, String, u32)>, StoreError>;
    /// Where the placement stands (nothing placed yet: zeros).
    fn placement(&self) -> Result<Placement, StoreError>;
    /// Writes one step of the placement in one transaction: the events
    /// made or changed (by key, replacing), the keys gone, the new
    /// position and a new revision. Refused with
    /// [`StoreError::PlacementMoved`] when the placement is no longer at
    /// `write.from`.
    fn write_placement(&mut self, write: &PlacementWrite<'_>) -> Result<Placement, StoreError>;
    /// The placed events written after revision `since` (0: all), by key.
    fn placed_events(&self, since: u64) -> Result<Vec<PlacedEvent>, StoreError>;
    /// The keys of the placed events removed after revision `since`, by
    /// key (an event removed and written again since is not among them).
    fn placed_removed(&self, since: u64) -> Result<Vec<String>, StoreError>;
    /// The key of every placed event, in order.
    fn placed_keys(&self) -> Result<Vec<String>, StoreError>;
}

/// An open store, whichever its backend.
pub struct Store {
    backend: Box<dyn Backend>,
    /// The folder of an embedded store (its index lives beside it).
    folder: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("store", &self.backend.name())
            .finish()
    }
}

impl Store {
    /// Opens the embedded store in directory `dir`, creating it if needed
    /// (for commands that write: `ingest`). An existing database file of 0
    /// bytes is refused, not silently made a new store: SQLite would take
    /// it for an empty database beside an index of the lost documents.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        Ok(Store {
            backend: Box::new(sqlite::SqliteBackend::open(dir)?),
            folder: Some(dir.to_path_buf()),
        })
    }

    /// Opens the embedded store in directory `dir`, which must exist:
    /// commands that only read a store never create one where a path was
    /// mistyped.
    pub fn open_existing(dir: &Path) -> Result<Store, StoreError> {
        if !dir.join(DB_FILE).is_file() {
            return Err(StoreError::Missing(dir.display().to_string()));
        }
        Store::open(dir)
    }

    /// Opens the store at `location`, creating its schema if needed.
    pub fn open_location(location: &Location) -> Result<Store, StoreError> {
        match location {
            Location::Folder(dir) => Store::open(dir),
            Location::Postgres(url) => Ok(Store {
                backend: Box::new(postgres::PostgresBackend::connect(url, true)?),
                folder: None,
            }),
        }
    }

    /// Opens the store at `location`, which must hold one (a PostgreSQL
    /// database without filrouge's schema is `Missing`).
    pub fn open_existing_location(location: &Location) -> Result<Store, StoreError> {
        match location {
            Location::Folder(dir) => Store::open_existing(dir),
            Location::Postgres(url) => Ok(Store {
                backend: Box::new(postgres::PostgresBackend::connect(url, false)?),
                folder: None,
            }),
        }
    }

    /// The folder of an embedded store; `None` for a shared one.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// The store as messages name it: the database file, or the
    /// PostgreSQL address without its password.
    pub fn name(&self) -> String {
        self.backend.name()
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        self.backend.schema_version()
    }

    /// `true` when a document with this id is stored.
    pub fn contains(&self, id: &DocumentId) -> Result<bool, StoreError> {
        self.backend.contains(id)
    }

    /// Number of stored documents.
    pub fn count(&self) -> Result<usize, StoreError> {
        self.backend.count()
    }

    /// Stores a batch of documents in one transaction. Documents already
    /// stored are skipped and counted as duplicates. `site_lines` gives the
    /// lines of a document to count for its site (boilerplate learning).
    pub fn insert_batch(
        &mut self,
        docs: &[Document],
        site_lines: impl Fn(&Document) -> Vec<String>,
    ) -> Result<BatchOutcome, StoreError> {
        self.backend.insert_batch(docs, &site_lines)
    }

    /// Stored documents in ingestion order.
    pub fn list(&self, limit: usize, offset: usize) -> Result<Vec<DocSummary>, StoreError> {
        self.backend.list(limit, offset)
    }

    /// Every stored id, in ingestion order.
    pub fn ids(&self) -> Result<Vec<DocumentId>, StoreError> {
        self.backend.ids_after(0)
    }

    /// The ids stored after the first `after` documents, in ingestion
    /// order: what a reader that has seen `after` documents has not seen
    /// (documents are numbered in commit order).
    pub fn ids_after(&self, after: usize) -> Result<Vec<DocumentId>, StoreError> {
        self.backend.ids_after(after)
    }

    /// Every stored document, in ingestion order (the corpus views: the
    /// timeline, stories, the server).
    pub fn documents(&self) -> Result<Vec<Document>, StoreError> {
        let mut docs = Vec::new();
        for ids in self.ids()?.chunks(LOAD_CHUNK) {
            docs.extend(self.get_many(ids)?);
        }
        Ok(docs)
    }

    /// Whole documents, in the order of `ids`; ids not stored are left
    /// out. Loads them together where that saves round trips (give a few
    /// hundred at a time: [`LOAD_CHUNK`]).
    pub fn get_many(&self, ids: &[DocumentId]) -> Result<Vec<Document>, StoreError> {
        self.backend.get_many(ids)
    }

    /// Resolves a full id or a unique prefix of one.
    pub fn resolve(&self, prefix: &str) -> Result<Option<DocumentId>, StoreError> {
        let prefix_clean = prefix.replace(['%', '_', '\\'], "");
        let mut ids = self.backend.ids_with_prefix(&prefix_clean)?;
        match ids.len() {
            0 => Ok(None),
            1 => Ok(ids.pop()),
            _ => Err(StoreError::Ambiguous(prefix.to_string())),
        }
    }

    /// Loads a whole document.
    pub fn get(&self, id: &DocumentId) -> Result<Option<Document>, StoreError> {
        self.backend.get(id)
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
        self.backend.put_signatures(kind, items)
    }

    /// Up to `limit` stored documents without a signature of kind `kind`,
    /// in ingestion order: `(id, cleaned text)`, the work left to an
    /// incremental signer.
    pub fn unsigned(
        &self,
        kind: &str,
        limit: usize,
    ) -> Result<Vec<(DocumentId, String)>, StoreError> {
        self.backend.unsigned(kind, limit)
    }

    /// Every signature of kind `kind`, in ingestion order (the order an
    /// incremental index saw the documents in).
    pub fn signatures(&self, kind: &str) -> Result<Vec<(DocumentId, Vec<u32>)>, StoreError> {
        self.backend.signatures(kind)
    }

    /// Per-site line counts, for learning boilerplate: `(site, folded line, documents)`.
    pub fn site_lines(&self, min_docs: u32) -> Result<Vec<(String, String, u32)>, StoreError> {
        self.backend.site_lines(min_docs)
    }

    /// Where the placement of the corpus level stands.
    pub fn placement(&self) -> Result<Placement, StoreError> {
        self.backend.placement()
    }

    /// Writes one step of the placement (see [`Backend::write_placement`]).
    pub fn write_placement(&mut self, write: &PlacementWrite<'_>) -> Result<Placement, StoreError> {
        self.backend.write_placement(write)
    }

    /// The placed events written after revision `since` (0: all), by key.
    pub fn placed_events(&self, since: u64) -> Result<Vec<PlacedEvent>, StoreError> {
        self.backend.placed_events(since)
    }

    /// The keys of the placed events removed after revision `since`.
    pub fn placed_removed(&self, since: u64) -> Result<Vec<String>, StoreError> {
        self.backend.placed_removed(since)
    }

    /// The key of every placed event, in order.
    pub fn placed_keys(&self) -> Result<Vec<String>, StoreError> {
        self.backend.placed_keys()
    }
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
