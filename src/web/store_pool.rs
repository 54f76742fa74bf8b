//! Shared read access to the store from async handlers.
//!
//! A [`Store`] holds one SQLite connection (not `Sync`) and the index
//! reader, and every query on it blocks. The server therefore opens a few
//! handles on the same directory and lends one to each request on tokio's
//! blocking pool: SQLite in WAL mode serves concurrent readers, and tantivy
//! readers share the memory-mapped segments. The semaphore holds requests
//! back when every handle is in use, so a burst of clients queues instead of
//! spawning a thread each.
//!
//! New documents: SQLite shows each connection the last committed state, but
//! a tantivy reader stays on the commit it loaded. An ingest running beside
//! the server commits the index (its `meta.json` changes), so the pool looks
//! at that file at most once per [`RECHECK`] and, when it changed, each handle
//! reloads its reader the next time it is lent.

use super::error::AppError;
use marsad_corpus::Store;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::Semaphore;

/// How often the pool looks for a new index commit.
pub const RECHECK: Duration = Duration::from_secs(1);

/// The index's commit file: tantivy rewrites it on every commit.
const META: &str = "meta.json";

/// A store handle and the index generation its reader has loaded.
struct Handle {
    store: Store,
    generation: u64,
}

/// Handles on one store directory.
pub struct StorePool {
    dir: PathBuf,
    handles: Vec<Mutex<Handle>>,
    permits: Arc<Semaphore>,
    watch: IndexWatch,
}

/// Notices new index commits: a generation number bumped whenever the
/// commit file's modification time or size changes.
struct IndexWatch {
    meta: PathBuf,
    every: Duration,
    start: Instant,
    /// Milliseconds after `start` of the last look.
    checked_ms: AtomicU64,
    /// What the last look saw.
    seen: Mutex<Option<(SystemTime, u64)>>,
    generation: AtomicU64,
}

impl IndexWatch {
    fn new(meta: PathBuf, every: Duration) -> IndexWatch {
        let seen = Mutex::new(Self::stamp(&meta));
        IndexWatch {
            meta,
            every,
            start: Instant::now(),
            checked_ms: AtomicU64::new(0),
            seen,
            generation: AtomicU64::new(0),
        }
    }

    fn stamp(meta: &Path) -> Option<(SystemTime, u64)> {
        let m = std::fs::metadata(meta).ok()?;
        Some((m.modified().ok()?, m.len()))
    }

    /// The current generation, looking at the commit file first when the
    /// last look is older than `every` (one caller looks; the others go on
    /// with what is known).
    fn generation(&self) -> u64 {
        let now = self.start.elapsed().as_millis() as u64;
        let last = self.checked_ms.load(Ordering::Relaxed);
        if now.saturating_sub(last) >= self.every.as_millis() as u64
            && self.checked_ms.compare_exchange(last, now.max(1), Ordering::AcqRel, Ordering::Relaxed).is_ok()
        {
            let stamp = Self::stamp(&self.meta);
            let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
            if *seen != stamp {
                *seen = stamp;
                self.generation.fetch_add(1, Ordering::AcqRel);
            }
        }
        self.generation.load(Ordering::Acquire)
    }
}

impl StorePool {
    /// Opens `size` handles on the store in `dir`; an error if there is no
    /// store there.
    pub fn open(dir: &Path, size: usize) -> marsad_corpus::Result<StorePool> {
        StorePool::open_with_recheck(dir, size, RECHECK)
    }

    /// [`StorePool::open`], looking for new index commits every `every`
    /// (zero: on every request).
    pub fn open_with_recheck(dir: &Path, size: usize, every: Duration) -> marsad_corpus::Result<StorePool> {
        let size = size.max(1);
        let meta = dir.join(marsad_corpus::store::INDEX_DIR).join(META);
        // The watch starts before the handles open: a commit between the
        // two is seen as new, and costs one needless reload at most.
        let watch = IndexWatch::new(meta, every);
        let generation = watch.generation.load(Ordering::Acquire);
        let mut handles = Vec::with_capacity(size);
        for _ in 0..size {
            handles.push(Mutex::new(Handle { store: Store::open_existing(dir)?, generation }));
        }
        Ok(StorePool { dir: dir.to_path_buf(), handles, permits: Arc::new(Semaphore::new(size)), watch })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Runs `f` with a store handle on the blocking pool.
    pub async fn with<T, F>(self: &Arc<Self>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, AppError> + Send + 'static,
    {
        // The permit moves into the blocking task: if the request is dropped
        // (the client went away) the task still runs to the end, and its
        // handle stays counted as taken until then.
        let permit = Arc::clone(&self.permits).acquire_owned().await.map_err(|e| AppError::Internal(e.into()))?;
        let pool = Arc::clone(self);
        let out = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let generation = pool.watch.generation();
            let run = |h: &mut Handle| {
                if h.generation != generation {
                    h.store.index().reload()?;
                    h.generation = generation;
                }
                f(&h.store)
            };
            // With a permit held, at most `size - 1` other holders exist, so
            // one handle is free; a poisoned handle (a panic in an earlier
            // request) is still a valid read connection.
            for h in &pool.handles {
                if let Ok(mut h) = h.try_lock() {
                    return run(&mut h);
                }
            }
            for h in &pool.handles {
                if let Err(std::sync::TryLockError::Poisoned(p)) = h.try_lock() {
                    return run(&mut p.into_inner());
                }
            }
            Err(AppError::Internal(anyhow::anyhow!("no free store handle despite a permit")))
        })
        .await;
        out?
    }
}
