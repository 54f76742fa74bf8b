//! Where an ingest's time goes: CPU time of the calling thread, per phase of
//! the store's work (SQLite writes, index additions and commits, duplicates,
//! stories, claim records).
//!
//! CPU time rather than wall time because the machine an ingest runs on is
//! often shared: the work a phase did does not change with the load, its wall
//! time does. Both are kept.

use serde::Serialize;
use std::time::{Duration, Instant};

/// CPU time the calling thread has used so far (Linux: from
/// `/proc/thread-self/schedstat`, in nanoseconds). `None` where the system
/// does not say; the phase times are then wall times only.
pub fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_ascii_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// CPU time of the whole process so far (all threads, living or ended):
/// user + system from `/proc/self/stat`, in clock ticks of 10 ms.
pub fn process_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces: count from after its `)`.
    let rest = &s[s.rfind(')')? + 1..];
    let mut f = rest.split_ascii_whitespace();
    // Fields 3.. follow; utime and stime are fields 14 and 15.
    let utime: u64 = f.nth(11)?.parse().ok()?;
    let stime: u64 = f.next()?.parse().ok()?;
    // USER_HZ is 100 on every Linux configuration that exists in practice.
    Some(Duration::from_millis((utime + stime) * 10))
}

/// One phase: its CPU time (of the thread that ran it) and wall time, in
/// seconds.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq)]
pub struct Phase {
    pub cpu: f64,
    pub wall: f64,
}

impl Phase {
    /// Runs `f`, adding its time to this phase.
    pub fn time<T>(&mut self, f: impl FnOnce() -> T) -> T {
        let (c0, w0) = (thread_cpu(), Instant::now());
        let out = f();
        self.wall += w0.elapsed().as_secs_f64();
        self.cpu += match (c0, thread_cpu()) {
            (Some(a), Some(b)) => b.saturating_sub(a).as_secs_f64(),
            _ => w0.elapsed().as_secs_f64(),
        };
        out
    }
}

/// The store's phases during one ingest (all on the writer thread; tantivy's
/// own indexing and merging threads are not in them).
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq)]
pub struct StoreTimes {
    /// SQLite transactions of the document batches.
    pub sqlite_write: Phase,
    /// Handing documents to the index writer (tokenizing happens on tantivy's
    /// indexing thread).
    pub index_add: Phase,
    /// Index commits, including waiting for the indexing thread and merges.
    pub index_commit: Phase,
    /// Exact and near-duplicate groups.
    pub duplicates: Phase,
    /// Story clustering.
    pub stories: Phase,
    /// Claim records (provenance).
    pub claims: Phase,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_phase_uses_cpu() {
        let mut p = Phase::default();
        let x = p.time(|| (0..3_000_000u64).fold(0u64, |a, b| a.wrapping_mul(31).wrapping_add(b)));
        assert_ne!(x, 0);
        assert!(p.cpu > 0.0 && p.wall > 0.0, "{p:?}");
        if cfg!(target_os = "linux") {
            assert!(thread_cpu().is_some() && process_cpu().is_some());
        }
    }
}
