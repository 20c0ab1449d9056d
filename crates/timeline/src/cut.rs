//! Cutting a timeline from [`LinkedEvents`]: the options' filters
//! (dates, language, entity, words, story), an entity's article news,
//! the background, the most reported events, summaries assembled again
//! when the options ask for other ones, and the document list.

use filrouge_model::Document;
use rustc_hash::FxHashSet;

use crate::assemble::{self, TimelineEvent};
use crate::selection;
use crate::text::Bag;
use crate::words::Words;
use crate::{LinkedEvents, Timeline, TimelineDocument, TimelineOptions, SCHEMA};

/// The cluster index of an article's news built for an entity's timeline
/// (not among the linked clusters).
const ARTICLE_NEWS: usize = usize::MAX;

/// Every filter of the options but the entity's, for linked events and
/// articles' news alike.
struct Filters<'a> {
    options: &'a TimelineOptions,
    query: Option<Bag>,
    documents: Option<FxHashSet<&'a str>>,
}

impl<'a> Filters<'a> {
    fn new(options: &'a TimelineOptions) -> Self {
        Filters {
            options,
            query: options.query.as_deref().map(Bag::of),
            documents: options
                .documents
                .as_ref()
                .map(|ids| ids.iter().map(String::as_str).collect()),
        }
    }

    fn pass(&self, e: &TimelineEvent) -> bool {
        let o = self.options;
        o.from.is_none_or(|f| e.end >= f)
            && o.to.is_none_or(|t| e.start <= t)
            && o.lang
                .as_ref()
                .is_none_or(|l| e.langs.iter().any(|x| x == l))
            && self.query.as_ref().is_none_or(|q| e.words.cosine(q) > 0.0)
            && self
                .documents
                .as_ref()
                .is_none_or(|ids| e.sources.iter().any(|s| ids.contains(s.document.as_str())))
    }
}

/// What a timeline is cut from: events linked with their documents at
/// hand ([`LinkedEvents`]), or events read back from a store
/// ([`crate::stored::PlacedEvents`]), which can neither assemble an
/// event again nor build an article's news of an entity (the defaults).
pub(crate) trait CutSource {
    /// Every dated event, with its cluster's index.
    fn dated(&self) -> &[(usize, TimelineEvent)];
    /// How many documents the events come from.
    fn documents(&self) -> usize;
    /// Whether the event names the entity whose name key is `key`.
    fn names_entity(&self, e: &TimelineEvent, key: &str) -> bool;
    /// Main events that could not be dated.
    fn undated(&self) -> usize {
        0
    }
    /// For an entity's timeline, the news of each article naming it that
    /// no shown event comes from (`covered`).
    fn entity_news(
        &self,
        _wanted: &str,
        _words: &Bag,
        _covered: &FxHashSet<&str>,
        _options: &TimelineOptions,
    ) -> Vec<TimelineEvent> {
        Vec::new()
    }
    /// The kept events as shown (assembled again when the options change
    /// their summaries and the source can).
    fn assembled(
        &self,
        kept: Vec<(usize, &TimelineEvent)>,
        _options: &TimelineOptions,
    ) -> Vec<TimelineEvent> {
        kept.into_iter().map(|(_, e)| e.clone()).collect()
    }
    /// The documents as the timeline lists them.
    fn document_entries(&self) -> Vec<TimelineDocument> {
        Vec::new()
    }
}

impl LinkedEvents {
    /// The timeline `options` ask for. The documents stay dated against
    /// the `as_of` of [`LinkedEvents::build`] (`options.as_of` is only
    /// reported); only the events kept are assembled again, when the
    /// options change their summaries (sentences, entity focus).
    pub fn timeline(&self, options: &TimelineOptions) -> Timeline {
        cut(self, options)
    }
}

/// The timeline `options` ask for, cut from `source`.
pub(crate) fn cut(source: &impl CutSource, options: &TimelineOptions) -> Timeline {
    let filters = Filters::new(options);
    let days = selection::day_sources(source.dated().iter().map(|(_, e)| e));
    let keys = filrouge_entities::canonical::NameKeys::bundled();
    let wanted_entity = options.entity.as_deref().map(|e| keys.key(e));
    // A name the tagger missed still selects the events whose sentences
    // hold all its words.
    let entity_words = options.entity.as_deref().map(Bag::of);
    let documents = source.documents();
    let mut kept: Vec<(usize, &TimelineEvent)> = source
        .dated()
        .iter()
        .filter(|(_, e)| {
            filters.pass(e)
                && wanted_entity.as_ref().is_none_or(|w| {
                    entity_words
                        .as_ref()
                        .is_some_and(|b| e.words.contains_all(b))
                        || source.names_entity(e, w)
                })
        })
        .map(|(c, e)| (*c, e))
        .collect();
    // An entity's timeline: each article naming the entity says
    // something of it, also without an event word ("The CAC 40 fell 1.2
    // percent"). An article no kept event comes from gives its first
    // body sentence naming the entity, dated by the article's date.
    let news = match (&wanted_entity, &entity_words) {
        (Some(w), Some(b)) => {
            // Articles that a shown event comes from.
            let covered: FxHashSet<&str> = kept
                .iter()
                .filter(|(_, e)| {
                    options.include_background || selection::shown(e, documents, &days)
                })
                .flat_map(|(_, e)| e.sources.iter().map(|s| s.document.as_str()))
                .collect();
            source.entity_news(w, b, &covered, options)
        }
        _ => Vec::new(),
    };
    kept.extend(
        news.iter()
            .filter(|e| filters.pass(e))
            .map(|e| (ARTICLE_NEWS, e)),
    );
    let before = kept.len();
    if !options.include_background {
        kept.retain(|(c, e)| *c == ARTICLE_NEWS || selection::shown(e, documents, &days));
        selection::keep_strongest_per_day(&mut kept);
    }
    let background = before - kept.len();
    if let Some(max) = options.max_events {
        keep_most_reported(&mut kept, max);
    }
    let mut events = source.assembled(kept, options);
    events.sort_by(|a, b| {
        reading_day(a)
            .cmp(&reading_day(b))
            .then(a.start.cmp(&b.start))
            .then(a.end.cmp(&b.end))
    });
    let language = words_language(options, &events);
    let words = Words::of(&language);
    for (i, e) in events.iter_mut().enumerate() {
        e.id = format!("e{}", i + 1);
        e.date_text = words.date(&e.date, e.modifier.as_deref());
        if e.main {
            if let Some(title) = assemble::headline::title_in(&e.sources, &e.words, &language) {
                e.headline = title;
            }
        }
    }
    let documents = if options.list_documents {
        source.document_entries()
    } else {
        Vec::new()
    };
    Timeline {
        schema: SCHEMA,
        as_of: options.as_of.format("%Y-%m-%d").to_string(),
        language,
        events,
        undated_events: source.undated(),
        background_events: background,
        documents,
    }
}

impl CutSource for LinkedEvents {
    fn dated(&self) -> &[(usize, TimelineEvent)] {
        &self.events
    }

    fn documents(&self) -> usize {
        self.linking.docs.len()
    }

    fn undated(&self) -> usize {
        self.undated
    }

    fn document_entries(&self) -> Vec<TimelineDocument> {
        self.linking.docs.iter().map(document_entry).collect()
    }

    /// Whether one of the event's participants, places or MISC names is
    /// the entity called `key`.
    fn names_entity(&self, e: &TimelineEvent, key: &str) -> bool {
        e.participants
            .iter()
            .chain(&e.places)
            .chain(&e.misc)
            .any(|p| self.called(&p.id, key))
    }

    /// The kept events as shown: a linked cluster assembles again (it was
    /// dated once) when the options change its summary (entity focus,
    /// sentences); articles' news are shown as built.
    fn assembled(
        &self,
        kept: Vec<(usize, &TimelineEvent)>,
        options: &TimelineOptions,
    ) -> Vec<TimelineEvent> {
        let focus = options.entity.as_deref().map(Bag::of);
        let again = focus.is_some() || options.sentences != self.sentences;
        let linking = &self.linking;
        kept.into_iter()
            .map(|(c, e)| {
                if again && c != ARTICLE_NEWS {
                    assemble::assemble(
                        linking,
                        &linking.clusters[c],
                        options.sentences,
                        focus.as_ref(),
                    )
                    .unwrap_or_else(|| e.clone())
                } else {
                    e.clone()
                }
            })
            .collect()
    }

    /// For an entity's timeline, the news of each article naming the
    /// entity (`wanted`, a name key) that is not in `covered` and passes
    /// the options' document and language filters: its first body sentence
    /// naming it, assembled as a one-sentence main event dated by the
    /// article's date. An article names the entity through a canonical
    /// entity so called (the articles are listed by the entity, so only
    /// they are read); when no canonical entity has the name (one the
    /// tagger missed), through a sentence holding all of `words` (the entity's
    /// words, which also put its sentences first in the summary).
    fn entity_news(
        &self,
        wanted: &str,
        words: &Bag,
        covered: &FxHashSet<&str>,
        options: &TimelineOptions,
    ) -> Vec<TimelineEvent> {
        use filrouge_model::Label;
        let linking = &self.linking;
        let mut ids: FxHashSet<&str> = FxHashSet::default();
        let mut named_in: FxHashSet<&str> = FxHashSet::default();
        for x in linking
            .entities
            .iter()
            .filter(|x| self.called(&x.id, wanted))
        {
            ids.insert(x.id.as_str());
            named_in.extend(x.documents.iter().map(String::as_str));
        }
        let mut out = Vec::new();
        for (d, doc) in linking.docs.iter().enumerate() {
            let id = doc.id.0.as_str();
            let wanted_doc = ids.is_empty() || named_in.contains(id);
            let lang_ok = options
                .lang
                .as_ref()
                .is_none_or(|l| doc.metadata.lang.as_ref() == Some(l));
            let listed = options
                .documents
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|x| x == id));
            if !wanted_doc || covered.contains(id) || !lang_ok || !listed {
                continue;
            }
            let body = filrouge_events::body_sentences(doc);
            let sentence = if ids.is_empty() {
                body.into_iter()
                    .find(|s| Bag::of(doc.slice(*s)).contains_all(words))
            } else {
                // The first mention of the entity in the body, and its sentence.
                doc.annotations
                    .iter()
                    .filter(|a| matches!(a.label, Label::Entity { .. }))
                    .filter(|a| {
                        linking
                            .entity(d, doc.slice(a.span))
                            .is_some_and(|x| ids.contains(x.id.as_str()))
                    })
                    .filter_map(|a| {
                        body.iter()
                            .find(|s| s.start <= a.span.start && a.span.end <= s.end)
                            .copied()
                    })
                    .min_by_key(|s| s.start)
            };
            let Some(sentence) = sentence else {
                continue;
            };
            let Some(event) = filrouge_events::sentence_news(doc, sentence) else {
                continue;
            };
            let key = format!("{id}-news");
            if let Some(e) = assemble::assemble_members(
                linking,
                &[(d, &event)],
                key,
                options.sentences,
                // The entity's words put its sentences first.
                Some(words),
            ) {
                out.push(e);
            }
        }
        out
    }
}

/// Keeps at most `max` events: the most reported (independent sources),
/// then the news over the background, in their order.
fn keep_most_reported(kept: &mut Vec<(usize, &TimelineEvent)>, max: usize) {
    if kept.len() <= max {
        return;
    }
    let mut order: Vec<usize> = (0..kept.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(kept[i].1.independent_sources),
            !kept[i].1.main,
            i,
        )
    });
    let mut keep = vec![false; kept.len()];
    for &i in order.iter().take(max) {
        keep[i] = true;
    }
    let mut i = 0;
    kept.retain(|_| {
        i += 1;
        keep[i - 1]
    });
}

/// A document as the timeline lists it: its date after refinement.
fn document_entry(d: &Document) -> TimelineDocument {
    let date = d.document_date.as_ref();
    TimelineDocument {
        id: d.id.to_string(),
        origin: d.source.origin(),
        date: date.map(|x| x.value.clone()),
        precision: date.map(|x| x.precision),
        confidence: date.map(|x| x.confidence),
        date_source: date.map(|x| x.source),
        reasons: date.map(|x| x.reasons.clone()).unwrap_or_default(),
    }
}

/// The language of the timeline's own words: the one asked for, else the
/// one most of the events' sources are in (French on a tie, and when
/// there is no event); a language without words of its own gets
/// English's.
fn words_language(options: &TimelineOptions, events: &[TimelineEvent]) -> String {
    if let Some(lang) = &options.language {
        return if Words::has(lang) {
            lang.clone()
        } else {
            "en".into()
        };
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for lang in events.iter().flat_map(|e| &e.langs) {
        match counts.iter_mut().find(|(l, _)| *l == lang.as_str()) {
            Some((_, n)) => *n += 1,
            None => counts.push((lang.as_str(), 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let lang = match counts.iter().find(|(l, n)| *n == most && *l == "fr") {
        Some(_) => "fr",
        None => counts
            .iter()
            .find(|(_, n)| *n == most)
            .map(|(l, _)| *l)
            .unwrap_or("fr"),
    };
    if Words::has(lang) { lang } else { "en" }.to_string()
}

/// Where a reader expects an event in date order: its first day, or for
/// "mi-novembre" and "fin novembre" the middle or the last third of its
/// period (after "5 novembre", not before it).
fn reading_day(e: &TimelineEvent) -> chrono::NaiveDate {
    let days = (e.end - e.start).num_days();
    let offset = match e.modifier.as_deref() {
        Some("MID") => days / 2,
        Some("END") => days * 2 / 3,
        _ => 0,
    };
    e.start + chrono::Days::new(u64::try_from(offset).unwrap_or(0))
}
