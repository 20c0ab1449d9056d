//! Tests of the set readers and the run on small fixtures written for
//! them, and of the readers on the shared development data when present.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::test_data::shared_data;

/// Writes `contents` to `dir/name`, making the folders on the way.
fn write(dir: &Path, name: &str, contents: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, contents).expect("write");
}

/// A made-up TimeML article whose DCT is `dct` (none when empty).
fn timeml(dct: &str, body: &str) -> String {
    let dct = if dct.is_empty() {
        String::new()
    } else {
        format!("<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"{dct}\" functionInDocument=\"CREATION_TIME\"/></DCT>")
    };
    format!("<?xml version=\"1.0\"?>\n<TimeML>\n{dct}\n<TEXT>\n{body}\n</TEXT>\n</TimeML>\n")
}

#[test]
fn timeml_sets_keep_the_text_and_set_the_dct_aside() {
    let dir = tempfile::tempdir().expect("temp dir");
    let body = "Le marché couvert <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2019-04-01\">hier</TIMEX3> a rouvert.";
    write(dir.path(), "Data/a.tml", &timeml("2019-04-02", body));
    write(dir.path(), "Data/b.tml", &timeml("", "Rien de daté."));
    assert_eq!(
        GoldFormat::detect(dir.path()).ok(),
        Some(GoldFormat::Timeml)
    );
    let set = read_set(dir.path(), None, None).expect("reads");
    assert_eq!(set.documents.len(), 1);
    let doc = &set.documents[0];
    assert_eq!(doc.name, "a");
    assert_eq!(doc.text.trim(), "Le marché couvert hier a rouvert.");
    assert!(!doc.text.contains("2019"), "no DCT in the text");
    assert_eq!(doc.truth_value, "2019-04-02");
    assert_eq!(set.left_out.len(), 1);
    assert_eq!(set.left_out[0].reason, "no DCT");
    assert_eq!(set.id_of(doc), format!("{}/a", set.name));
}

/// A made-up CAT article: title, dateline (the DCT), one body sentence.
const CAT: &str = r#"<?xml version="1.0" ?>
<Document doc_id="1" doc_name="1_Bridge_reopens" lang="en">
<token number="0" sentence="0" t_id="1">Bridge</token>
<token number="1" sentence="0" t_id="2">reopens</token>
<token number="2" sentence="1" t_id="3">April</token>
<token number="3" sentence="1" t_id="4">9</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2010</token>
<token number="6" sentence="2" t_id="7">Cars</token>
<token number="7" sentence="2" t_id="8">crossed</token>
<token number="8" sentence="2" t_id="9">again</token>
<token number="9" sentence="2" t_id="10">.</token>
<Markables>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="5" type="DATE" value="2010-04-09">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>
</Markables>
<Relations/>
</Document>
"#;

#[test]
fn cat_sets_drop_the_dateline_of_the_dct() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "intra-doc_annotation/corpus_x/1.xml", CAT);
    // The other copy of the corpus is not read twice.
    write(dir.path(), "intra_cross-doc_annotation/corpus_x/1.xml", CAT);
    let undated = CAT.replace("CREATION_TIME", "NONE");
    write(dir.path(), "intra-doc_annotation/corpus_x/2.xml", &undated);
    assert_eq!(GoldFormat::detect(dir.path()).ok(), Some(GoldFormat::Cat));
    let set = read_set(dir.path(), None, None).expect("reads");
    assert_eq!(set.documents.len(), 1);
    assert_eq!(
        set.documents[0].text,
        "Bridge reopens\nCars crossed again ."
    );
    assert_eq!(set.documents[0].truth_value, "2010-04-09");
    assert_eq!(set.left_out.len(), 1);
    assert_eq!(set.left_out[0].reason, "no CREATION_TIME");
}

#[test]
fn hipe_sets_take_the_issue_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let header = "TOKEN\tNE-COARSE-LIT\tMISC\n";
    let doc = |id: &str, date: &str, words: &[&str]| {
        let mut s = format!("# hipe2022:document_id = {id}\n");
        if !date.is_empty() {
            s.push_str(&format!("# hipe2022:date = {date}\n"));
        }
        for w in words {
            s.push_str(&format!("{w}\tO\t_\n"));
        }
        s
    };
    let tsv = format!(
        "{header}{}{}",
        doc("d1", "1911-05-15", &["La", "foire", "ouvre", "."]),
        doc("d2", "", &["Sans", "date"])
    );
    write(dir.path(), "one.tsv", &tsv);
    assert_eq!(GoldFormat::detect(dir.path()).ok(), Some(GoldFormat::Hipe));
    let file = dir.path().join("one.tsv");
    assert_eq!(GoldFormat::detect(&file).ok(), Some(GoldFormat::Hipe));
    let set = read_set(&file, None, None).expect("reads");
    assert_eq!(set.name, "one");
    assert_eq!(set.documents[0].name, "d1");
    assert_eq!(set.documents[0].text, "La foire ouvre .");
    assert_eq!(set.documents[0].truth.year, Some(1911));
    assert_eq!(set.left_out[0].name, "d2");
}

#[test]
fn text_folders_take_their_truth_from_a_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "texts/a.txt", "Une brève sans date écrite.\n");
    write(dir.path(), "texts/b.txt", "Une autre brève.\n");
    write(dir.path(), "texts/c.txt", "Une troisième.\n");
    write(
        dir.path(),
        "dates.tsv",
        "a.txt\t2022-09\nb.txt\tXXXX-01-02\n",
    );
    let texts = dir.path().join("texts");
    assert_eq!(GoldFormat::detect(&texts).ok(), Some(GoldFormat::Seeds));
    let table = dir.path().join("dates.tsv");
    let set = read_set(&texts, Some(GoldFormat::Seeds), Some(&table)).expect("reads");
    assert_eq!(set.documents.len(), 1);
    assert_eq!(set.documents[0].truth.precision(), Precision::Month);
    let reasons: Vec<&str> = set.left_out.iter().map(|l| l.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "truth `XXXX-01-02` is no date with a year",
            "no line in the date table"
        ]
    );
    // Without a table the bundled seeds' table is used: no line for these.
    let set = read_set(&texts, None, None).expect("reads");
    assert!(set.documents.is_empty());
    assert!(matches!(
        "xml".parse::<GoldFormat>(),
        Err(crate::score::EvalError::UnknownDocdateFormat(_))
    ));
}

/// Writes a gzipped page of the Zyte layout.
fn page(dir: &Path, id: &str, html: &str) {
    let file =
        std::fs::File::create(dir.join("html").join(format!("{id}.html.gz"))).expect("create");
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    gz.write_all(html.as_bytes()).expect("write");
    gz.finish().expect("finish");
}

#[test]
fn zyte_sets_date_pages_by_their_declared_publication_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("html")).expect("mkdir");
    write(
        dir.path(),
        "ground-truth.json",
        r#"{"p1": {"articleBody": "", "url": "https://news.example.org/item"}, "p2": {}}"#,
    );
    let body = "<p>The harbour ferry will run on Sundays again from next month, \
                the operator said on Tuesday after a long dispute with the port.</p>\
                <p>Tickets cost the same as on weekdays and go on sale at the quay.</p>";
    let meta = "<meta property=\"article:published_time\" content=\"2018-06-12T08:00:00Z\">";
    page(
        dir.path(),
        "p1",
        &format!("<html><head><title>Ferry</title>{meta}</head><body><article>{body}</article></body></html>"),
    );
    // A date in the text but none in the metadata: left out.
    page(
        dir.path(),
        "p2",
        &format!("<html><head><title>Ferry</title></head><body><article><p>June 12, 2018</p>{body}</article></body></html>"),
    );
    assert_eq!(GoldFormat::detect(dir.path()).ok(), Some(GoldFormat::Zyte));
    let set = read_set(dir.path(), None, None).expect("reads");
    assert_eq!(set.documents.len(), 1);
    assert_eq!(set.documents[0].truth_value, "2018-06-12");
    assert!(set.documents[0].text.contains("harbour ferry"));
    assert!(!set.documents[0].text.contains("2018"));
    assert_eq!(set.left_out[0].name, "p2");
}

#[test]
fn evaluate_runs_filrouge_and_the_baseline_on_the_same_texts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let body = "Le conseil municipal s'est réuni le lundi 7 mars 2016 pour voter le budget. \
                La séance avait été reportée depuis le 15 février 2016. Les élus ont adopté \
                le texte à une large majorité, a indiqué la mairie dans un communiqué.";
    write(dir.path(), "a.tml", &timeml("2016-03-08", body));
    let set = read_set(dir.path(), None, None).expect("reads");
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let sets = [set];
    let report = evaluate(&sets, as_of);
    assert_eq!(report.systems.len(), 2);
    assert_eq!(report.systems[0].system, FILROUGE);
    assert_eq!(report.sets[0].lang.as_deref(), Some("fr"));
    let filrouge = &report.systems[0].documents[0];
    assert!(filrouge.answer.confidence.is_some(), "{filrouge:?}");
    let latest = &report.systems[1].documents[0];
    assert_eq!(latest.answer.value.as_deref(), Some("2016-03-07"));
    assert_eq!(latest.answer.confidence, None);
    assert_eq!(latest.judgement.year, Outcome::Right);
    assert_eq!(latest.judgement.day, Outcome::Wrong);
    assert_eq!(report.systems[1].overall.year, Share::new(1, 1));
    assert_eq!(report.systems[1].wrong().count(), 1);
    // Another system's answers, scored alike.
    let texts = texts(&sets);
    assert_eq!(ids(&sets), [texts[0].id.clone()]);
    let predicted = crate::formats::docdate::DatePrediction {
        id: texts[0].id.clone(),
        date: Some("2016-03-08".into()),
        confidence: None,
        reasons: Vec::new(),
    };
    let scored = score_predictions(&sets, "other", vec![predicted]);
    assert_eq!(scored.systems[0].overall.full_date, Share::new(1, 1));
}

#[test]
fn the_shared_sets_are_read_with_their_truths() {
    let Some(data) = shared_data() else {
        return;
    };
    // MEANTIME: two files without CREATION_TIME, one whose value is no
    // TimeML date; HIPE: 20 documents dated `NA`.
    let expect = [
        ("fr-timebank", 108, 0),
        ("tempeval3-platinum-en", 20, 0),
        ("meantime-en", 117, 3),
        ("hipe2022-newseye-fr", 50, 20),
    ];
    for (name, documents, left_out) in expect {
        let set = read_set(&data.join(name), None, None).expect("reads");
        assert_eq!(
            (set.documents.len(), set.left_out.len()),
            (documents, left_out),
            "{name}"
        );
        for doc in &set.documents {
            assert!(!doc.text.trim().is_empty(), "{name}/{}", doc.name);
        }
    }
    let seeds = data.join("../seeds");
    if seeds.is_dir() {
        let set = read_set(&seeds, None, None).expect("reads");
        assert_eq!((set.documents.len(), set.left_out.len()), (5, 0));
        let months = set
            .documents
            .iter()
            .filter(|d| d.truth.precision() == Precision::Month)
            .count();
        assert_eq!(months, 1, "004 is scored at month precision");
    }
}
