//! Events across documents: each document's events linked to the same
//! events in other documents, and the documents' dates refined from the
//! events they share (the time stage's hook).
//!
//! Two events are one when their kind family agrees, nothing contradicts
//! (a known part of their dates, their ordinals) and something positive
//! says so: their dates agree to the month and they share participants or
//! words; or they are the same rank of a series ("le deuxième cycle de
//! négociations") sharing a participant or place; or their articles are
//! copies of one another.

use chrono::{Datelike, NaiveDate};
use filrouge_entities::CanonicalEntity;
use filrouge_events::{DocumentEvent, EventDate};
use filrouge_model::{DatePrecision, Document, EntityKind, Label, Span};
use filrouge_time::{LinkedDate, PartialDate, TimeStage};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

use crate::selection::Subject;
use crate::text::Bag;
use crate::{CorpusContext, PassagePair};

/// Word similarity of two events' sentences that, with agreeing dates,
/// makes them one.
const LEXICAL_LINK: f64 = 0.25;
/// Word similarity that, for the news of two articles on one day naming
/// one person, makes them one.
const LEXICAL_LINK_NEWS: f64 = 0.15;
/// Rounds of dating and linking: a date refined in one round can link more
/// events in the next.
const ROUNDS: usize = 3;

/// The documents with their events linked across them: what the timeline
/// is assembled from.
pub(crate) struct Linking {
    /// The documents, dates refined.
    pub docs: Vec<Document>,
    /// Per document, its copy group (the index of the first document of
    /// which it is a near-duplicate, else its own).
    pub copy_group: Arc<Vec<usize>>,
    /// Paragraphs shared nearly verbatim by two documents (a wire story's
    /// paragraph in a blog post), by document: (its span, the other
    /// document, the other's span); each pair is listed under both.
    pub shared_passages: FxHashMap<usize, Vec<(Span, usize, Span)>>,
    /// Canonical entities of the corpus.
    pub entities: Arc<Vec<CanonicalEntity>>,
    /// (document, form as written) -> entity index.
    pub entity_of: FxHashMap<(usize, String), usize>,
    /// Per document, its events.
    pub events: Vec<Vec<DocumentEvent>>,
    /// Clusters of (document, event index): one real-world event each.
    pub clusters: Vec<Vec<(usize, usize)>>,
    /// The collection's subject, and the documents off it.
    pub subject: Subject,
    /// Per document, its entity annotations as (start, end, index in the
    /// document's annotations), by start: an event's entities are looked
    /// up by its sentences, not by scanning every annotation (a long
    /// article has thousands of each).
    entity_spans: Vec<Vec<(usize, usize, usize)>>,
}

/// What linking compares of one document event.
struct Node {
    doc: usize,
    /// Only dated sentences without event words.
    generic: bool,
    family: String,
    date: Option<EventDate>,
    /// The date's parts, read once.
    parts: Option<PartialDate>,
    ordinal: Option<u32>,
    main: bool,
    persons: FxHashSet<usize>,
    others: FxHashSet<usize>,
    bag: Bag,
}

impl Node {
    /// Both name people and none is common: never one event, however
    /// alike their words (wire reports follow templates).
    fn persons_apart(&self, other: &Node) -> bool {
        !self.persons.is_empty()
            && !other.persons.is_empty()
            && self.persons.is_disjoint(&other.persons)
    }

    /// Both name at least two people and none is common: two members that
    /// keep their clusters apart. (With one person each, a report may have
    /// missed the other participant: a third report naming both may still
    /// join them.)
    fn casts_apart(&self, other: &Node) -> bool {
        self.persons.len() >= 2
            && other.persons.len() >= 2
            && self.persons.is_disjoint(&other.persons)
    }
}

impl Linking {
    /// Links events across `docs`, refining undated documents from the
    /// events they share, and clusters them. `context` is what the corpus
    /// level found across the same documents, in the same order.
    pub fn build(docs: Vec<Document>, context: &CorpusContext, as_of: NaiveDate) -> Linking {
        let entity_of = entity_forms(&docs, &context.entities);
        let mut linking = Linking {
            subject: Subject::of(&docs),
            shared_passages: passages_by_document(&context.shared_passages),
            copy_group: context.copy_group.clone(),
            entities: context.entities.clone(),
            entity_of,
            docs,
            events: Vec::new(),
            clusters: Vec::new(),
            entity_spans: Vec::new(),
        };
        let stage = TimeStage::new(as_of);
        for _ in 0..ROUNDS {
            let nodes = linking.relink();
            if !linking.refine_dates(&nodes, &stage) {
                break;
            }
        }
        linking.relink();
        linking
    }

    /// Reads each document's events again (dates may have moved) and
    /// clusters them; returns the nodes compared.
    fn relink(&mut self) -> Vec<Node> {
        self.events = self.docs.iter().map(filrouge_events::events_of).collect();
        self.entity_spans = self.docs.iter().map(entity_spans).collect();
        let nodes = self.nodes();
        self.clusters = self.cluster(&nodes);
        nodes
    }

    /// The entity a mention as written in document `doc` stands for.
    pub fn entity(&self, doc: usize, form: &str) -> Option<&CanonicalEntity> {
        self.entity_of
            .get(&(doc, form.to_string()))
            .map(|&i| &self.entities[i])
    }

    /// Entities (index, kind) named in the sentences of `event`.
    pub fn entities_in(&self, doc: usize, event: &DocumentEvent) -> Vec<(usize, EntityKind)> {
        let d = &self.docs[doc];
        let spans = self.entity_spans.get(doc).map_or(&[][..], Vec::as_slice);
        // The entity annotations inside the event's sentences, in the
        // document's annotation order.
        let mut inside: Vec<usize> = Vec::new();
        for m in &event.mentions {
            let from = spans.partition_point(|&(start, _, _)| start < m.sentence.start);
            inside.extend(
                spans[from..]
                    .iter()
                    .take_while(|&&(start, _, _)| start <= m.sentence.end)
                    .filter(|&&(_, end, _)| end <= m.sentence.end)
                    .map(|&(_, _, i)| i),
            );
        }
        inside.sort_unstable();
        inside.dedup();
        let mut out = Vec::new();
        for a in inside.into_iter().filter_map(|i| d.annotations.get(i)) {
            let Label::Entity { kind, refers_to } = &a.label else {
                continue;
            };
            let form = refers_to
                .clone()
                .unwrap_or_else(|| d.slice(a.span).to_string());
            let key = self
                .entity_of
                .get(&(doc, form))
                .or_else(|| self.entity_of.get(&(doc, d.slice(a.span).to_string())));
            if let Some(&i) = key {
                if !out.iter().any(|(j, _)| *j == i) {
                    out.push((i, *kind));
                }
            }
        }
        out
    }

    /// Entities of a document's title and lead (as the events crate reads
    /// the lead).
    fn lead_entities(&self, doc: usize) -> Vec<(usize, EntityKind)> {
        let d = &self.docs[doc];
        let lead_end = filrouge_events::document::lead_end(d);
        let mut out: Vec<(usize, EntityKind)> = Vec::new();
        for a in d.annotations.iter().filter(|a| a.span.end <= lead_end) {
            if let Label::Entity { kind, refers_to } = &a.label {
                let form = refers_to
                    .clone()
                    .unwrap_or_else(|| d.slice(a.span).to_string());
                if let Some(&i) = self.entity_of.get(&(doc, form)) {
                    if !out.iter().any(|(j, _)| *j == i) {
                        out.push((i, *kind));
                    }
                }
            }
        }
        out
    }

    fn nodes(&self) -> Vec<Node> {
        let mut nodes = Vec::new();
        for (doc, events) in self.events.iter().enumerate() {
            for e in events {
                let mut persons = FxHashSet::default();
                let mut others = FxHashSet::default();
                // The article's news is about who its lead names.
                let lead = if e.main {
                    self.lead_entities(doc)
                } else {
                    Vec::new()
                };
                for (i, kind) in self.entities_in(doc, e).into_iter().chain(lead) {
                    if kind == EntityKind::Per {
                        persons.insert(i);
                    } else {
                        others.insert(i);
                    }
                }
                let mut bag = Bag::default();
                for m in &e.mentions {
                    bag.extend(&Bag::of(self.docs[doc].slice(m.sentence)));
                }
                nodes.push(Node {
                    doc,
                    generic: e.mentions.iter().all(|m| m.generic),
                    family: e.family.clone(),
                    parts: e.date.as_ref().and_then(EventDate::parts),
                    date: e.date.clone(),
                    ordinal: e.ordinal,
                    main: e.main,
                    persons,
                    others,
                    bag,
                });
            }
        }
        nodes
    }

    /// Clusters of (document, event index), in node order. Pairs that may
    /// be one event are merged best first; a merge that would put two
    /// events of one document, two ordinals or two dates that cannot be one
    /// day into one cluster is refused.
    fn cluster(&self, nodes: &[Node]) -> Vec<Vec<(usize, usize)>> {
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for (a, b) in self.candidate_pairs(nodes) {
            if nodes[a].doc != nodes[b].doc {
                if let Some(score) = self.link_score(&nodes[a], &nodes[b]) {
                    pairs.push((score, a, b));
                }
            }
        }
        pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        let mut parent = merge(nodes, &pairs);
        // Node index -> (doc, event index).
        let mut address = Vec::with_capacity(nodes.len());
        for (doc, events) in self.events.iter().enumerate() {
            for i in 0..events.len() {
                address.push((doc, i));
            }
        }
        let mut clusters: FxHashMap<usize, Vec<(usize, usize)>> = FxHashMap::default();
        let mut order = Vec::new();
        for (i, at) in address.into_iter().enumerate() {
            let r = root(&mut parent, i);
            let c = clusters.entry(r).or_default();
            if c.is_empty() {
                order.push(r);
            }
            c.push(at);
        }
        order
            .into_iter()
            .filter_map(|r| clusters.remove(&r))
            .collect()
    }

    /// The pairs of nodes that could link, sorted. They come from blocks,
    /// one per way two events can be linked (see `link_score`): the same
    /// family and day (two known days must agree), a month-only date
    /// against its month, the same family and rank, or main events of
    /// copies. No pair outside a block could link, and no block spans two
    /// families; an article whose news has no event word (a generic main
    /// event) may report the news another article names, so it joins
    /// every family.
    fn candidate_pairs(&self, nodes: &[Node]) -> Vec<(usize, usize)> {
        let families: FxHashSet<&str> = nodes.iter().map(|n| n.family.as_str()).collect();
        let mut blocks: FxHashMap<(&str, u8, i64), Vec<usize>> = FxHashMap::default();
        // Month-only dates, compared with every event of their month.
        let mut by_month: FxHashMap<(&str, u32), Vec<usize>> = FxHashMap::default();
        let mut month_only: Vec<(usize, &str, u32)> = Vec::new();
        for (i, n) in nodes.iter().enumerate() {
            let own = [n.family.as_str()];
            let all: Vec<&str> = if n.generic && n.main {
                families.iter().copied().collect()
            } else {
                own.to_vec()
            };
            if let Some(p) = n.parts.filter(|p| p.month.is_some()) {
                let month = p.month.unwrap_or_default();
                for &family in &all {
                    by_month.entry((family, month)).or_default().push(i);
                    match p.day {
                        Some(day) => blocks
                            .entry((family, 0, i64::from(month * 32 + day)))
                            .or_default()
                            .push(i),
                        None => month_only.push((i, family, month)),
                    }
                }
            }
            if let Some(rank) = n.ordinal {
                blocks
                    .entry((own[0], 1, i64::from(rank)))
                    .or_default()
                    .push(i);
            }
            if n.main {
                blocks
                    .entry((own[0], 2, self.copy_group[n.doc] as i64))
                    .or_default()
                    .push(i);
            }
        }
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for members in blocks.values() {
            for (k, &a) in members.iter().enumerate() {
                for &b in &members[k + 1..] {
                    candidates.push((a.min(b), a.max(b)));
                }
            }
        }
        for &(a, family, month) in &month_only {
            for &b in by_month.get(&(family, month)).into_iter().flatten() {
                if a != b {
                    candidates.push((a.min(b), a.max(b)));
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    /// How strongly two events of different documents are one, or `None`
    /// when nothing positive says so or something contradicts it.
    fn link_score(&self, a: &Node, b: &Node) -> Option<f64> {
        if matches!((a.ordinal, b.ordinal), (Some(x), Some(y)) if x != y) {
            return None;
        }
        let dates = date_relation(a.parts.as_ref(), b.parts.as_ref());
        if dates == DateRelation::Conflict {
            return None;
        }
        let shared_persons = a.persons.intersection(&b.persons).count();
        let shared_others = a.others.intersection(&b.others).count();
        let lexical = a.bag.cosine(&b.bag);
        let same_rank = a.ordinal.is_some() && a.ordinal == b.ordinal;
        let copies = self.copy_group[a.doc] == self.copy_group[b.doc];
        let score = lexical
            + 0.2 * (shared_persons + shared_others) as f64
            + if a.main && b.main { 0.5 } else { 0.0 }
            + if same_rank { 0.5 } else { 0.0 };
        if copies && a.main && b.main {
            return Some(score + 2.0);
        }
        if a.persons_apart(b) {
            return None;
        }
        let positive = match dates {
            // The news of one article and a passing mention in another
            // are one event only when both know the year.
            DateRelation::Agree { years } if a.main == b.main || years => {
                shared_persons >= 2
                    || (shared_persons >= 1 && shared_others >= 1)
                    || lexical >= LEXICAL_LINK
                    // Two articles' news on the same day, naming the same
                    // person in similar words.
                    || (a.main && b.main && years && shared_persons >= 1 && lexical >= LEXICAL_LINK_NEWS)
            }
            _ => same_rank && shared_persons + shared_others >= 1,
        };
        positive.then_some(score)
    }

    /// Dates again the documents whose year is unknown, from the events
    /// they share with dated documents and from ordinal series. Returns
    /// whether a date changed.
    fn refine_dates(&mut self, nodes: &[Node], stage: &TimeStage) -> bool {
        let mut node_of: FxHashMap<(usize, usize), usize> = FxHashMap::default();
        let mut k = 0;
        for (doc, events) in self.events.iter().enumerate() {
            for i in 0..events.len() {
                node_of.insert((doc, i), k);
                k += 1;
            }
        }
        let mut changed = false;
        for doc in 0..self.docs.len() {
            let d = &self.docs[doc];
            let needs = d.metadata.published.is_none()
                && d.document_date.as_ref().is_some_and(|x| {
                    x.value.starts_with('X') || x.precision < DatePrecision::Month
                });
            if !needs {
                continue;
            }
            let mut clues: Vec<LinkedDate> = Vec::new();
            let name = |other: usize| self.docs[other].source.origin();
            for cluster in &self.clusters {
                let Some(&(_, own)) = cluster.iter().find(|(dd, _)| *dd == doc) else {
                    continue;
                };
                let own_main = self.events[doc][own].main;
                for &(other, e) in cluster.iter().filter(|(dd, _)| *dd != doc) {
                    let Some((start, end, p)) =
                        self.events[other][e].date.as_ref().and_then(bounds)
                    else {
                        continue;
                    };
                    let kind = &self.events[other][e].kind;
                    if own_main && self.events[other][e].main && p == DatePrecision::Day {
                        clues.push(LinkedDate::SameEvent {
                            date: start,
                            reason: format!(
                                "{} reports the same {kind} and dates it {}",
                                name(other),
                                start.format("%Y-%m-%d")
                            ),
                        });
                    } else if p >= DatePrecision::Month {
                        clues.push(LinkedDate::ReportsEvent {
                            date: start,
                            reason: format!(
                                "the {kind} this document mentions is dated {} by {}: written on or after it",
                                period(start, end),
                                name(other)
                            ),
                        });
                    }
                }
            }
            // Ordinal series: "the ninth call" comes after a dated sixth.
            if let Some(main) = self.events[doc].iter().position(|e| e.main) {
                clues.extend(self.series_clues(doc, main, nodes, &node_of));
            }
            clues.extend(self.collection_years(doc));
            if clues.is_empty() {
                continue;
            }
            let before = self.docs[doc].document_date.clone();
            let redated = stage.redate(self.docs[doc].clone(), &clues);
            if redated.document_date != before {
                changed |= redated.document_date.as_ref().map(|x| &x.value)
                    != before.as_ref().map(|x| &x.value);
                self.docs[doc] = redated;
            }
        }
        changed
    }
}

impl Linking {
    /// The years of the collection's other documents whose year is known
    /// (from their metadata or their text): a tie-breaker among years
    /// document `doc`'s own text cannot tell apart.
    fn collection_years(&self, doc: usize) -> Option<LinkedDate> {
        let mut years: Vec<(i32, usize)> = Vec::new();
        for (i, d) in self.docs.iter().enumerate() {
            let year = d
                .document_date
                .as_ref()
                .filter(|x| x.precision >= DatePrecision::Year)
                .and_then(|x| x.value.get(..4))
                .and_then(|y| y.parse::<i32>().ok());
            let Some(year) = year.filter(|_| i != doc) else {
                continue;
            };
            match years.iter_mut().find(|(y, _)| *y == year) {
                Some((_, n)) => *n += 1,
                None => years.push((year, 1)),
            }
        }
        if years.is_empty() {
            return None;
        }
        years.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let total: usize = years.iter().map(|(_, n)| n).sum();
        let listed: Vec<String> = years
            .iter()
            .take(3)
            .map(|(y, n)| format!("{y} ({n} of {total})"))
            .collect();
        Some(LinkedDate::CollectionYears {
            reason: format!(
                "the collection's other dated articles are from {}",
                listed.join(", ")
            ),
            years,
        })
    }

    /// Bounds on a document's date from the ordinal series its news
    /// belongs to (same family, two shared people): after the dated lower
    /// ranks, before the higher ones; within their year when the text
    /// counts "cette année"; and, when two ranks are dated, no further
    /// from them than twice the series' pace allows.
    fn series_clues(
        &self,
        doc: usize,
        main: usize,
        nodes: &[Node],
        node_of: &FxHashMap<(usize, usize), usize>,
    ) -> Vec<LinkedDate> {
        let mut clues = Vec::new();
        let n = &nodes[node_of[&(doc, main)]];
        let Some(k) = n.ordinal.filter(|_| n.persons.len() >= 2) else {
            return clues;
        };
        let this_year = self.events[doc][main].mentions.iter().any(|m| {
            m.ordinal == Some(k)
                && m.time.as_ref().is_some_and(|t| {
                    // "cette année": the document's year, resolved or not.
                    t.value.len() == 4
                        && matches!(
                            t.anchor,
                            filrouge_model::TimexAnchor::DocumentDate
                                | filrouge_model::TimexAnchor::Unanchored
                        )
                })
        });
        let series = self.dated_ranks(doc, n, nodes);
        let name = |d: usize| self.docs[d].source.origin();
        for &(j, start, end, other) in &series {
            let dated = format!(
                "ordinal {j} is dated {} by {}",
                period(start, end),
                name(other)
            );
            if j < k {
                clues.push(LinkedDate::After {
                    date: end,
                    reason: format!("ordinal {k} of a series whose {dated}: after it"),
                });
                if this_year {
                    if let Some(last) = NaiveDate::from_ymd_opt(start.year(), 12, 31) {
                        clues.push(LinkedDate::Before {
                            date: last,
                            reason: format!(
                                "ordinal {k} counted within the year, and the series' {dated}: the same year"
                            ),
                        });
                    }
                }
            } else {
                clues.push(LinkedDate::Before {
                    date: start,
                    reason: format!("ordinal {k} of a series whose {dated}: before it"),
                });
            }
        }
        clues.extend(pace_clue(&series, k));
        clues
    }

    /// The other ranks of `n`'s series, dated to the month at least: the
    /// same family in other documents, sharing two people; one per rank,
    /// in rank order, as (rank, start, end, document).
    fn dated_ranks(&self, doc: usize, n: &Node, nodes: &[Node]) -> Vec<DatedRank> {
        let Some(k) = n.ordinal else {
            return Vec::new();
        };
        let mut series: Vec<DatedRank> = Vec::new();
        for m in nodes
            .iter()
            .filter(|m| m.doc != doc && m.family == n.family)
        {
            let (Some(j), Some((start, end, p))) = (m.ordinal, m.date.as_ref().and_then(bounds))
            else {
                continue;
            };
            if p >= DatePrecision::Month
                && j != k
                && m.persons.intersection(&n.persons).count() >= 2
                && !series.iter().any(|s| s.0 == j)
            {
                series.push((j, start, end, m.doc));
            }
        }
        series.sort();
        series
    }
}

/// A dated rank of an ordinal series: (rank, start, end, document).
type DatedRank = (u32, NaiveDate, NaiveDate, usize);

/// When two ranks of the series are dated, rank `k` is no further from
/// the nearest dated rank than twice the series' pace allows.
fn pace_clue(series: &[DatedRank], k: u32) -> Option<LinkedDate> {
    let (first, last) = (series.first()?, series.last()?);
    let ranks = i64::from(last.0) - i64::from(first.0);
    let days = (last.1 - first.2).num_days();
    if ranks <= 0 || days <= 0 {
        return None;
    }
    let pace = days as f64 / ranks as f64;
    let (j, start, end, _) = series
        .iter()
        .min_by_key(|s| (i64::from(s.0) - i64::from(k)).abs())
        .copied()?;
    let slack = (2.0 * pace * (i64::from(j) - i64::from(k)).abs() as f64) as i64;
    let reason = format!(
        "the series moves one rank every {pace:.0} days (ranks {} to {} dated): ordinal {k} is within {slack} days of ordinal {j}",
        first.0, last.0
    );
    if k < j {
        start
            .checked_sub_signed(chrono::Duration::days(slack))
            .map(|d| LinkedDate::After { date: d, reason })
    } else {
        end.checked_add_signed(chrono::Duration::days(slack))
            .map(|d| LinkedDate::Before { date: d, reason })
    }
}

/// How two event dates relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateRelation {
    /// Both known to the month at least, and every known part agrees.
    Agree {
        /// Both years are known.
        years: bool,
    },
    /// A known part differs.
    Conflict,
    /// Too little is known.
    Unknown,
}

/// The root of `i`'s cluster (path halving).
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Merges nodes best pair first (`pairs` sorted), never joining two
/// clusters where any two members conflict (same document, casts apart,
/// different ranks, dates that cannot be one day). Returns each node's
/// parent.
fn merge(nodes: &[Node], pairs: &[(f64, usize, usize)]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    // Per cluster root: its members.
    let mut members_of: Vec<Vec<usize>> = (0..nodes.len()).map(|i| vec![i]).collect();
    for &(_, a, b) in pairs {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra == rb {
            continue;
        }
        let fits = members_of[ra].iter().all(|&x| {
            members_of[rb].iter().all(|&y| {
                nodes[x].doc != nodes[y].doc
                    && !nodes[x].casts_apart(&nodes[y])
                    && !matches!((nodes[x].ordinal, nodes[y].ordinal), (Some(p), Some(q)) if p != q)
                    && date_relation(nodes[x].parts.as_ref(), nodes[y].parts.as_ref())
                        != DateRelation::Conflict
            })
        });
        if fits {
            parent[rb] = ra;
            let moved = std::mem::take(&mut members_of[rb]);
            members_of[ra].extend(moved);
        }
    }
    parent
}

fn date_relation(a: Option<&PartialDate>, b: Option<&PartialDate>) -> DateRelation {
    let (Some(x), Some(y)) = (a, b) else {
        return DateRelation::Unknown;
    };
    if filrouge_events::document::parts_conflict(x, y) {
        DateRelation::Conflict
    } else if x.month.is_some() && y.month.is_some() {
        DateRelation::Agree {
            years: x.year.is_some() && y.year.is_some(),
        }
    } else {
        DateRelation::Unknown
    }
}

/// First and last day of a date with a known year, and its precision.
pub(crate) fn bounds(d: &EventDate) -> Option<(NaiveDate, NaiveDate, DatePrecision)> {
    let p = d.parts()?;
    let year = p.year?;
    match (p.month, p.day) {
        (Some(m), Some(day)) => {
            let x = NaiveDate::from_ymd_opt(year, m, day)?;
            Some((x, x, DatePrecision::Day))
        }
        (Some(m), None) => {
            let start = NaiveDate::from_ymd_opt(year, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(year + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(year, m + 1, 1)?
            };
            Some((start, next.pred_opt()?, DatePrecision::Month))
        }
        _ => Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
            DatePrecision::Year,
        )),
    }
}

fn period(start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        start.format("%Y-%m-%d").to_string()
    } else if start.month() == end.month() && start.year() == end.year() {
        start.format("%Y-%m").to_string()
    } else {
        start.format("%Y").to_string()
    }
}

/// The shared passages by document: each pair listed under both.
fn passages_by_document(pairs: &[PassagePair]) -> FxHashMap<usize, Vec<(Span, usize, Span)>> {
    let mut out: FxHashMap<usize, Vec<(Span, usize, Span)>> = FxHashMap::default();
    for p in pairs {
        out.entry(p.document)
            .or_default()
            .push((p.span, p.earlier, p.earlier_span));
        out.entry(p.earlier)
            .or_default()
            .push((p.earlier_span, p.document, p.span));
    }
    out
}

/// (document, form as written) -> index of the canonical entity among
/// `entities` that lists the document and has the form as an alias.
fn entity_forms(
    docs: &[Document],
    entities: &[CanonicalEntity],
) -> FxHashMap<(usize, String), usize> {
    let doc_index: FxHashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.0.as_str(), i))
        .collect();
    let mut entity_of = FxHashMap::default();
    for (k, e) in entities.iter().enumerate() {
        for doc in &e.documents {
            let Some(&d) = doc_index.get(doc.as_str()) else {
                continue;
            };
            for (form, _) in &e.aliases {
                entity_of.entry((d, form.clone())).or_insert(k);
            }
        }
    }
    entity_of
}

/// A document's entity annotations as (start, end, annotation index), by
/// start.
fn entity_spans(doc: &Document) -> Vec<(usize, usize, usize)> {
    let mut spans: Vec<(usize, usize, usize)> = doc
        .annotations
        .iter()
        .enumerate()
        .filter(|(_, a)| matches!(a.label, Label::Entity { .. }))
        .map(|(i, a)| (a.span.start, a.span.end, i))
        .collect();
    spans.sort_unstable();
    spans
}
