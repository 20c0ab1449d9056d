//! The two partitions of the incremental linker's nodes:
//!
//! - [`Components`]: the connected components of the scored pairs (every
//!   pair [`link_score`](crate::link::score::link_score) accepts, whether
//!   merged or not), each with its pairs. The batch linker's best-first
//!   merge never crosses a component, so re-merging one component from its
//!   pairs gives exactly what the batch gives for its nodes.
//! - [`Clusters`]: the events as linked so far (each within one component).

use crate::link::node::Node;
use crate::link::score::conflict;

/// A scored pair of nodes: `a` comes before `b` in the canonical order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Edge {
    /// [`link_score`](crate::link::score::link_score) of `a` and `b`.
    pub score: f64,
    pub a: usize,
    pub b: usize,
}

/// Union-find over the nodes, by size, each root holding its members.
#[derive(Debug, Default)]
struct Sets {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Sets {
    /// A new singleton; returns its number.
    fn push(&mut self) -> usize {
        let i = self.parent.len();
        self.parent.push(i);
        self.members.push(vec![i]);
        i
    }

    /// The root of `i`'s set (path halving).
    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Joins the sets rooted at `ra` and `rb` (roots both); returns the
    /// new root and the old one.
    fn join(&mut self, ra: usize, rb: usize) -> (usize, usize) {
        let (big, small) = if self.members[ra].len() >= self.members[rb].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[small] = big;
        let moved = std::mem::take(&mut self.members[small]);
        self.members[big].extend(moved);
        (big, small)
    }
}

/// The connected components of the scored pairs, with their pairs.
#[derive(Debug, Default)]
pub(super) struct Components {
    sets: Sets,
    edges: Vec<Vec<Edge>>,
}

impl Components {
    /// A node alone in its component.
    pub fn push(&mut self) {
        self.sets.push();
        self.edges.push(Vec::new());
    }

    /// The root of node `i`'s component.
    pub fn root(&mut self, i: usize) -> usize {
        self.sets.root(i)
    }

    /// Records a scored pair, joining its nodes' components.
    pub fn link(&mut self, e: Edge) {
        let (ra, rb) = (self.root(e.a), self.root(e.b));
        let r = if ra == rb {
            ra
        } else {
            let (big, small) = self.sets.join(ra, rb);
            let moved = std::mem::take(&mut self.edges[small]);
            self.edges[big].extend(moved);
            big
        };
        self.edges[r].push(e);
    }

    /// The members of the component rooted at `root`.
    pub fn members(&self, root: usize) -> &[usize] {
        &self.sets.members[root]
    }

    /// The scored pairs of the component rooted at `root`.
    pub fn edges(&self, root: usize) -> &[Edge] {
        &self.edges[root]
    }

    /// How many nodes the largest component holds.
    pub fn largest(&self) -> usize {
        self.sets.members.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// The events as linked so far: sets of nodes, never two that
/// [`conflict`].
#[derive(Debug, Default)]
pub(super) struct Clusters {
    sets: Sets,
}

impl Clusters {
    /// A node alone in its cluster.
    pub fn push(&mut self) {
        self.sets.push();
    }

    /// The root of node `i`'s cluster.
    pub fn root(&mut self, i: usize) -> usize {
        self.sets.root(i)
    }

    /// The members of the cluster rooted at `root`.
    pub fn members(&self, root: usize) -> &[usize] {
        &self.sets.members[root]
    }

    /// Joins the clusters of `a` and `b` unless two of their members
    /// conflict (the batch linker's constraint); returns whether they are
    /// one cluster now.
    pub fn try_join(&mut self, a: usize, b: usize, nodes: &[Node]) -> bool {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return true;
        }
        let fits = self.sets.members[ra].iter().all(|&x| {
            self.sets.members[rb]
                .iter()
                .all(|&y| !conflict(&nodes[x], &nodes[y]))
        });
        if fits {
            self.sets.join(ra, rb);
        }
        fits
    }

    /// Replaces the clusters of some nodes by `groups` (each a set of
    /// those nodes, first member first); every node of `groups` must be in
    /// a cluster made only of nodes of `groups`.
    pub fn replace(&mut self, groups: &[Vec<usize>]) {
        for g in groups {
            for &i in g {
                self.sets.parent[i] = i;
                self.sets.members[i].clear();
            }
        }
        for g in groups {
            let Some(&first) = g.first() else {
                continue;
            };
            for &i in g {
                self.sets.parent[i] = first;
            }
            self.sets.members[first] = g.clone();
        }
    }
}
