//! Offset maps: how a byte of a derived text maps back to the text it came from.
//!
//! Cleaning never rewrites a document in place. It builds a new text out of
//! pieces that are either *copied* from the source text or *edited* (a
//! replacement for a source range, possibly empty on either side). The
//! [`OffsetMap`] records those pieces, so any span of the cleaned text maps
//! back to a span of the original, and maps compose when text passes through
//! several stages.

use serde::{Deserialize, Serialize};

use crate::Span;

/// One piece of a derived text.
///
/// Serialised compactly as `[derived_start, source_start, derived_len,
/// source_len, copied]` because a document has one per edit and maps are
/// stored for every document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    from = "(usize, usize, usize, usize, bool)",
    into = "(usize, usize, usize, usize, bool)"
)]
pub struct Piece {
    /// Start of the piece in the derived text.
    pub derived_start: usize,
    /// Start of the piece in the source text.
    pub source_start: usize,
    /// Length in the derived text.
    pub derived_len: usize,
    /// Length in the source text.
    pub source_len: usize,
    /// `true` when the bytes are copied unchanged (then both lengths are equal).
    pub copied: bool,
}

impl From<(usize, usize, usize, usize, bool)> for Piece {
    fn from(t: (usize, usize, usize, usize, bool)) -> Self {
        Piece {
            derived_start: t.0,
            source_start: t.1,
            derived_len: t.2,
            source_len: t.3,
            copied: t.4,
        }
    }
}

impl From<Piece> for (usize, usize, usize, usize, bool) {
    fn from(p: Piece) -> Self {
        (
            p.derived_start,
            p.source_start,
            p.derived_len,
            p.source_len,
            p.copied,
        )
    }
}

impl Piece {
    fn derived_end(&self) -> usize {
        self.derived_start + self.derived_len
    }
    fn source_end(&self) -> usize {
        self.source_start + self.source_len
    }
}

/// Maps byte offsets of a derived text back to its source text.
///
/// Pieces are sorted by derived offset, contiguous in the derived text and
/// non-decreasing in the source text (cleaning drops and edits, it never
/// reorders).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
}

impl OffsetMap {
    /// The identity map for a text of `len` bytes.
    pub fn identity(len: usize) -> Self {
        let mut map = OffsetMap::default();
        if len > 0 {
            map.pieces.push(Piece {
                derived_start: 0,
                source_start: 0,
                derived_len: len,
                source_len: len,
                copied: true,
            });
        }
        map
    }

    /// The pieces, in derived-text order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Length of the derived text the map describes.
    pub fn derived_len(&self) -> usize {
        self.pieces.last().map_or(0, Piece::derived_end)
    }

    /// Index of the piece holding derived byte `pos` (the last piece when
    /// `pos` is the end of the text).
    fn piece_at(&self, pos: usize) -> Option<&Piece> {
        if self.pieces.is_empty() {
            return None;
        }
        let idx = self.pieces.partition_point(|p| p.derived_end() <= pos);
        self.pieces.get(idx.min(self.pieces.len() - 1))
    }

    /// Source offset of the derived position `pos`, read as the start of a span.
    pub fn map_start(&self, pos: usize) -> usize {
        match self.piece_at(pos) {
            None => 0,
            Some(p) if p.copied => {
                p.source_start + pos.saturating_sub(p.derived_start).min(p.source_len)
            }
            Some(p) if pos >= p.derived_end() => p.source_end(),
            Some(p) => p.source_start,
        }
    }

    /// Source offset of the derived position `pos`, read as the end of a span.
    pub fn map_end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.pieces.first().map_or(0, |p| p.source_start);
        }
        match self.piece_at(pos - 1) {
            None => 0,
            Some(p) if p.copied => p.source_start + (pos - p.derived_start).min(p.source_len),
            Some(p) => p.source_end(),
        }
    }

    /// The source span that a derived span came from. An edited byte maps to
    /// the whole source range its edit replaced, so the result always covers
    /// every source byte that contributed.
    pub fn map_span(&self, span: Span) -> Span {
        if span.is_empty() {
            let at = self.map_start(span.start);
            return Span::new(at, at);
        }
        let start = self.map_start(span.start);
        let end = self.map_end(span.end).max(start);
        Span::new(start, end)
    }

    /// Chains two maps: `self` maps C -> B and `inner` maps B -> A; the
    /// result maps C -> A.
    pub fn compose(&self, inner: &OffsetMap) -> OffsetMap {
        let mut builder = OffsetMapBuilder::default();
        for outer in &self.pieces {
            if !outer.copied {
                let src = inner.map_span(Span::new(outer.source_start, outer.source_end()));
                builder.push_raw(outer.derived_len, src, false);
                continue;
            }
            // A copied piece is split along the inner map's pieces.
            let mut pos = outer.source_start;
            let end = outer.source_end();
            while pos < end {
                let Some(ip) = inner.piece_at(pos).copied() else {
                    break;
                };
                let stop = ip.derived_end().min(end).max(pos + 1);
                let len = stop - pos;
                if ip.copied {
                    let s = ip.source_start + (pos - ip.derived_start);
                    builder.push_raw(len, Span::new(s, s + len), true);
                } else if pos == ip.derived_start {
                    builder.push_raw(len, Span::new(ip.source_start, ip.source_end()), false);
                } else {
                    // Tail of an inner edit already represented by its head.
                    builder.push_raw(len, Span::new(ip.source_end(), ip.source_end()), false);
                }
                pos = stop;
            }
        }
        builder.finish()
    }
}

/// Builds a derived text and its [`OffsetMap`] together, so the two can never
/// disagree.
#[derive(Debug, Default)]
pub struct TextBuilder {
    text: String,
    map: OffsetMapBuilder,
}

impl TextBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty builder with room for `cap` bytes.
    pub fn with_capacity(cap: usize) -> Self {
        TextBuilder {
            text: String::with_capacity(cap),
            map: OffsetMapBuilder::default(),
        }
    }

    /// Copies `source[range]` unchanged.
    pub fn copy(&mut self, source: &str, range: Span) {
        if range.is_empty() {
            return;
        }
        self.text.push_str(&source[range.start..range.end]);
        self.map.push_raw(range.len(), range, true);
    }

    /// Writes `replacement` in place of the source range `range` (which may be
    /// empty for an insertion).
    pub fn replace(&mut self, range: Span, replacement: &str) {
        if replacement.is_empty() && range.is_empty() {
            return;
        }
        self.text.push_str(replacement);
        self.map.push_raw(replacement.len(), range, false);
    }

    /// The derived text written so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Finishes the text and its map.
    pub fn finish(self) -> (String, OffsetMap) {
        (self.text, self.map.finish())
    }
}

/// Accumulates pieces, merging adjacent copies.
#[derive(Debug, Default)]
struct OffsetMapBuilder {
    pieces: Vec<Piece>,
    derived: usize,
}

impl OffsetMapBuilder {
    fn push_raw(&mut self, derived_len: usize, source: Span, copied: bool) {
        if derived_len == 0 && source.is_empty() {
            return;
        }
        if let Some(last) = self.pieces.last_mut() {
            let contiguous = last.source_end() == source.start;
            if copied && last.copied && contiguous {
                last.derived_len += derived_len;
                last.source_len += source.len();
                self.derived += derived_len;
                return;
            }
            if !copied && !last.copied && contiguous {
                last.derived_len += derived_len;
                last.source_len += source.len();
                self.derived += derived_len;
                return;
            }
        }
        self.pieces.push(Piece {
            derived_start: self.derived,
            source_start: source.start,
            derived_len,
            source_len: source.len(),
            copied,
        });
        self.derived += derived_len;
    }

    fn finish(self) -> OffsetMap {
        OffsetMap {
            pieces: self.pieces,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn identity_maps_to_itself() {
        let m = OffsetMap::identity(10);
        assert_eq!(m.map_span(Span::new(2, 7)), Span::new(2, 7));
    }

    #[test]
    fn dropped_range_is_skipped() {
        let src = "aaa BBB ccc";
        let mut b = TextBuilder::new();
        b.copy(src, Span::new(0, 4));
        b.copy(src, Span::new(8, 11));
        let (text, map) = b.finish();
        assert_eq!(text, "aaa ccc");
        assert_eq!(map.map_span(Span::new(4, 7)), Span::new(8, 11));
        assert_eq!(&src[map.map_span(Span::new(4, 7)).range()], "ccc");
    }

    #[test]
    fn edit_maps_to_whole_replaced_range() {
        let src = "l\u{2019}Etat";
        let mut b = TextBuilder::new();
        b.copy(src, Span::new(0, 1));
        b.replace(Span::new(1, 4), "'");
        b.copy(src, Span::new(4, src.len()));
        let (text, map) = b.finish();
        assert_eq!(text, "l'Etat");
        assert_eq!(map.map_span(Span::new(0, 6)), Span::new(0, src.len()));
        assert_eq!(map.map_span(Span::new(1, 2)), Span::new(1, 4));
        assert_eq!(map.map_span(Span::new(2, 6)), Span::new(4, 8));
    }

    #[test]
    fn compose_chains_two_stages() {
        let src = "xx\u{a0}yy zz";
        // Stage 1: NBSP -> space.
        let mut b1 = TextBuilder::new();
        b1.copy(src, Span::new(0, 2));
        b1.replace(Span::new(2, 4), " ");
        b1.copy(src, Span::new(4, src.len()));
        let (t1, m1) = b1.finish();
        assert_eq!(t1, "xx yy zz");
        // Stage 2: drop "yy ".
        let mut b2 = TextBuilder::new();
        b2.copy(&t1, Span::new(0, 3));
        b2.copy(&t1, Span::new(6, 8));
        let (t2, m2) = b2.finish();
        assert_eq!(t2, "xx zz");
        let m = m2.compose(&m1);
        assert_eq!(&src[m.map_span(Span::new(3, 5)).range()], "zz");
        assert_eq!(&src[m.map_span(Span::new(0, 3)).range()], "xx\u{a0}");
    }

    proptest! {
        /// Whatever is kept, a copied span maps back to identical source bytes.
        #[test]
        fn copied_spans_round_trip(src in "[a-z ]{0,60}", cuts in proptest::collection::vec((0usize..60, 0usize..60), 0..6)) {
            let mut ranges: Vec<(usize, usize)> = cuts.into_iter()
                .map(|(a, b)| (a.min(b).min(src.len()), a.max(b).min(src.len())))
                .collect();
            ranges.sort();
            let mut b = TextBuilder::new();
            let mut last = 0;
            let mut kept = Vec::new();
            for (s, e) in ranges {
                let s = s.max(last);
                if s >= e { continue; }
                b.copy(&src, Span::new(s, e));
                kept.push((s, e));
                last = e;
            }
            let (text, map) = b.finish();
            let mut pos = 0;
            for (s, e) in kept {
                let d = Span::new(pos, pos + (e - s));
                prop_assert_eq!(&text[d.range()], &src[map.map_span(d).range()]);
                pos += e - s;
            }
        }
    }
}
