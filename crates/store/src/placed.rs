//! What the store keeps of the corpus level placed incrementally (the
//! facade's `placement`): each event as JSON under its stable key, and how
//! many documents, in commit order, the placement has taken in.
//!
//! The store decides nothing about them: it keeps what the placer writes,
//! in one transaction per write, and refuses a write made from a position
//! another placer has moved past (two placers never interleave). A
//! removed event stays as a mark at the revision that removed it, so a
//! reader catching up from a revision learns what is gone in one query.

/// One event of the corpus level as placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedEvent {
    /// The event's stable key.
    pub key: String,
    /// The story of its first member, when known.
    pub story: Option<u32>,
    /// The first day it may be on (`YYYY-MM-DD`).
    pub start: String,
    /// The last day it may be on (`YYYY-MM-DD`).
    pub end: String,
    /// The event, as the placer serialised it (JSON).
    pub event: String,
}

/// Where the placement stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Placement {
    /// Documents placed: the first `placed` in commit order.
    pub placed: usize,
    /// Bumped by every write: a reader that saw this revision has every
    /// event written up to it.
    pub revision: u64,
}

/// One write of the placement: the documents it took in, the events it
/// made or changed and the keys that no longer name an event.
#[derive(Debug, Clone, Copy)]
pub struct PlacementWrite<'a> {
    /// Documents placed before this write (the position it was made from).
    pub from: usize,
    /// Documents placed after it.
    pub placed: usize,
    /// Events made or changed.
    pub events: &'a [PlacedEvent],
    /// Keys of events gone (merged into another, or no longer dated).
    pub removed: &'a [String],
}
