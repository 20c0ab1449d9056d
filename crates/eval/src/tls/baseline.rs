//! The `first-sentence` baseline: the yardstick reported beside
//! filrouge's own timeline figures.

use super::gold::{add_once, TaskInput};
use crate::formats::tilse::Timeline;

/// Lower-case alphanumeric words of a text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether `sentence` holds the words of `target` in a row.
fn mentions(sentence: &[String], target: &[String]) -> bool {
    !target.is_empty() && sentence.windows(target.len()).any(|w| w == target)
}

/// The `first-sentence` baseline, a yardstick reported beside filrouge's
/// own figures, not filrouge's result: each document contributes one
/// sentence, dated by its DCT. Without a target it is the document's
/// first body sentence (the first after the title with at least five
/// tokens, which skips the "June 13 , 2005" dateline). With a target it
/// is the first sentence after the title naming the target (its words in
/// a row, case-insensitive), and documents not naming it contribute
/// nothing; when no document of the task names it in full, a sentence
/// holding all the target's words anywhere counts. The number of dates is
/// the number of distinct DCTs so chosen: the gold's size is never seen.
pub fn first_sentence_baseline(task: &TaskInput<'_>) -> Timeline {
    let target = task.target.map(words);
    let pick = |strict: bool| {
        let mut timeline = Timeline::new();
        for doc in task.documents {
            let chosen = doc.sentences().skip(1).find(|s| match &target {
                None => s.split_whitespace().count() >= 5,
                Some(t) => {
                    let w = words(s);
                    if strict {
                        mentions(&w, t)
                    } else {
                        t.iter().all(|x| w.contains(x))
                    }
                }
            });
            if let Some(s) = chosen {
                add_once(&mut timeline, doc.dct, s.to_string());
            }
        }
        timeline
    };
    let strict = pick(true);
    if strict.is_empty() && target.is_some() {
        pick(false)
    } else {
        strict
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tls::gold::test_document;

    #[test]
    fn baseline_without_target_skips_title_and_dateline() {
        let docs = [test_document()];
        let input = TaskInput {
            name: "t",
            target: None,
            documents: &docs,
        };
        let tl = first_sentence_baseline(&input);
        assert_eq!(tl.len(), 1);
        assert_eq!(
            tl.values().next().map(|v| v[0].as_str()),
            Some("The old bridge reopened today after repairs .")
        );
    }
}
