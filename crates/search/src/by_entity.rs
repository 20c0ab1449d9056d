//! Entity filters on sentences. A document's entity terms are indexed
//! once, on its document record: given to each of its sentence records
//! they cost sentences x entities (a 2 MB page: 18 CPU-seconds and 1.5 GB
//! to index). A sentence search filtered by an entity first finds the
//! documents that mention it, then keeps their sentences.

use std::collections::HashSet;

use tantivy::collector::DocSetCollector;
use tantivy::TantivyDocument;

use crate::{index_error, stored_str, SearchError, SearchIndex, SearchQuery};

impl SearchIndex {
    /// `q` with its entity filter turned into the list of documents that
    /// mention the entity (within `q.documents`, when given); `q` itself
    /// when it filters by no entity.
    pub(crate) fn entity_as_documents(&self, q: &SearchQuery) -> Result<SearchQuery, SearchError> {
        let Some(name) = q.entity.as_deref().filter(|n| !n.trim().is_empty()) else {
            return Ok(q.clone());
        };
        let only_entity = SearchQuery {
            entity: Some(name.to_string()),
            ..SearchQuery::default()
        };
        let c = &self.doc_fields.common;
        let query = self.query(&self.docs, c, &[], &only_entity, |_| {});
        let searcher = self.docs.reader.searcher();
        let err = |e| index_error(&self.docs.path, e);
        let found = searcher.search(&*query, &DocSetCollector).map_err(err)?;
        let given: Option<HashSet<&str>> = q
            .documents
            .as_ref()
            .map(|ids| ids.iter().map(String::as_str).collect());
        let mut ids = Vec::with_capacity(found.len());
        for address in found {
            let record: TantivyDocument = searcher.doc(address).map_err(err)?;
            let Some(id) = stored_str(&record, c.id) else {
                continue;
            };
            if given.as_ref().is_none_or(|g| g.contains(id)) {
                ids.push(id.to_string());
            }
        }
        Ok(SearchQuery {
            entity: None,
            documents: Some(ids),
            ..q.clone()
        })
    }
}
