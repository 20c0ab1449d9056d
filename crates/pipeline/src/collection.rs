//! The corpus level: a [`Collection`] of analysed documents and what is
//! found across them, each part computed once, when first asked for, and
//! shared: canonical entities, stories, near-copies, shared passages, the
//! events linked across articles per reference date, and the timelines cut
//! from them.
//!
//! Front ends (the CLI, the server) build a collection from inputs, from a
//! store or from documents they hold, and ask it; none of them assembles
//! the corpus level itself. A store adds what it keeps (near-duplicate
//! signatures), so nothing already computed at ingest is computed again.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{Datelike, NaiveDate};
use filrouge_corpus::{day_number, Stories, StoryFeatures, StoryId, StoryParams};
use filrouge_entities::CanonicalEntity;
use filrouge_model::{DatePrecision, Document, Label, ParagraphRole, Span};
use filrouge_read::{ReadError, ReadOptions};
use filrouge_store::{Store, StoreError};
use filrouge_timeline::{CorpusContext, LinkedEvents, PassagePair, Timeline, TimelineOptions};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::copies::{shared_passages, Copies, COPY_THRESHOLD};
use crate::furniture::{batches, furniture_of, Inputs};
use crate::{signatures, Pipeline};

/// Summary sentences of events as linked by [`Collection::linked`] (the
/// timeline's default; other counts assemble the events shown again).
pub const SUMMARY_SENTENCES: usize = 2;

/// Linkings kept per collection (reference date and summary length):
/// clients nearly always use one; past this the cache starts again.
const MAX_LINKED: usize = 4;

/// Puts documents in the order the corpus level reads them: by document
/// date as TimeML writes it (a month before its days, a known year before
/// an unknown one, undated last), then by id (a content hash). Arrival
/// order (input order, ingestion order, which worker stored what first)
/// never reaches a result: the earliest report of a copy group is its
/// original, stories are numbered by their first article's date.
pub fn canonical_order(documents: &mut [Document]) {
    documents.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
}

/// A number that sorts documents as [`canonical_order`] does, ties aside
/// (those go to the id): for a placement that takes documents one at a
/// time and needs their canonical rank without the others. A year comes
/// before its months, a month before its days; a date that is no plain
/// year, month or day comes after every such date, an undated document
/// last.
pub(crate) fn canonical_rank(d: &Document) -> u64 {
    let Some(date) = d.document_date.as_ref() else {
        return u64::MAX;
    };
    let v = date.value.as_str();
    let parsed = match v.len() {
        4 => NaiveDate::parse_from_str(&format!("{v}-01-01"), "%Y-%m-%d")
            .ok()
            .map(|d| (d, 0)),
        7 => NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d")
            .ok()
            .map(|d| (d, 1)),
        _ => v
            .get(..10)
            .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
            .map(|d| (d, 2)),
    };
    match parsed {
        // Years from 1 on: days since 0001-01-01, times three slots.
        Some((day, slot)) => {
            u64::try_from(day.num_days_from_ce()).map_or(u64::MAX - 1, |n| n * 3 + slot)
        }
        None => u64::MAX - 1,
    }
}

/// [`canonical_order`]'s key of a document.
pub(crate) fn order_key(d: &Document) -> (&str, &str) {
    let date = d
        .document_date
        .as_ref()
        .map_or("~", |date| date.value.as_str());
    (date, d.id.0.as_str())
}

/// A story number that is not among the collection's stories.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no story {story}: there are {stories} in these documents")]
pub struct NoSuchStory {
    /// The number asked for.
    pub story: u32,
    /// How many stories there are (numbered from 0).
    pub stories: usize,
}

/// One linking, built once by the first caller; others wait for it.
type LinkedCell = Arc<OnceLock<Arc<LinkedEvents>>>;

/// Analysed documents, in a fixed order, and the corpus level over them.
/// Every part is computed once, on first use, and then shared (the type
/// is `Sync`: a server's requests share one collection per store
/// generation).
pub struct Collection {
    documents: Arc<Vec<Document>>,
    /// Near-duplicate signatures at [`COPY_THRESHOLD`] known beforehand
    /// (kept by a store), by document.
    copy_signatures: Vec<Option<Vec<u32>>>,
    entities: OnceLock<Arc<Vec<CanonicalEntity>>>,
    stories: OnceLock<Arc<Stories>>,
    copies: OnceLock<Arc<Copies>>,
    passages: OnceLock<Arc<Vec<PassagePair>>>,
    linked: Mutex<FxHashMap<(NaiveDate, usize), LinkedCell>>,
}

impl std::fmt::Debug for Collection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Collection")
            .field("documents", &self.documents.len())
            .finish()
    }
}

impl Collection {
    /// A collection of documents already analysed (every stage the corpus
    /// level reads: time, entities, quotes), put in the canonical order
    /// ([`canonical_order`]): the same documents make the same collection
    /// (stories, copies, events, their numbers) whatever order they came in.
    pub fn new(mut documents: Vec<Document>) -> Collection {
        canonical_order(&mut documents);
        Collection {
            documents: Arc::new(documents),
            copy_signatures: Vec::new(),
            entities: OnceLock::new(),
            stories: OnceLock::new(),
            copies: OnceLock::new(),
            passages: OnceLock::new(),
            linked: Mutex::new(FxHashMap::default()),
        }
    }

    /// Reads and analyses `inputs` with `pipeline` into a collection, in
    /// input order. Each input that cannot be read goes to `on_error`,
    /// which returns whether to go on (`false` stops reading; the
    /// collection then holds what was read before). Every document is read
    /// before any is analysed, so that the page furniture of the whole
    /// input is learned first (when the pipeline learns).
    pub fn analyse(
        inputs: &[PathBuf],
        opts: &ReadOptions,
        pipeline: &Pipeline,
        on_error: impl FnMut(ReadError) -> bool,
    ) -> Collection {
        Collection::analyse_counted(inputs, opts, pipeline, on_error, |_, _| {})
    }

    /// [`Collection::analyse`], telling `progress` how many of the
    /// documents read are analysed so far and how many there are (after
    /// each batch; the count is known once every input is read).
    pub fn analyse_counted(
        inputs: &[PathBuf],
        opts: &ReadOptions,
        pipeline: &Pipeline,
        mut on_error: impl FnMut(ReadError) -> bool,
        mut progress: impl FnMut(usize, usize),
    ) -> Collection {
        let mut read = Vec::new();
        for item in Inputs::new(inputs, opts).read() {
            match item {
                Ok(doc) => read.push(doc),
                Err(e) => {
                    if !on_error(e) {
                        break;
                    }
                }
            }
        }
        let (pipeline, _) = pipeline.frozen_with(|| furniture_of(&read));
        let total = read.len();
        let mut docs = Vec::with_capacity(total);
        progress(0, total);
        for batch in batches(read.into_iter().map(Ok)) {
            docs.extend(pipeline.process_batch(batch).into_iter().flatten());
            progress(docs.len(), total);
        }
        Collection::new(docs)
    }

    /// Every document of a store (analysed at ingest), in ingestion order,
    /// with the near-duplicate signatures the store keeps.
    pub fn from_store(store: &Store) -> Result<Collection, StoreError> {
        Collection::from_store_counted(store, |_, _| {})
    }

    /// [`Collection::from_store`], telling `progress` how many documents
    /// are loaded so far and how many the store holds.
    pub fn from_store_counted(
        store: &Store,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<Collection, StoreError> {
        let ids = store.ids()?;
        let total = ids.len();
        let mut documents = Vec::with_capacity(total);
        progress(0, total);
        for (i, chunk) in ids.chunks(filrouge_store::LOAD_CHUNK).enumerate() {
            documents.extend(store.get_many(chunk)?);
            let done = (i * filrouge_store::LOAD_CHUNK + chunk.len()).min(total);
            progress(done, total);
        }
        canonical_order(&mut documents);
        let copy_signatures = signatures::stored(store, &documents, COPY_THRESHOLD)?;
        Ok(Collection {
            copy_signatures,
            ..Collection::new(documents)
        })
    }

    /// The documents, in the collection's order.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// How many documents.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// Whether there is no document.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// Canonical entities over every mention (`filrouge_entities::resolve`).
    pub fn entities(&self) -> &[CanonicalEntity] {
        self.entities_arc()
    }

    fn entities_arc(&self) -> &Arc<Vec<CanonicalEntity>> {
        self.entities.get_or_init(|| {
            Arc::new(filrouge_entities::resolve(&filrouge_entities::mentions(
                &self.documents,
            )))
        })
    }

    /// The canonical entity a name as written stands for: the first whose
    /// aliases hold it exactly.
    pub fn entity_named(&self, name: &str) -> Option<&CanonicalEntity> {
        self.entities()
            .iter()
            .find(|e| e.aliases.iter().any(|(a, _)| a == name))
    }

    /// Stories with the default parameters, clustered in document order.
    pub fn stories(&self) -> &Stories {
        self.stories_arc()
    }

    fn stories_arc(&self) -> &Arc<Stories> {
        self.stories.get_or_init(|| {
            Arc::new(cluster(
                &self.documents,
                self.entities(),
                StoryParams::default(),
            ))
        })
    }

    /// Stories with `params` (the shared clustering when they are the
    /// defaults).
    pub fn stories_with(&self, params: StoryParams) -> Arc<Stories> {
        if params == StoryParams::default() {
            return self.stories_arc().clone();
        }
        Arc::new(cluster(&self.documents, self.entities(), params))
    }

    /// The ids of story `story`'s articles (default stories).
    pub fn story_articles(&self, story: u32) -> Result<Vec<String>, NoSuchStory> {
        let stories = self.stories();
        let not_found = NoSuchStory {
            story,
            stories: stories.len(),
        };
        let found = stories.story(StoryId(story)).ok_or(not_found)?;
        Ok(found
            .articles
            .iter()
            .filter_map(|&a| self.documents.get(a as usize).map(|d| d.id.to_string()))
            .collect())
    }

    /// Near-copies at [`COPY_THRESHOLD`] (from stored signatures when the
    /// collection came from a store).
    pub fn copies(&self) -> &Copies {
        self.copies.get_or_init(|| {
            Arc::new(Copies::find(
                &self.documents,
                COPY_THRESHOLD,
                &self.copy_signatures,
            ))
        })
    }

    /// Near-copies at another threshold (the shared ones at
    /// [`COPY_THRESHOLD`]).
    pub fn copies_at(&self, threshold: f64) -> Copies {
        if threshold == COPY_THRESHOLD {
            return self.copies().clone();
        }
        Copies::find(&self.documents, threshold, &[])
    }

    /// Paragraphs two documents share nearly verbatim.
    pub fn shared_passages(&self) -> &[PassagePair] {
        self.passages_arc()
    }

    fn passages_arc(&self) -> &Arc<Vec<PassagePair>> {
        self.passages
            .get_or_init(|| Arc::new(shared_passages(&self.documents)))
    }

    /// What linking takes from the corpus level: entities, copy groups,
    /// shared passages.
    pub fn context(&self) -> CorpusContext {
        CorpusContext {
            entities: self.entities_arc().clone(),
            copy_group: Arc::new(self.copies().group.clone()),
            shared_passages: self.passages_arc().clone(),
        }
    }

    /// The events linked across the documents, dated against `as_of`, with
    /// summaries of [`SUMMARY_SENTENCES`]; many timelines are cut from one
    /// linking.
    pub fn linked(&self, as_of: NaiveDate) -> Arc<LinkedEvents> {
        self.linked_with(as_of, SUMMARY_SENTENCES)
    }

    /// The events linked against `as_of` with summaries of `sentences`
    /// sentences, built once per pair (concurrent callers wait for the
    /// first).
    pub fn linked_with(&self, as_of: NaiveDate, sentences: usize) -> Arc<LinkedEvents> {
        let cell = match self.linked.lock() {
            Ok(mut cache) => {
                let key = (as_of, sentences);
                if cache.len() >= MAX_LINKED && !cache.contains_key(&key) {
                    cache.clear();
                }
                cache.entry(key).or_default().clone()
            }
            // A panicked linking poisoned the lock: link without caching.
            Err(_) => Arc::new(OnceLock::new()),
        };
        cell.get_or_init(|| Arc::new(self.link(as_of, sentences)))
            .clone()
    }

    /// The events linked against `as_of` with summaries of `sentences`
    /// sentences, built now and kept by no cache: for callers that bound
    /// their own (the server holds a few reference dates and builds one at
    /// a time).
    pub fn link(&self, as_of: NaiveDate, sentences: usize) -> LinkedEvents {
        LinkedEvents::build(
            self.documents.as_ref().clone(),
            &self.context(),
            as_of,
            sentences,
        )
    }

    /// Whether [`Collection::linked`] for `as_of` is built or being built.
    pub fn is_linked(&self, as_of: NaiveDate) -> bool {
        self.linked
            .lock()
            .map(|cache| cache.contains_key(&(as_of, SUMMARY_SENTENCES)))
            .unwrap_or(true)
    }

    /// The timeline `options` ask for, linked with their reference date
    /// and summary length.
    pub fn timeline(&self, options: &TimelineOptions) -> Timeline {
        self.linked_with(options.as_of, options.sentences)
            .timeline(options)
    }

    /// Every quote of the documents, in order, with its speaker resolved to
    /// a canonical entity; with `speaker`, only the quotes of the entity
    /// so called (any alias, or its last words: "Poutine" for "Vladimir
    /// Poutine"; case and accents ignored).
    pub fn quotes(&self, speaker: Option<&str>) -> Vec<CollectionQuote<'_>> {
        let keys = filrouge_entities::canonical::NameKeys::bundled();
        let wanted = speaker.map(|s| keys.key(s));
        let called = |e: &CanonicalEntity, w: &str| {
            let suffix = format!(" {w}");
            e.aliases.iter().any(|(alias, _)| {
                let k = keys.key(alias);
                k == w || k.ends_with(&suffix)
            })
        };
        let mut out = Vec::new();
        for doc in self.documents() {
            for a in &doc.annotations {
                let Label::Quote {
                    speaker,
                    cue,
                    channel,
                    reported_by,
                    ..
                } = &a.label
                else {
                    continue;
                };
                let entity = speaker.as_deref().and_then(|s| self.entity_named(s));
                if let Some(w) = &wanted {
                    if !entity.is_some_and(|e| called(e, w)) {
                        continue;
                    }
                }
                out.push(CollectionQuote {
                    document: doc,
                    span: a.span,
                    speaker: speaker.as_deref(),
                    entity,
                    cue: cue.as_deref(),
                    channel: channel.as_deref(),
                    reported_by: reported_by.as_deref(),
                });
            }
        }
        out
    }
}

/// A quote of a collection, its speaker resolved.
#[derive(Debug, Clone, Copy)]
pub struct CollectionQuote<'a> {
    /// The document quoting.
    pub document: &'a Document,
    /// The quoted words' span in its cleaned text.
    pub span: Span,
    /// The speaker as written, when attributed.
    pub speaker: Option<&'a str>,
    /// The canonical entity of the speaker, when resolved.
    pub entity: Option<&'a CanonicalEntity>,
    /// The reporting verb.
    pub cue: Option<&'a str>,
    /// Where the words were said ("sur Truth Social").
    pub channel: Option<&'a str>,
    /// Who reported the speaker's words, if someone did.
    pub reported_by: Option<&'a str>,
}

impl CollectionQuote<'_> {
    /// The quoted words.
    pub fn text(&self) -> &str {
        self.document.slice(self.span)
    }
}

/// The document's story day, when its document date is known to the day
/// (a month or a year alone would place it wrongly in time).
pub(crate) fn document_day(doc: &Document) -> Option<i32> {
    let date = doc.document_date.as_ref()?;
    if date.precision != DatePrecision::Day {
        return None;
    }
    let value = date.value.get(..10)?;
    day_number(NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?)
}

/// The document's title: its title paragraph, else the title its
/// metadata declares.
pub(crate) fn document_title(doc: &Document) -> &str {
    let paragraph = doc.annotations.iter().find_map(|a| match a.label {
        Label::Paragraph {
            role: ParagraphRole::Title,
            ..
        } => Some(doc.slice(a.span)),
        _ => None,
    });
    paragraph
        .or(doc.metadata.title.as_deref())
        .unwrap_or_default()
}

/// Groups `docs` into stories. Each document's features are its cleaned
/// text in its detected language (French when unknown) with its title
/// counted more, the ids of the canonical entities (among `entities`)
/// that list it, and its day. The whole batch's document frequencies are
/// counted first, then the documents are added in time order (the dated
/// ones by day, then the undated ones, each in document order), so that a
/// story that goes on for weeks is followed from day to day; articles keep
/// their numbers in `docs`. Features are built in parallel, clustering is
/// sequential: the result depends only on the documents and their order.
fn cluster(docs: &[Document], entities: &[CanonicalEntity], params: StoryParams) -> Stories {
    let mut keys: FxHashMap<&str, Vec<String>> = FxHashMap::default();
    for e in entities {
        for d in &e.documents {
            keys.entry(d.as_str()).or_default().push(e.id.clone());
        }
    }
    let none = Vec::new();
    let features: Vec<StoryFeatures> = docs
        .par_iter()
        .map(|doc| {
            let lang = doc.metadata.lang.as_deref().unwrap_or("fr");
            let entities = keys.get(doc.id.0.as_str()).unwrap_or(&none);
            let title = document_title(doc);
            StoryFeatures::titled(lang, title, &doc.text, entities, document_day(doc))
        })
        .collect();
    let mut order: Vec<u32> = (0..features.len())
        .filter_map(|i| u32::try_from(i).ok())
        .collect();
    order.sort_by_key(|&i| (features[i as usize].day().unwrap_or(i32::MAX), i));
    let mut stories = Stories::new(params);
    stories.count_ahead(&features);
    for &i in &order {
        stories.add(&features[i as usize]);
    }
    // `order` is a permutation of the documents: renumbering cannot fail.
    let _ = stories.renumber(&order);
    stories
}
