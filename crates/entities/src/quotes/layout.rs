//! Speakers the layout names rather than a verb: a transcript's labels
//! ("PENCE: …", « M. DURAND : … », each line the speaker's until the next
//! label) and a signature after a quote ("” — Ana Ruiz", "» ― Jeanne
//! Martin").

use filrouge_model::Span;

use super::names::{full_name, Person};

/// Most words of a transcript label ("JAKE TAPPER:", "M. DURAND :").
const LABEL_WORDS: usize = 3;

/// Most words of a signature after a quote ("— Ana María Ruiz").
const SIGNATURE_WORDS: usize = 5;

/// Dashes that open a signature.
const DASHES: [char; 4] = ['―', '—', '–', '-'];

/// Closing quote marks, skipped before a signature.
const CLOSING: [char; 4] = ['»', '”', '"', '’'];

/// The label opening the words at `at` (a quote's part or a line): one to
/// three upper-case words ("WALLACE", "M. DURAND") then a colon (a space
/// before it, as French writes it, or not) and a space.
fn label_at(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?;
    let colon = rest.find(':')?;
    let head = rest[..colon].trim_end();
    if !rest[colon + 1..].starts_with(char::is_whitespace) {
        return None;
    }
    let words: Vec<&str> = head.split_whitespace().collect();
    let capital = |w: &&str| {
        w.chars()
            .all(|c| c.is_uppercase() || matches!(c, '.' | '-' | '\'' | '’'))
    };
    let long = |w: &&str| w.chars().filter(|c| c.is_uppercase()).count() >= 2;
    ((1..=LABEL_WORDS).contains(&words.len())
        && words.iter().all(capital)
        && words.iter().any(long))
    .then_some(head)
}

/// The speaker a transcript label at the start of `part` names: the
/// person of the article with its last word ("PENCE" is "Mike Pence"),
/// else the label in ordinary case when it opens two lines or more of the
/// text (a transcript's turns; "CORRECTION:" opens one).
pub(super) fn label_speaker(text: &str, part: Span, people: &[Person]) -> Option<String> {
    let label = label_at(text, part.start)?;
    let plain = label
        .split_whitespace()
        .map(ordinary_case)
        .collect::<Vec<_>>()
        .join(" ");
    let named = full_name(&plain, people);
    if named != plain {
        return Some(named);
    }
    let opens = text
        .split('\n')
        .filter(|line| {
            let body = line.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '«' | '“' | '"' | '—' | '–' | '-')
            });
            let at = line.len() - body.len();
            label_at(line, at) == Some(label)
        })
        .count();
    (opens >= 2).then_some(plain)
}

/// "WALLACE" as "Wallace", "M." as is.
fn ordinary_case(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_string() + &chars.as_str().to_lowercase()
    })
}

/// A signature after a quote ending at `end` and closing its line: a
/// dash then one to five capitalised words ("” ― Ana Ruiz", "» — Jeanne
/// Martin."), the person there or the words themselves.
pub(super) fn signature_after(text: &str, end: usize, people: &[Person]) -> Option<String> {
    let rest = text.get(end..)?;
    let line = rest.split('\n').next().unwrap_or(rest);
    let after_marks = line.trim_start_matches(|c: char| c.is_whitespace() || CLOSING.contains(&c));
    let signed = after_marks.strip_prefix(DASHES)?;
    let name = signed.trim().trim_end_matches('.').trim_end();
    let words: Vec<&str> = name.split_whitespace().collect();
    let word_like = |w: &&str| {
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
    };
    let capitalised = |w: &&str| w.starts_with(char::is_uppercase);
    if !(1..=SIGNATURE_WORDS).contains(&words.len())
        || !words.iter().all(word_like)
        || !words.first().is_some_and(capitalised)
        || words.iter().filter(|w| !capitalised(w)).count() > 1
    {
        return None;
    }
    let from = end + (line.len() - signed.len());
    let to = from + signed.len();
    Some(
        people
            .iter()
            .find(|p| p.span.start >= from && p.span.end <= to)
            .map_or_else(|| name.to_string(), |p| p.name.clone()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_upper_case_words_before_a_colon() {
        assert_eq!(label_at("DURAND : Nous verrons.", 0), Some("DURAND"));
        assert_eq!(label_at("M. DURAND : Nous verrons.", 0), Some("M. DURAND"));
        assert_eq!(label_at("JO ROSS: We will see.", 0), Some("JO ROSS"));
        assert_eq!(label_at("Durand : Nous verrons.", 0), None);
        assert_eq!(label_at("À 10:30 il est parti.", 0), None);
        assert_eq!(label_at("A: yes.", 0), None);
    }

    #[test]
    fn a_label_opening_one_line_only_speaks_when_it_names_someone() {
        let text =
            "« LEROY : Bonjour.\n« MARTIN : Merci.\n« LEROY : Alors ?\nCORRECTION : une erreur.";
        let none: [Person; 0] = [];
        let at = |s: &str| text.find(s).unwrap_or(0);
        let span = |s: &str| Span::new(at(s), at(s) + s.len());
        assert_eq!(
            label_speaker(text, span("LEROY : Bonjour."), &none),
            Some("Leroy".into())
        );
        assert_eq!(label_speaker(text, span("MARTIN : Merci."), &none), None);
        let martin = [Person {
            span: Span::new(0, 0),
            name: "Claire Martin".into(),
        }];
        assert_eq!(
            label_speaker(text, span("MARTIN : Merci."), &martin),
            Some("Claire Martin".into())
        );
        assert_eq!(label_speaker(text, span("CORRECTION : une"), &none), None);
    }

    #[test]
    fn a_signature_is_a_dash_and_a_name_closing_the_line() {
        let text = "« Nous resterons. » — Jeanne Martin.\n« Partez. » - voir plus bas\n";
        let end = text.find(" »").unwrap_or(0);
        assert_eq!(
            signature_after(text, end, &[]),
            Some("Jeanne Martin".into())
        );
        let second = text.rfind(" »").unwrap_or(0);
        assert_eq!(signature_after(text, second, &[]), None);
    }
}
