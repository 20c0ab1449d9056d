//! The union-find both linkers cluster nodes with: the batch linker's
//! best-first merge ([`super::score::merge`]) and the incremental linker's
//! components and clusters.

/// Disjoint sets of nodes `0..len`, joined by size, each root holding its
/// members (a merge checks every member pair for a conflict).
#[derive(Debug, Default)]
pub(crate) struct Sets {
    parent: Vec<usize>,
    members: Vec<Vec<usize>>,
}

impl Sets {
    /// `n` singletons.
    pub fn new(n: usize) -> Sets {
        Sets {
            parent: (0..n).collect(),
            members: (0..n).map(|i| vec![i]).collect(),
        }
    }

    /// A new singleton; returns its number.
    pub fn push(&mut self) -> usize {
        let i = self.parent.len();
        self.parent.push(i);
        self.members.push(vec![i]);
        i
    }

    /// The root of `i`'s set (path halving).
    pub fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// The members of the set rooted at `root`.
    pub fn members(&self, root: usize) -> &[usize] {
        &self.members[root]
    }

    /// How many members the largest set holds.
    pub fn largest(&self) -> usize {
        self.members.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Joins the sets rooted at `ra` and `rb` (roots both); returns the
    /// new root and the old one.
    pub fn join(&mut self, ra: usize, rb: usize) -> (usize, usize) {
        // The smaller set moves: its members are copied once per doubling.
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

    /// Replaces the sets of some members by `groups` (each a set of those
    /// members, the first its root); every member of `groups` must be in a
    /// set made only of members of `groups`.
    pub fn replace(&mut self, groups: &[Vec<usize>]) {
        // Every old root among them is emptied first: a group may be
        // rooted elsewhere than before.
        for g in groups {
            for &i in g {
                self.parent[i] = i;
                self.members[i].clear();
            }
        }
        for g in groups {
            let Some(&first) = g.first() else {
                continue;
            };
            for &i in g {
                self.parent[i] = first;
            }
            self.members[first] = g.clone();
        }
    }
}
