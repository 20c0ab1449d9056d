//! Test support shared by the crates whose tests run against both
//! backends: a fresh PostgreSQL database per test, on the server named by
//! `FILROUGE_TEST_POSTGRES` (`scripts/services start` runs one).

use std::sync::atomic::{AtomicUsize, Ordering};

use postgres::{Client, NoTls};

use crate::Location;

/// The variable naming the test server.
pub const TEST_POSTGRES: &str = "FILROUGE_TEST_POSTGRES";

/// A database made for one test and dropped after it.
#[derive(Debug)]
pub struct TestDatabase {
    admin: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// A new empty database on the test server; `None`, after saying how
    /// to start the services, when none is configured. In CI (`CI` set)
    /// a missing server is a failure, not a skip.
    pub fn create() -> Option<TestDatabase> {
        let Ok(admin) = std::env::var(TEST_POSTGRES) else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI runs the PostgreSQL tests: {TEST_POSTGRES} is not set (scripts/services start)"
            );
            eprintln!(
                "skipped (PostgreSQL): {TEST_POSTGRES} is not set; run `scripts/services start` and `eval \"$(scripts/services env)\"`"
            );
            return None;
        };
        Some(TestDatabase::create_on(&admin).unwrap_or_else(|e| panic!("{TEST_POSTGRES}: {e}")))
    }

    /// A new empty database on the server at `admin` (an address whose
    /// user may create databases), dropped with the value: for tests and
    /// benchmarks that need a store of their own.
    pub fn create_on(admin: &str) -> Result<TestDatabase, String> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "filrouge_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        let redacted = crate::location::redacted(admin);
        let mut client =
            Client::connect(admin, NoTls).map_err(|e| format!("cannot reach {redacted}: {e}"))?;
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .map_err(|e| format!("cannot create database {name} on {redacted}: {e}"))?;
        let url = with_database(admin, &name)?;
        Ok(TestDatabase {
            admin: admin.to_string(),
            name,
            url,
        })
    }

    /// The database's address.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database as a store location.
    pub fn location(&self) -> Location {
        Location::Postgres(self.url.clone())
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Ok(mut client) = Client::connect(&self.admin, NoTls) {
            let _ = client.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// `address` with its database replaced by `name`.
fn with_database(address: &str, name: &str) -> Result<String, String> {
    let mut url = url::Url::parse(address).map_err(|e| format!("not an address: {e}"))?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}
