//! An RSA public key together with what verification precomputes from it, so that the work is
//! done once at import (and cached with the key) rather than on every verify.
//!
//! The key is read and checked here rather than by the `rsa` crate: that crate's `PublicKey`
//! also precomputes its own Montgomery parameters with crypto-bigint's heap integers, which
//! verification here never uses (it runs in [`crate::verify::montgomery`]) and which cost
//! ≈ 20 KB of the WebAssembly module. The checks and their messages are that crate's (0.10).

use crate::verify::montgomery::Modulus;

/// Largest public exponent accepted: `2^33 − 1`, as the `rsa` crate and *ring* (a huge
/// exponent makes every verify slow).
const MAX_PUB_EXPONENT: u64 = (1 << 33) - 1;

/// Why an RSA public key is refused; `Display` is the `rsa` crate's wording for the same error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RsaKeyError {
    /// The modulus is even, zero, or not above the exponent.
    InvalidModulus,
    /// The exponent is even.
    InvalidExponent,
    /// The exponent is below 2.
    ExponentTooSmall,
    /// The exponent is above `2^33 − 1`.
    ExponentTooLarge,
}

impl std::fmt::Display for RsaKeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RsaKeyError::InvalidModulus => "invalid modulus",
            RsaKeyError::InvalidExponent => "invalid exponent",
            RsaKeyError::ExponentTooSmall => "public exponent too small",
            RsaKeyError::ExponentTooLarge => "public exponent too large",
        })
    }
}

/// An RSA public key with its Montgomery constants (see [`Modulus`]).
#[derive(Clone, Debug)]
pub struct RsaKey {
    /// The modulus, big-endian, without leading zero bytes.
    n: Vec<u8>,
    /// The public exponent, big-endian, without leading zero bytes.
    e: Vec<u8>,
    modulus: Modulus,
}

impl RsaKey {
    /// Checks a public key given as big-endian modulus and exponent (leading zeros allowed)
    /// the way the `rsa` crate's `PublicKey::new` does, in its order: the modulus is odd and
    /// above the exponent, then the exponent is odd, at least 2 and at most `2^33 − 1`. (The
    /// modulus size limits are the caller's, which reports them with their own reasons.)
    ///
    /// # Errors
    /// The first check that fails.
    pub fn new(n: &[u8], e: &[u8]) -> Result<Self, RsaKeyError> {
        let strip = |b: &[u8]| -> Vec<u8> { b.iter().copied().skip_while(|x| *x == 0).collect() };
        let (n, e) = (strip(n), strip(e));
        // Both are minimal, so the longer one is the larger, and equal lengths compare as bytes.
        let e_below_n = e.len() < n.len() || (e.len() == n.len() && e < n);
        let odd = |b: &[u8]| b.last().is_some_and(|x| x & 1 == 1);
        if !e_below_n || !odd(&n) {
            return Err(RsaKeyError::InvalidModulus);
        }
        if !odd(&e) {
            return Err(RsaKeyError::InvalidExponent);
        }
        if e.len() > 8 {
            return Err(RsaKeyError::ExponentTooLarge);
        }
        let e_value = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        if e_value < 2 {
            return Err(RsaKeyError::ExponentTooSmall);
        }
        if e_value > MAX_PUB_EXPONENT {
            return Err(RsaKeyError::ExponentTooLarge);
        }
        let modulus = Modulus::new(&n, e_value).ok_or(RsaKeyError::InvalidModulus)?;
        Ok(Self { n, e, modulus })
    }

    /// The modulus, big-endian, minimal (no leading zero bytes).
    pub fn n_bytes(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent, big-endian, minimal.
    pub fn e_bytes(&self) -> &[u8] {
        &self.e
    }

    /// The modulus and exponent prepared for the public operation.
    pub fn modulus(&self) -> &Modulus {
        &self.modulus
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.n
            .first()
            .map_or(0, |top| self.n.len() * 8 - top.leading_zeros() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2^255 + 1 … as 32 bytes: odd, 256 bits.
    fn n256() -> Vec<u8> {
        let mut n = vec![0u8; 32];
        n[0] = 0x80;
        n[31] = 0x01;
        n
    }

    #[test]
    fn checks_in_the_rsa_crates_order() {
        let n = n256();
        assert!(RsaKey::new(&n, &[1, 0, 1]).is_ok());
        assert!(RsaKey::new(&n, &[0, 0, 3]).is_ok());
        let mut even = n.clone();
        even[31] = 2;
        assert_eq!(
            RsaKey::new(&even, &[3]).err(),
            Some(RsaKeyError::InvalidModulus)
        );
        assert_eq!(
            RsaKey::new(&n, &[1, 0, 0]).err(),
            Some(RsaKeyError::InvalidExponent)
        );
        assert_eq!(
            RsaKey::new(&n, &[0]).err(),
            Some(RsaKeyError::InvalidExponent)
        );
        assert_eq!(
            RsaKey::new(&n, &[1]).err(),
            Some(RsaKeyError::ExponentTooSmall)
        );
        assert!(RsaKey::new(&n, &[1, 0xff, 0xff, 0xff, 0xff]).is_ok());
        assert_eq!(
            RsaKey::new(&n, &[2, 0, 0, 0, 1]).err(),
            Some(RsaKeyError::ExponentTooLarge)
        );
        assert_eq!(
            RsaKey::new(&n, &[1, 0, 0, 0, 0, 0, 0, 0, 1]).err(),
            Some(RsaKeyError::ExponentTooLarge)
        );
    }
}
