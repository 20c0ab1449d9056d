//! Throughput of each per-document stage on real articles (a folder of
//! files in any format the readers take), per CPU-second of one thread.
//!
//! Generated text is regular and short-sentenced; real news is neither,
//! and speed claims are made on it. The folder is read into memory once,
//! then each cumulative pipeline (read; then clean and segment; then time;
//! then entities and quotes, which is `analyze`) runs over it on the calling
//! thread, repeated until it has used at least [`MIN_CPU_SECONDS`], and is
//! timed by the thread's CPU clock, so other work on the machine does not
//! count. A stage's own figure is the difference of two cumulative runs.

use std::path::{Path, PathBuf};
use std::time::Instant;

use filrouge::model::Document;
use filrouge::read::{read_bytes, ReadOptions};
use filrouge::Pipeline;

use crate::Throughput;

/// The least CPU time each measure of `filrouge bench --real` runs for:
/// short runs are noise.
pub const MIN_CPU_SECONDS: f64 = 2.0;

/// A real article file: its name (which tells the reader its format) and
/// its bytes.
#[derive(Debug, Clone)]
pub struct RealFile {
    /// The file's path.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Every file under `dir`, in sorted order (hidden ones skipped).
pub fn load_real(dir: &Path) -> std::io::Result<Vec<RealFile>> {
    let mut paths = Vec::new();
    collect_files(dir, &mut paths)?;
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            Ok(RealFile {
                name: path.to_string_lossy().into_owned(),
                bytes: std::fs::read(&path)?,
            })
        })
        .collect()
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// One run of a measure: what it processed.
struct Work {
    documents: usize,
    bytes: usize,
}

/// Each cumulative stage over `files` on the calling thread, and each
/// stage's own figure: read; clean + segment; time; entities + quotes.
/// Documents are dated against `as_of`; each measure repeats until it
/// has used `min_cpu_seconds` ([`MIN_CPU_SECONDS`] for a real figure).
pub fn bench_real(
    files: &[RealFile],
    as_of: chrono::NaiveDate,
    min_cpu_seconds: f64,
) -> Vec<Throughput> {
    let opts = ReadOptions::default();
    let read = |files: &[RealFile]| -> Vec<Document> {
        files
            .iter()
            .flat_map(|f| read_bytes(&f.name, f.bytes.clone(), &opts).flatten())
            .collect()
    };
    let docs = read(files);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let pipelines = [
        (
            "real: read+clean+segment",
            Pipeline::new().with_time(None).with_entities(false),
        ),
        (
            "real: + time",
            Pipeline::new().with_time(Some(as_of)).with_entities(false),
        ),
        (
            "real: + entities, quotes (analyze)",
            Pipeline::new().with_time(Some(as_of)),
        ),
    ];
    let mut cumulative = vec![measure("real: read", min_cpu_seconds, || {
        let read = read(files);
        Work {
            documents: read.len(),
            bytes,
        }
    })];
    for (name, pipeline) in &pipelines {
        // Warm the lexicon and the models once, outside the clock.
        if let Some(doc) = docs.first() {
            std::hint::black_box(pipeline.process(doc.clone()));
        }
        cumulative.push(measure(name, min_cpu_seconds, || {
            for doc in read(files) {
                std::hint::black_box(pipeline.process(doc));
            }
            Work {
                documents: docs.len(),
                bytes,
            }
        }));
    }
    let own = |name: &str, slower: &Throughput, faster: &Throughput| Throughput {
        name: name.into(),
        documents: slower.documents,
        bytes: slower.bytes,
        seconds: seconds_per_pass(slower) - seconds_per_pass(faster),
        threads: 1,
    };
    let stages = [
        own("real: clean+segment alone", &cumulative[1], &cumulative[0]),
        own("real: time stage alone", &cumulative[2], &cumulative[1]),
        own(
            "real: entities+quotes alone",
            &cumulative[3],
            &cumulative[2],
        ),
    ];
    cumulative.into_iter().chain(stages).collect()
}

/// A measure's seconds, for one pass.
fn seconds_per_pass(t: &Throughput) -> f64 {
    t.seconds.max(1e-9)
}

/// Runs `pass` until `min_seconds` of this thread's CPU time have gone,
/// and returns one pass's work and its mean CPU seconds.
fn measure(name: &str, min_seconds: f64, mut pass: impl FnMut() -> Work) -> Throughput {
    let clock = ThreadClock::start();
    let mut passes = 0u32;
    let mut work = Work {
        documents: 0,
        bytes: 0,
    };
    while passes == 0 || clock.seconds() < min_seconds {
        work = pass();
        passes += 1;
    }
    Throughput {
        name: name.into(),
        documents: work.documents,
        bytes: work.bytes,
        seconds: clock.seconds() / f64::from(passes),
        threads: 1,
    }
}

/// The calling thread's CPU time, from `/proc/thread-self/stat` (user and
/// system ticks); where that cannot be read, wall time.
struct ThreadClock {
    cpu: Option<f64>,
    wall: Instant,
}

impl ThreadClock {
    fn start() -> Self {
        ThreadClock {
            cpu: thread_cpu_seconds(),
            wall: Instant::now(),
        }
    }

    fn seconds(&self) -> f64 {
        match (self.cpu, thread_cpu_seconds()) {
            (Some(start), Some(now)) => now - start,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}

/// CPU seconds the calling thread has used, on Linux.
fn thread_cpu_seconds() -> Option<f64> {
    /// Clock ticks per second of `/proc` (USER_HZ, 100 on every Linux).
    const TICKS: f64 = 100.0;
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold
    // spaces: state is field 3, utime 14 and stime 15.
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let user: f64 = fields.get(11)?.parse().ok()?;
    let system: f64 = fields.get(12)?.parse().ok()?;
    Some((user + system) / TICKS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_clock_reads_proc_on_linux() {
        if cfg!(target_os = "linux") {
            let start = thread_cpu_seconds().expect("a CPU clock on Linux");
            let mut x = 0u64;
            for i in 0..50_000_000u64 {
                x = x.wrapping_add(std::hint::black_box(i));
            }
            std::hint::black_box(x);
            assert!(thread_cpu_seconds().expect("clock") >= start);
        }
    }

    #[test]
    fn every_stage_is_measured_on_a_small_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("a.txt"),
            "Le maire de Lyon a inauguré le pont lundi 3 mars 2025.\n\nIl a déclaré : « C'est un grand jour. »",
        )
        .expect("write");
        let files = load_real(dir.path()).expect("load");
        let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 10).expect("a day");
        let measures = bench_real(&files, day, 0.0);
        assert_eq!(measures.len(), 7);
        assert!(measures.iter().all(|m| m.documents == 1 && m.bytes > 0));
    }
}
