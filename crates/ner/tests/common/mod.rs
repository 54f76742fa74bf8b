//! What the real-data tests of this crate share: `../shared/data` (or
//! `$MARSAD_SHARED_DATA`), a panic when it is missing, so that a real-data
//! check fails instead of passing without its data.

pub use marsad_shared_data::dir as shared_data;
