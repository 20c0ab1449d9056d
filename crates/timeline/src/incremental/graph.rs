//! The two partitions of the incremental linker's nodes:
//!
//! - [`Components`]: the connected components of the scored pairs (every
//!   pair [`link_score`](crate::link::score::link_score) accepts, whether
//!   merged or not), each with its pairs. The batch linker's best-first
//!   merge never crosses a component, so re-merging one component from its
//!   pairs gives exactly what the batch gives for its nodes.
//! - [`Clusters`]: the events as linked so far (each within one component).

use crate::link::node::Node;
use crate::link::score::join_fitting;
use crate::link::sets::Sets;

/// A scored pair of nodes: `a` comes before `b` in the canonical order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Edge {
    /// [`link_score`](crate::link::score::link_score) of `a` and `b`.
    pub score: f64,
    pub a: usize,
    pub b: usize,
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
        self.sets.members(root)
    }

    /// The scored pairs of the component rooted at `root`.
    pub fn edges(&self, root: usize) -> &[Edge] {
        &self.edges[root]
    }

    /// How many nodes the largest component holds.
    pub fn largest(&self) -> usize {
        self.sets.largest()
    }
}

/// The events as linked so far: sets of nodes, never two that
/// [`conflict`](crate::link::score::conflict).
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
        self.sets.members(root)
    }

    /// Joins the clusters of `a` and `b` unless two of their members
    /// conflict (the batch linker's constraint); returns whether they are
    /// one cluster now.
    pub fn try_join(&mut self, a: usize, b: usize, nodes: &[Node]) -> bool {
        join_fitting(&mut self.sets, a, b, nodes)
    }

    /// Replaces the clusters of some nodes by `groups` (each a set of
    /// those nodes, first member first); every node of `groups` must be in
    /// a cluster made only of nodes of `groups`.
    pub fn replace(&mut self, groups: &[Vec<usize>]) {
        self.sets.replace(groups);
    }
}
