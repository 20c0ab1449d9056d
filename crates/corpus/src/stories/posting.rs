//! The inverted index's lists: stories recently indexed under a feature.

use serde::{Deserialize, Serialize};

/// Stories held inline by a [`Posting`].
const INLINE: usize = 5;

/// The stories indexed under one feature, oldest first. Most features
/// (a story's own rare words) belong to one or two stories: those lists
/// stay inline, without an allocation, which at millions of features is
/// most of the index's memory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) enum Posting {
    /// No story yet.
    #[default]
    Empty,
    /// Up to [`INLINE`] stories: the count, then the stories.
    Inline(u8, [u32; INLINE]),
    /// More stories.
    Heap(Vec<u32>),
}

impl Posting {
    /// The stories, oldest first.
    pub(super) fn stories(&self) -> &[u32] {
        match self {
            Posting::Empty => &[],
            Posting::Inline(n, a) => a.get(..usize::from(*n)).unwrap_or(a),
            Posting::Heap(v) => v,
        }
    }

    /// Makes `s` the most recent story, dropping the oldest beyond `cap`.
    pub(super) fn touch(&mut self, s: u32, cap: usize) {
        let mut stories: Vec<u32> = if let Posting::Heap(v) = self {
            std::mem::take(v)
        } else {
            let current = self.stories();
            if current.last() == Some(&s) {
                return;
            }
            let n = current.len();
            if n < INLINE && n < cap && !current.contains(&s) {
                let mut a = [0; INLINE];
                a[..n].copy_from_slice(current);
                a[n] = s;
                *self = Posting::Inline(n as u8 + 1, a);
                return;
            }
            current.to_vec()
        };
        if let Some(at) = stories.iter().rposition(|&x| x == s) {
            stories.remove(at);
        }
        stories.push(s);
        if stories.len() > cap {
            stories.drain(..stories.len() - cap);
        }
        *self = if stories.len() <= INLINE {
            let mut a = [0; INLINE];
            a[..stories.len()].copy_from_slice(&stories);
            Posting::Inline(stories.len() as u8, a)
        } else {
            Posting::Heap(stories)
        };
    }
}
