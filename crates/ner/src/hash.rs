//! The hash behind feature ids, gazetteer keys and cluster lookups.
//!
//! Model files store hashed keys, so this function is part of the file
//! format: it is written out here (little-endian reads, fixed constants)
//! rather than taken from `std`, whose hashers may change between releases.

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Murmur3's 64-bit finalizer: every input bit affects every output bit.
#[inline(always)]
pub fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// Hashes bytes, eight at a time.
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h ^ v).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(buf)).wrapping_mul(K).rotate_left(29);
    }
    mix(h)
}

#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Combines two hashes, order-sensitively (for word sequences and feature
/// conjunctions).
#[inline(always)]
pub fn combine(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(23) ^ b.wrapping_mul(K))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_values() {
        // These values are part of the model file format: if this test
        // fails, the model version must change.
        assert_eq!(hash_str(""), mix(0));
        assert_eq!(hash_str("قسد"), 0x84c0_8373_db15_c2aa_u64);
        assert_ne!(combine(1, 2), combine(2, 1));
    }
}
