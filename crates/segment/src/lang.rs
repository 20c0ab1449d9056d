//! Language identification (whatlang), reported as ISO 639-1 codes.

use std::sync::OnceLock;

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

/// The language of `text` (its first few hundred characters) and
/// whatlang's confidence, when whatlang finds one it considers reliable or
/// confident enough.
pub fn detect(text: &str) -> Option<(String, f64)> {
    let end = text
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let info = detector().detect(&text[..end])?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some((iso639_1(info.lang().code()).to_string(), info.confidence()))
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
