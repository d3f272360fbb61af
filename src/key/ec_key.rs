//! EC public keys (P-256, P-384, P-521): the curve crates' `ecdsa::VerifyingKey`, decoded and
//! checked by them (on the curve, not the identity), with the uncompressed SEC 1 encoding kept
//! for export.
//!
//! In front of the crates, one refusal of our own: SEC 1 v2 §2.3.3 knows the uncompressed
//! (`04`) and compressed (`02`/`03`) forms only. The crates also read a "compact" `05‖x`, which
//! picks one of the two points with that x and so may silently give the negated key; hybrid
//! `06`/`07` points they refuse themselves.

use p256::ecdsa::signature::hazmat::PrehashVerifier;

use crate::alg::Curve;

/// The key of one curve, as its crate verifies.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verifier {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(Box<p521::ecdsa::VerifyingKey>),
}

/// A validated EC public key: a point on its curve, not the identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcKey {
    curve: Curve,
    /// The uncompressed SEC 1 encoding `04‖x‖y`.
    point: Vec<u8>,
    key: Verifier,
}

/// Why a SEC 1 point is not a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointError {
    /// The non-standard compact form `05‖x`.
    Compact,
    /// The identity, a malformed encoding, a coordinate not below p, or not on the curve.
    Invalid,
}

impl EcKey {
    /// The key of a SEC 1 encoded point (uncompressed or compressed) on `curve`.
    ///
    /// # Errors
    /// [`PointError::Compact`] for `05‖x`, [`PointError::Invalid`] for anything the curve crate
    /// refuses.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn from_sec1(curve: Curve, sec1: &[u8]) -> Result<EcKey, PointError> {
        if sec1.first() == Some(&0x05) {
            return Err(PointError::Compact);
        }
        let key = match curve {
            Curve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1).map(Verifier::P256),
            Curve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1).map(Verifier::P384),
            Curve::P521 => p521::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                .map(|k| Verifier::P521(Box::new(k))),
        }
        .map_err(|_| PointError::Invalid)?;
        Ok(Self::of(curve, key))
    }

    /// The public key `d·G` of a private scalar `d` (big-endian, 24 bytes up to the curve's
    /// scalar size, as the curve crates' `SecretKey::from_slice` takes it); `None` unless `d`
    /// is in [1, n − 1]. The crates' scalar multiplication by a secret is constant-time.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn from_scalar(curve: Curve, scalar: &[u8]) -> Option<EcKey> {
        let key = match curve {
            Curve::P256 => Verifier::P256(
                p256::SecretKey::from_slice(scalar)
                    .ok()?
                    .public_key()
                    .into(),
            ),
            Curve::P384 => Verifier::P384(
                p384::SecretKey::from_slice(scalar)
                    .ok()?
                    .public_key()
                    .into(),
            ),
            Curve::P521 => Verifier::P521(Box::new(
                p521::SecretKey::from_slice(scalar)
                    .ok()?
                    .public_key()
                    .into(),
            )),
        };
        Some(Self::of(curve, key))
    }

    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn of(curve: Curve, key: Verifier) -> EcKey {
        let point = match &key {
            Verifier::P256(k) => k.to_sec1_point(false).as_bytes().to_vec(),
            Verifier::P384(k) => k.to_sec1_point(false).as_bytes().to_vec(),
            Verifier::P521(k) => k.to_sec1_point(false).as_bytes().to_vec(),
        };
        EcKey { curve, point, key }
    }

    /// The key's curve.
    pub fn curve(&self) -> Curve {
        self.curve
    }

    /// The uncompressed SEC 1 encoding `04‖x‖y`.
    pub fn sec1(&self) -> &[u8] {
        &self.point
    }

    /// The fixed-width big-endian affine coordinates `(x, y)`.
    pub fn coordinates(&self) -> (&[u8], &[u8]) {
        let body = self.point.get(1..).unwrap_or_default();
        body.split_at(body.len() / 2)
    }

    /// True when `signature` (JWS `r‖s`, each exactly the curve's scalar size) is a valid ECDSA
    /// signature by this key of the message whose hash is `digest`. r or s zero or not below
    /// the group order are refused by the crates' `Signature::from_slice`.
    pub fn verify_prehash(&self, digest: &[u8], signature: &[u8]) -> bool {
        match &self.key {
            Verifier::P256(k) => p256::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|s| k.verify_prehash(digest, &s).is_ok()),
            Verifier::P384(k) => p384::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|s| k.verify_prehash(digest, &s).is_ok()),
            Verifier::P521(k) => p521::ecdsa::Signature::from_slice(signature)
                .is_ok_and(|s| k.verify_prehash(digest, &s).is_ok()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// P-256's generator, uncompressed.
    const G256: &str = "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
            .collect()
    }

    #[test]
    fn points_in_every_form() {
        let g = hex(G256);
        let key = EcKey::from_sec1(Curve::P256, &g).expect("G");
        assert_eq!(key.sec1(), &g[..]);
        assert_eq!(EcKey::from_scalar(Curve::P256, &[1]).map(|k| k.point), None);
        let one = [&[0u8; 31][..], &[1]].concat();
        assert_eq!(EcKey::from_scalar(Curve::P256, &one), Some(key.clone()));
        // compressed: y of G is odd
        let compressed = [&[0x03], &g[1..33]].concat();
        assert_eq!(EcKey::from_sec1(Curve::P256, &compressed), Ok(key.clone()));
        let compact = [&[0x05], &g[1..33]].concat();
        assert_eq!(
            EcKey::from_sec1(Curve::P256, &compact),
            Err(PointError::Compact)
        );
        for tag in [0x06, 0x07] {
            let hybrid = [&[tag], &g[1..]].concat();
            assert_eq!(
                EcKey::from_sec1(Curve::P256, &hybrid),
                Err(PointError::Invalid)
            );
        }
        assert_eq!(
            EcKey::from_sec1(Curve::P256, &[0]),
            Err(PointError::Invalid)
        );
        let mut off = g.clone();
        off[64] ^= 1;
        assert_eq!(
            EcKey::from_sec1(Curve::P256, &off),
            Err(PointError::Invalid)
        );
        assert_eq!(EcKey::from_sec1(Curve::P384, &g), Err(PointError::Invalid));
        let (x, y) = key.coordinates();
        assert_eq!((x, y), (&g[1..33], &g[33..]));
    }
}
