//! Gold readers on files written for the tests, and on the shared data
//! when it is there.

use super::*;
use crate::test_data::shared_data;

/// A small CAT file in MEANTIME's shape (title, dateline, body), words
/// written for this test: one event instance mentioned twice.
const CAT: &str = r#"<?xml version="1.0" ?><Document doc_id="42" doc_name="42_test" lang="en">
<token number="0" sentence="0" t_id="1">Bridge</token>
<token number="1" sentence="0" t_id="2">reopens</token>
<token number="2" sentence="1" t_id="3">May</token>
<token number="3" sentence="1" t_id="4">02</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2011</token>
<token number="6" sentence="2" t_id="7">The</token>
<token number="7" sentence="2" t_id="8">old</token>
<token number="8" sentence="2" t_id="9">bridge</token>
<token number="9" sentence="2" t_id="10">reopened</token>
<token number="10" sentence="2" t_id="11">today</token>
<token number="11" sentence="2" t_id="12">after</token>
<token number="12" sentence="2" t_id="13">repairs</token>
<token number="13" sentence="2" t_id="14">.</token>
<Markables>
<EVENT_MENTION m_id="20" pred="reopen"><token_anchor t_id="2"/></EVENT_MENTION>
<EVENT_MENTION m_id="21" pred="reopen"><token_anchor t_id="10"/></EVENT_MENTION>
<TIMEX3 m_id="30" functionInDocument="CREATION_TIME" type="DATE" value="2011-05-02"><token_anchor t_id="3"/></TIMEX3>
<EVENT m_id="40" instance_id="EVT1" class="OTHER"/>
<EVENT m_id="41" instance_id="EVT2" class="OTHER"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="20"/><source m_id="21"/><target m_id="40"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="21"/><target m_id="41"/></REFERS_TO>
</Relations>
</Document>
"#;

#[test]
fn cat_document_text_and_dct() {
    let cat = parse_cat_doc(Path::new("t.xml"), CAT).expect("parses");
    let doc = cat.to_document(Path::new("t.xml")).expect("document");
    assert_eq!(doc.id, "42");
    assert_eq!(doc.dct, NaiveDate::from_ymd_opt(2011, 5, 2).expect("date"));
    let sentences: Vec<&str> = doc.sentences().collect();
    assert_eq!(
        sentences,
        [
            "Bridge reopens",
            "May 02 , 2011",
            "The old bridge reopened today after repairs ."
        ]
    );
    assert_eq!(cat.markables["20"].anchors, ["2"]);
    assert_eq!(cat.relations[0].sources, ["20", "21"]);
}

#[test]
fn dct_falls_back_to_month_first_values_and_the_dateline() {
    let odd = CAT.replace("value=\"2011-05-02\"", "value=\"05-02-2011\"");
    let cat = parse_cat_doc(Path::new("t.xml"), &odd).expect("parses");
    assert_eq!(
        cat.dct(Path::new("t.xml")).expect("dct"),
        NaiveDate::from_ymd_opt(2011, 5, 2).expect("date")
    );
    let none = CAT.replace("CREATION_TIME", "NONE");
    let cat = parse_cat_doc(Path::new("t.xml"), &none).expect("parses");
    assert_eq!(
        cat.dct(Path::new("t.xml")).expect("dateline"),
        NaiveDate::from_ymd_opt(2011, 5, 2).expect("date")
    );
}

#[test]
fn meantime_layout_dates_instances_by_their_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let topic = dir.path().join("intra_cross-doc_annotation/corpus_bridges");
    std::fs::create_dir_all(&topic).expect("mkdir");
    std::fs::write(topic.join("42_test.xml"), CAT).expect("write");
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
fn semeval_gold_lines_keep_day_dates_only() {
    let cat = parse_cat_doc(Path::new("t.xml"), CAT).expect("parses");
    let docs: HashMap<&str, &CatDoc> = [("42", &cat)].into_iter().collect();
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
fn tilse_layout_reads_timelines_targets_and_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("bridge.txt"),
        "2011-05-02\nThe bridge reopened .\n--------------------------------\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("bridge.target"), "old bridge\n").expect("write");
    let docs = dir.path().join("documents/bridge");
    std::fs::create_dir_all(&docs).expect("mkdir");
    std::fs::write(
        docs.join("a.txt"),
        "2011-05-02\nBridge reopens\nThe old bridge reopened .\n",
    )
    .expect("write");
    let tasks = read_tilse_dir(dir.path()).expect("reads");
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].target.as_deref(), Some("old bridge"));
    assert_eq!(
        tasks[0].documents[0].text,
        "Bridge reopens\nThe old bridge reopened ."
    );
    // The baseline finds the target after the title.
    let tl = first_sentence_baseline(&TaskInput::from(&tasks[0]));
    assert_eq!(
        tl.values().next().map(|v| v[0].as_str()),
        Some("The old bridge reopened .")
    );
    let report = evaluate(&tasks, &mut |t| first_sentence_baseline(t));
    assert_eq!(report.tasks[0].scores.dates.f1, 1.0);
}

#[test]
fn baseline_without_target_skips_title_and_dateline() {
    let cat = parse_cat_doc(Path::new("t.xml"), CAT).expect("parses");
    let doc = cat.to_document(Path::new("t.xml")).expect("document");
    let docs = [doc];
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
