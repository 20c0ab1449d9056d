//! The entry's headline, in its sources' own words: for an article's news,
//! the title of the source whose title says most about the event; for a
//! day recalled in passing, the main clause of its most central sentence;
//! the kind's label and the people taking part only when no source gives
//! words.

use super::{EntityRef, EventSource};
use crate::text::Bag;

/// Words a title needs to be a headline (not a site's or a section's
/// name).
const TITLE_MIN_WORDS: usize = 3;
/// Words of a sentence before a clause may end its headline.
const CLAUSE_MIN_WORDS: usize = 6;
/// Words a headline cut from a sentence keeps at most.
const SENTENCE_MAX_WORDS: usize = 20;

/// The headline of an event reported as news (`main`) or recalled in
/// passing, from its sources' titles, its summary, the words of its
/// sentences, and otherwise its kind's `label` and `participants`.
pub(super) fn headline(
    main: bool,
    sources: &[EventSource],
    summary: &[String],
    words: &Bag,
    label: String,
    participants: &[EntityRef],
) -> String {
    let title = main.then(|| best_title(sources.iter(), words)).flatten();
    title
        .or_else(|| summary.first().map(|s| main_clause(without_dateline(s))))
        .unwrap_or_else(|| label_and_people(label, participants))
}

/// The title of a main source in `lang` sharing most words with the
/// event's sentences, when the event's sources are in several languages
/// and one in `lang` has a title: a reader of `lang` gets a headline in
/// it.
pub(crate) fn title_in(sources: &[EventSource], words: &Bag, lang: &str) -> Option<String> {
    // A source of unknown language is no other language.
    let several = sources
        .iter()
        .any(|s| s.lang.as_deref().is_some_and(|l| l != lang));
    let in_lang = |s: &&EventSource| s.lang.as_deref() == Some(lang);
    several
        .then(|| best_title(sources.iter().filter(in_lang), words))
        .flatten()
}

/// The title of a main source sharing most words with the event's
/// sentences (the first of equals).
fn best_title<'a>(sources: impl Iterator<Item = &'a EventSource>, words: &Bag) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for s in sources.filter(|s| s.main) {
        let Some(title) = s.title.as_deref().map(str::trim) else {
            continue;
        };
        if title.split_whitespace().count() < TITLE_MIN_WORDS {
            continue;
        }
        let score = Bag::of(title).cosine(words);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, title));
        }
    }
    best.map(|(_, t)| t.to_string())
}

/// Words a dateline holds at most ("SAINT-AUBERT, France, Oct. 22 (ALP)").
const DATELINE_MAX_WORDS: usize = 12;

/// `sentence` without the dateline that opens a wire story ("PARIS, 3
/// juillet 2025 (AFP) - ", "LONDON (Reuters) — "): a short place, date or
/// credit before a spaced dash, known by its parenthesised credit or its
/// figures. The rest is the news.
fn without_dateline(sentence: &str) -> &str {
    let dash = [" - ", " – ", " — "]
        .iter()
        .filter_map(|d| sentence.find(d).map(|at| (at, d.len())))
        .min();
    let Some((at, len)) = dash else {
        return sentence;
    };
    let head = &sentence[..at];
    let credit = head.trim_end().ends_with(')') && head.contains('(');
    let dated = head.chars().any(|c| c.is_ascii_digit());
    let short = head.split_whitespace().count() <= DATELINE_MAX_WORDS;
    let rest = sentence[at + len..].trim_start();
    if short && (credit || dated) && !rest.is_empty() {
        rest
    } else {
        sentence
    }
}

/// A sentence's main clause: up to the first comma, colon or semicolon
/// after a few words, else its first words.
fn main_clause(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    for (i, w) in words.iter().enumerate().skip(CLAUSE_MIN_WORDS - 1) {
        if i >= SENTENCE_MAX_WORDS {
            break;
        }
        if w.ends_with([',', ';', ':']) {
            let clause = words[..=i].join(" ");
            return clause.trim_end_matches([',', ';', ':']).to_string();
        }
    }
    if words.len() <= SENTENCE_MAX_WORDS {
        return sentence
            .trim()
            .trim_end_matches(['.', '!', '?'])
            .to_string();
    }
    format!("{}…", words[..SENTENCE_MAX_WORDS].join(" "))
}

/// The kind's label, then up to three people.
fn label_and_people(label: String, participants: &[EntityRef]) -> String {
    let names: Vec<&str> = participants
        .iter()
        .filter(|p| p.kind == "PER")
        .take(3)
        .map(|p| p.name.as_str())
        .collect();
    if names.is_empty() {
        label
    } else {
        format!("{label} : {}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wire_dateline_is_no_headline() {
        assert_eq!(
            without_dateline("Brestanville, 3 sept. 2024 (XPA) - Le pont a rouvert aux camions."),
            "Le pont a rouvert aux camions."
        );
        assert_eq!(
            without_dateline("KELSTON (Wirepress) — The bridge reopened on Monday."),
            "The bridge reopened on Monday."
        );
        // A dash inside the news, or far into it, stays.
        let kept = "Le maire a parlé de la rue des Lilas - et du pont - devant trente personnes.";
        assert_eq!(without_dateline(kept), kept);
        let far = "Selon les pompiers qui sont intervenus sur place pendant toute la nuit de vendredi 12 à samedi, ce fut long - très long.";
        assert_eq!(without_dateline(far), far);
    }

    #[test]
    fn a_sentence_gives_its_main_clause() {
        assert_eq!(
            main_clause("Le conseil municipal a voté le budget de la ville jeudi soir, après trois heures de débat."),
            "Le conseil municipal a voté le budget de la ville jeudi soir"
        );
        assert_eq!(main_clause("Le pont a rouvert."), "Le pont a rouvert");
    }

    fn source(title: &str, main: bool) -> EventSource {
        EventSource {
            document: "d".into(),
            origin: "d.txt".into(),
            title: Some(title.into()),
            url: None,
            publisher: None,
            published: None,
            published_precision: None,
            credit: None,
            lang: None,
            copy_of: None,
            shares_passage_with: Vec::new(),
            main,
            sentences: Vec::new(),
        }
    }

    #[test]
    fn news_takes_the_title_closest_to_its_sentences() {
        let words =
            Bag::of("Les vignerons ont commencé les vendanges avec deux semaines d'avance.");
        let sources = [
            source("Météo : un automne doux", true),
            source("Vendanges précoces chez les vignerons de la vallée", true),
        ];
        let h = headline(true, &sources, &[], &words, "Événement".into(), &[]);
        assert_eq!(h, "Vendanges précoces chez les vignerons de la vallée");
        // A day recalled in passing speaks with its sentence.
        let h = headline(
            false,
            &sources,
            &["La grêle est tombée le 3 mai.".into()],
            &words,
            "Événement".into(),
            &[],
        );
        assert_eq!(h, "La grêle est tombée le 3 mai");
    }

    #[test]
    fn a_reader_gets_the_title_in_their_language() {
        let words =
            Bag::of("The vineyard harvest started two weeks early; les vendanges ont commencé.");
        let mut en = source("Vineyards start the harvest two weeks early", true);
        en.lang = Some("en".into());
        let mut fr = source(
            "Les vignerons commencent les vendanges avec deux semaines d'avance",
            true,
        );
        fr.lang = Some("fr".into());
        let both = [en.clone(), fr.clone()];
        assert_eq!(
            title_in(&both, &words, "fr").as_deref(),
            fr.title.as_deref()
        );
        assert_eq!(
            title_in(&both, &words, "en").as_deref(),
            en.title.as_deref()
        );
        // Sources in one language keep the headline chosen for them, even
        // beside a source whose language is unknown.
        let mut unknown = en.clone();
        unknown.lang = None;
        assert_eq!(title_in(&[fr.clone(), unknown], &words, "fr"), None);
        assert_eq!(title_in(&[fr], &words, "fr"), None);
    }
}
