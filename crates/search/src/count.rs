//! How many records a search matches, whatever its limit: the total a
//! page of hits is part of.

use crate::{index_error, SearchError, SearchIndex, SearchQuery};

impl SearchIndex {
    /// How many documents (or, with `sentences`, sentences) match `q`,
    /// whatever its limit: the total a page of hits is part of.
    pub fn count(&self, q: &SearchQuery, sentences: bool) -> Result<usize, SearchError> {
        let (part, query) = if sentences {
            let f = &self.sentence_fields;
            let q = &self.entity_as_documents(q)?;
            let query = self.query(&self.sentences, &f.common, &f.common.text, q, |_| {});
            (&self.sentences, query)
        } else {
            let f = &self.doc_fields;
            let mut text_fields = f.common.text.to_vec();
            text_fields.extend(f.title_text);
            let query = self.query(&self.docs, &f.common, &text_fields, q, |_| {});
            (&self.docs, query)
        };
        part.reader
            .searcher()
            .search(&query, &tantivy::collector::Count)
            .map_err(|e| index_error(&part.path, e))
    }
}
