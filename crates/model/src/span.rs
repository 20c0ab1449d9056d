use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` in some text.
///
/// Serialised as `[start, end]` to keep annotated JSON small.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(from = "(usize, usize)", into = "(usize, usize)")]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl From<(usize, usize)> for Span {
    fn from((start, end): (usize, usize)) -> Self {
        Span { start, end }
    }
}

impl From<Span> for (usize, usize) {
    fn from(s: Span) -> Self {
        (s.start, s.end)
    }
}

impl Span {
    /// A span from `start` to `end`; an inverted range becomes empty at `start`.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// `true` for a zero-length span.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range`, for slicing.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// `true` when `other` lies inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The span moved right by `by` bytes.
    pub fn shift(&self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}
