//! Near-copies and shared passages across a collection's documents: which
//! articles republish another (whole-text MinHash, `filrouge_corpus::
//! NearDuplicates`) and which paragraphs two articles share nearly
//! verbatim (`filrouge_corpus::PassageReuse`). Both are read in document
//! order, so an article is compared with the ones before it.

use filrouge_corpus::{NearDuplicates, PassageReuse, ReuseParams};
use filrouge_model::{Document, Span};
use filrouge_timeline::PassagePair;
use rayon::prelude::*;

/// Estimated word-trigram similarity at which one article is a copy of
/// another (a republication with edits): the timeline counts copies as
/// one source, and `filrouge duplicates` lists pairs at this threshold
/// unless told otherwise.
pub const COPY_THRESHOLD: f64 = 0.5;

/// One article nearly duplicating an earlier one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DuplicatePair {
    /// The later article (its index in the collection).
    pub document: usize,
    /// The earlier article it nearly duplicates.
    pub earlier: usize,
    /// Estimated Jaccard similarity of their word trigrams.
    pub similarity: f64,
}

/// The near-copies of a collection at one threshold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Copies {
    /// Per document, the index of the first document of its group of
    /// copies (its own index when it copies no earlier one).
    pub group: Vec<usize>,
    /// Every pair found, by later document then most similar first.
    pub pairs: Vec<DuplicatePair>,
}

impl Copies {
    /// The copies among `docs` at `threshold`, from each document's
    /// signature (`signatures[i]` when given, e.g. read from a store, else
    /// computed from its cleaned text, in parallel).
    pub fn find(docs: &[Document], threshold: f64, signatures: &[Option<Vec<u32>>]) -> Copies {
        let mut index = NearDuplicates::new(threshold);
        let computed: Vec<Vec<u32>> = docs
            .par_iter()
            .enumerate()
            .map(|(i, d)| match signatures.get(i) {
                Some(Some(stored)) if stored.len() == index.signature_len() => Vec::new(),
                _ => index.signature(&d.text),
            })
            .collect();
        let mut copies = Copies::default();
        for (i, own) in computed.iter().enumerate() {
            let signature = match signatures.get(i) {
                Some(Some(stored)) if own.is_empty() => stored,
                _ => own,
            };
            let found = index.add_signature(signature);
            let group = found
                .iter()
                .map(|x| copies.group[x.earlier])
                .min()
                .unwrap_or(i);
            copies.group.push(group);
            copies.pairs.extend(found.iter().map(|x| DuplicatePair {
                document: i,
                earlier: x.earlier,
                similarity: x.similarity,
            }));
        }
        copies
    }
}

/// Paragraphs two of `docs` share nearly verbatim, in the order found
/// (each later paragraph against its earliest sources).
pub fn shared_passages(docs: &[Document]) -> Vec<PassagePair> {
    let mut index = PassageReuse::new(ReuseParams::default());
    let mut out = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        out.extend(index.add(&d.text).into_iter().map(|p| PassagePair {
            document: i,
            span: Span::new(p.span.0, p.span.1),
            earlier: p.earlier,
            earlier_span: Span::new(p.earlier_span.0, p.earlier_span.1),
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use filrouge_model::{DocumentId, Metadata, Source};

    fn doc(id: &str, text: &str) -> Document {
        let source = Source::text_file(format!("{id}.txt"), text.len() as u64);
        Document::new(
            DocumentId(id.into()),
            source,
            Metadata::default(),
            text.into(),
        )
    }

    const STORY: &str = "Le tribunal administratif a suspendu jeudi l'arrêté qui fermait la plage du Grand Rocher, estimant que la commune n'avait pas démontré de danger pour les baigneurs, et la mairie annonce qu'elle fera appel.";

    #[test]
    fn copies_group_under_the_first_and_stored_signatures_give_the_same() {
        let docs = vec![
            doc("a", STORY),
            doc("b", "Les travaux du pont reprendront lundi après trois semaines d'arrêt dus aux intempéries."),
            doc("c", &STORY.replace("jeudi", "mercredi")),
        ];
        let computed = Copies::find(&docs, COPY_THRESHOLD, &[]);
        assert_eq!(computed.group, vec![0, 1, 0]);
        assert_eq!(computed.pairs.len(), 1);
        assert_eq!(
            (computed.pairs[0].document, computed.pairs[0].earlier),
            (2, 0)
        );
        let signer = NearDuplicates::new(COPY_THRESHOLD);
        let stored: Vec<Option<Vec<u32>>> = vec![
            Some(signer.signature(&docs[0].text)),
            None,
            Some(signer.signature(&docs[2].text)),
        ];
        assert_eq!(Copies::find(&docs, COPY_THRESHOLD, &stored), computed);
    }
}
