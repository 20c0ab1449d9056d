//! Near-duplicate signatures kept in the store, so that a growing corpus
//! is compared incrementally: each ingested batch is signed once (in
//! parallel) and its signatures stored beside it; a collection read from
//! the store finds its copies from the stored signatures without hashing
//! the old texts again.

use filrouge_corpus::NearDuplicates;
use filrouge_model::{Document, DocumentId};
use filrouge_store::{Store, StoreError};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Documents signed per store transaction when catching up.
const BATCH: usize = 1024;

/// The store's name for MinHash signatures at a threshold: the threshold
/// sets the signature length, so each threshold is its own kind.
pub fn minhash_kind(index: &NearDuplicates) -> String {
    format!("minhash-w3-{}", index.signature_len())
}

/// Signs `docs` at `threshold` (in parallel) and stores the signatures.
pub fn sign(store: &mut Store, docs: &[Document], threshold: f64) -> Result<(), StoreError> {
    let signer = NearDuplicates::new(threshold);
    let signed: Vec<(DocumentId, Vec<u32>)> = docs
        .par_iter()
        .map(|d| (d.id.clone(), signer.signature(&d.text)))
        .collect();
    store.put_signatures(&minhash_kind(&signer), &signed)
}

/// Signs the stored documents that have no signature at `threshold` yet
/// (a store made before signatures were kept, an ingest stopped between
/// two commits); returns how many.
pub fn sign_missing(store: &mut Store, threshold: f64) -> Result<usize, StoreError> {
    let signer = NearDuplicates::new(threshold);
    let kind = minhash_kind(&signer);
    let mut signed = 0;
    loop {
        let todo = store.unsigned(&kind, BATCH)?;
        if todo.is_empty() {
            return Ok(signed);
        }
        let batch: Vec<(DocumentId, Vec<u32>)> = todo
            .into_par_iter()
            .map(|(id, text)| {
                let signature = signer.signature(&text);
                (id, signature)
            })
            .collect();
        signed += batch.len();
        store.put_signatures(&kind, &batch)?;
    }
}

/// The stored signature at `threshold` of each of `docs` (`None` for a
/// document the store has not signed).
pub fn stored(
    store: &Store,
    docs: &[Document],
    threshold: f64,
) -> Result<Vec<Option<Vec<u32>>>, StoreError> {
    let kind = minhash_kind(&NearDuplicates::new(threshold));
    let mut by_id: FxHashMap<DocumentId, Vec<u32>> = store.signatures(&kind)?.into_iter().collect();
    Ok(docs.iter().map(|d| by_id.remove(&d.id)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge_model::{Metadata, Source};

    fn doc(id: &str, text: &str) -> Document {
        let source = Source::text_file(format!("{id}.txt"), text.len() as u64);
        Document::new(
            DocumentId(id.into()),
            source,
            Metadata::default(),
            text.into(),
        )
    }

    #[test]
    fn missing_signatures_are_computed_once_and_read_back_in_document_order() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path()).expect("store");
        let a = doc(
            "a",
            "Le tribunal administratif a suspendu jeudi l'arrêté qui fermait la plage.",
        );
        let b = doc(
            "b",
            "Les travaux du pont reprendront lundi après trois semaines d'arrêt.",
        );
        store
            .insert_batch(&[a.clone(), b.clone()], |_| Vec::new())
            .expect("insert");
        assert_eq!(sign_missing(&mut store, 0.5).expect("sign"), 2);
        assert_eq!(sign_missing(&mut store, 0.5).expect("sign"), 0);
        let c = doc("c", "Un texte de plus sur autre chose entièrement.");
        store
            .insert_batch(std::slice::from_ref(&c), |_| Vec::new())
            .expect("insert");
        let read = stored(&store, &[b.clone(), c.clone(), a.clone()], 0.5).expect("read");
        let signer = NearDuplicates::new(0.5);
        assert_eq!(read[0].as_deref(), Some(&signer.signature(&b.text)[..]));
        assert_eq!(read[1], None, "c is not signed yet");
        sign(&mut store, std::slice::from_ref(&c), 0.5).expect("sign c");
        let read = stored(&store, std::slice::from_ref(&c), 0.5).expect("read");
        assert_eq!(read[0].as_deref(), Some(&signer.signature(&c.text)[..]));
    }
}
