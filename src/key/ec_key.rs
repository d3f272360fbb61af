//! EC public keys (P-256, P-384, P-521), validated on import by our own curve arithmetic
//! (`crate::verify::ec`).

use crate::alg::Curve;
use crate::verify::ec;

/// A validated EC public key: a point on its curve, not the identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcKey {
    curve: Curve,
    /// The uncompressed SEC 1 encoding `04‖x‖y`.
    point: Vec<u8>,
}

impl EcKey {
    /// The key of a SEC 1 encoded point (uncompressed, compressed or compact); `None` for the
    /// identity, a malformed encoding, a coordinate not below p, or a point not on `curve`.
    pub fn from_sec1(curve: Curve, sec1: &[u8]) -> Option<EcKey> {
        ec::decode_point(curve, sec1).map(|point| EcKey { curve, point })
    }

    /// The public key of a private scalar (big-endian, 24 bytes up to the curve's scalar size);
    /// `None` unless the scalar is in [1, n − 1]. Variable-time (see
    /// [`ec::public_from_scalar`] for why that is acceptable here).
    pub fn from_scalar(curve: Curve, scalar: &[u8]) -> Option<EcKey> {
        ec::public_from_scalar(curve, scalar).map(|point| EcKey { curve, point })
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

    /// True when `signature` (JWS `r‖s`) is a valid ECDSA signature by this key of the message
    /// whose hash is `digest`.
    pub fn verify_prehash(&self, digest: &[u8], signature: &[u8]) -> bool {
        ec::verify_prehash(self.curve, &self.point, digest, signature)
    }
}
