//! An RSA public key: the `rsa` crate's [`rsa::PublicKey`], checked once at import, with the
//! minimal big-endian modulus and exponent kept for the key's other uses (thumbprint, JWK and
//! SPKI export, the confusion forms, the native crypto of the JavaScript side).

use rsa::BoxedUint;

use super::limits;

/// Smallest modulus the key type holds, in bits. Keys below 2048 bits verify and are reported
/// as weak by the diagnosis; a modulus this small is no RSA key at all.
pub const MIN_BITS: usize = 256;

/// A checked RSA public key.
#[derive(Clone, Debug)]
pub struct RsaKey {
    /// The modulus, big-endian, without leading zero bytes.
    n: Vec<u8>,
    /// The public exponent, big-endian, without leading zero bytes.
    e: Vec<u8>,
    key: rsa::PublicKey,
}

impl RsaKey {
    /// Checks a public key given as big-endian modulus and exponent (leading zeros allowed)
    /// with `rsa::PublicKey::new_with_size_limits` between [`MIN_BITS`] and
    /// [`limits::MAX_RSA_BITS`]: the modulus odd and above the exponent, the exponent odd, at
    /// least 2 and at most `2^33 − 1`.
    ///
    /// # Errors
    /// The `rsa` crate's error for the first check that fails.
    pub fn new(n: &[u8], e: &[u8]) -> Result<Self, rsa::Error> {
        let strip = |b: &[u8]| -> Vec<u8> { b.iter().copied().skip_while(|x| *x == 0).collect() };
        let (n, e) = (strip(n), strip(e));
        if e.is_empty() || n.is_empty() {
            return Err(rsa::Error::InvalidModulus);
        }
        let key = rsa::PublicKey::new_with_size_limits(
            BoxedUint::from_be_slice_vartime(&n),
            BoxedUint::from_be_slice_vartime(&e),
            MIN_BITS..=limits::MAX_RSA_BITS,
        )?;
        Ok(Self { n, e, key })
    }

    /// The modulus, big-endian, minimal (no leading zero bytes).
    pub fn n_bytes(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent, big-endian, minimal.
    pub fn e_bytes(&self) -> &[u8] {
        &self.e
    }

    /// The key as the `rsa` crate verifies with it.
    pub fn public_key(&self) -> &rsa::PublicKey {
        &self.key
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        bit_len(&self.n)
    }

    /// The modulus size in bytes (`k` of RFC 8017: every signature has exactly this length).
    pub fn byte_len(&self) -> usize {
        self.n.len()
    }
}

/// The bit length of a minimal big-endian magnitude.
pub fn bit_len(magnitude: &[u8]) -> usize {
    magnitude
        .first()
        .map_or(0, |top| magnitude.len() * 8 - top.leading_zeros() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2^255 + 1 as 32 bytes: odd, 256 bits.
    fn n256() -> Vec<u8> {
        let mut n = vec![0u8; 32];
        n[0] = 0x80;
        n[31] = 0x01;
        n
    }

    #[test]
    fn the_rsa_crates_checks() {
        let n = n256();
        assert!(RsaKey::new(&n, &[1, 0, 1]).is_ok());
        assert!(RsaKey::new(&n, &[0, 0, 3]).is_ok());
        let mut even = n.clone();
        even[31] = 2;
        let err = |n: &[u8], e: &[u8]| RsaKey::new(n, e).err().map(|e| e.to_string());
        assert_eq!(err(&even, &[3]).as_deref(), Some("invalid modulus"));
        assert_eq!(err(&n, &[1, 0, 0]).as_deref(), Some("invalid exponent"));
        assert_eq!(err(&n, &[1]).as_deref(), Some("public exponent too small"));
        assert!(RsaKey::new(&n, &[1, 0xff, 0xff, 0xff, 0xff]).is_ok());
        assert_eq!(
            err(&n, &[2, 0, 0, 0, 1]).as_deref(),
            Some("public exponent too large")
        );
        assert_eq!(err(&n[1..], &[3]).as_deref(), Some("modulus too small"));
        let key = RsaKey::new(&[&[0, 0][..], &n].concat(), &[1, 0, 1]).expect("key");
        assert_eq!(key.n_bytes(), &n[..]);
        assert_eq!((key.bits(), key.byte_len()), (256, 32));
    }
}
