//! The clock of marsad's criterion benchmarks.
//!
//! By default a benchmark is timed by the wall clock. With
//! `MARSAD_BENCH_CLOCK=cpu` it is timed by the CPU time of the benchmarking
//! thread instead: on a machine that other work shares, that is the work
//! the code did, whatever else ran. Every bench of the workspace ends with
//! [`main!`], which picks the clock:
//!
//! ```ignore
//! fn bench<M: criterion::measurement::Measurement>(c: &mut criterion::Criterion<M>) { /* … */ }
//! marsad_bench_clock::main!(bench);
//! ```

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use std::time::Duration;

#[doc(hidden)]
pub use criterion;

/// Whether the environment asks for the CPU-time clock.
pub fn cpu_clock_requested() -> bool {
    std::env::var("MARSAD_BENCH_CLOCK").is_ok_and(|v| v == "cpu")
}

/// CPU time of the calling thread, as a criterion measurement.
pub struct ThreadCpuTime;

/// CPU time of the calling thread (Linux).
#[cfg(target_os = "linux")]
pub fn thread_cpu_now() -> Duration {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: clock_gettime writes one timespec into the valid pointer.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(ts.sec as u64, ts.nsec as u32)
}

/// Elsewhere there is no thread clock.
#[cfg(not(target_os = "linux"))]
pub fn thread_cpu_now() -> Duration {
    panic!("a thread's CPU time (MARSAD_BENCH_CLOCK=cpu) needs Linux");
}

static WALL: WallTime = WallTime;

impl Measurement for ThreadCpuTime {
    type Intermediate = Duration;
    type Value = Duration;
    fn start(&self) -> Duration {
        thread_cpu_now()
    }
    fn end(&self, i: Duration) -> Duration {
        thread_cpu_now() - i
    }
    fn add(&self, a: &Duration, b: &Duration) -> Duration {
        *a + *b
    }
    fn zero(&self) -> Duration {
        Duration::ZERO
    }
    fn to_f64(&self, v: &Duration) -> f64 {
        v.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        // Nanoseconds, like wall-clock time: the same units and throughputs.
        WALL.formatter()
    }
}

/// A bench's `main`: runs `$bench` (generic over the measurement) with the
/// clock [`cpu_clock_requested`] chooses.
#[macro_export]
macro_rules! main {
    ($bench:path) => {
        fn main() {
            use $crate::criterion::Criterion;
            if $crate::cpu_clock_requested() {
                let mut c = Criterion::default().with_measurement($crate::ThreadCpuTime).configure_from_args();
                $bench(&mut c);
                c.final_summary();
            } else {
                let mut c = Criterion::default().configure_from_args();
                $bench(&mut c);
                c.final_summary();
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cpu_clock_counts_work_not_sleep() {
        let m = ThreadCpuTime;
        let t = m.start();
        std::thread::sleep(Duration::from_millis(50));
        let slept = m.end(t);
        let t = m.start();
        let mut x = 0u64;
        while m.end(t) < Duration::from_millis(20) {
            x = x.wrapping_add(std::hint::black_box(1));
        }
        assert!(x > 0);
        assert!(slept < Duration::from_millis(20), "sleeping cost {slept:?} of CPU");
    }
}
