//! The filrouge document model.
//!
//! One [`Document`] flows forward through every stage: a reader fills its
//! [`Source`], [`Metadata`] and original text; cleaning derives the cleaned
//! text, its [`OffsetMap`] and the [`Removal`]s; analysis stages append
//! [`Annotation`]s (typed, stand-off spans over the cleaned text). Nothing is
//! rewritten in place, and every annotation maps back to the original.
//!
//! Architecture invariant: this crate knows no file format, no language and no
//! storage. It holds data and the arithmetic of spans, nothing else.

mod annotation;
mod document;
mod offset_map;
mod span;
mod time;

pub use annotation::{Annotation, EntityKind, Label, ParagraphRole, TokenClass};
pub use document::{
    Container, Credit, Diagnostic, Document, DocumentId, Metadata, Removal, RemovalRule, Severity,
    Source, SourceFormat, Stage,
};
pub use offset_map::{OffsetMap, Piece, TextBuilder};
pub use span::Span;
pub use time::{
    DatePrecision, DocumentDate, DocumentDateSource, TimeExpression, TimexAnchor, TimexKind,
};
