//! EdDSA over Ed25519.

use super::SigError;

/// The canonical encodings of the eight points of small order (the 8-torsion of edwards25519):
/// the identity, the point of order 2, the two of order 4 and the four of order 8. A
/// cofactorless verifier that compares the encoding of `R` with the one it computes (OpenSSL,
/// BoringSSL, ed25519-dalek's `verify`) can only ever match a canonical encoding, so these
/// eight are the only small-order `R` values such a verifier may accept. A test derives them
/// from curve25519-dalek's `EIGHT_TORSION`.
const SMALL_ORDER: [[u8; 32]; 8] = [
    hex32("0100000000000000000000000000000000000000000000000000000000000000"),
    hex32("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
    hex32("0000000000000000000000000000000000000000000000000000000000000000"),
    hex32("0000000000000000000000000000000000000000000000000000000000000080"),
    hex32("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
    hex32("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85"),
    hex32("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    hex32("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa"),
];

/// A 64-digit hex constant as 32 bytes, at compile time.
const fn hex32(s: &str) -> [u8; 32] {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("not a hex digit"),
        }
    }
    let s = s.as_bytes();
    assert!(s.len() == 64, "not 64 hex digits");
    let mut out = [0u8; 32];
    let mut i = 0;
    while i < 32 {
        out[i] = digit(s[2 * i]) << 4 | digit(s[2 * i + 1]);
        i += 1;
    }
    out
}

/// Whether a 64-byte Ed25519 signature's `R` is a point of small order, by its encoding (see
/// [`SMALL_ORDER`]): such a signature is refused on every path.
pub fn small_order_r(signature: &[u8]) -> bool {
    signature
        .get(..32)
        .is_some_and(|r| SMALL_ORDER.iter().any(|p| p[..] == *r))
}

/// Verifies an Ed25519 signature with strict (RFC 8032 §5.1.7 plus) rules: `S` must be reduced
/// (`S < L`), `R` is compared by its encoding, and small-order public keys or `R` values are
/// refused, so that no signature is malleable and none verifies under a weak key. RFC 8032
/// allows a small-order `R`, which only the key holder can produce (and an honest signer never
/// does); jwt-doctor refuses it everywhere, and the native path, whose crypto accepts it, is
/// given the same verdict by [`super::precheck`]. Small-order and non-canonical keys are
/// refused at import (`key::public::ed25519_public`). This is what Wycheproof's Ed25519 vectors
/// require.
///
/// # Errors
/// [`SigError::Length`] for a signature that is not 64 bytes, [`SigError::Invalid`] when it
/// does not verify.
pub fn verify(
    key: &ed25519_dalek::VerifyingKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SigError> {
    let bytes: &[u8; 64] = signature.try_into().map_err(|_| SigError::Length {
        expected: 64,
        actual: signature.len(),
    })?;
    let sig = ed25519_dalek::Signature::from_bytes(bytes);
    key.verify_strict(message, &sig)
        .map_err(|_| SigError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_small_order_encodings_are_the_eight_torsion() {
        let mut derived: Vec<[u8; 32]> = curve25519_dalek::constants::EIGHT_TORSION
            .iter()
            .map(|p| p.compress().to_bytes())
            .collect();
        derived.sort_unstable();
        let mut listed = SMALL_ORDER.to_vec();
        listed.sort_unstable();
        assert_eq!(derived, listed);
    }

    #[test]
    fn a_small_order_r_is_recognised_by_its_first_half_only() {
        for p in SMALL_ORDER {
            let mut sig = [0x55u8; 64];
            sig[..32].copy_from_slice(&p);
            assert!(small_order_r(&sig));
            sig[0] ^= 0x40;
            assert!(!small_order_r(&sig));
        }
        assert!(!small_order_r(&[1]));
    }
}
