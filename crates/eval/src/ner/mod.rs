//! Named entities (PER, LOC, ORG, and MISC apart) scored against French
//! gold corpora (HIPE-2022, Europeana) and English MEANTIME.
//!
//! This module owns the task: which gold a format name reads
//! ([`GoldFormat`], [`read_gold`]), which entities a MEANTIME CAT document
//! holds ([`read_meantime`], [`entities_of_cat`]), and the scorer
//! ([`score`], [`NerReport`]). The gold documents and the token-per-line
//! readers are [`crate::formats::entities`], [`crate::formats::hipe`] and
//! [`crate::formats::europeana`]; the JSONL exchanged with an external
//! system (the spaCy baseline in `tools/spacy-baseline/`) is
//! [`crate::formats::ner_jsonl`].

use std::path::Path;
use std::str::FromStr;

use crate::formats::entities::{NerDocument, Split};
use crate::formats::europeana::read_europeana;
use crate::formats::hipe::{read_hipe, read_hipe_with, HipeOptions};
use crate::score::EvalError;

mod meantime;
mod scorer;

pub use meantime::{entities_of_cat, read_meantime, MEANTIME_TEST_PER_FOLDER};
pub use scorer::{score, NerReport, TypeScore};

/// A gold corpus and how to read it, by name (for command lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldFormat {
    /// HIPE-2022 TSV, hyphenated restarts merged (`hipe`).
    Hipe,
    /// HIPE-2022 TSV as it is (`hipe-raw`).
    HipeRaw,
    /// Europeana BIO, one split (`europeana-train`, `europeana-test`,
    /// `europeana-all`).
    Europeana(Split),
    /// MEANTIME English CAT files, one split (`meantime-train`,
    /// `meantime-test`, `meantime-all`; see [`read_meantime`]).
    Meantime(Split),
}

impl GoldFormat {
    /// The language of the corpus (`fr` or `en`): the model to score it
    /// with.
    pub fn lang(self) -> &'static str {
        match self {
            GoldFormat::Meantime(_) => "en",
            GoldFormat::Hipe | GoldFormat::HipeRaw | GoldFormat::Europeana(_) => "fr",
        }
    }
}

impl FromStr for GoldFormat {
    type Err = EvalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "hipe" => GoldFormat::Hipe,
            "hipe-raw" => GoldFormat::HipeRaw,
            "europeana-train" => GoldFormat::Europeana(Split::Train),
            "europeana-test" => GoldFormat::Europeana(Split::Test),
            "europeana-all" | "europeana" => GoldFormat::Europeana(Split::All),
            "meantime-train" => GoldFormat::Meantime(Split::Train),
            "meantime-test" => GoldFormat::Meantime(Split::Test),
            "meantime-all" | "meantime" => GoldFormat::Meantime(Split::All),
            _ => return Err(EvalError::UnknownFormat(s.to_string())),
        })
    }
}

/// Reads a gold file in the given format.
pub fn read_gold(format: GoldFormat, path: &Path) -> Result<Vec<NerDocument>, EvalError> {
    match format {
        GoldFormat::Hipe => read_hipe(path),
        GoldFormat::HipeRaw => read_hipe_with(
            path,
            HipeOptions {
                merge_hyphenated: false,
            },
        ),
        GoldFormat::Europeana(split) => read_europeana(path, split),
        GoldFormat::Meantime(split) => read_meantime(path, split),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::entities::{MISC_LABEL, NER_LABELS};
    use crate::formats::hipe::word_pair;
    use crate::test_data::shared_data;

    #[test]
    fn format_names_parse() {
        assert!("hipe".parse::<GoldFormat>().is_ok());
        assert_eq!(
            "europeana-test".parse::<GoldFormat>().ok(),
            Some(GoldFormat::Europeana(Split::Test))
        );
        assert_eq!(
            "meantime".parse::<GoldFormat>().map(GoldFormat::lang).ok(),
            Some("en")
        );
        assert!(matches!(
            "conll".parse::<GoldFormat>(),
            Err(EvalError::UnknownFormat(_))
        ));
    }

    fn summary(name: &str, docs: &[NerDocument]) -> [usize; 5] {
        let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
        let count = |label: &str| {
            docs.iter()
                .flat_map(|d| &d.gold)
                .filter(|s| s.label == label)
                .count()
        };
        let (per, loc, org) = (count("PER"), count("LOC"), count("ORG"));
        println!(
            "{name}: {} documents, {tokens} tokens, {} entities (PER {per}, LOC {loc}, ORG {org})",
            docs.len(),
            per + loc + org
        );
        for d in docs {
            assert_eq!(d.tokens.len(), d.space_after.len(), "{}", d.id);
            let mut last_end = 0;
            for s in &d.gold {
                assert!(s.start < s.end && s.end <= d.tokens.len(), "{}", d.id);
                assert!(s.start >= last_end, "{}: overlapping gold", d.id);
                assert!(NER_LABELS.contains(&s.label.as_str()) || s.label == MISC_LABEL);
                last_end = s.end;
            }
        }
        let perfect = score(
            docs,
            &docs.iter().map(|d| d.gold.clone()).collect::<Vec<_>>(),
        );
        assert_eq!(perfect.micro.correct, perfect.micro.gold);
        [docs.len(), tokens, per, loc, org]
    }

    #[test]
    fn hipe_and_europeana_read_whole() {
        let Some(data) = shared_data() else {
            return;
        };
        let hipe = data.join("hipe2022-newseye-fr");
        let read = |split: &str, options: HipeOptions| {
            let path = hipe.join(format!("HIPE-2022-v2.1-newseye-{split}-fr.tsv"));
            match read_hipe_with(&path, options) {
                Ok(d) => d,
                Err(e) => panic!("{e}"),
            }
        };
        let raw = HipeOptions {
            merge_hyphenated: false,
        };
        for split in ["dev", "test"] {
            let merged = read(split, HipeOptions::default());
            let as_is = read(split, raw);
            let m = summary(&format!("HIPE {split}"), &merged);
            let r = summary(&format!("HIPE {split} (raw, no merge)"), &as_is);
            assert_eq!(m[0], 35);
            let merges = r[2..].iter().sum::<usize>() - m[2..].iter().sum::<usize>();
            println!("HIPE {split}: {merges} hyphenated line-break restarts merged");
            // Spurious NoSpaceAfter between word tokens: about 5% of pairs.
            let (mut pairs, mut spaced) = (0usize, 0usize);
            for d in &merged {
                for i in 0..d.tokens.len().saturating_sub(1) {
                    if word_pair(&d.tokens[i], &d.tokens[i + 1]) {
                        pairs += 1;
                        spaced += usize::from(d.space_after[i]);
                    }
                }
            }
            assert_eq!(pairs, spaced);
        }
        let test = read("test", HipeOptions::default());
        let test_raw = read("test", raw);
        let entities = |d: &[NerDocument]| {
            d.iter()
                .flat_map(|d| &d.gold)
                .filter(|s| s.label != MISC_LABEL)
                .count()
        };
        // HumanProd is kept as MISC (33 B- tags in the file).
        let misc = |d: &[NerDocument]| {
            d.iter()
                .flat_map(|d| &d.gold)
                .filter(|s| s.label == MISC_LABEL)
                .count()
        };
        assert_eq!(misc(&test_raw), 33);
        assert!(misc(&test) <= misc(&test_raw));
        // B- counts of the file: PER 1025, LOC 1112, ORG 360; 32 hyphenated
        // restarts merged.
        assert_eq!(entities(&test_raw), 1025 + 1112 + 360);
        assert_eq!(entities(&test_raw) - entities(&test), 32);

        let enp = data.join("europeana-ner-fr/enp_FR.bnf.bio");
        let read = |split| match read_europeana(&enp, split) {
            Ok(d) => d,
            Err(e) => panic!("{e}"),
        };
        let all = summary("Europeana all", &read(Split::All));
        let train = summary("Europeana train", &read(Split::Train));
        let test = summary("Europeana test", &read(Split::Test));
        // 205,916 lines, 21 of them page ids.
        assert_eq!(all[1], 205_916 - 21);
        for k in 0..5 {
            assert_eq!(train[k] + test[k], all[k]);
        }
        assert!(test[1] * 6 > all[1] && test[1] * 4 < all[1]);
    }
}
