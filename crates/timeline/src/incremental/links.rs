//! What the incremental linker takes from the corpus level with each
//! document ([`DocumentLinks`]): stable keys instead of the batch linker's
//! indexes into corpus-wide lists.

use filrouge_entities::CanonicalEntity;
use filrouge_model::Document;
use rustc_hash::FxHashMap;

use crate::CorpusContext;

/// What the corpus level knows of one document, as the incremental linker
/// takes it: its place in the canonical order, its group of near-copies
/// and the entity each form it writes stands for, all by stable keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentLinks {
    /// Where the document comes in the canonical order (the batch
    /// linker's document order, e.g. a store's document number): equally
    /// scored pairs are taken in this order, so it decides ties, never
    /// the order documents are added in. Ties between equal orders fall to
    /// the document id.
    pub order: u64,
    /// The key of the document's group of near-copies (e.g. the id of the
    /// group's first document; its own id when it copies none).
    pub copy_group: String,
    /// (form as written, entity key) pairs: the stable key (such as
    /// [`CanonicalEntity::id`]) of the entity each form stands for; the
    /// first pair of a form counts.
    pub entities: Vec<(String, String)>,
}

impl DocumentLinks {
    /// The links of `doc` when nothing is known beyond it: entities
    /// resolved within the document alone (their keys are
    /// [`CanonicalEntity::id`], type and comparison key of the display
    /// name, so the same name in two documents is one entity), and the
    /// given copy group.
    pub fn alone(doc: &Document, order: u64, copy_group: String) -> DocumentLinks {
        let entities =
            filrouge_entities::resolve(&filrouge_entities::mentions(std::slice::from_ref(doc)));
        DocumentLinks {
            order,
            copy_group,
            entities: forms(&entities, doc.id.0.as_str()),
        }
    }
}

/// Per document of `docs`, its links as the batch linker sees them with
/// `context`: order = its index, copy group = the id of its group's first
/// document, entities = the canonical entities listing it (keyed by
/// [`CanonicalEntity::id`]). Added with these, the incremental linker
/// compares exactly what the batch linker compares.
pub fn document_links(docs: &[Document], context: &CorpusContext) -> Vec<DocumentLinks> {
    let mut listing: FxHashMap<&str, Vec<&CanonicalEntity>> = FxHashMap::default();
    for e in context.entities.iter() {
        for d in &e.documents {
            listing.entry(d.as_str()).or_default().push(e);
        }
    }
    docs.iter()
        .enumerate()
        .map(|(i, doc)| {
            let group = context.copy_group.get(i).copied().unwrap_or(i);
            let copy_group = docs.get(group).unwrap_or(doc).id.0.clone();
            let entities = listing.get(doc.id.0.as_str()).map_or(Vec::new(), |es| {
                es.iter()
                    .flat_map(|e| e.aliases.iter().map(|(f, _)| (f.clone(), e.id.clone())))
                    .collect()
            });
            DocumentLinks {
                order: i as u64,
                copy_group,
                entities,
            }
        })
        .collect()
}

/// (form, entity id) for every alias of the entities listing document
/// `id`, in the entities' order.
fn forms(entities: &[CanonicalEntity], id: &str) -> Vec<(String, String)> {
    entities
        .iter()
        .filter(|e| e.documents.iter().any(|d| d == id))
        .flat_map(|e| e.aliases.iter().map(|(f, _)| (f.clone(), e.id.clone())))
        .collect()
}
