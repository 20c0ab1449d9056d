//! Work threads (reading posts, store queries, linking, the rayon pool)
//! run at a lower scheduling priority than the async workers that accept
//! connections and answer cheap requests: on a saturated machine,
//! `/api/status` and cached answers stay quick while the heavy work takes
//! what CPU is left. Linux only (a thread's nice value is its own there);
//! elsewhere nothing changes.

use std::cell::Cell;

/// How much lower: nice 10 gets about a tenth of the CPU a nice 0 thread
/// gets when both want it, and all of it when the workers are idle.
#[cfg(target_os = "linux")]
const NICE: i32 = 10;

/// Lowers the calling thread's priority, once per thread.
pub(crate) fn background() {
    thread_local! {
        static LOWERED: Cell<bool> = const { Cell::new(false) };
    }
    LOWERED.with(|lowered| {
        if !lowered.replace(true) {
            lower();
        }
    });
}

#[cfg(target_os = "linux")]
fn lower() {
    // SAFETY: setpriority takes plain integers; with PRIO_PROCESS and 0
    // Linux applies it to the calling thread only. A failure (a policy
    // forbidding it) leaves the priority as it was, which is harmless.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, NICE);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower() {}

/// Makes rayon's global pool (linking, the corpus level) start its
/// threads at the lower priority, unless the pool already exists.
pub(crate) fn background_pool() {
    let _ = rayon::ThreadPoolBuilder::new()
        .start_handler(|_| background())
        .build_global();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_background_thread_is_niced_once() {
        std::thread::spawn(|| {
            background();
            background();
            #[cfg(target_os = "linux")]
            {
                // SAFETY: getpriority reads the calling thread's value.
                let nice = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
                assert!(nice >= NICE, "nice {nice}");
            }
        })
        .join()
        .expect("thread");
    }
}
