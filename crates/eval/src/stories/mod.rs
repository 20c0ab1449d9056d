//! Story clustering scored against gold groups: which articles
//! `filrouge stories` puts together, against groups others made.
//!
//! - [`gold`]: the grouped sets, read in place (MEANTIME's topics,
//!   SemEval-2015 Task 4's corpora, French TimeBank's items each alone,
//!   folders of texts);
//! - [`run`]: each set analysed as one batch through the facade and
//!   clustered by its `Collection`, then every set once more as one mixed
//!   batch, in a fixed order that follows neither groups nor dates;
//! - [`scorer`]: B-cubed precision (purity of the stories) and recall,
//!   articles left alone, stories, and the stories that join groups.
//!
//! MEANTIME's and SemEval's groups are topics whose articles span months
//! or years, while a story is one development within days: recall against
//! them is low by nature; precision and the share left alone are the
//! figures that matter, as on real piles of articles about a few crises.

pub mod gold;
pub mod run;
pub mod scorer;

pub use gold::{read_groups, GroupFormat, GroupedArticle, GroupedSet};
pub use run::{evaluate, BatchReport, DateMode, StoriesOptions, StoriesReport, ThresholdRun};
pub use scorer::{score_stories, MixedStory, Placed, StoryFigures};
