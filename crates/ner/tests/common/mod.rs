//! What the real-data tests of this crate share.

use std::path::PathBuf;

/// `../shared/data` (or `$MARSAD_SHARED_DATA`); panics when it is missing,
/// so that a real-data check fails instead of passing without its data.
pub fn shared_data() -> PathBuf {
    let dir = std::env::var_os("MARSAD_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")));
    assert!(dir.is_dir(), "real data not found at {} (set MARSAD_SHARED_DATA)", dir.display());
    dir
}
