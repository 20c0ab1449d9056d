//! The MEANTIME gold as timeline tasks, one per topic.
//!
//! `intra_cross-doc_annotation/corpus_{airbus,apple,gm,stock}` (one task
//! per topic, no target: the topic's cross-document events are the
//! timeline) and `list_instances.csv`. An event instance is an `EVENT`
//! markable with an `instance_id`; its mentions are the sources of the
//! `REFERS_TO` relations pointing at it. The instance's date is its `TIME`
//! in `list_instances.csv`, the time anchor the annotators gave each
//! cross-document event, kept when it is a day. Instances with no `TIME`,
//! `XXXX-XX-XX`, a month or a year are left out. This rule takes the
//! annotators' dating rather than rebuilding one from `TLINK`s, which
//! would be our own inference over partial links. Each dated instance
//! adds the sentences of all its mentions (document order, each once per
//! date) to its date.
//!

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::NaiveDate;

use super::gold::{add_once, day, GoldDocument, GoldTask};
use crate::formats::cat::{read_cat, CatDocument};
use crate::formats::files::{files_in, read_text, some_subdirs};
use crate::formats::tilse::Timeline;
use crate::score::EvalError;

/// Reads one gold timeline per MEANTIME topic (see the module documentation). `dir`
/// is the data set's folder (holding `list_instances.csv` and
/// `intra_cross-doc_annotation`).
pub fn read_meantime_timelines(dir: &Path) -> Result<Vec<GoldTask>, EvalError> {
    let list = dir.join("list_instances.csv");
    let times = instance_times(&list)?;
    let annotated = dir.join("intra_cross-doc_annotation");
    let topics = some_subdirs(&annotated, "corpus_", "corpus_<topic> folder (MEANTIME)")?;
    let mut tasks = Vec::new();
    for topic in topics {
        let name = topic
            .file_name()
            .map(|n| {
                n.to_string_lossy()
                    .trim_start_matches("corpus_")
                    .to_string()
            })
            .unwrap_or_default();
        let mut documents = Vec::new();
        let mut timeline = Timeline::new();
        for path in files_in(&topic, ".xml")? {
            let cat = read_cat(&path)?;
            documents.push(GoldDocument::from_cat(&cat)?);
            for (i, dates) in dated_sentences(&cat, &times) {
                if let Some(text) = cat.sentence_text(i) {
                    for date in dates {
                        add_once(&mut timeline, date, text.clone());
                    }
                }
            }
        }
        tasks.push(GoldTask {
            name,
            target: None,
            documents,
            timeline,
            notes: Vec::new(),
        });
    }
    Ok(tasks)
}

/// The dates of a document's sentences: each sentence holding a mention
/// of a dated event instance (a source of a `REFERS_TO` relation whose
/// target is an `EVENT` with a day-dated `instance_id`), with the dates of
/// its mentions, by sentence index.
fn dated_sentences(
    cat: &CatDocument,
    times: &HashMap<String, NaiveDate>,
) -> BTreeMap<usize, Vec<NaiveDate>> {
    let mut dated: BTreeMap<usize, Vec<NaiveDate>> = BTreeMap::new();
    for r in cat.relations().iter().filter(|r| r.name == "REFERS_TO") {
        let date = r
            .targets
            .iter()
            .filter_map(|t| cat.markable(t))
            .filter(|m| m.name == "EVENT")
            .filter_map(|m| m.attr("instance_id"))
            .find_map(|id| times.get(id).copied());
        let Some(date) = date else { continue };
        for mention in r.sources.iter().filter_map(|s| cat.markable(s)) {
            for t_id in &mention.anchors {
                let sentence = cat.token_index(t_id).and_then(|k| cat.sentence_of(k));
                if let Some(i) = sentence {
                    dated.entry(i).or_default().push(date);
                }
            }
        }
    }
    dated
}

/// The day-precision `TIME` of every event instance in
/// `list_instances.csv` (tab-separated, `#ID` header).
fn instance_times(path: &Path) -> Result<HashMap<String, NaiveDate>, EvalError> {
    let src = read_text(path)?;
    let mut lines = src.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('#') == name)
    };
    let (Some(id), Some(kind), Some(time)) = (column("ID"), column("TYPE"), column("TIME")) else {
        return Err(EvalError::Invalid {
            path: path.to_path_buf(),
            line: Some(1),
            message: "header without ID, TYPE and TIME columns".into(),
        });
    };
    let mut out = HashMap::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(i), Some(k), Some(t)) = (fields.get(id), fields.get(kind), fields.get(time))
        else {
            continue;
        };
        if *k == "EVENT" {
            if let Some(date) = day(t) {
                out.insert(i.to_string(), date);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_data::shared_data;
    use crate::tls::gold::TEST_CAT;

    #[test]
    fn meantime_layout_dates_instances_by_their_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let topic = dir.path().join("intra_cross-doc_annotation/corpus_bridges");
        std::fs::create_dir_all(&topic).expect("mkdir");
        std::fs::write(topic.join("42_test.xml"), TEST_CAT).expect("write");
        std::fs::write(
            dir.path().join("list_instances.csv"),
            "#ID\tTYPE\tCLASS\tINSTANCE_NAME\tDESCR\tEXT_LINK\tCOMMENT\tTIME\n\
             EVT1\tEVENT\tOTHER\treopen\t\t\t\t2011-05-01\n\
             EVT2\tEVENT\tOTHER\tvague\t\t\t\t2011-05-XX\n",
        )
        .expect("write");
        let tasks = read_meantime_timelines(dir.path()).expect("reads");
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].name, "bridges");
        let day = NaiveDate::from_ymd_opt(2011, 5, 1).expect("date");
        // EVT2 has month precision: left out. EVT1 gives both sentences.
        assert_eq!(tasks[0].timeline.len(), 1);
        assert_eq!(
            tasks[0].timeline[&day],
            [
                "Bridge reopens",
                "The old bridge reopened today after repairs ."
            ]
        );
    }

    #[test]
    fn meantime_gold_on_shared_data() {
        let Some(data) = shared_data() else { return };
        let tasks = read_meantime_timelines(&data.join("meantime-en")).expect("reads");
        let names: Vec<&str> = tasks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["airbus", "apple", "gm", "stock"]);
        assert!(tasks.iter().all(|t| t.documents.len() == 30));
        for t in &tasks {
            eprintln!(
                "MEANTIME {}: {} dates, {} sentences",
                t.name,
                t.timeline.len(),
                t.timeline.values().map(Vec::len).sum::<usize>()
            );
            assert!(t.timeline.len() >= 20, "{}: {}", t.name, t.timeline.len());
        }
    }
}
