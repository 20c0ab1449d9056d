//! Whether two nodes are one event ([`link_score`]), what keeps two
//! clusters apart ([`conflict`]), and the best-first merge of scored pairs
//! ([`merge`]): the rules every linker shares.

use std::borrow::Borrow;

use filrouge_time::PartialDate;

use super::node::Node;
use super::sets::Sets;

/// Word similarity of two events' sentences that, with agreeing dates,
/// makes them one.
const LEXICAL_LINK: f64 = 0.25;
/// Word similarity that, for the news of two articles on one day naming
/// one person, makes them one.
const LEXICAL_LINK_NEWS: f64 = 0.15;

/// How strongly two events of different documents are one, or `None`
/// when nothing positive says so or something contradicts it.
pub(crate) fn link_score(a: &Node, b: &Node) -> Option<f64> {
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
    let copies = a.copy == b.copy;
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

/// Whether two members keep their clusters apart: the same document,
/// casts apart, different ranks, dates that cannot be one day.
pub(crate) fn conflict(x: &Node, y: &Node) -> bool {
    x.doc == y.doc
        || x.casts_apart(y)
        || matches!((x.ordinal, y.ordinal), (Some(p), Some(q)) if p != q)
        || date_relation(x.parts.as_ref(), y.parts.as_ref()) == DateRelation::Conflict
}

/// How two event dates relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateRelation {
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

/// How two dates' parts relate.
pub(crate) fn date_relation(a: Option<&PartialDate>, b: Option<&PartialDate>) -> DateRelation {
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

/// Sorts scored pairs `(score, a, b)` best first, ties in the order of
/// `(a, b)`: the order [`merge`] takes them in.
pub(crate) fn sort_pairs(pairs: &mut [(f64, usize, usize)]) {
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
}

/// Merges nodes best pair first (`pairs` sorted by [`sort_pairs`]),
/// never joining two clusters where any two members [`conflict`]. Returns
/// the clusters.
pub(crate) fn merge<N: Borrow<Node>>(nodes: &[N], pairs: &[(f64, usize, usize)]) -> Sets {
    let mut sets = Sets::new(nodes.len());
    for &(_, a, b) in pairs {
        join_fitting(&mut sets, a, b, nodes);
    }
    sets
}

/// One step of the best-first merge: joins the clusters of `a` and `b`
/// unless two of their members [`conflict`]; returns whether they are one
/// cluster now.
pub(crate) fn join_fitting<N: Borrow<Node>>(
    sets: &mut Sets,
    a: usize,
    b: usize,
    nodes: &[N],
) -> bool {
    let (ra, rb) = (sets.root(a), sets.root(b));
    if ra == rb {
        return true;
    }
    let fits = sets.members(ra).iter().all(|&x| {
        sets.members(rb)
            .iter()
            .all(|&y| !conflict(nodes[x].borrow(), nodes[y].borrow()))
    });
    if fits {
        sets.join(ra, rb);
    }
    fits
}
