//! The block indexes of the incremental linker: hash maps from the keys
//! under which two nodes can link to the nodes filed under them, so that a
//! new node is compared with the nodes that share a block and no other.
//!
//! They hold the batch linker's blocks (`Linking::candidate_pairs`) minus
//! pairs [`link_score`](crate::link::score::link_score) always refuses,
//! which keeps each lookup bounded by the calendar rather than by the
//! corpus:
//!
//! - dates: the batch pairs two nodes of one family (a generic main event
//!   joins every family) whose dates know the month, agree on it and do
//!   not give two different days. Filed by (family, month) and then by
//!   (year, day), a lookup skips the years and days that conflict (a
//!   known part that differs is a conflict, never a link);
//! - ranks: the batch pairs every node of one family and rank; outside a
//!   date or copy block such a pair only links when it shares an entity,
//!   so ranks are filed by (family, rank, entity);
//! - copies: main events of one family and copy group, as in the batch.

use filrouge_time::PartialDate;
use rustc_hash::FxHashMap;

use crate::link::node::Node;

/// The family number under which generic main events are filed: they
/// pair with every family.
pub(super) const GENERIC: u32 = u32::MAX;

/// (year, day) -> nodes, within one (family, month).
type ByDay = FxHashMap<(Option<i32>, Option<u32>), Vec<usize>>;

/// The nodes filed by block key.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    dates: FxHashMap<(u32, u32), ByDay>,
    ranks: FxHashMap<(u32, u32, usize), Vec<usize>>,
    copies: FxHashMap<(u32, usize), Vec<usize>>,
    /// Every family number seen (not [`GENERIC`]).
    families: Vec<u32>,
}

/// Whether a node files under its own family or, a generic main event,
/// under every family.
fn date_family(node: &Node, family: u32) -> u32 {
    if node.generic && node.main {
        GENERIC
    } else {
        family
    }
}

/// Two optional parts that do not say two different things.
fn compatible<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

impl Blocks {
    /// Files node `id` (of family number `family`).
    pub fn insert(&mut self, id: usize, node: &Node, family: u32) {
        if !self.families.contains(&family) {
            self.families.push(family);
        }
        if let Some((month, p)) = month_of(node) {
            self.dates
                .entry((date_family(node, family), month))
                .or_default()
                .entry((p.year, p.day))
                .or_default()
                .push(id);
        }
        if let Some(rank) = node.ordinal {
            for &e in node.persons.iter().chain(&node.others) {
                self.ranks.entry((family, rank, e)).or_default().push(id);
            }
        }
        if node.main {
            self.copies.entry((family, node.copy)).or_default().push(id);
        }
    }

    /// The filed nodes that share a block with `node` (of family number
    /// `family`), each once, in no particular order.
    pub fn candidates(&self, node: &Node, family: u32) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        if let Some((month, p)) = month_of(node) {
            // The generic main events' block, then the node's own family
            // or, for a generic one, every family seen: chained rather
            // than collected, as every new node looks up its blocks.
            let others = if date_family(node, family) == GENERIC {
                self.families.as_slice()
            } else {
                std::slice::from_ref(&family)
            };
            for &f in std::iter::once(&GENERIC).chain(others) {
                let Some(by_day) = self.dates.get(&(f, month)) else {
                    continue;
                };
                for (&(year, day), ids) in by_day {
                    if compatible(year, p.year) && compatible(day, p.day) {
                        out.extend(ids);
                    }
                }
            }
        }
        if let Some(rank) = node.ordinal {
            for &e in node.persons.iter().chain(&node.others) {
                out.extend(self.ranks.get(&(family, rank, e)).into_iter().flatten());
            }
        }
        if node.main {
            out.extend(self.copies.get(&(family, node.copy)).into_iter().flatten());
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The node's month and date parts, when the month is known.
fn month_of(node: &Node) -> Option<(u32, PartialDate)> {
    let p = node.parts?;
    Some((p.month?, p))
}
