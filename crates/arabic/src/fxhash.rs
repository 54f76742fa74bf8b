//! The Fx hash (the multiply-rotate hash rustc uses for its own tables):
//! a few instructions per word, which is what short Arabic words need.
//! Not resistant to chosen collisions, so it only keys tables whose keys the
//! project controls (lexicons, corpus counts), never tables filled from
//! untrusted input in a server.

use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// One step of the hash.
#[inline(always)]
pub(crate) fn step(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(SEED)
}

/// A [`Hasher`] for `std` collections.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.hash = step(self.hash, u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.hash = step(self.hash, u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.hash = step(self.hash, i as u64);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.hash = step(self.hash, i as u64);
    }

    /// The multiply leaves the high bits well mixed and the low ones not
    /// (they depend only on the low bits of the input, the lead bytes of
    /// Arabic letters); tables index with the low bits, so rotate the high
    /// ones down (as rustc-hash 2 does).
    #[inline]
    fn finish(&self) -> u64 {
        self.hash.rotate_left(26)
    }
}

pub(crate) type FxBuildHasher = BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuildHasher>;
