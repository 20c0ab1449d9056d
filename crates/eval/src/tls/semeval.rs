//! The SemEval-2015 Task 4 (TimeLine) gold as timeline tasks.
//!
//! `SemEval_Task4_data/corpus_{1,2,3}`: the 30 documents of each corpus
//! (`corpus_trackA_CAT`, tokens and DCT only) and its gold entity
//! timelines (`TimeLines_Gold_Standard/*.txt`: the entity's name on the
//! first line, then `ordinal TAB date TAB mention...`, a mention being
//! `docid-sentence-word`). Each gold file is a task named
//! `corpus_N/<file stem>` with the entity as target. A file whose content
//! repeats another of its corpus is read once (corpus 3 ships
//! `s&p_500.txt` and `s_and_p_500.txt`, identical), and a timeline left
//! with no day-dated entry is no task (`general_motors_creditors` is
//! empty; `toyota` and `united_automobile_workers` have only undated or
//! year-dated events): 35 tasks out of 39 files. The trial data (six
//! Apple timelines) is not read: the published results are on the three
//! evaluation corpora.
//!
//! A gold line becomes a timeline entry when its date has day precision
//! (`2005-01-18`: 447 of the 741 lines); `XXXX-XX-XX` (192), year
//! (`2004-XX-XX`, `2004`: 41) and month (`2008-05-XX`, `2008-05`: 61)
//! dates are dropped. tilse's timelines hold days only, and putting a
//! month on its first day would make date F1 ask systems to guess that
//! day. The entry's sentences are those holding its mentions, in gold
//! order, each once per date. Three mentions in the gold name no
//! sentence (typing slips such as `629292-7-travelling8`); they are
//! skipped and listed in [`GoldTask::notes`].
//!

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::gold::{add_once, day, GoldDocument, GoldTask};
use crate::formats::cat::{read_cat, CatDocument};
use crate::formats::files::{file_stem, files_in, inner_or_self, read_text, some_subdirs};
use crate::formats::tilse::Timeline;
use crate::score::EvalError;

/// Reads the SemEval-2015 Task 4 evaluation corpora (see the module documentation).
/// `dir` is the data set's folder or its `SemEval_Task4_data`.
pub fn read_semeval(dir: &Path) -> Result<Vec<GoldTask>, EvalError> {
    let root = inner_or_self(dir, "SemEval_Task4_data");
    let corpora = some_subdirs(
        &root,
        "corpus_",
        "corpus_N folder (SemEval-2015 Task 4 data)",
    )?;
    let mut tasks = Vec::new();
    for corpus in corpora {
        let corpus_name = corpus
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut cats = Vec::new();
        let mut documents = Vec::new();
        for path in files_in(&corpus.join("corpus_trackA_CAT"), ".xml")? {
            let cat = read_cat(&path)?;
            documents.push(GoldDocument::from_cat(&cat)?);
            cats.push(cat);
        }
        let by_id: HashMap<&str, &CatDocument> = cats
            .iter()
            .map(|c| (c.attr("doc_id").unwrap_or_default(), c))
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        for path in files_in(&corpus.join("TimeLines_Gold_Standard"), ".txt")? {
            let src = read_text(&path)?;
            if !seen.insert(src.clone()) {
                continue;
            }
            let mut notes = Vec::new();
            let (target, timeline) = semeval_timeline(&path, &src, &by_id, &mut notes)?;
            if timeline.is_empty() {
                continue;
            }
            let stem = file_stem(&path);
            tasks.push(GoldTask {
                name: format!("{corpus_name}/{stem}"),
                target: Some(target),
                documents: documents.clone(),
                timeline,
                notes,
            });
        }
    }
    Ok(tasks)
}

/// One SemEval gold timeline file: its entity and its day-dated entries.
fn semeval_timeline(
    path: &Path,
    src: &str,
    docs: &HashMap<&str, &CatDocument>,
    notes: &mut Vec<String>,
) -> Result<(String, Timeline), EvalError> {
    let malformed = |line: usize, message: String| EvalError::Malformed {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut lines = src.lines();
    let target = lines.next().map(str::trim).unwrap_or_default().to_string();
    if target.is_empty() {
        return Err(EvalError::invalid(path, "no entity name on the first line"));
    }
    let mut timeline = Timeline::new();
    for (k, line) in lines.enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(_ordinal), Some(date)) = (fields.next(), fields.next()) else {
            return Err(malformed(k + 2, "no date field".to_string()));
        };
        let Some(date) = day(date) else { continue };
        for mention in fields.filter(|m| !m.trim().is_empty()) {
            let mut parts = mention.trim().splitn(3, '-');
            let (Some(doc_id), Some(sentence)) = (parts.next(), parts.next()) else {
                return Err(malformed(k + 2, format!("mention `{mention}`")));
            };
            let text = docs
                .get(doc_id)
                .and_then(|d| d.sentence_named(sentence).and_then(|i| d.sentence_text(i)));
            match text {
                Some(text) => add_once(&mut timeline, date, text),
                // The gold has a few typing slips (`629292-7-travelling8`
                // for document 62929): noted, not fatal.
                None => notes.push(format!(
                    "{}: line {}: mention `{mention}` names no document sentence; skipped",
                    path.display(),
                    k + 2
                )),
            }
        }
    }
    Ok((target, timeline))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::cat::parse_cat;
    use crate::test_data::shared_data;
    use crate::tls::gold::TEST_CAT;
    use chrono::NaiveDate;

    #[test]
    fn semeval_gold_lines_keep_day_dates_only() {
        let cat = parse_cat("t.xml", TEST_CAT).expect("parses");
        let docs: HashMap<&str, &CatDocument> = [("42", &cat)].into_iter().collect();
        let gold = "Bridge\n0\tXXXX-XX-XX\t42-2-reopened\n1\t2011-XX-XX\t42-0-reopens\n\
                    2\t2011-05-02\t42-2-reopened\t42-0-reopens\n";
        let mut notes = Vec::new();
        let (target, timeline) =
            semeval_timeline(Path::new("g.txt"), gold, &docs, &mut notes).expect("reads");
        assert!(notes.is_empty());
        assert_eq!(target, "Bridge");
        assert_eq!(timeline.len(), 1);
        let day = NaiveDate::from_ymd_opt(2011, 5, 2).expect("date");
        assert_eq!(
            timeline[&day],
            [
                "The old bridge reopened today after repairs .",
                "Bridge reopens"
            ]
        );
        // A mention of a missing document is noted and skipped.
        let bad = "Bridge\n1\t2011-05-02\t7-2-reopened\n";
        let (_, timeline) =
            semeval_timeline(Path::new("g.txt"), bad, &docs, &mut notes).expect("reads");
        assert!(timeline.is_empty());
        assert_eq!(notes.len(), 1);
    }

    #[test]
    fn semeval_gold_on_shared_data() {
        let Some(data) = shared_data() else { return };
        let tasks = read_semeval(&data.join("semeval2015-timeline-en")).expect("reads");
        // 39 files: one a copy, three without a day-dated entry.
        assert_eq!(tasks.len(), 35);
        assert!(tasks.iter().all(|t| t.documents.len() == 30));
        let airbus = tasks
            .iter()
            .find(|t| t.name == "corpus_1/airbus")
            .expect("airbus");
        assert_eq!(airbus.target.as_deref(), Some("Airbus"));
        let day = NaiveDate::from_ymd_opt(2005, 6, 13).expect("date");
        // Gold line `4 2005-06-13 11716-2-won 11716-0-wins`: sentence 2, then
        // the title.
        let entry = &airbus.timeline[&day];
        assert_eq!(entry.len(), 2);
        assert!(entry[0].contains(" won "), "{entry:?}");
        assert!(entry[1].starts_with("Airbus wins"), "{entry:?}");
        let dates: usize = tasks.iter().map(|t| t.timeline.len()).sum();
        let notes: Vec<&String> = tasks.iter().flat_map(|t| &t.notes).collect();
        eprintln!(
            "SemEval-2015: {} tasks, {dates} gold dates, notes: {notes:#?}",
            tasks.len()
        );
        assert_eq!(notes.len(), 3, "{notes:#?}");
        assert!(tasks.iter().all(|t| !t.timeline.is_empty()));
    }
}
