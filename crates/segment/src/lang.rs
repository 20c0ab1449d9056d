//! Language identification (whatlang), reported as ISO 639-1 codes.
//!
//! whatlang compares a text's trigrams with about 300 per candidate
//! language, so each call has a large fixed cost. The document is identified
//! once; a paragraph is identified on its own only when a function-word count
//! (from the lexicon's `stopwords.txt` lists) says it may not be in the
//! document's language. Otherwise it takes the document's language.

use std::sync::OnceLock;

use filrouge_lexicon::Lexicon;
use whatlang::{Detector, Lang};

/// Characters of text looked at: whatlang's accuracy levels off well before
/// this, and its cost grows with the input.
const SAMPLE_CHARS: usize = 600;

/// Languages considered. Limiting the candidates makes detection several
/// times faster and avoids rare-language confusions on short news text.
const CANDIDATES: &[Lang] = &[
    Lang::Fra,
    Lang::Eng,
    Lang::Spa,
    Lang::Deu,
    Lang::Ita,
    Lang::Por,
    Lang::Nld,
    Lang::Rus,
    Lang::Ukr,
    Lang::Pol,
    Lang::Tur,
    Lang::Ara,
    Lang::Cmn,
    Lang::Jpn,
    Lang::Kor,
    Lang::Swe,
    Lang::Dan,
    Lang::Nob,
    Lang::Fin,
    Lang::Ces,
    Lang::Ron,
    Lang::Hun,
    Lang::Ell,
    Lang::Heb,
    Lang::Cat,
];

fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| Detector::with_allowlist(CANDIDATES.to_vec()))
}

/// The first [`SAMPLE_CHARS`] characters of `text`: what identification
/// looks at.
fn sample(text: &str) -> &str {
    let end = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// Whether at most one letter in twenty of `text` is outside the Latin
/// script, which every listed language is written in: a Japanese page
/// quoting English names has English function words and few "words" (its
/// runs of kana have no spaces), and is whatlang's to name.
fn mostly_latin(text: &str) -> bool {
    let (mut letters, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        let latin = c.is_ascii()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c);
        other += usize::from(!latin);
    }
    other * 20 <= letters
}

/// Words of a document's sample its function words need before they may
/// name its language.
const MIN_SAMPLE_WORDS: u32 = 40;
/// Share of those words that must be function words of the language named
/// and of no other listed language ("les", "the"; not "de").
const DECISIVE_SHARE: f64 = 0.10;
/// How many times the next language's count of such words the count of
/// the language named must be.
const DECISIVE_MARGIN: u32 = 4;

/// The language of a document: its function words (the lexicon's
/// `stopwords.txt` lists) name it when the words of one listed language's
/// list only clearly lead in its first few hundred characters, which is
/// most running text at a small part of whatlang's cost; whatlang decides
/// otherwise (languages without a list, lists of names, short or mixed
/// text).
pub fn document_language(text: &str, lexicon: &Lexicon) -> Option<String> {
    let sample = sample(text);
    let counts = lexicon.stopwords().count(sample);
    if counts.words >= MIN_SAMPLE_WORDS && mostly_latin(sample) {
        let leader = counts.own().max_by_key(|&(_, own)| own);
        if let Some((code, own)) = leader {
            let next = counts
                .own()
                .filter(|&(other, _)| other != code)
                .map(|(_, n)| n)
                .max()
                .unwrap_or(0);
            if f64::from(own) >= DECISIVE_SHARE * f64::from(counts.words)
                && own >= DECISIVE_MARGIN * next.max(1)
            {
                return Some(code.to_string());
            }
        }
    }
    detect(text).map(|(code, _)| code)
}

/// The language of `text` (its first few hundred characters) and
/// whatlang's confidence, when whatlang finds one it considers reliable or
/// confident enough.
pub fn detect(text: &str) -> Option<(String, f64)> {
    let info = detector().detect(sample(text))?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some((iso639_1(info.lang().code()).to_string(), info.confidence()))
}

/// Shortest paragraph (in characters) identified on its own: shorter ones
/// (titles, one-liners) are too short to identify and take the document's
/// language.
const MIN_PARAGRAPH_CHARS: usize = 60;

/// Share of a paragraph's words that must be function words of the
/// document's language for the paragraph to take that language without a
/// check. Running text in a language has far more (about 40% in news); a
/// paragraph in another language, or a list of names, has far fewer.
const MIN_STOPWORD_SHARE: f64 = 0.15;

/// The language of a paragraph of a document whose language is `doc_lang`.
///
/// Short paragraphs take the document's language. A longer one takes it too
/// when its function words say it is written in that language: they are more
/// often the document language's than any other listed language's, and make
/// up a fair share of its words. Otherwise (another language's function words
/// win, too few are the document language's, or the document's language has
/// no list) whatlang identifies the paragraph, falling back to the
/// document's language when it cannot tell.
pub fn paragraph_language(text: &str, doc_lang: Option<&str>, lexicon: &Lexicon) -> Option<String> {
    if !longer_than(text, MIN_PARAGRAPH_CHARS) {
        return doc_lang.map(str::to_string);
    }
    if let Some(doc) = doc_lang {
        if written_in(text, doc, lexicon) {
            return Some(doc.to_string());
        }
    }
    detect(text)
        .map(|(code, _)| code)
        .or_else(|| doc_lang.map(str::to_string))
}

/// Whether `text` has at least `chars` characters, without counting them
/// when the byte length settles it (a character is 1 to 4 bytes).
fn longer_than(text: &str, chars: usize) -> bool {
    if text.len() < chars {
        return false;
    }
    text.len() >= chars * 4 || text.chars().count() >= chars
}

/// Whether the function words of `text` say it is written in `code`.
fn written_in(text: &str, code: &str, lexicon: &Lexicon) -> bool {
    let counts = lexicon.stopwords().count(text);
    let Some(hits) = counts.hits(code) else {
        return false;
    };
    if counts.words == 0 {
        // Figures and symbols only: nothing says it differs.
        return true;
    }
    hits > counts.best_other(code)
        && f64::from(hits) >= MIN_STOPWORD_SHARE * f64::from(counts.words)
}

/// Maps an ISO 639-3 code (as whatlang gives) to ISO 639-1 where one exists.
pub fn iso639_1(code3: &str) -> &str {
    match code3 {
        "fra" => "fr",
        "eng" => "en",
        "spa" => "es",
        "deu" => "de",
        "ita" => "it",
        "por" => "pt",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "pol" => "pl",
        "tur" => "tr",
        "ara" => "ar",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "fin" => "fi",
        "ces" => "cs",
        "ron" => "ro",
        "hun" => "hu",
        "ell" => "el",
        "heb" => "he",
        "cat" => "ca",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str, doc: Option<&str>) -> Option<String> {
        paragraph_language(text, doc, Lexicon::bundled())
    }

    #[test]
    fn a_document_s_function_words_name_its_language_only_when_clear() {
        let lexicon = Lexicon::bundled();
        let fr = "Les pompiers sont intervenus vers minuit dans un immeuble de la rue des Tanneurs, où un feu avait pris au deuxième étage. Les habitants ont été évacués sans dommage et la circulation a été coupée pendant deux heures. Selon la mairie, les causes de l'incendie ne sont pas encore connues et une enquête a été ouverte par le parquet.";
        let en = "The firefighters arrived shortly after midnight and found the fire on the second floor of the building. The residents were evacuated without injury and the street was closed for two hours. According to the town hall, the cause of the fire is not yet known and an inquiry has been opened by the prosecutor.";
        assert_eq!(document_language(fr, lexicon).as_deref(), Some("fr"));
        assert_eq!(document_language(en, lexicon).as_deref(), Some("en"));
        // Close languages without a list are whatlang's to name, never
        // taken for a listed neighbour.
        let pt = "Os bombeiros chegaram pouco depois da meia-noite e encontraram o fogo no segundo andar do prédio. Os moradores foram retirados sem ferimentos e a rua ficou fechada durante duas horas. Segundo a prefeitura, as causas do incêndio ainda não são conhecidas e uma investigação foi aberta pelo ministério público.";
        let ca = "Els bombers van arribar poc després de la mitjanit i van trobar el foc al segon pis de l'edifici. Els veïns van ser evacuats sense ferits i el carrer va estar tallat durant dues hores. Segons l'ajuntament, les causes de l'incendi encara no es coneixen i la fiscalia ha obert una investigació.";
        let ro = "Pompierii au ajuns la scurt timp după miezul nopții și au găsit focul la etajul al doilea al clădirii. Locatarii au fost evacuați fără răniți, iar strada a fost închisă timp de două ore. Potrivit primăriei, cauzele incendiului nu sunt încă cunoscute și a fost deschisă o anchetă.";
        let ja = [
            "Notes for the appの設定を変えることにしましたが、とても便利です。",
            "Reader for the PCで本を読む時間が長くなりました。",
            "Keys for the toolが同じになるので困っています。",
            "Mode for the nightを選ぶと目が疲れにくいです。",
            "Menu for the userから開くことができます。",
        ]
        .concat()
        .repeat(3);
        // Another script quoting English words (a Zyte page, Japanese with
        // English names, was taken for English): never the function
        // words' to name.
        assert!(!mostly_latin(&ja));
        assert!(mostly_latin(fr) && mostly_latin(ro) && mostly_latin(pt));
        for text in [pt, ca, ro] {
            assert_eq!(
                document_language(text, lexicon),
                detect(text).map(|(code, _)| code),
                "{text}"
            );
        }
    }

    #[test]
    fn paragraph_in_the_document_language_inherits_it() {
        let fr = "Les pompiers sont intervenus vers minuit dans un immeuble de la rue des Tanneurs, où un feu avait pris au deuxième étage.";
        assert!(written_in(fr, "fr", Lexicon::bundled()));
        assert_eq!(para(fr, Some("fr")).as_deref(), Some("fr"));
    }

    #[test]
    fn function_words_of_another_language_trigger_identification() {
        let en = "The firefighters arrived shortly after midnight and found the fire on the second floor of the building.";
        assert!(!written_in(en, "fr", Lexicon::bundled()));
        assert_eq!(para(en, Some("fr")).as_deref(), Some("en"));
        let es = "Los bomberos llegaron poco después de la medianoche y encontraron el fuego en el segundo piso del edificio.";
        assert_eq!(para(es, Some("fr")).as_deref(), Some("es"));
    }

    #[test]
    fn a_paragraph_in_another_script_is_identified() {
        // Russian: no French function words at all.
        let ru =
            "Пожарные прибыли вскоре после полуночи и обнаружили огонь на втором этаже здания.";
        assert_eq!(para(ru, Some("fr")).as_deref(), Some("ru"));
    }

    #[test]
    fn without_a_word_list_every_long_paragraph_is_identified() {
        // Portuguese has no stop-word list: its paragraphs cannot be vouched
        // for, so an English one is still found.
        let en = "The firefighters arrived shortly after midnight and found the fire on the second floor of the building.";
        assert_eq!(para(en, Some("pt")).as_deref(), Some("en"));
        assert_eq!(para(en, None).as_deref(), Some("en"));
    }

    #[test]
    fn short_or_wordless_paragraphs_take_the_document_language() {
        assert_eq!(para("Breaking news", Some("fr")).as_deref(), Some("fr"));
        assert_eq!(para("Breaking news", None), None);
        let figures = "12 345 678 - 9 876 543 - 1 234 567 - 7 654 321 - 2 468 013 - 1 357 913";
        assert_eq!(para(figures, Some("fr")).as_deref(), Some("fr"));
    }

    #[test]
    fn five_languages() {
        let cases = [
            ("fr", "Les habitants de la vallée ont été évacués mardi matin après la montée des eaux."),
            ("en", "Residents of the valley were evacuated on Tuesday morning after the water rose."),
            ("es", "Los habitantes del valle fueron evacuados el martes por la mañana tras la crecida."),
            ("de", "Die Bewohner des Tals wurden am Dienstagmorgen nach dem Hochwasser evakuiert."),
            ("it", "Gli abitanti della valle sono stati evacuati martedì mattina dopo la piena del fiume."),
        ];
        for (code, text) in cases {
            assert_eq!(detect(text).map(|d| d.0).as_deref(), Some(code), "{text}");
        }
    }
}
