//! An RSA public key together with what verification precomputes from it, so that the work is
//! done once at import (and cached with the key) rather than on every verify.

use rsa::traits::PublicKeyParts as _;

use crate::verify::montgomery::Modulus;

/// An RSA public key with its Montgomery constants (see [`Modulus`]).
#[derive(Clone, Debug)]
pub struct RsaKey {
    public: rsa::PublicKey,
    modulus: Modulus,
}

impl RsaKey {
    /// Wraps a key the `rsa` crate accepted (odd modulus, exponent 3 ≤ e < 2^33). `None` when
    /// the modulus is even or the exponent does not fit 64 bits, which that crate never lets
    /// through.
    pub fn new(public: rsa::PublicKey) -> Option<Self> {
        let e = public.e_bytes();
        let start = e.iter().position(|b| *b != 0).unwrap_or(e.len());
        let e = e.get(start..)?;
        let mut buf = [0u8; 8];
        buf.get_mut(8usize.checked_sub(e.len())?..)?
            .copy_from_slice(e);
        let modulus = Modulus::new(&public.n_bytes(), u64::from_be_bytes(buf))?;
        Some(Self { public, modulus })
    }

    /// The key as the `rsa` crate holds it (encodings, size).
    pub fn public(&self) -> &rsa::PublicKey {
        &self.public
    }

    /// The modulus and exponent prepared for the public operation.
    pub fn modulus(&self) -> &Modulus {
        &self.modulus
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.public.n().bit_width_vartime() as usize
    }
}
