//! Shared read access to the store from async handlers.
//!
//! A [`Store`] holds one SQLite connection (not `Sync`) and the index
//! reader, and every query on it blocks. The server therefore opens a few
//! handles on the same directory and lends one to each request on tokio's
//! blocking pool: SQLite in WAL mode serves concurrent readers, and tantivy
//! readers share the memory-mapped segments. The semaphore holds requests
//! back when every handle is in use, so a burst of clients queues instead of
//! spawning a thread each.

use super::error::AppError;
use marsad_corpus::Store;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Handles on one store directory.
pub struct StorePool {
    dir: PathBuf,
    handles: Vec<Mutex<Store>>,
    permits: Arc<Semaphore>,
}

impl StorePool {
    /// Opens `size` handles on the store in `dir`; an error if there is no
    /// store there.
    pub fn open(dir: &Path, size: usize) -> marsad_corpus::Result<StorePool> {
        let size = size.max(1);
        let mut handles = Vec::with_capacity(size);
        for _ in 0..size {
            handles.push(Mutex::new(Store::open_existing(dir)?));
        }
        Ok(StorePool { dir: dir.to_path_buf(), handles, permits: Arc::new(Semaphore::new(size)) })
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
            // With a permit held, at most `size - 1` other holders exist, so
            // one handle is free; a poisoned handle (a panic in an earlier
            // request) is still a valid read connection.
            for h in &pool.handles {
                if let Ok(store) = h.try_lock() {
                    return f(&store);
                }
            }
            for h in &pool.handles {
                if let Err(std::sync::TryLockError::Poisoned(p)) = h.try_lock() {
                    return f(&p.into_inner());
                }
            }
            Err(AppError::Internal(anyhow::anyhow!("no free store handle despite a permit")))
        })
        .await;
        out?
    }
}
