//! `filrouge search`: the store's full-text index, documents or sentences.

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use filrouge::model::Span;
use filrouge::search::{DocumentHit, SearchError, SearchIndex, SearchQuery, SentenceHit, Snippet};
use filrouge::store::Store;
use filrouge::{Collection, IngestError};

use crate::args::{colour, emit, parse_date, Exit, StoreArg, DONE};

/// Arguments of `filrouge search`.
#[derive(Args)]
pub struct SearchArgs {
    /// The words (all required; `"a phrase"`, `a OR b`, `-word`); none lists
    /// what the filters let through.
    query: Vec<String>,
    #[command(flatten)]
    store: StoreArg,
    /// Only documents mentioning this person, place or organisation (any
    /// alias, case and accents ignored; a surname alone is enough).
    #[arg(long)]
    entity: Option<String>,
    /// Only documents dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Only documents dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Only documents (sentences) in this language (ISO 639-1).
    #[arg(long)]
    lang: Option<String>,
    /// Only the articles of this story (a number, as `filrouge stories`
    /// would list the store's documents).
    #[arg(long, value_name = "N")]
    story: Option<u32>,
    /// At most this many hits.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// The matching sentences with their spans instead of documents.
    #[arg(long)]
    sentences: bool,
    /// One JSON object per hit.
    #[arg(long)]
    json: bool,
    /// Rebuild the index from the store first (a store made before the
    /// index, or by an older filrouge).
    #[arg(long)]
    reindex: bool,
}

/// Searches the store's index and prints the hits.
pub fn run(args: SearchArgs) -> Result<Exit> {
    let db = args.store.open_existing()?;
    let dir = filrouge::index_dir(&db);
    if args.reindex {
        let n = filrouge::reindex(&db, true)?;
        eprintln!("indexed {n} documents into {}", dir.display());
        if args.query.is_empty() {
            return DONE;
        }
    }
    let index = caught_up(&db, &dir)?;
    // The store's stories, as `timeline --store --story` finds them.
    let documents = match args.story {
        Some(n) => Some(Collection::from_store(&db)?.story_articles(n)?),
        None => None,
    };
    let query = SearchQuery {
        text: args.query.join(" "),
        entity: args.entity.clone(),
        from: args.from,
        to: args.to,
        lang: args.lang.clone(),
        documents,
        limit: args.limit,
    };
    let marks = Marks::new(colour());
    let lines: Vec<String> = if args.sentences {
        let hits = index.search_sentences(&query)?;
        hits.iter()
            .map(|h| sentence_line(h, args.json, &marks))
            .collect::<Result<_>>()?
    } else {
        let hits = index.search(&query)?;
        hits.iter()
            .map(|h| document_line(h, args.json, &marks))
            .collect::<Result<_>>()?
    };
    let mut out = std::io::stdout().lock();
    for line in lines {
        if !emit(&mut out, &line)? {
            break;
        }
    }
    DONE
}

/// The store's index, after indexing the stored documents it lacks (a
/// store older than its index, or an ingest stopped between the two
/// commits), unless an ingest is writing right now.
fn caught_up(db: &Store, dir: &std::path::Path) -> Result<SearchIndex> {
    let index = SearchIndex::open(dir)?;
    let stored = db.count()?;
    if index.len() >= stored {
        return Ok(index);
    }
    match filrouge::reindex(db, false) {
        Ok(n) => eprintln!("filrouge: indexed {n} stored documents the index lacked"),
        Err(IngestError::Search(SearchError::Busy(_))) => eprintln!(
            "filrouge: the index holds {} of {stored} documents (an ingest is running)",
            index.len()
        ),
        Err(e) => return Err(e.into()),
    }
    Ok(SearchIndex::open(dir)?)
}

/// How matched words are marked: bold on a terminal, brackets in a pipe.
struct Marks {
    open: &'static str,
    close: &'static str,
}

impl Marks {
    fn new(colour: bool) -> Marks {
        if colour {
            Marks {
                open: "\x1b[1m",
                close: "\x1b[0m",
            }
        } else {
            Marks {
                open: "[",
                close: "]",
            }
        }
    }

    /// `text` on one line with its `spans` marked.
    fn mark(&self, text: &str, spans: &[Span]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for s in spans {
            if s.start < at || text.get(at..s.start).is_none() {
                continue;
            }
            out += &text[at..s.start];
            out += self.open;
            out += text.get(s.start..s.end).unwrap_or("");
            out += self.close;
            at = s.end;
        }
        out += text.get(at..).unwrap_or("");
        out.replace('\n', " ")
    }
}

/// An id shortened to 12 characters.
fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

fn sentence_line(h: &SentenceHit, json: bool, marks: &Marks) -> Result<String> {
    if json {
        return Ok(serde_json::to_string(h)?);
    }
    Ok(format!(
        "{:.3}  {:<10}  {:<2}  {}  [{}..{}]  {}\n    {}",
        h.score,
        h.date.as_deref().unwrap_or("-"),
        h.lang.as_deref().unwrap_or("?"),
        short(&h.document),
        h.span.start,
        h.span.end,
        h.origin,
        marks.mark(&h.text, &h.highlighted)
    ))
}

fn document_line(h: &DocumentHit, json: bool, marks: &Marks) -> Result<String> {
    if json {
        return Ok(serde_json::to_string(h)?);
    }
    let Snippet { text, highlighted } = &h.snippet;
    Ok(format!(
        "{:.3}  {:<10}  {:<2}  {}  {}\n    {}\n    {}",
        h.score,
        h.date.as_deref().unwrap_or("-"),
        h.lang.as_deref().unwrap_or("?"),
        short(&h.id),
        h.origin,
        h.title.as_deref().unwrap_or("(untitled)"),
        marks.mark(text, highlighted)
    ))
}
