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
///
/// Each chunk goes through the full [`mix`] (feature set 2). Feature set 1
/// stepped with a multiply and a rotation, and a multiply only carries a
/// difference towards the high bits: two words of the same length that
/// differ in their first eight bytes then differed in 16 bits of the state,
/// which the next chunk could cancel (16 word pairs of ANT's 67k words
/// collided, سيتطرق/سيتارو among them). `mix` is a bijection in which every
/// input bit reaches every output bit, so a difference in one chunk leaves
/// a state no other chunk can cancel except by a 64-bit coincidence.
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = mix(h ^ v).wrapping_add(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = mix(h ^ u64::from_le_bytes(buf)).wrapping_add(K);
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
        // fails, the feature set must change (set 2 changed the hash).
        assert_eq!(hash_str(""), mix(0));
        assert_eq!(hash_str("قسد"), 0xfb82_6a06_ae2e_330f_u64);
        assert_ne!(combine(1, 2), combine(2, 1));
    }

    #[test]
    fn no_two_clustered_ant_words_collide() {
        // The 50,900 words of the committed cluster file (16 pairs of
        // ANT's words collided under feature set 1's hash).
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ant-clusters-v1.tsv");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let norm = marsad_arabic::Normalizer::new();
        let mut seen = std::collections::HashMap::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut word = String::new();
            norm.normalize_into(line.split('\t').next().unwrap_or_default(), &mut word);
            if let Some(other) = seen.insert(hash_str(&word), word.clone()) {
                assert_eq!(other, word, "{other} and {word} share a hash");
            }
        }
        assert!(seen.len() > 50_000, "{} words", seen.len());
    }

    #[test]
    fn words_that_collided_in_feature_set_1_do_not() {
        // Same length, differing in the first chunk: feature set 1's
        // multiply-and-rotate step let the second chunk cancel the
        // difference.
        for (a, b) in [("سيتطرق", "سيتارو")] {
            assert_ne!(hash_str(a), hash_str(b), "{a} / {b}");
        }
    }
}
