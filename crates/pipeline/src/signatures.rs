//! Near-duplicate signatures kept in the store, so that a growing corpus
//! is compared incrementally: signatures missing from the store are
//! computed (in parallel) and stored once, and the index is rebuilt from
//! the stored signatures without reading or hashing the old texts again.

use filrouge_corpus::{NearDuplicates, SignatureError};
use filrouge_model::DocumentId;
use filrouge_store::{Store, StoreError};
use rayon::prelude::*;

/// Documents signed per store transaction.
const BATCH: usize = 1024;

/// Why the index could not be rebuilt.
#[derive(Debug, thiserror::Error)]
pub enum SignaturesError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored signature does not fit the index (a store written by an
    /// incompatible build).
    #[error("stored signatures of kind {kind}: {source}")]
    Signature {
        /// The signature kind.
        kind: String,
        /// What is wrong.
        source: SignatureError,
    },
}

/// The store's name for MinHash signatures at a threshold: the threshold
/// sets the signature length, so each threshold is its own kind.
pub fn minhash_kind(index: &NearDuplicates) -> String {
    format!("minhash-w3-{}", index.signature_len())
}

/// Signs the stored documents that have no signature yet, then rebuilds
/// the near-duplicate index of the whole store. Returns the index and the
/// document of each of its entries (index `i` is `ids[i]`), in ingestion
/// order, so that new texts can be added and their duplicates named.
pub fn near_duplicates(
    store: &mut Store,
    threshold: f64,
) -> Result<(NearDuplicates, Vec<DocumentId>), SignaturesError> {
    let signer = NearDuplicates::new(threshold);
    let kind = minhash_kind(&signer);
    loop {
        let todo = store.unsigned(&kind, BATCH)?;
        if todo.is_empty() {
            break;
        }
        let signed: Vec<(DocumentId, Vec<u32>)> = todo
            .into_par_iter()
            .map(|(id, text)| {
                let signature = signer.signature(&text);
                (id, signature)
            })
            .collect();
        store.put_signatures(&kind, &signed)?;
    }
    let stored = store.signatures(&kind)?;
    let index = NearDuplicates::from_signatures(threshold, stored.iter().map(|(_, s)| s)).map_err(
        |source| SignaturesError::Signature {
            kind: kind.clone(),
            source,
        },
    )?;
    Ok((index, stored.into_iter().map(|(id, _)| id).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge_model::{Document, Metadata, Source, SourceFormat};

    fn doc(id: &str, text: &str) -> Document {
        let source = Source {
            path: format!("{id}.txt"),
            container: None,
            format: SourceFormat::Text,
            charset: "UTF-8".into(),
            bytes: text.len() as u64,
        };
        Document::new(
            DocumentId(id.into()),
            source,
            Metadata::default(),
            text.into(),
        )
    }

    const STORY: &str = "Le tribunal administratif a suspendu jeudi l'arrêté qui fermait la plage du Grand Rocher, estimant que la commune n'avait pas démontré de danger pour les baigneurs, et la mairie annonce qu'elle fera appel.";

    #[test]
    fn stored_signatures_are_computed_once_and_rebuild_the_index() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path()).expect("store");
        let other = "Les travaux du pont reprendront lundi après trois semaines d'arrêt dus aux intempéries, a indiqué le département.";
        store
            .insert_batch(&[doc("a", STORY), doc("b", other)], |_| Vec::new())
            .expect("insert");
        let (mut index, ids) = near_duplicates(&mut store, 0.5).expect("index");
        assert_eq!(ids, vec![DocumentId("a".into()), DocumentId("b".into())]);
        let kind = minhash_kind(&index);
        assert!(store.unsigned(&kind, 10).expect("unsigned").is_empty());
        // A republication is found against the stored signatures.
        let found = index.add(&STORY.replace("jeudi", "mercredi"));
        assert_eq!(found.len(), 1);
        assert_eq!(ids.get(found[0].earlier), Some(&DocumentId("a".into())));
        // A new document is signed on the next call; the old ones are not
        // signed again (their stored values are kept as they are).
        store
            .insert_batch(
                &[doc("c", "Un texte de plus sur autre chose entièrement.")],
                |_| Vec::new(),
            )
            .expect("insert");
        assert_eq!(store.unsigned(&kind, 10).expect("unsigned").len(), 1);
        let (again, ids) = near_duplicates(&mut store, 0.5).expect("index");
        assert_eq!((again.len(), ids.len()), (3, 3));
    }
}
