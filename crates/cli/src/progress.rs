//! Progress of the long commands on stderr: a bar with its total and ETA
//! when the count is known, a spinner with what is being done otherwise.
//! Both are drawn only when stderr is a terminal; off a terminal (a log, a
//! pipe, a test) a command writes one summary line when it is done.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// The progress of one command.
pub struct Progress {
    bar: ProgressBar,
    start: Instant,
    quiet: bool,
}

impl Progress {
    /// Progress drawn on stderr when it is a terminal; with `quiet`,
    /// neither progress nor summary.
    pub fn new(quiet: bool) -> Progress {
        let drawn = !quiet && std::io::stderr().is_terminal();
        let bar = if drawn {
            let bar = ProgressBar::new_spinner();
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress {
            bar,
            start: Instant::now(),
            quiet,
        }
    }

    /// A step whose length is unknown: a spinner saying `what`.
    pub fn step(&self, what: impl Into<String>) {
        self.bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        self.bar.unset_length();
        self.bar.set_message(what.into());
    }

    /// A step of `total` things, `done` of them done: a bar with the count,
    /// and the time left, saying `what`.
    pub fn count(&self, what: &str, done: usize, total: usize) {
        if self.bar.length() != Some(total as u64) {
            self.bar.set_style(
                ProgressStyle::with_template(
                    "[{elapsed_precise}] {bar:30} {pos}/{len} {msg} ({eta} left)",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            self.bar.set_length(total as u64);
            self.bar.reset_eta();
        }
        self.bar.set_message(what.to_string());
        self.bar.set_position(done as u64);
    }

    /// A count reporter for `what`, for the facade's `(done, total)` hooks.
    pub fn counter<'a>(&'a self, what: &'a str) -> impl FnMut(usize, usize) + 'a {
        move |done, total| self.count(what, done, total)
    }

    /// Runs `f` (printing a line) with the bar out of the way.
    pub fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        self.bar.suspend(f)
    }

    /// Clears the bar and, unless quiet, writes `summary` on stderr with
    /// the time the command took: `filrouge: <summary> in 1.2 s`.
    pub fn finish(&self, summary: &str) {
        self.bar.finish_and_clear();
        if !self.quiet {
            eprintln!(
                "filrouge: {summary} in {:.1} s",
                self.start.elapsed().as_secs_f64()
            );
        }
    }

    /// Clears the bar and writes nothing (the command failed, or prints
    /// its own summary).
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}
