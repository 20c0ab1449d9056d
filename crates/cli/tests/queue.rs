//! `publish`, `worker` and `status` against a real nats-server with
//! JetStream (no mocks): start one with `scripts/services start` and
//! `eval "$(scripts/services env)"`. Without `FILROUGE_TEST_NATS` these
//! tests skip, saying so, except under `CI`, where they fail. Each test
//! has queue names of its own (`--queue-prefix`).

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{examples_store, filrouge, filrouge_env, stderr, stdout};
use filrouge_queue::{Names, Queue};
use serde_json::Value;

const AS_OF: &str = "2025-12-01";

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

/// A queue of its own on the test server (removed when dropped), and a
/// store folder for its workers.
struct Fixture {
    url: String,
    prefix: String,
    store: tempfile::TempDir,
}

impl Fixture {
    fn new(url: &str, test: &str) -> Fixture {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let fixture = Fixture {
            url: url.to_string(),
            prefix: format!("cli-{test}-{}-{nanos}", std::process::id()),
            store: tempfile::tempdir().expect("temp dir"),
        };
        fixture.queue().remove().expect("a clean start");
        fixture
    }

    fn queue(&self) -> Queue {
        let names = Names::new(&self.prefix).expect("a valid prefix");
        Queue::connect(&self.url, names).expect("the test server answers")
    }

    fn store(&self) -> &str {
        self.store.path().to_str().expect("a UTF-8 temp path")
    }

    fn env(&self) -> [(&str, &str); 2] {
        [
            ("FILROUGE_NATS", self.url.as_str()),
            ("FILROUGE_QUEUE_PREFIX", self.prefix.as_str()),
        ]
    }

    /// Runs `filrouge` with the queue in its environment; must succeed.
    fn run(&self, args: &[&str]) -> std::process::Output {
        let out = filrouge_env(args, &self.env());
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        out
    }

    /// Publishes the example corpus; the JSON summary.
    fn publish(&self) -> Value {
        json(&self.run(&["publish", "examples/corpus", "--as-of", AS_OF, "--json"]))
    }

    /// A worker run until idle; the JSON summary.
    fn work(&self, extra: &[&str]) -> Value {
        let mut args = vec![
            "worker",
            "--store",
            self.store(),
            "--exit-when-idle",
            "--json",
        ];
        args.extend(extra);
        json(&self.run(&args))
    }

    /// `status --json` with the store.
    fn status(&self) -> Value {
        self.status_of(self.store())
    }

    /// `status --json` with `store`.
    fn status_of(&self, store: &str) -> Value {
        json(&self.run(&["status", "--store", store, "--dead", "10", "--json"]))
    }

    /// A worker that stops (test hook) once it has pulled its first batch
    /// of 4, before `stage`; returned once it says so.
    fn paused_worker(&self, stage: &str) -> Child {
        let mut child = Command::new(env!("CARGO_BIN_EXE_filrouge"))
            .args(["worker", "--store", self.store(), "--batch", "4"])
            .args(["--ack-wait", "2", "--quiet"])
            .envs(self.env())
            .env("FILROUGE_TEST_WORKER_PAUSE", stage)
            .current_dir(common::root())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the worker starts");
        let err = child.stderr.take().expect("its stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if line.contains("test hook: paused before") {
                    let _ = tx.send(line);
                }
            }
        });
        let said = rx.recv_timeout(Duration::from_secs(120));
        assert!(said.is_ok(), "the worker never paused before {stage}");
        child
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = self.queue().remove();
    }
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(stdout(out).trim()).expect("a JSON summary on stdout")
}

/// The documents of a store, id -> the full `show --json` record.
fn documents(store: &str) -> Vec<(String, String)> {
    let out = filrouge(&["docs", "--store", store, "--json", "--limit", "100000"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut ids: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("JSON");
            v["id"].as_str().expect("an id").to_string()
        })
        .collect();
    ids.sort();
    ids.into_iter()
        .map(|id| {
            let out = filrouge(&["show", &id, "--store", store, "--json"]);
            assert!(out.status.success(), "{}", stderr(&out));
            (id, stdout(&out))
        })
        .collect()
}

/// The ingest of the example corpus, to compare with.
fn ingested() -> Vec<(String, String)> {
    let dir = examples_store(AS_OF);
    documents(dir.path().to_str().expect("a UTF-8 temp path"))
}

fn ids(docs: &[(String, String)]) -> Vec<&str> {
    docs.iter().map(|(id, _)| id.as_str()).collect()
}

/// The count `status` prints on the line of `label`.
fn line_count(text: &str, label: &str) -> usize {
    text.lines()
        .find_map(|l| l.strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count for {label}: {text}"))
}

fn count(v: &Value, field: &str) -> u64 {
    v[field]
        .as_u64()
        .unwrap_or_else(|| panic!("{field} in {v}"))
}

#[test]
fn published_examples_are_stored_as_ingest_stores_them_and_once() {
    let Some(url) = nats() else { return };
    let f = Fixture::new(&url, "examples");
    let expected = ingested();
    let published = f.publish();
    assert_eq!(count(&published, "published"), expected.len() as u64);
    let out = f.run(&["status"]);
    assert_eq!(line_count(&stdout(&out), "pending"), expected.len());
    let worked = f.work(&[]);
    assert_eq!(count(&worked, "stored"), expected.len() as u64);
    assert_eq!(count(&worked, "dead"), 0);
    // The same documents, cleaned and analysed alike, byte for byte.
    assert_eq!(documents(f.store()), expected);
    // Published again: the stream drops them, and nothing is stored twice.
    let again = f.publish();
    assert_eq!(count(&again, "duplicates"), expected.len() as u64);
    assert_eq!(count(&f.work(&[]), "stored"), 0);
    let status = f.status();
    assert_eq!(count(&status, "stored"), expected.len() as u64);
    for field in ["pending", "in_flight", "records", "dead"] {
        assert_eq!(count(&status, field), 0, "{field}");
    }
    let out = f.run(&["status", "--store", f.store()]);
    assert_eq!(line_count(&stdout(&out), "stored"), expected.len());
}

#[test]
fn a_worker_killed_before_committing_loses_nothing() {
    let Some(url) = nats() else { return };
    let f = Fixture::new(&url, "killed-early");
    let expected = ingested();
    f.publish();
    let mut first = f.paused_worker("handle");
    first.kill().expect("SIGKILL");
    first.wait().expect("reaped");
    let status = f.status();
    assert_eq!(count(&status, "in_flight"), 4, "{status}");
    assert_eq!(count(&status, "stored"), 0, "nothing committed");
    let worked = f.work(&[]);
    assert_eq!(count(&worked, "stored"), expected.len() as u64);
    assert_eq!(ids(&documents(f.store())), ids(&expected));
    let status = f.status();
    assert_eq!(count(&status, "records"), 0, "{status}");
    assert_eq!(count(&status, "in_flight"), 0, "{status}");
}

#[test]
fn a_worker_killed_after_committing_stores_nothing_twice() {
    let Some(url) = nats() else { return };
    let f = Fixture::new(&url, "killed-late");
    let expected = ingested();
    f.publish();
    let mut first = f.paused_worker("ack");
    first.kill().expect("SIGKILL");
    first.wait().expect("reaped");
    // Its batch is committed, not acknowledged: delivered again. The
    // next batch may be pulled already (analysed while the first is
    // committed), and is delivered again too.
    let status = f.status();
    assert_eq!(count(&status, "stored"), 4, "{status}");
    let in_flight = count(&status, "in_flight");
    assert!((4..=8).contains(&in_flight), "{status}");
    let worked = f.work(&[]);
    assert_eq!(count(&worked, "duplicates"), 4, "{worked}");
    assert_eq!(count(&worked, "stored"), expected.len() as u64 - 4);
    assert_eq!(ids(&documents(f.store())), ids(&expected));
}

/// Four pages of an invented outlet: its template around each article.
fn write_pages(dir: &std::path::Path) {
    let articles = [
        "Un éboulement a coupé mardi la route des gorges entre Sainte-Enimie et La Malène, sans faire de blessé.",
        "Le conseil départemental a suspendu mercredi la ligne de car scolaire qui dessert les villages des gorges.",
        "L'association des commerçants a réuni jeudi ses adhérents pour chiffrer les pertes dues à la fermeture.",
        "La mairie de Florac a déplacé vendredi le marché hebdomadaire sur l'esplanade pour cause de travaux.",
    ];
    for (i, article) in articles.iter().enumerate() {
        let page = format!(
            "Le Journal des Causses\nMon compte lecteur\nRubrique Vie locale\n{article}\nNotre boutique en ligne\nCharte des contributions\n"
        );
        std::fs::write(dir.join(format!("page-{i}.txt")), page).expect("write a page");
    }
}

#[test]
fn workers_clean_with_the_furniture_the_publisher_learned() {
    let Some(url) = nats() else { return };
    let f = Fixture::new(&url, "furniture");
    let pages = tempfile::tempdir().expect("temp dir");
    write_pages(pages.path());
    let pages = pages
        .path()
        .to_str()
        .expect("a UTF-8 temp path")
        .to_string();
    let ingested = tempfile::tempdir().expect("temp dir");
    let at = ingested.path().to_str().expect("a UTF-8 temp path");
    let out = filrouge(&["ingest", &pages, "--store", at, "--as-of", AS_OF, "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let published = json(&f.run(&["publish", &pages, "--as-of", AS_OF, "--json"]));
    assert_eq!(published["furniture"]["lines"], 5, "{published}");
    assert!(published["furniture_name"].is_string(), "{published}");
    f.work(&[]);
    let stored = documents(f.store());
    assert_eq!(stored, documents(at));
    for (id, record) in &stored {
        assert!(
            record.contains("page furniture: recurs in 4"),
            "{id}: {record}"
        );
    }
}

#[test]
fn two_workers_share_the_queue_and_one_store() {
    let Some(url) = nats() else { return };
    let f = Fixture::new(&url, "two");
    let expected = ingested();
    f.publish();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_filrouge"))
            .args(["worker", "--store", f.store(), "--batch", "2"])
            .args(["--exit-when-idle", "--json"])
            .envs(f.env())
            .current_dir(common::root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("a worker starts")
    };
    let workers = [spawn(), spawn()];
    let mut stored = 0;
    for worker in workers {
        let out = worker.wait_with_output().expect("the worker ends");
        assert!(out.status.success(), "{}", stderr(&out));
        stored += count(&json(&out), "stored");
    }
    assert_eq!(stored, expected.len() as u64, "each document stored once");
    assert_eq!(ids(&documents(f.store())), ids(&expected));
}

/// Publishes raw bytes on the queue's records subject, as any client could.
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
fn a_poison_record_goes_to_the_dead_letters_and_blocks_nothing() {
    let Some(url) = nats() else { return };
    let f = Fixture::new(&url, "poison");
    let queue = f.queue();
    queue.ensure_streams().expect("streams");
    publish_raw(&url, queue.names().records_subject(), b"{\"id\": 42");
    let published = f.publish();
    let worked = f.work(&[]);
    assert_eq!(count(&worked, "dead"), 1);
    assert_eq!(count(&worked, "stored"), count(&published, "published"));
    let status = f.status();
    assert_eq!(count(&status, "dead"), 1);
    assert_eq!(count(&status, "records"), 0);
    let reason = status["dead_letters"][0]["reason"]
        .as_str()
        .expect("a reason");
    assert!(
        reason.starts_with("cannot decode the record: not a filrouge document as JSON"),
        "{reason}"
    );
    let out = f.run(&["status", "--dead", "1"]);
    let text = stdout(&out);
    assert_eq!(line_count(&text, "dead letters"), 1, "{text}");
    assert!(
        text.contains("(no document id, 9 bytes, 1 deliveries): cannot decode"),
        "{text}"
    );
}

#[test]
fn an_unreachable_server_is_named() {
    let out = filrouge(&["status", "--nats", "nats://127.0.0.1:1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot reach NATS at nats://127.0.0.1:1: "),
        "{}",
        stderr(&out)
    );
    let out = filrouge(&[
        "worker",
        "--nats",
        "nats://127.0.0.1:1",
        "--queue-prefix",
        "a.b",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("queue prefix \"a.b\""),
        "{}",
        stderr(&out)
    );
}

/// The same answer at any scale: the embedded store filled by `ingest`,
/// a PostgreSQL store filled by one worker, and another filled by four
/// workers at once give the same timeline (dates, sources, participants,
/// words), byte for byte.
#[test]
fn ingest_one_worker_and_four_workers_give_the_same_timeline() {
    let Some(url) = nats() else { return };
    let (Some(one), Some(four)) = (
        filrouge::store::testing::TestDatabase::create(),
        filrouge::store::testing::TestDatabase::create(),
    ) else {
        return;
    };
    let timeline = |store: &str| {
        let out = filrouge(&[
            "timeline", "--store", store, "--format", "json", "--as-of", AS_OF,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let embedded = examples_store(AS_OF);
    let expected = timeline(embedded.path().to_str().expect("UTF-8"));
    for (db, workers) in [(&one, 1), (&four, 4)] {
        let f = Fixture::new(&url, &format!("scale{workers}"));
        f.publish();
        let spawned: Vec<Child> = (0..workers)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_filrouge"))
                    .args(["worker", "--store", db.url(), "--batch", "2"])
                    .args(["--exit-when-idle", "--quiet"])
                    .envs(f.env())
                    .current_dir(common::root())
                    .spawn()
                    .expect("a worker starts")
            })
            .collect();
        for mut w in spawned {
            assert!(w.wait().expect("the worker ends").success());
        }
        assert_eq!(
            timeline(db.url()),
            expected,
            "{workers} worker(s) on PostgreSQL"
        );
    }
}

/// A TCP relay to PostgreSQL that the test can cut (every connection
/// closed, new ones refused) and restore: a store outage as a worker sees
/// one, on the real server.
struct Relay {
    addr: std::net::SocketAddr,
    down: std::sync::Arc<std::sync::atomic::AtomicBool>,
    accepted: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    open: std::sync::Arc<std::sync::Mutex<Vec<std::net::TcpStream>>>,
}

impl Relay {
    fn to(upstream: String) -> Relay {
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        let relay = Relay {
            addr: listener.local_addr().expect("its address"),
            down: Default::default(),
            accepted: Default::default(),
            open: Default::default(),
        };
        let (down, accepted, open) = (
            relay.down.clone(),
            relay.accepted.clone(),
            relay.open.clone(),
        );
        std::thread::spawn(move || {
            for client in listener.incoming().map_while(Result::ok) {
                if down.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused
                }
                let Ok(server) = std::net::TcpStream::connect(&upstream) else {
                    continue;
                };
                accepted.fetch_add(1, Ordering::SeqCst);
                let mut held = open.lock().expect("not poisoned");
                for (mut from, mut to) in [
                    (client.try_clone(), server.try_clone()),
                    (server.try_clone(), client.try_clone()),
                ]
                .into_iter()
                .filter_map(|(a, b)| Some((a.ok()?, b.ok()?)))
                {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(std::net::Shutdown::Both);
                    });
                }
                held.extend([client, server]);
            }
        });
        relay
    }

    /// Closes every connection and refuses new ones.
    fn cut(&self) {
        self.down.store(true, std::sync::atomic::Ordering::SeqCst);
        for s in self.open.lock().expect("not poisoned").drain(..) {
            let _ = s.shutdown(std::net::Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.down.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    /// `url` with its host and port replaced by the relay's.
    fn url(&self, url: &str) -> String {
        let (scheme_user, rest) = url.split_once('@').expect("a user@host URL");
        let (_, database) = rest.split_once('/').expect("a database");
        format!("{scheme_user}@{}/{database}", self.addr)
    }
}

#[test]
fn a_store_outage_shorter_than_the_patience_costs_no_delivery() {
    let Some(url) = nats() else { return };
    let Some(db) = filrouge::store::testing::TestDatabase::create() else {
        return;
    };
    let f = Fixture::new(&url, "outage");
    let expected = ingested();
    let upstream = db
        .url()
        .split_once('@')
        .and_then(|(_, r)| r.split_once('/'));
    let relay = Relay::to(upstream.expect("host and database").0.to_string());
    let through_relay = relay.url(db.url());
    // One delivery each: a record given back during the outage would be
    // a dead letter on its next delivery.
    let mut worker = Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .args(["worker", "--store", &through_relay, "--batch", "2"])
        .args(["--ack-wait", "2", "--max-deliver", "1"])
        .envs(f.env())
        .current_dir(common::root())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the worker starts");
    let err = worker.stderr.take().expect("its stderr");
    let said = std::thread::spawn(move || {
        BufReader::new(err)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
    // Cut once the worker waits for records (its store open, its consumer
    // made): a store unreachable when a worker starts is an error.
    let started = std::time::Instant::now();
    while f.queue().status().map_or(0, |s| s.waiting_pulls) == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no worker pulling"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    relay.cut();
    f.publish();
    // Longer than the ack wait, twice over.
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(
        count(&f.status_of(db.url()), "stored"),
        0,
        "the store was down"
    );
    relay.restore();
    let started = std::time::Instant::now();
    let status = loop {
        let status = f.status_of(db.url());
        if count(&status, "stored") == expected.len() as u64 || started.elapsed().as_secs() > 60 {
            break status;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    worker.kill().expect("SIGKILL");
    worker.wait().expect("reaped");
    let said = said.join().expect("its stderr read").join("\n");
    assert_eq!(
        count(&status, "stored"),
        expected.len() as u64,
        "{status}\n{said}"
    );
    assert_eq!(count(&status, "dead"), 0, "{status}\n{said}");
    assert_eq!(count(&status, "redelivered"), 0, "{status}\n{said}");
    assert!(said.contains("store unavailable"), "{said}");
    assert!(said.contains("store back after"), "{said}");
    assert_eq!(ids(&documents(db.url())), ids(&expected));
}

#[test]
fn a_worker_waits_out_a_nats_outage_and_finishes() {
    let Some(url) = nats() else { return };
    let f = Fixture::new(&url, "nats-outage");
    let expected = ingested();
    f.publish();
    let upstream = url.trim_start_matches("nats://").to_string();
    let relay = Relay::to(upstream);
    let through_relay = format!("nats://{}", relay.addr);
    let mut worker = Command::new(env!("CARGO_BIN_EXE_filrouge"))
        .args(["worker", "--store", f.store(), "--batch", "2"])
        .args(["--exit-when-idle", "--json", "--ack-wait", "5"])
        .envs(f.env())
        .env("FILROUGE_NATS", &through_relay)
        .current_dir(common::root())
        .stdout(Stdio::piped())
        // Why it failed, if it does, in the test's output.
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the worker starts");
    // Cut once it works (a first document stored): a server unreachable
    // when a worker starts is an error, said at once.
    let started = std::time::Instant::now();
    let stored = || {
        filrouge::store::Store::open_existing(f.store.path())
            .and_then(|s| s.count())
            .unwrap_or(0)
    };
    while stored() == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "nothing stored"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    relay.cut();
    std::thread::sleep(Duration::from_secs(3));
    relay.restore();
    let out = {
        let (tx, rx) = mpsc::channel();
        let stdout = worker.stdout.take().expect("its stdout");
        std::thread::spawn(move || {
            let _ = tx.send(std::io::read_to_string(stdout));
        });
        let read = rx.recv_timeout(Duration::from_secs(120));
        let _ = worker.kill();
        read.expect("the worker ends within two minutes")
            .expect("its stdout")
    };
    assert!(worker.wait().expect("reaped").success(), "{out}");
    // It could not finish without the server: it waited the outage out.
    assert!(started.elapsed() >= Duration::from_secs(3));
    let summary: Value = serde_json::from_str(out.trim()).expect("a JSON summary");
    assert_eq!(count(&summary, "dead"), 0, "{summary}");
    assert_eq!(ids(&documents(f.store())), ids(&expected), "{summary}");
    let status = f.status();
    assert_eq!(count(&status, "records"), 0, "{status}");
}
