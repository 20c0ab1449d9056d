//! The names of a queue's streams, subjects, consumer and bucket, all
//! derived from one prefix, so that several queues (or tests) share a
//! server without colliding.

use crate::QueueError;

/// Names of one queue. With the empty prefix (the default): stream
/// `FILROUGE_RECORDS` on subject `filrouge.records`, consumer
/// `filrouge-workers`, dead letters in stream `FILROUGE_DEAD` on subject
/// `filrouge.dead`, page furniture in object bucket `FILROUGE_FURNITURE`.
/// A prefix `p` makes them `p_FILROUGE_RECORDS`, `p.filrouge.records`,
/// `p-filrouge-workers` and so on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    prefix: String,
}

impl Names {
    /// The names under `prefix` (ASCII letters, digits, `_` and `-`; empty
    /// for the default names).
    pub fn new(prefix: &str) -> Result<Names, QueueError> {
        let valid = prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(QueueError::Prefix(prefix.to_string()));
        }
        Ok(Names {
            prefix: prefix.to_string(),
        })
    }

    /// The prefix (empty by default).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn join(&self, separator: &str, name: &str) -> String {
        if self.prefix.is_empty() {
            name.to_string()
        } else {
            format!("{}{separator}{name}", self.prefix)
        }
    }

    /// The stream of records waiting to be analysed and stored.
    pub fn records_stream(&self) -> String {
        self.join("_", "FILROUGE_RECORDS")
    }

    /// The subject records are published on.
    pub fn records_subject(&self) -> String {
        self.join(".", "filrouge.records")
    }

    /// The durable pull consumer every worker shares.
    pub fn consumer(&self) -> String {
        self.join("-", "filrouge-workers")
    }

    /// The stream of dead letters.
    pub fn dead_stream(&self) -> String {
        self.join("_", "FILROUGE_DEAD")
    }

    /// The subject dead letters are published on.
    pub fn dead_subject(&self) -> String {
        self.join(".", "filrouge.dead")
    }

    /// The object bucket holding the page furniture publishers learned.
    pub fn furniture_bucket(&self) -> String {
        self.join("_", "FILROUGE_FURNITURE")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_and_prefixed_names() {
        let names = Names::default();
        assert_eq!(names.records_stream(), "FILROUGE_RECORDS");
        assert_eq!(names.records_subject(), "filrouge.records");
        assert_eq!(names.consumer(), "filrouge-workers");
        assert_eq!(names.dead_subject(), "filrouge.dead");
        let names = Names::new("t-1_a").expect("a valid prefix");
        assert_eq!(names.records_stream(), "t-1_a_FILROUGE_RECORDS");
        assert_eq!(names.records_subject(), "t-1_a.filrouge.records");
        assert_eq!(names.furniture_bucket(), "t-1_a_FILROUGE_FURNITURE");
        for bad in ["a.b", "a b", "a*", ">", "é"] {
            assert!(Names::new(bad).is_err(), "{bad}");
        }
    }
}
