//! A generated news corpus with the shape of real news: many stories, each
//! one event (a call, a meeting, a deal, a strike, an election, a visit)
//! on its own day, between its own people, reported by a handful of
//! articles in French and English that say the day in different ways
//! ("mardi", "le 12 mars", "on Tuesday"), quote the participants, recall
//! an earlier event in passing, and are sometimes republished whole.
//!
//! [`generate_corpus`](super::generate_corpus) repeats a few sentences,
//! which is right for measuring text stages but gives a timeline three
//! events with thousands of sources; this corpus gives a timeline with
//! about one event per four articles, which is what the server's load
//! test needs to be realistic.
//!
//! The vocabulary (templates, month and weekday names, invented people and
//! companies, real town names) is data in `crates/bench/data/`,
//! one file per language plus the names they share. Deterministic: the
//! same `n` gives the same bytes.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::generated::Lcg;

/// The bundled vocabulary could not be read (a defect of the data files).
#[derive(Debug, thiserror::Error)]
#[error("generator data {file}: {source}")]
pub struct NewsDataError {
    /// The data file.
    file: &'static str,
    /// What is wrong with it.
    source: toml::de::Error,
}

/// Names shared by every language.
#[derive(Debug, Deserialize)]
struct Names {
    first_names: Vec<String>,
    last_names: Vec<String>,
    places: Vec<String>,
    companies: Vec<String>,
}

impl Names {
    /// A participant's first name and surname.
    fn full(&self, p: Person) -> String {
        format!("{} {}", self.first_names[p.first], self.last_names[p.last])
    }
}

/// One language's templates.
#[derive(Debug, Deserialize)]
struct Language {
    months: Vec<String>,
    weekdays: Vec<String>,
    published: String,
    absolute_day: String,
    absolute_date: String,
    same_day: String,
    earlier_day: String,
    roles: Vec<String>,
    republished: String,
    credits: Vec<String>,
    fillers: Vec<String>,
    background: Vec<String>,
    kinds: Vec<Kind>,
}

/// The sentences of one kind of event.
#[derive(Debug, Deserialize)]
struct Kind {
    name: String,
    past: String,
    titles: Vec<String>,
    leads: Vec<String>,
    details: Vec<String>,
    quotes: Vec<String>,
}

const NAMES: (&str, &str) = ("common.toml", include_str!("../data/common.toml"));
const LANGUAGES: &[(&str, &str)] = &[
    ("fr.toml", include_str!("../data/fr.toml")),
    ("en.toml", include_str!("../data/en.toml")),
];

fn parse<T: serde::de::DeserializeOwned>(
    (file, text): (&'static str, &str),
) -> Result<T, NewsDataError> {
    toml::from_str(text).map_err(|source| NewsDataError { file, source })
}

/// A participant.
#[derive(Debug, Clone, Copy)]
struct Person {
    first: usize,
    last: usize,
    role: usize,
}

/// One generated event and what its articles share.
#[derive(Debug, Clone)]
struct Story {
    /// Index into each language's `kinds` (the same order in every file).
    kind: usize,
    a: Person,
    b: Person,
    company: usize,
    company2: usize,
    place: usize,
    date: NaiveDate,
    n: usize,
    hours: usize,
    amount: usize,
}

/// One generated article.
#[derive(Debug, Clone)]
pub struct NewsArticle {
    /// The story it reports (0-based, in creation order).
    pub story: usize,
    /// The kind of event, as named in the data files ("call", "meeting"...).
    pub kind: String,
    /// The event's day.
    pub event_date: NaiveDate,
    /// "fr" or "en".
    pub lang: &'static str,
    /// The two people taking part, as named in full.
    pub people: [String; 2],
    /// The article as plain text: title, publication line, body.
    pub text: String,
}

/// `n` articles (about 1-2 KB each) over about `n / 4` stories dated
/// between January 2024 and October 2026, in publication order.
pub fn generate_news(n: usize) -> Result<Vec<NewsArticle>, NewsDataError> {
    let names: Names = parse(NAMES)?;
    let langs: Vec<(&'static str, Language)> = LANGUAGES
        .iter()
        .map(|&(file, text)| Ok((&file[..2], parse::<Language>((file, text))?)))
        .collect::<Result<_, NewsDataError>>()?;
    let kinds = langs.iter().map(|(_, l)| l.kinds.len()).min().unwrap_or(0);
    let first_day = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let days = 1035; // to the end of October 2026
    let mut rng = Lcg(7);
    let mut stories: Vec<Story> = Vec::new();
    let mut out: Vec<(NaiveDate, usize, NewsArticle)> = Vec::with_capacity(n);
    while out.len() < n && kinds > 0 {
        let person = |rng: &mut Lcg| Person {
            first: rng.next() % names.first_names.len(),
            last: rng.next() % names.last_names.len(),
            role: rng.next(),
        };
        let story = Story {
            kind: rng.next() % kinds,
            a: person(&mut rng),
            b: person(&mut rng),
            company: rng.next() % names.companies.len(),
            company2: rng.next() % names.companies.len(),
            place: rng.next() % names.places.len(),
            date: first_day + chrono::Duration::days((rng.next() % days) as i64),
            n: 200 + rng.next() % 5000,
            hours: 1 + rng.next() % 4,
            amount: 5 + rng.next() % 400,
        };
        let id = stories.len();
        let reports = 1 + rng.next() % 4 + rng.next() % 4;
        let mut first_text: Option<(usize, String)> = None;
        for j in 0..reports.min(n - out.len()) {
            let li = if rng.next() % 3 == 2 { 1 } else { 0 };
            let (lang, vocab) = &langs[li.min(langs.len() - 1)];
            let published = story.date + chrono::Duration::days((rng.next() % 3) as i64);
            let text = match &first_text {
                // A republication: the first report again under another
                // title, as aggregators and partner sites do.
                Some((l, body)) if *l == li && j > 0 && rng.next().is_multiple_of(6) => {
                    let kind = &vocab.kinds[story.kind];
                    let title = fill(pick(&kind.titles, &mut rng), &slots(&story, &names, vocab));
                    format!("{title}\n{body}{}\n", vocab.republished)
                }
                _ => {
                    let (title, body) =
                        article(&story, &stories, published, &names, vocab, &mut rng);
                    if first_text.is_none() {
                        first_text = Some((li, body.clone()));
                    }
                    format!("{title}\n{body}")
                }
            };
            out.push((
                published,
                rng.next(),
                NewsArticle {
                    story: id,
                    kind: vocab.kinds[story.kind].name.clone(),
                    event_date: story.date,
                    lang,
                    people: [story.a, story.b].map(|p| names.full(p)),
                    text,
                },
            ));
        }
        stories.push(story);
    }
    out.sort_by_key(|(day, order, _)| (*day, *order));
    Ok(out.into_iter().map(|(_, _, a)| a).collect())
}

/// The title and the body (publication line onwards) of one report.
fn article(
    story: &Story,
    earlier: &[Story],
    published: NaiveDate,
    names: &Names,
    vocab: &Language,
    rng: &mut Lcg,
) -> (String, String) {
    let mut slots = slots(story, names, vocab);
    let day = day_expression(story.date, published, vocab, rng);
    slots.push(("day_cap", capitalised(&day)));
    slots.push(("day", day));
    let kind = &vocab.kinds[story.kind];
    let title = fill(pick(&kind.titles, rng), &slots);
    let mut body = fill(
        &vocab.published,
        &[
            (
                "weekday",
                vocab.weekdays[published.weekday().num_days_from_monday() as usize].clone(),
            ),
            ("day", published.day().to_string()),
            ("month", vocab.months[published.month0() as usize].clone()),
            ("year", published.year().to_string()),
            ("hour", (6 + rng.next() % 16).to_string()),
            ("minute", format!("{:02}", rng.next() % 60)),
        ],
    );
    body.push('\n');
    let mut paragraph = vec![fill(pick(&kind.leads, rng), &slots)];
    for _ in 0..1 + rng.next() % 2 {
        paragraph.push(fill(pick(&kind.details, rng), &slots));
    }
    body.push_str(&paragraph.join(" "));
    body.push('\n');
    if rng.next().is_multiple_of(2) {
        body.push_str(&fill(pick(&kind.quotes, rng), &slots));
        body.push('\n');
    }
    let mut fillers: Vec<String> = (0..2 + rng.next() % 3)
        .map(|_| fill(pick(&vocab.fillers, rng), &slots))
        .collect();
    fillers.sort();
    fillers.dedup();
    body.push_str(&fillers.join(" "));
    body.push('\n');
    if !earlier.is_empty() && rng.next().is_multiple_of(3) {
        // An earlier event recalled in passing: a background mention.
        let old = &earlier[rng.next() % earlier.len()];
        if old.date < story.date {
            let mut old_slots = slots_of(old, names, vocab);
            old_slots.push(("past", vocab.kinds[old.kind].past.clone()));
            old_slots.push(("date", absolute(&vocab.absolute_date, old.date, vocab)));
            body.push_str(&fill(pick(&vocab.background, rng), &old_slots));
            body.push('\n');
        }
    }
    body.push_str(&fill(pick(&vocab.credits, rng), &slots));
    body.push('\n');
    (title, body)
}

/// How a report published on `published` names the event's `day`: "ce
/// mardi", "mardi", "le 12 mars".
fn day_expression(day: NaiveDate, published: NaiveDate, vocab: &Language, rng: &mut Lcg) -> String {
    let weekday = || {
        vec![(
            "weekday",
            vocab.weekdays[day.weekday().num_days_from_monday() as usize].clone(),
        )]
    };
    match (published - day).num_days() {
        0 if rng.next().is_multiple_of(2) => fill(&vocab.same_day, &weekday()),
        1..=5 if rng.next().is_multiple_of(2) => fill(&vocab.earlier_day, &weekday()),
        _ => absolute(&vocab.absolute_day, day, vocab),
    }
}

fn absolute(template: &str, day: NaiveDate, vocab: &Language) -> String {
    fill(
        template,
        &[
            ("day", day.day().to_string()),
            ("month", vocab.months[day.month0() as usize].clone()),
            ("year", day.year().to_string()),
        ],
    )
}

/// The placeholders every sentence of a story can use.
fn slots(story: &Story, names: &Names, vocab: &Language) -> Vec<(&'static str, String)> {
    let mut s = slots_of(story, names, vocab);
    s.push(("n", story.n.to_string()));
    s.push(("hours", story.hours.to_string()));
    s.push(("amount", story.amount.to_string()));
    s
}

/// The participants, companies and place of a story.
fn slots_of(story: &Story, names: &Names, vocab: &Language) -> Vec<(&'static str, String)> {
    let company = names.companies[story.company].clone();
    let company2 = names.companies[story.company2].clone();
    let place = names.places[story.place].clone();
    let around = [("company", company.clone()), ("place", place.clone())];
    let role = |p: Person| fill(&vocab.roles[p.role % vocab.roles.len()], &around);
    vec![
        ("a", names.full(story.a)),
        ("a_last", names.last_names[story.a.last].clone()),
        ("a_role", role(story.a)),
        ("b", names.full(story.b)),
        ("b_last", names.last_names[story.b.last].clone()),
        ("b_role", role(story.b)),
        ("company", company),
        ("company2", company2),
        ("place", place),
    ]
}

fn pick<'a>(options: &'a [String], rng: &mut Lcg) -> &'a str {
    if options.is_empty() {
        return "";
    }
    &options[rng.next() % options.len()]
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `template` with each `{name}` replaced by its slot; unknown names stay.
fn fill<S: AsRef<str>>(template: &str, slots: &[(&str, S)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match slots.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v.as_ref()),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_the_same_kinds_in_the_same_order() {
        let langs: Vec<Language> = LANGUAGES
            .iter()
            .map(|&f| parse::<Language>(f))
            .collect::<Result<_, _>>()
            .expect("bundled data parses");
        let names = |l: &Language| l.kinds.iter().map(|k| k.name.clone()).collect::<Vec<_>>();
        for l in &langs[1..] {
            assert_eq!(names(l), names(&langs[0]));
        }
        let _: Names = parse(NAMES).expect("names parse");
    }

    #[test]
    fn corpus_is_deterministic_stories_are_shared_and_no_placeholder_is_left() {
        let a = generate_news(400).expect("generates");
        let b = generate_news(400).expect("generates");
        assert_eq!(a.len(), 400);
        assert!(a.iter().zip(&b).all(|(x, y)| x.text == y.text));
        let stories: std::collections::HashSet<usize> = a.iter().map(|x| x.story).collect();
        assert!(
            stories.len() > 60 && stories.len() < 200,
            "{}",
            stories.len()
        );
        assert!(a.iter().any(|x| x.lang == "en") && a.iter().any(|x| x.lang == "fr"));
        for x in &a {
            assert!(!x.text.contains('{'), "placeholder left in {}", x.text);
            assert!(x.text.len() > 300, "{}", x.text);
        }
    }

    #[test]
    fn fill_replaces_known_slots_and_keeps_unknown_ones() {
        assert_eq!(
            fill("{a} et {z}", &[("a", "Lyon")]),
            "Lyon et {z}".to_string()
        );
        assert_eq!(fill("open {", &[("a", "x")]), "open {");
    }
}
