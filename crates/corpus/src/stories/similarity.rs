//! How close an article is to a story: the words and names they share,
//! each weighed by how rare it is in the collection, and the days between
//! them.

use super::centroid::{cosine, Vector};
use super::{Stories, Story};

impl Stories {
    /// The similarity of an article to story `s`, or `None` when the story
    /// is out of reach: too far in time, or sharing too little.
    ///
    /// A story is joined on what the texts share. In the article's
    /// language, its words must meet the story's (`min_lexical`), and
    /// either a name is shared or the words alone are close
    /// (`strong_lexical`): a place or a person named in two articles, or a
    /// few common words, do not make one story. In another language only
    /// names can tell: several (`min_shared_entities`), and as close as
    /// words alone would have to be.
    pub(super) fn similarity(
        &self,
        s: u32,
        lang: u16,
        terms: &Vector,
        entities: &Vector,
        day: Option<i32>,
    ) -> Option<f64> {
        let story = self.stories.get(s as usize)?;
        let decay = self.decay(story, day)?;
        let lexical = story
            .terms
            .iter()
            .find(|c| c.lang == lang)
            .and_then(|c| cosine(c, terms));
        let (entity, shared) = cosine(&story.entities, entities).unwrap_or((0.0, 0));
        let p = &self.params;
        let content = match lexical {
            Some((cos, _)) if cos < p.min_lexical => return None,
            Some((cos, _)) if shared < p.min_shared_names && cos < p.strong_lexical => return None,
            Some((cos, _)) if entities.is_empty() => cos,
            Some((cos, _)) => {
                (p.lexical_weight * cos + p.entity_weight * entity)
                    / (p.lexical_weight + p.entity_weight).max(1e-9)
            }
            None if shared >= p.min_shared_entities && entity >= p.strong_lexical => entity,
            None => return None,
        };
        let t = p.time_weight.clamp(0.0, 1.0);
        Some(content * ((1.0 - t) + t * decay))
    }

    /// The time decay between an article's day and a story's days: 1 when
    /// either is unknown (a missing day is no evidence), `None` beyond
    /// `max_gap_days` (a day that far is). In between it only lowers the
    /// score by up to `time_weight`: news followed for months is one
    /// story.
    fn decay(&self, story: &Story, day: Option<i32>) -> Option<f64> {
        let (Some(d), Some(first), Some(last)) = (day, story.first_day, story.last_day) else {
            return Some(1.0);
        };
        let gap = if d < first {
            first - d
        } else {
            d.saturating_sub(last).max(0)
        };
        if gap > self.params.max_gap_days {
            return None;
        }
        Some(0.5f64.powf(f64::from(gap) / self.params.half_life_days.max(1e-3)))
    }
}
