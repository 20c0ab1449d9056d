//! Canonical entities across documents: mentions of one person, place or
//! organisation, whatever the spelling ("Ouchakov", "Ushakov", the
//! misspelt "Ouchkov"; "Poutine" and "Putin"), grouped under one id with
//! their aliases, counts, documents and the entities they appear with.
//!
//! How: each mention loses its titles ("M.", "le président") and is reduced
//! to a comparison key (lower case, no accents, transliteration rules from
//! `data/common/transliteration.txt`, repeated letters collapsed; exonyms
//! from `data/common/aliases.txt`). People are grouped by surname key, with
//! keys one edit apart merged when long enough, then split when two
//! different given names share a surname. The type of a group is the one
//! most of its mentions have. MISC names (events, works, products, laws)
//! are grouped apart, by equal keys only: "Festival de Cannes" never joins
//! the place, "iPhone 15" never joins "iPhone 16", and a MISC mention never
//! joins a person, place or organisation of the same spelling.
//!
//! Architecture invariant: this is a corpus step over mentions already
//! found; it never looks at text beyond the mention strings.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use filrouge_model::EntityKind;
use rustc_hash::FxHashMap;

use crate::data_lines;
use crate::gazetteer::Gazetteer;

const TRANSLITERATION: &str = include_str!("../data/common/transliteration.txt");
const ALIASES: &str = include_str!("../data/common/aliases.txt");

/// One mention to resolve.
#[derive(Debug, Clone)]
pub struct Mention {
    /// The document it is in.
    pub doc: String,
    /// The mention as written.
    pub text: String,
    /// Its tagged type.
    pub kind: EntityKind,
    /// For a role standing for a named person, that person's name.
    pub refers_to: Option<String>,
}

/// Every entity mention of `docs` (their `entity` annotations, as the
/// entity stage wrote them), in document order: what [`resolve`] takes.
/// The one place mentions are collected from analysed documents.
pub fn mentions(docs: &[filrouge_model::Document]) -> Vec<Mention> {
    let mut out = Vec::new();
    for doc in docs {
        for a in &doc.annotations {
            if let filrouge_model::Label::Entity { kind, refers_to } = &a.label {
                out.push(Mention {
                    doc: doc.id.to_string(),
                    text: doc.slice(a.span).to_string(),
                    kind: *kind,
                    refers_to: refers_to.clone(),
                });
            }
        }
    }
    out
}

/// One entity of the corpus.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CanonicalEntity {
    /// Stable id: type and comparison key ("PER:ushakov-iuri").
    pub id: String,
    /// Its type (the one most mentions have).
    pub kind: EntityKind,
    /// Display name: the most frequent longest form.
    pub name: String,
    /// Every form seen, with its count, most frequent first.
    pub aliases: Vec<(String, usize)>,
    /// Number of mentions.
    pub mentions: usize,
    /// Documents it is mentioned in.
    pub documents: Vec<String>,
    /// Other entities sharing documents with it: (id, shared documents).
    pub cooccurring: Vec<(String, usize)>,
}

/// Normalises names for comparison.
#[derive(Debug)]
pub struct NameKeys {
    rules: Vec<(String, String)>,
    exonyms: FxHashMap<String, String>,
}

impl NameKeys {
    /// The bundled rules and exonyms.
    pub fn bundled() -> &'static NameKeys {
        static K: std::sync::OnceLock<NameKeys> = std::sync::OnceLock::new();
        K.get_or_init(|| {
            let rules = data_lines(TRANSLITERATION)
                .filter_map(|l| {
                    let (a, b) = l.split_once(' ')?;
                    Some((a.to_string(), b.trim().to_string()))
                })
                .collect();
            let mut keys = NameKeys {
                rules,
                exonyms: FxHashMap::default(),
            };
            for l in data_lines(ALIASES) {
                let variants: Vec<&str> = l.split('|').map(str::trim).collect();
                let Some(first) = variants.first() else {
                    continue;
                };
                let canonical = keys.spelling(first);
                for v in &variants {
                    let k = keys.spelling(v);
                    keys.exonyms.insert(k, canonical.clone());
                }
            }
            keys
        })
    }

    /// The spelling key of one word or phrase, before exonyms.
    fn spelling(&self, s: &str) -> String {
        let mut k: String = filrouge_lexicon::unaccented(s)
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect();
        for (a, b) in &self.rules {
            k = k.replace(a.as_str(), b);
        }
        let mut out = String::with_capacity(k.len());
        let mut last = None;
        for c in k.chars() {
            if Some(c) != last {
                out.push(c);
            }
            last = Some(c);
        }
        out
    }

    /// The comparison key of a name (exonyms mapped to one spelling).
    pub fn key(&self, s: &str) -> String {
        let k = self.spelling(s);
        self.exonyms.get(&k).cloned().unwrap_or(k)
    }
}

/// Levenshtein distance, capped at `cap + 1`.
fn distance(a: &str, b: &str, cap: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Whether two comparison keys name the same thing: equal, or one edit
/// apart when long enough (6 letters) and starting alike ("ushakov" and the
/// misspelt "ushkov").
fn keys_close(a: &str, b: &str) -> bool {
    a == b
        || (a.chars().count().max(b.chars().count()) >= 6
            && a.chars().next() == b.chars().next()
            && distance(a, b, 1) <= 1)
}

/// A mention without its leading titles, determiners and trailing marks.
fn strip(text: &str, g: &Gazetteer) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    while let Some(first) = words.first() {
        let low = first.to_lowercase();
        if words.len() > 1
            && (g.is_cue(&low) || matches!(low.as_str(), "le" | "la" | "les" | "l'" | "the"))
        {
            words.remove(0);
        } else {
            break;
        }
    }
    let joined = words.join(" ");
    joined
        .trim_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches("'s")
        .to_string()
}

struct Group {
    key: String,
    given: Option<String>,
    /// A group of MISC mentions, kept apart from PER, LOC and ORG.
    misc: bool,
    forms: BTreeMap<String, usize>,
    /// Forms that are roles standing for the person ("le porte-parole du
    /// Kremlin"): aliases, never the display name.
    roles: BTreeSet<String>,
    kinds: BTreeMap<&'static str, usize>,
    docs: BTreeMap<String, usize>,
}

impl Group {
    fn new(key: String, given: Option<String>, misc: bool) -> Group {
        Group {
            key,
            given,
            misc,
            forms: BTreeMap::new(),
            roles: BTreeSet::new(),
            kinds: BTreeMap::new(),
            docs: BTreeMap::new(),
        }
    }
}

/// Keys by their one-deletion variants: keys one edit apart (the only
/// ones [`keys_close`] accepts besides equal ones) share a variant, so
/// candidates are found without comparing every pair.
#[derive(Default)]
struct NearKeys {
    by_variant: HashMap<String, Vec<usize>>,
}

impl NearKeys {
    fn variants(key: &str) -> impl Iterator<Item = String> + '_ {
        let cuts: Vec<usize> = key.char_indices().map(|(i, _)| i).collect();
        std::iter::once(key.to_string()).chain(cuts.into_iter().map(move |i| {
            let mut v = String::with_capacity(key.len());
            v.push_str(&key[..i]);
            let rest = &key[i..];
            let skip = rest.chars().next().map_or(0, char::len_utf8);
            v.push_str(&rest[skip..]);
            v
        }))
    }

    fn insert(&mut self, key: &str, index: usize) {
        for v in Self::variants(key) {
            let list = self.by_variant.entry(v).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }

    /// Indices of keys that may be one edit from `key`, ascending.
    fn candidates(&self, key: &str) -> Vec<usize> {
        let mut out: Vec<usize> = Self::variants(key)
            .filter_map(|v| self.by_variant.get(&v))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Groups `mentions` into canonical entities, largest first.
pub fn resolve(mentions: &[Mention]) -> Vec<CanonicalEntity> {
    let (groups, bare) = group_by_key(mentions);
    let mut slots: Vec<Option<Group>> = groups.into_iter().map(Some).collect();
    let mut near = NearKeys::default();
    for (i, grp) in slots.iter().enumerate() {
        if let Some(grp) = grp {
            near.insert(&grp.key, i);
        }
    }
    merge_near_keys(&mut slots, &near);
    attach_bare_surnames(&mut slots, &mut near, bare);
    fold_people_into_namesakes(&mut slots);
    fold_organisations_named_by_first_word(&mut slots);
    let groups: Vec<Group> = slots.into_iter().flatten().collect();
    finish(groups)
}

/// A person mentioned by one word, waiting for step 3 of [`resolve`]: its
/// key, the mention and the form kept as an alias.
type BareSurname<'m> = (String, &'m Mention, String);

/// Step 1 of [`resolve`]: one group per (surname key, given-name key) for
/// people, per full key for the rest; bare surnames wait for step 3.
fn group_by_key(mentions: &[Mention]) -> (Vec<Group>, Vec<BareSurname<'_>>) {
    let g = Gazetteer::bundled();
    let keys = NameKeys::bundled();
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: HashMap<(String, Option<String>, bool), usize> = HashMap::new();
    let mut bare: Vec<BareSurname<'_>> = Vec::new();
    for m in mentions {
        // A role ("le porte-parole du Kremlin") is grouped under the person
        // it stands for, and kept as an alias.
        // A MISC name is kept whole: a title's article is part of it ("Les
        // Vergers du nord").
        let misc = m.kind == EntityKind::Misc;
        let name = if misc {
            m.text
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        } else {
            strip(m.refers_to.as_deref().unwrap_or(&m.text), g)
        };
        if name.is_empty() {
            continue;
        }
        let form = if m.refers_to.is_some() {
            m.text.clone()
        } else {
            name.clone()
        };
        let (key, given) = if m.kind == EntityKind::Per {
            let words: Vec<&str> = name.split_whitespace().collect();
            match words.as_slice() {
                [] => continue,
                [only] => {
                    bare.push((keys.key(only), m, form));
                    continue;
                }
                [given @ .., last] => (keys.key(last), Some(keys.key(&given.join(" ")))),
            }
        } else {
            (keys.key(&name), None)
        };
        let i = *by_key
            .entry((key.clone(), given.clone(), misc))
            .or_insert_with(|| {
                groups.push(Group::new(key, given, misc));
                groups.len() - 1
            });
        add_to(&mut groups[i], m, &form);
    }
    (groups, bare)
}

/// Step 2 of [`resolve`]: keys one edit apart (long keys only) with
/// compatible given names merge. Candidates come from an index of
/// one-deletion variants (two keys one edit apart share one), not from
/// every pair.
fn merge_near_keys(slots: &mut [Option<Group>], near: &NearKeys) {
    for i in 0..slots.len() {
        let Some(key) = slots[i].as_ref().map(|x| x.key.clone()) else {
            continue;
        };
        for j in near.candidates(&key) {
            if j <= i {
                continue;
            }
            let (Some(a), Some(b)) = (&slots[i], &slots[j]) else {
                continue;
            };
            // MISC names merge only on equal keys ("iPhone 15" is not
            // "iPhone 16"), never with a person, place or organisation.
            if a.misc != b.misc || (a.misc && a.key != b.key) {
                continue;
            }
            if keys_close(&a.key, &b.key) && given_names_agree(&a.given, &b.given) {
                if let (Some(b), Some(a)) = (slots[j].take(), slots[i].as_mut()) {
                    absorb(a, b);
                }
            }
        }
    }
}

/// Whether two groups' given-name keys may be one person's: either is
/// missing, they are equal or one edit apart (long enough), or one is an
/// initial the other starts with ("T. Marchetti").
fn given_names_agree(a: &Option<String>, b: &Option<String>) -> bool {
    let initial_of = |i: &str, full: &str| i.chars().count() == 1 && full.starts_with(i);
    match (a, b) {
        (Some(x), Some(y)) => {
            x == y || distance(x, y, 1) <= 1 && x.len() >= 5 || initial_of(x, y) || initial_of(y, x)
        }
        _ => true,
    }
}

/// Step 3 of [`resolve`]: a bare surname joins the group with that
/// surname mentioned in the same document, else the largest group with
/// that surname, else its own group. (Slots emptied by step 2 stay empty;
/// the index holds.)
fn attach_bare_surnames(
    slots: &mut Vec<Option<Group>>,
    near: &mut NearKeys,
    bare: Vec<BareSurname<'_>>,
) {
    for (key, m, name) in bare {
        let candidates: Vec<usize> = near
            .candidates(&key)
            .into_iter()
            .filter(|&i| {
                slots[i]
                    .as_ref()
                    .is_some_and(|x| !x.misc && keys_close(&x.key, &key))
            })
            .collect();
        let size = |i: usize| {
            slots[i]
                .as_ref()
                .map_or(0, |x| x.forms.values().sum::<usize>())
        };
        let pick = candidates
            .iter()
            .copied()
            .find(|&i| {
                slots[i]
                    .as_ref()
                    .is_some_and(|x| x.docs.contains_key(&m.doc))
            })
            .or_else(|| candidates.iter().copied().max_by_key(|&i| size(i)));
        let i = pick.unwrap_or_else(|| {
            near.insert(&key, slots.len());
            slots.push(Some(Group::new(key, None, false)));
            slots.len() - 1
        });
        if let Some(grp) = slots[i].as_mut() {
            add_to(grp, m, &name);
        }
    }
}

/// The number of mentions of a group.
fn mentions_of(g: &Group) -> usize {
    g.forms.values().sum::<usize>()
}

/// The type most of a group's mentions have (the last of equals).
fn most_frequent_kind(g: &Group) -> Option<&'static str> {
    g.kinds.iter().max_by_key(|(_, n)| **n).map(|(k, _)| *k)
}

/// Step 3b of [`resolve`]: a "person" whose whole name is the key of an
/// organisation or a place mentioned at least as often is that
/// organisation or place, read as a person in some articles ("Valorex
/// Chimie").
fn fold_people_into_namesakes(slots: &mut [Option<Group>]) {
    let named: HashMap<String, usize> = slots
        .iter()
        .enumerate()
        .filter_map(|(j, grp)| {
            let grp = grp.as_ref()?;
            (grp.given.is_none() && !grp.misc).then(|| (grp.key.clone(), j))
        })
        .collect();
    for i in 0..slots.len() {
        let Some(person) = slots[i].as_ref() else {
            continue;
        };
        let Some(given) = &person.given else { continue };
        let Some(&j) = named.get(&format!("{given} {}", person.key)) else {
            continue;
        };
        let other_kind = slots[j].as_ref().and_then(most_frequent_kind);
        let wins = slots[j]
            .as_ref()
            .is_some_and(|x| mentions_of(x) >= mentions_of(person));
        if j != i && wins && other_kind != Some(kind_str(EntityKind::Per)) {
            if let Some(person) = slots[i].take() {
                if let Some(other) = slots[j].as_mut() {
                    absorb(other, person);
                }
            }
        }
    }
}

/// Step 4 of [`resolve`]: an organisation named by its first word
/// ("Valorex") is the one organisation whose longer name starts with it
/// ("Valorex Chimie"), when there is exactly one.
fn fold_organisations_named_by_first_word(slots: &mut [Option<Group>]) {
    let is_org = |g: &Group| most_frequent_kind(g) == Some(kind_str(EntityKind::Org));
    let mut by_first_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, grp) in slots.iter().enumerate() {
        if let Some((first, _)) = grp.as_ref().and_then(|x| x.key.split_once(' ')) {
            by_first_word.entry(first).or_default().push(j);
        }
    }
    let mut into: Vec<(usize, usize)> = Vec::new();
    for (i, short) in slots.iter().enumerate() {
        let Some(short) = short else { continue };
        if !is_org(short) || short.key.contains(' ') || short.key.chars().count() < 4 {
            continue;
        }
        let longer: Vec<usize> = by_first_word
            .get(short.key.as_str())
            .into_iter()
            .flatten()
            .copied()
            .filter(|&j| j != i && slots[j].as_ref().is_some_and(is_org))
            .collect();
        if let [j] = longer.as_slice() {
            into.push((i, *j));
        }
    }
    for (i, j) in into {
        if let Some(short) = slots[i].take() {
            match slots[j].as_mut() {
                Some(long) => absorb(long, short),
                None => slots[i] = Some(short),
            }
        }
    }
}

fn kind_str(k: EntityKind) -> &'static str {
    k.as_str()
}

/// Counts one mention in a group, under the form `name`.
fn add_to(g: &mut Group, m: &Mention, name: &str) {
    *g.forms.entry(name.to_string()).or_default() += 1;
    if m.refers_to.is_some() {
        g.roles.insert(name.to_string());
    }
    *g.kinds.entry(kind_str(m.kind)).or_default() += 1;
    *g.docs.entry(m.doc.clone()).or_default() += 1;
}

/// Merges group `other` into `into`.
fn absorb(into: &mut Group, other: Group) {
    if into.given.is_none() {
        into.given = other.given;
    }
    for (k, v) in other.forms {
        *into.forms.entry(k).or_default() += v;
    }
    into.roles.extend(other.roles);
    for (k, v) in other.kinds {
        *into.kinds.entry(k).or_default() += v;
    }
    for (k, v) in other.docs {
        *into.docs.entry(k).or_default() += v;
    }
}

/// The canonical entities of the final groups, with their co-occurring
/// entities, most mentioned first.
fn finish(groups: Vec<Group>) -> Vec<CanonicalEntity> {
    let mut out: Vec<CanonicalEntity> = groups.into_iter().map(entity_of).collect();
    let cooccurring = cooccurrences(&out);
    for (e, co) in out.iter_mut().zip(cooccurring) {
        e.cooccurring = co;
    }
    out.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
    out
}

/// One group as a canonical entity (no co-occurrences yet): its type (the
/// one most mentions have; MISC for a MISC group), aliases most frequent
/// first, display name and id.
fn entity_of(g: Group) -> CanonicalEntity {
    let kind = if g.misc {
        EntityKind::Misc
    } else {
        g.kinds
            .iter()
            .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
            .and_then(|(k, _)| EntityKind::parse(k))
            .unwrap_or(EntityKind::Per)
    };
    let mut aliases: Vec<(String, usize)> = g.forms.into_iter().collect();
    aliases.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let name = display_name(&aliases, &g.roles);
    let id = match (&g.given, kind) {
        (Some(given), EntityKind::Per) => {
            format!("PER:{}-{}", g.key, given.replace(' ', "-"))
        }
        _ => format!("{}:{}", kind.as_str(), g.key.replace(' ', "-")),
    };
    CanonicalEntity {
        id,
        kind,
        name,
        mentions: aliases.iter().map(|a| a.1).sum(),
        aliases,
        documents: g.docs.into_keys().collect(),
        cooccurring: Vec::new(),
    }
}

/// The display name among `aliases` (most frequent first): the longest of
/// the names (roles only when there is nothing else) seen at least half as
/// often as the most frequent one.
fn display_name(aliases: &[(String, usize)], roles: &BTreeSet<String>) -> String {
    let names: Vec<&(String, usize)> = {
        let named: Vec<&(String, usize)> =
            aliases.iter().filter(|(f, _)| !roles.contains(f)).collect();
        if named.is_empty() {
            aliases.iter().collect()
        } else {
            named
        }
    };
    let top = names.first().map_or(0, |a| a.1);
    names
        .into_iter()
        .filter(|(_, n)| 2 * n >= top)
        .max_by_key(|(f, n)| (f.split_whitespace().count(), *n))
        .map(|(f, _)| f.clone())
        .unwrap_or_default()
}

/// Each entity's co-occurring entities by shared documents (at most ten,
/// most shared first), found through the entities of each document
/// (linear in the pairs that do co-occur, not in all pairs).
fn cooccurrences(out: &[CanonicalEntity]) -> Vec<Vec<(String, usize)>> {
    let mut by_doc: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, e) in out.iter().enumerate() {
        for d in &e.documents {
            by_doc.entry(d.as_str()).or_default().push(i);
        }
    }
    let mut cooccurring: Vec<Vec<(String, usize)>> = Vec::with_capacity(out.len());
    for (i, e) in out.iter().enumerate() {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for d in &e.documents {
            for &j in by_doc.get(d.as_str()).into_iter().flatten() {
                if j != i && out[j].id != e.id {
                    *counts.entry(j).or_default() += 1;
                }
            }
        }
        let mut co: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(j, n)| (out[j].id.clone(), n))
            .collect();
        co.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        co.truncate(10);
        cooccurring.push(co);
    }
    cooccurring
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organisation_named_by_its_first_word_is_the_longer_one() {
        let m = |doc: &str, text: &str| Mention {
            doc: doc.into(),
            text: text.into(),
            kind: EntityKind::Org,
            refers_to: None,
        };
        let found = resolve(&[
            m("a", "Brenmore Industries"),
            m("b", "Brenmore"),
            m("b", "Brenmore"),
            m("c", "Union des pêcheurs"),
        ]);
        let brenmore: Vec<_> = found
            .iter()
            .filter(|e| e.name.starts_with("Brenmore"))
            .collect();
        assert_eq!(brenmore.len(), 1, "{found:#?}");
        assert_eq!(brenmore[0].name, "Brenmore Industries");
        assert_eq!(brenmore[0].mentions, 3);
    }

    fn m(doc: &str, text: &str, kind: EntityKind) -> Mention {
        Mention {
            doc: doc.into(),
            text: text.into(),
            kind,
            refers_to: None,
        }
    }

    #[test]
    fn a_company_read_as_a_person_in_some_articles_is_the_company() {
        use EntityKind::*;
        let found = resolve(&[
            m("a", "Brenmore Chimie", Org),
            m("b", "Brenmore Chimie", Org),
            m("c", "Brenmore Chimie", Per),
            // A person mentioned more often than a namesake place stays.
            m("d", "Jean Moulin", Per),
            m("e", "Jean Moulin", Per),
            m("f", "Jean Moulin", Loc),
        ]);
        let of = |name: &str| -> Vec<(&str, usize)> {
            found
                .iter()
                .filter(|e| e.name == name)
                .map(|e| (e.kind.as_str(), e.mentions))
                .collect()
        };
        assert_eq!(of("Brenmore Chimie"), [("ORG", 3)]);
        let mut moulin = of("Jean Moulin");
        moulin.sort();
        assert_eq!(moulin, [("LOC", 1), ("PER", 2)]);
    }

    #[test]
    fn an_initial_is_the_given_name_it_starts() {
        use EntityKind::*;
        let found = resolve(&[
            m("a", "Thibault Marchetti", Per),
            m("b", "T. Marchetti", Per),
            m("c", "Paul Marchetti", Per),
        ]);
        let mut names: Vec<(&str, usize)> = found
            .iter()
            .map(|e| (e.name.as_str(), e.mentions))
            .collect();
        names.sort();
        assert_eq!(names, [("Paul Marchetti", 1), ("Thibault Marchetti", 2)]);
    }

    #[test]
    fn misc_names_stay_apart() {
        use EntityKind::*;
        let found = resolve(&[
            m("a", "Festival de Cannes", Misc),
            m("a", "Cannes", Loc),
            m("b", "Cannes", Misc),
            m("b", "Cannes", Loc),
            m("c", "Vexaphone 15", Misc),
            m("d", "Vexaphone 16", Misc),
            m("d", "Marcel Vexaphone", Per),
            m("e", "Les Vergers du nord", Misc),
        ]);
        let kinds_of = |alias: &str| {
            let mut k: Vec<(String, &str)> = found
                .iter()
                .filter(|e| e.aliases.iter().any(|(a, _)| a == alias))
                .map(|e| (e.id.clone(), e.kind.as_str()))
                .collect();
            k.sort();
            k.into_iter().map(|(_, kind)| kind).collect::<Vec<_>>()
        };
        let id_of = |alias: &str| {
            found
                .iter()
                .find(|e| e.aliases.iter().any(|(a, _)| a == alias))
                .map(|e| e.id.clone())
        };
        // The place and the MISC name of the same spelling are two entities.
        assert_eq!(kinds_of("Cannes"), ["LOC", "MISC"]);
        assert_eq!(kinds_of("Festival de Cannes"), ["MISC"]);
        // Two models one digit apart are two products, neither a person.
        assert_eq!(kinds_of("Vexaphone 15"), ["MISC"]);
        assert_eq!(kinds_of("Vexaphone 16"), ["MISC"]);
        assert_ne!(id_of("Vexaphone 15"), id_of("Vexaphone 16"));
        assert_eq!(kinds_of("Marcel Vexaphone"), ["PER"]);
        // A title keeps its article.
        assert!(found.iter().any(|e| e.name == "Les Vergers du nord"));
    }

    #[test]
    fn spellings_and_transliterations_meet() {
        let k = NameKeys::bundled();
        assert_eq!(k.key("Ouchakov"), k.key("Ushakov"));
        assert_eq!(k.key("Iouri"), k.key("Yuri"));
        assert_eq!(k.key("Zelensky"), k.key("Zelenskyy"));
        assert_eq!(k.key("Poutine"), k.key("Putin"));
        assert_eq!(k.key("Kiev"), k.key("Kyiv"));
    }

    #[test]
    fn one_person_many_spellings_two_people_one_surname() {
        use EntityKind::*;
        let mentions = vec![
            m("a", "Iouri Ouchakov", Per),
            m("a", "M. Ouchakov", Per),
            m("b", "Ushakov", Per),
            m("b", "Yuri Ushakov", Per),
            m("c", "Ouchkov", Per),
            m("c", "Anne Martin", Per),
            m("d", "Paul Martin", Per),
            m("d", "Martin", Per),
            m("a", "Moscou", Loc),
            m("b", "Moscow", Loc),
            m("b", "Kremlin", Per),
            m("c", "Kremlin", Org),
            m("d", "Kremlin", Org),
        ];
        let found = resolve(&mentions);
        let of = |alias: &str| {
            found
                .iter()
                .filter(|e| e.aliases.iter().any(|(a, _)| a == alias))
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        };
        let ushakov = of("Ouchakov");
        assert_eq!(ushakov.len(), 1);
        for alias in ["Iouri Ouchakov", "Ushakov", "Yuri Ushakov", "Ouchkov"] {
            assert_eq!(of(alias), ushakov, "{alias}");
        }
        assert_ne!(of("Anne Martin"), of("Paul Martin"));
        assert_eq!(
            of("Martin"),
            of("Paul Martin"),
            "the bare name in d is Paul's"
        );
        assert_eq!(of("Moscou"), of("Moscow"));
        let kremlin = found
            .iter()
            .find(|e| e.aliases.iter().any(|(a, _)| a == "Kremlin"))
            .expect("Kremlin");
        assert_eq!(kremlin.kind, Org);
        let u = found.iter().find(|e| e.id == ushakov[0]).expect("entity");
        assert_eq!(u.documents, ["a", "b", "c"]);
        assert!(u.name.contains(' '), "{}", u.name);
    }
}
