//! The queue against a real nats-server with JetStream (no mocks): start
//! one with `scripts/services start` and `eval "$(scripts/services env)"`.
//! Without `FILROUGE_TEST_NATS` these tests skip, saying so, except under
//! `CI`, where they fail. Each test has queue names of its own.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use filrouge::furniture::CollectionFurniture;
use filrouge::model::{Document, DocumentId, Metadata, Source};
use filrouge_queue::{ConsumerSettings, Names, Queue, QueueError, WorkReport, WorkerSettings};

/// The test server's URL, or `None` (skip) when the services are not
/// running; under `CI` their absence fails the test.
fn nats() -> Option<String> {
    match std::env::var("FILROUGE_TEST_NATS") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => panic!(
            "FILROUGE_TEST_NATS is unset under CI: start the services first (scripts/services start; eval \"$(scripts/services env)\")"
        ),
        _ => {
            eprintln!("skipped: FILROUGE_TEST_NATS is unset; run `scripts/services start` and `eval \"$(scripts/services env)\"` to test against NATS");
            None
        }
    }
}

/// A queue of its own on the test server, removed when dropped.
struct TestQueue(Queue);

impl TestQueue {
    fn new(url: &str, test: &str) -> TestQueue {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let prefix = format!("t-{test}-{}-{nanos}", std::process::id());
        let queue = Queue::connect(url, Names::new(&prefix).expect("a valid prefix"))
            .expect("the test server answers");
        queue.remove().expect("a clean start");
        TestQueue(queue)
    }
}

impl Drop for TestQueue {
    fn drop(&mut self) {
        let _ = self.0.remove();
    }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 11, 5).expect("a date")
}

/// Page `i` of an invented outlet: a shared template around a body.
fn doc(i: usize) -> Document {
    let text = format!(
        "Le Courrier des Landes\nMon abonnement\nLa marée a emporté {i} cabanes de la plage du Nord dans la nuit, selon la mairie.\nNotre boutique en ligne"
    );
    Document::new(
        DocumentId(format!("{i:032x}")),
        Source::text_file(format!("{i}.txt"), text.len() as u64),
        Metadata::default(),
        text,
    )
}

fn docs(n: usize) -> Vec<Document> {
    (0..n).map(doc).collect()
}

fn quick() -> WorkerSettings {
    WorkerSettings {
        consumer: ConsumerSettings {
            ack_wait: Some(Duration::from_secs(1)),
            max_deliver: Some(3),
            max_ack_pending: Some(100),
        },
        batch: 4,
        exit_when_idle: true,
        patience: Duration::from_secs(30),
    }
}

/// Publishes `docs` with `furniture`; returns (published, duplicates).
fn publish(queue: &Queue, docs: &[Document], furniture: &CollectionFurniture) -> (usize, usize) {
    let mut publisher = queue.publisher(furniture, day()).expect("a publisher");
    for d in docs {
        publisher.send(d).expect("sent");
    }
    let report = publisher.finish().expect("taken");
    (report.published, report.duplicates)
}

/// Works the queue to idle, committing every document but those `fail`
/// refuses; returns how often each id was committed, and the report.
fn work(
    queue: &Queue,
    settings: &WorkerSettings,
    fail: impl Fn(&Document) -> Option<String>,
) -> (BTreeMap<String, usize>, WorkReport) {
    let mut committed = BTreeMap::new();
    let report = queue
        .work(
            settings,
            |group| {
                Ok(group
                    .documents
                    .iter()
                    .map(|d| match fail(d) {
                        Some(reason) => Err(reason),
                        None => {
                            *committed.entry(d.id.0.clone()).or_insert(0) += 1;
                            Ok(())
                        }
                    })
                    .collect())
            },
            |_| {},
        )
        .expect("the worker ends when idle");
    (committed, report)
}

#[test]
fn records_are_worked_once_each_with_the_publishers_furniture() {
    let Some(url) = nats() else { return };
    let q = TestQueue::new(&url, "once");
    let batch = docs(10);
    let furniture = filrouge::furniture_of(&batch);
    assert!(!furniture.is_empty(), "the template is learned");
    assert_eq!(publish(&q.0, &batch, &furniture), (10, 0));
    let status = q.0.status().expect("status");
    assert_eq!((status.records, status.pending, status.dead), (10, 10, 0));
    let mut seen = Vec::new();
    let report =
        q.0.work(
            &quick(),
            |group| {
                assert_eq!(group.as_of, day());
                assert_eq!(group.furniture.as_deref(), Some(&furniture));
                seen.extend(group.documents.iter().map(|d| d.id.clone()));
                Ok(vec![Ok(()); group.documents.len()])
            },
            |_| {},
        )
        .expect("worked");
    seen.sort();
    assert_eq!(seen, batch.iter().map(|d| d.id.clone()).collect::<Vec<_>>());
    assert_eq!((report.committed, report.dead, report.retried), (10, 0, 0));
    let status = q.0.status().expect("status");
    assert_eq!(
        (status.records, status.pending, status.in_flight),
        (0, 0, 0)
    );
    // Published again within the duplicate window: the server drops them.
    assert_eq!(publish(&q.0, &batch, &furniture), (0, 10));
    assert!(q.0.idle().expect("idle"));
    // The last worker started sets the shared consumer's settings.
    let mut settings = quick().consumer;
    settings.max_deliver = Some(7);
    let in_force = q.0.ensure_consumer(&settings).expect("updated");
    assert_eq!(in_force.max_deliver, 7);
    assert_eq!(in_force.ack_wait, Duration::from_secs(1));
    // One started without settings changes nothing.
    let unchanged = q.0.ensure_consumer(&ConsumerSettings::default());
    assert_eq!(unchanged.expect("read"), in_force);
}

#[test]
fn a_record_failing_every_time_is_dead_after_n_deliveries() {
    let Some(url) = nats() else { return };
    let q = TestQueue::new(&url, "fails");
    publish(&q.0, &docs(6), &CollectionFurniture::default());
    let poison = DocumentId(format!("{:032x}", 3));
    let started = Instant::now();
    let (committed, report) = work(&q.0, &quick(), |d| {
        (d.id == poison).then(|| "the stage refuses it".to_string())
    });
    assert_eq!(committed.len(), 5, "{committed:?}");
    assert!(committed.values().all(|&n| n == 1));
    assert_eq!((report.dead, report.retried), (1, 2), "{report:?}");
    assert!(started.elapsed() < Duration::from_secs(30));
    let dead = q.0.dead_letters(10).expect("dead letters");
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].document.as_deref(), Some(poison.0.as_str()));
    assert_eq!(dead[0].deliveries, Some(3));
    assert_eq!(
        dead[0].reason,
        "failed on each of 3 deliveries: the stage refuses it"
    );
    assert_eq!(q.0.status().expect("status").dead, 1);
}

/// Publishes raw bytes on the records subject, as any client could.
fn publish_raw(url: &str, subject: String, payload: &'static [u8]) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let client = async_nats::connect(url).await.expect("connects");
        let js = async_nats::jetstream::new(client);
        let ack = js.publish(subject, payload.into()).await.expect("sent");
        ack.await.expect("taken");
    });
}

#[test]
fn a_poison_record_is_dead_at_once_and_blocks_nothing() {
    let Some(url) = nats() else { return };
    let q = TestQueue::new(&url, "poison");
    publish(&q.0, &docs(2), &CollectionFurniture::default());
    publish_raw(&url, q.0.names().records_subject(), b"\x00 not a record");
    publish(&q.0, &docs(5)[2..], &CollectionFurniture::default());
    let (committed, report) = work(&q.0, &quick(), |_| None);
    assert_eq!(committed.len(), 5);
    assert_eq!((report.dead, report.retried), (1, 0));
    let dead = q.0.dead_letters(10).expect("dead letters");
    assert_eq!(dead.len(), 1);
    assert!(
        dead[0]
            .reason
            .starts_with("cannot decode the record: not a filrouge document as JSON"),
        "{}",
        dead[0].reason
    );
    assert_eq!((dead[0].deliveries, dead[0].bytes), (Some(1), 14));
}

#[test]
fn a_record_whose_workers_died_on_it_is_dead_without_another_try() {
    let Some(url) = nats() else { return };
    let q = TestQueue::new(&url, "died");
    publish(&q.0, &docs(1), &CollectionFurniture::default());
    let mut settings = quick();
    settings.consumer.max_deliver = Some(1);
    q.0.ensure_consumer(&settings.consumer).expect("consumer");
    // A worker takes the record and dies: pulled, never acknowledged.
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        use futures_util::StreamExt;
        let client = async_nats::connect(&url).await.expect("connects");
        let js = async_nats::jetstream::new(client);
        let stream = js
            .get_stream(q.0.names().records_stream())
            .await
            .expect("stream");
        let consumer: async_nats::jetstream::consumer::PullConsumer = stream
            .get_consumer(&q.0.names().consumer())
            .await
            .expect("consumer");
        let mut batch = consumer
            .fetch()
            .max_messages(1)
            .messages()
            .await
            .expect("pull");
        assert!(batch.next().await.is_some(), "the record was pulled");
    });
    let (committed, report) = work(&q.0, &settings, |_| None);
    assert!(committed.is_empty());
    assert_eq!(report.dead, 1);
    let dead = q.0.dead_letters(1).expect("dead letters");
    assert!(
        dead[0]
            .reason
            .starts_with("delivered 1 times without being committed"),
        "{}",
        dead[0].reason
    );
}

#[test]
fn an_unreachable_server_is_named() {
    let error = Queue::connect("nats://127.0.0.1:1", Names::default())
        .err()
        .expect("nothing listens on port 1");
    assert!(matches!(error, QueueError::Connect { .. }));
    assert!(
        error
            .to_string()
            .starts_with("cannot reach NATS at nats://127.0.0.1:1: "),
        "{error}"
    );
}

#[test]
fn a_batch_whose_commit_fails_is_given_back_whole_and_committed_once_later() {
    let Some(url) = nats() else { return };
    let q = TestQueue::new(&url, "commit");
    publish(&q.0, &docs(6), &CollectionFurniture::default());
    let mut commits = 0;
    let mut committed: BTreeMap<String, usize> = BTreeMap::new();
    let report =
        q.0.work_staged(
            &quick(),
            |group| Ok(group.documents.into_iter().map(|d| Ok(d.id.0)).collect()),
            |ids: Vec<String>| {
                commits += 1;
                if commits == 1 {
                    return Err("the store is down".into());
                }
                for id in ids {
                    *committed.entry(id).or_insert(0) += 1;
                }
                Ok(())
            },
            |_| {},
        )
        .expect("the worker ends when idle");
    assert_eq!(committed.len(), 6, "{committed:?}");
    assert!(committed.values().all(|&n| n == 1), "{committed:?}");
    assert_eq!(report.failed_batches, 1, "{report:?}");
    assert_eq!(report.last_failure.as_deref(), Some("the store is down"));
    assert_eq!((report.committed, report.retried, report.dead), (6, 4, 0));
    assert!(q.0.idle().expect("idle"));
}
