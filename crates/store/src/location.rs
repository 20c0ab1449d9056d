//! Where a store is: a folder (the embedded SQLite store) or a PostgreSQL
//! address, as given to `--store` or `FILROUGE_STORE`.

use std::path::PathBuf;

/// Where a store is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A folder holding the embedded store (created by `ingest`).
    Folder(PathBuf),
    /// A PostgreSQL database shared by several processes:
    /// `postgres://user[:password]@host[:port]/database`.
    Postgres(String),
}

impl Location {
    /// Reads `--store`: a `postgres://` or `postgresql://` address is a
    /// shared store; anything else is a folder.
    pub fn parse(text: &str) -> Location {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.to_string())
        } else {
            Location::Folder(PathBuf::from(text))
        }
    }

    /// The location as messages show it: a folder's path, or the address
    /// without its password (messages end up in logs).
    pub fn display(&self) -> String {
        match self {
            Location::Folder(dir) => dir.display().to_string(),
            Location::Postgres(url) => redacted(url),
        }
    }
}

impl From<PathBuf> for Location {
    fn from(dir: PathBuf) -> Location {
        Location::Folder(dir)
    }
}

impl From<&std::path::Path> for Location {
    fn from(dir: &std::path::Path) -> Location {
        Location::Folder(dir.to_path_buf())
    }
}

impl std::str::FromStr for Location {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Location, Self::Err> {
        Ok(Location::parse(s))
    }
}

/// A PostgreSQL address without its password (and without its query: it
/// may carry one too).
pub(crate) fn redacted(address: &str) -> String {
    match url::Url::parse(address) {
        Ok(mut url) => {
            if url.password().is_some() {
                let _ = url.set_password(Some("***"));
            }
            url.set_query(None);
            url.to_string()
        }
        Err(_) => "postgres://(an address that does not parse)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_postgres_and_anything_else_a_folder() {
        assert_eq!(
            Location::parse("postgres://u@h/db"),
            Location::Postgres("postgres://u@h/db".into())
        );
        assert!(matches!(
            Location::parse("postgresql://h/db"),
            Location::Postgres(_)
        ));
        assert_eq!(
            Location::parse("filrouge-data"),
            Location::Folder("filrouge-data".into())
        );
        // A folder that merely starts with the word is a folder.
        assert!(matches!(
            Location::parse("postgres-dump"),
            Location::Folder(_)
        ));
    }

    #[test]
    fn a_password_never_shows() {
        let shown =
            Location::parse("postgres://me:s3cret@db.example:5433/news?password=x").display();
        assert!(
            !shown.contains("s3cret") && !shown.contains("password=x"),
            "{shown}"
        );
        assert!(shown.contains("db.example:5433/news"), "{shown}");
    }
}
