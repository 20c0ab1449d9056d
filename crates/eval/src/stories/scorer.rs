//! Stories scored against gold groups: B-cubed precision and recall over
//! articles, the share of articles left alone, how many stories, and the
//! stories that join several groups.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::score::{bcubed, ratio, Prf};

/// One article as scored: its name, gold group and story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The article's name.
    pub name: String,
    /// Its gold group.
    pub group: String,
    /// The story the system put it in.
    pub story: u32,
}

/// The figures of one clustering.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryFigures {
    /// B-cubed precision (purity of the stories), recall and F1,
    /// serialised as `precision`, `recall`, `f1`.
    #[serde(flatten)]
    pub prf: Prf,
    /// Articles scored.
    pub articles: usize,
    /// Gold groups among them.
    pub groups: usize,
    /// Stories.
    pub stories: usize,
    /// Articles alone in their story.
    pub alone: usize,
    /// `alone / articles`.
    pub alone_share: f64,
    /// Stories of two articles or more.
    pub joined: usize,
    /// Stories holding articles of several groups.
    pub mixed: usize,
}

/// A story holding articles of several groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MixedStory {
    /// The story's number.
    pub story: u32,
    /// Its articles, `(name, group)`, in the order scored.
    pub articles: Vec<(String, String)>,
}

/// Scores `placed` (see the module documentation); returns the figures
/// and the mixed stories, in story order.
pub fn score_stories(placed: &[Placed]) -> (StoryFigures, Vec<MixedStory>) {
    let pairs: Vec<(&str, u32)> = placed.iter().map(|p| (p.group.as_str(), p.story)).collect();
    let mut stories: BTreeMap<u32, Vec<&Placed>> = BTreeMap::new();
    for p in placed {
        stories.entry(p.story).or_default().push(p);
    }
    let mut groups: Vec<&str> = placed.iter().map(|p| p.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    let alone = stories.values().filter(|v| v.len() == 1).count();
    let mixed: Vec<MixedStory> = stories
        .iter()
        .filter(|(_, v)| v.iter().any(|p| p.group != v[0].group))
        .map(|(&story, v)| MixedStory {
            story,
            articles: v
                .iter()
                .map(|p| (p.name.clone(), p.group.clone()))
                .collect(),
        })
        .collect();
    let figures = StoryFigures {
        prf: bcubed(&pairs),
        articles: placed.len(),
        groups: groups.len(),
        stories: stories.len(),
        alone,
        alone_share: ratio(alone, placed.len()),
        joined: stories.len() - alone,
        mixed: mixed.len(),
    };
    (figures, mixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placed(name: &str, group: &str, story: u32) -> Placed {
        Placed {
            name: name.into(),
            group: group.into(),
            story,
        }
    }

    #[test]
    fn figures_count_alone_joined_and_mixed_stories() {
        let (f, mixed) = score_stories(&[
            placed("a", "x", 0),
            placed("b", "x", 0),
            placed("c", "y", 0),
            placed("d", "y", 1),
            placed("e", "z", 2),
        ]);
        assert_eq!((f.articles, f.groups, f.stories), (5, 3, 3));
        assert_eq!((f.alone, f.joined, f.mixed), (2, 1, 1));
        assert!((f.alone_share - 0.4).abs() < 1e-12);
        // a, b: 2/3 each; c: 1/3; d, e: 1.
        assert!((f.prf.precision - (2.0 / 3.0 * 2.0 + 1.0 / 3.0 + 2.0) / 5.0).abs() < 1e-12);
        assert_eq!(mixed.len(), 1);
        assert_eq!(mixed[0].articles.len(), 3);
    }
}
