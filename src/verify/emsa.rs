//! The encoded-message checks of RSA signature verification (RFC 8017 §9): EMSA-PKCS1-v1_5
//! (§9.2) by re-encoding and comparing, and EMSA-PSS-VERIFY (§9.1.2) with MGF1 (§B.2.1) over
//! the message hash and a salt of exactly the hash length (RFC 7518 §3.5).
//!
//! The encoded message is public (anyone can compute it from the signature and the public
//! key), so plain comparisons are fine.

use sha2::digest::{Digest, FixedOutputReset};
use sha2::{Sha256, Sha384, Sha512};

use crate::alg::Hash;

/// DER of `DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier (with NULL
/// parameters), digest OCTET STRING }` up to the digest itself (RFC 8017 §9.2, note 1).
fn digest_info_prefix(hash: Hash) -> &'static [u8] {
    match hash {
        Hash::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        Hash::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        Hash::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

/// True when `em` (`k` = `em.len()` bytes, RFC 8017 §8.2.2 step 2c) is exactly
/// `EMSA-PKCS1-v1_5-ENCODE(M, k)` for the message hash `m_hash`:
/// `0x00 ‖ 0x01 ‖ PS (0xff, at least 8 bytes) ‖ 0x00 ‖ DigestInfo` (§9.2 step 5). A modulus too
/// short for the encoding (`k < tLen + 11`, §9.2 step 3) never verifies.
pub fn pkcs1v15_matches(hash: Hash, m_hash: &[u8], em: &[u8]) -> bool {
    let prefix = digest_info_prefix(hash);
    let t_len = prefix.len() + m_hash.len();
    let Some(ps_len) = em.len().checked_sub(t_len + 3).filter(|l| *l >= 8) else {
        return false;
    };
    let (head, rest) = em.split_at(2);
    let (ps, rest) = rest.split_at(ps_len);
    let (zero, t) = rest.split_at(1);
    let (t_prefix, t_hash) = t.split_at(prefix.len());
    head == [0x00, 0x01]
        && ps.iter().all(|b| *b == 0xff)
        && zero == [0x00]
        && t_prefix == prefix
        && t_hash == m_hash
}

/// EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with `sLen = hLen` and MGF1 over the same hash, for
/// `em` of `emLen = ⌈emBits/8⌉` bytes, `emBits = modBits - 1`.
pub fn pss_matches(hash: Hash, m_hash: &[u8], em: &[u8], em_bits: usize) -> bool {
    match hash {
        Hash::Sha256 => pss::<Sha256>(m_hash, em, em_bits),
        Hash::Sha384 => pss::<Sha384>(m_hash, em, em_bits),
        Hash::Sha512 => pss::<Sha512>(m_hash, em, em_bits),
    }
}

fn pss<D: Digest + FixedOutputReset>(m_hash: &[u8], em: &[u8], em_bits: usize) -> bool {
    let h_len = <D as Digest>::output_size();
    let s_len = h_len;
    let em_len = em.len();
    // Step 2 (the caller hashed the message) and step 3.
    if m_hash.len() != h_len || em_len < h_len + s_len + 2 || em_len != em_bits.div_ceil(8) {
        return false;
    }
    // Step 4.
    let Some((&0xbc, rest)) = em.split_last() else {
        return false;
    };
    // Step 5: maskedDB ‖ H.
    let (masked_db, h) = rest.split_at(em_len - h_len - 1);
    // Step 6: the leftmost 8·emLen − emBits bits of maskedDB must be zero.
    let top_mask = 0xffu8 >> (8 * em_len - em_bits);
    if masked_db.first().is_some_and(|b| b & !top_mask != 0) {
        return false;
    }
    // Steps 7–9: DB = maskedDB ⊕ MGF1(H, emLen − hLen − 1), leftmost bits cleared.
    let mut db = masked_db.to_vec();
    mgf1_xor::<D>(h, &mut db);
    if let Some(first) = db.first_mut() {
        *first &= top_mask;
    }
    // Step 10: emLen − hLen − sLen − 2 zero bytes, then 0x01.
    let (padding, rest) = db.split_at(em_len - h_len - s_len - 2);
    let Some((&0x01, salt)) = rest.split_first() else {
        return false;
    };
    if padding.iter().any(|b| *b != 0) {
        return false;
    }
    // Steps 11–14: H' = Hash(0x00 × 8 ‖ mHash ‖ salt) must equal H.
    let mut hasher = D::new();
    Digest::update(&mut hasher, [0u8; 8]);
    Digest::update(&mut hasher, m_hash);
    Digest::update(&mut hasher, salt);
    hasher.finalize().as_slice() == h
}

/// XORs `out` with MGF1(seed, `out.len()`) (RFC 8017 §B.2.1).
fn mgf1_xor<D: Digest + FixedOutputReset>(seed: &[u8], out: &mut [u8]) {
    let mut hasher = D::new();
    for (counter, chunk) in (0u32..).zip(out.chunks_mut(<D as Digest>::output_size())) {
        Digest::update(&mut hasher, seed);
        Digest::update(&mut hasher, counter.to_be_bytes());
        let block = hasher.finalize_reset();
        for (o, m) in chunk.iter_mut().zip(block.as_slice()) {
            *o ^= m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs1v15_layout() {
        let h = Hash::Sha256.digest(b"abc");
        let mut em = vec![0x00, 0x01];
        em.extend([0xff; 200]);
        em.push(0);
        em.extend_from_slice(digest_info_prefix(Hash::Sha256));
        em.extend_from_slice(&h);
        assert!(pkcs1v15_matches(Hash::Sha256, &h, &em));
        for i in 0..em.len() {
            let mut bad = em.clone();
            bad[i] ^= 1;
            assert!(!pkcs1v15_matches(Hash::Sha256, &h, &bad), "byte {i}");
        }
        assert!(!pkcs1v15_matches(Hash::Sha384, &h, &em));
        // Too short for 8 bytes of 0xff padding; and far too short.
        let short: Vec<u8> = [&[0u8, 1][..], &[0xff; 7], &[0], &em[em.len() - 51..]].concat();
        assert!(!pkcs1v15_matches(Hash::Sha256, &h, &short));
        assert!(!pkcs1v15_matches(Hash::Sha256, &h, &[]));
        assert!(!pkcs1v15_matches(Hash::Sha256, &h, &[0, 1, 0]));
    }

    #[test]
    fn pss_rejects_garbage_without_panicking() {
        let h = Hash::Sha512.digest(b"abc");
        for em_bits in [0, 1, 7, 8, 9, 100, 1023, 1024] {
            for len in [0, 1, 2, 64, 127, 128, 129] {
                let em = vec![0xbc; len];
                assert!(!pss_matches(Hash::Sha512, &h, &em, em_bits));
            }
        }
    }
}
