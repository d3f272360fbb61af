//! ECDSA P-256 signature verification with our own curve arithmetic.
//!
//! p256 0.14 does its field arithmetic with 64-bit limbs, which wasm32 multiplies through a
//! software 64×64→128 product; an ES256 verify took ~0.9 ms there (~0.2 ms here). These
//! modules keep the field in 29-bit limbs whose products add up in a `u64` (`field.rs`), use
//! Jacobian point formulas (`point.rs`) and an interleaved wNAF double scalar multiplication
//! (`mul.rs`, `wnaf.rs`). Verification only touches public data
//! (key, message, signature), so all of it is variable-time.
//!
//! The p256 crate still imports and validates keys (the point is on the curve, not infinity)
//! and does the scalar arithmetic mod n (one inversion and two products a verify).
//!
//! The procedure is SEC 1 v2 §4.1.4 / FIPS 186-4 §6.4.2: with `e` the leftmost 256 bits of
//! the digest, `w = s^-1 mod n`, `u1 = e·w`, `u2 = r·w`, accept when `R = u1·G + u2·Q` is not
//! infinity and `x(R) mod n = r`.

mod field;
mod mul;
mod point;
mod wnaf;

use ::p256::elliptic_curve::ops::Reduce;
use ::p256::elliptic_curve::PrimeField;
use ::p256::{FieldBytes, Scalar};

use field::Fe;
use point::Affine;

/// The group order n, big-endian.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// True when `signature` (JWS form: `r‖s`, 32 bytes each, big-endian) is a valid ECDSA
/// signature by `key` of the message whose hash is `digest`.
///
/// Never panics: r or s equal to zero or not below n, a signature of another length and any
/// other malformed input are simply not valid.
pub fn verify_prehash(key: &::p256::ecdsa::VerifyingKey, digest: &[u8], signature: &[u8]) -> bool {
    let Some((r_bytes, s_bytes)) = split_signature(signature) else {
        return false;
    };
    let (Some(r), Some(s)) = (scalar(&r_bytes), scalar(&s_bytes)) else {
        return false;
    };
    let Some(w) = Option::<Scalar>::from(s.invert_vartime()) else {
        return false;
    };
    let e = <Scalar as Reduce<FieldBytes>>::reduce(&bits2int(digest));
    let u1: [u8; 32] = (e * w).to_repr().into();
    let u2: [u8; 32] = (r * w).to_repr().into();
    let Some(q) = public_point(key) else {
        return false;
    };
    let sum = mul::mul_add(&u1, &u2, &q);
    if sum.is_infinity() {
        return false;
    }
    x_mod_n_is(&sum, &r_bytes)
}

/// r and s, the two big-endian halves of a 64-byte signature.
fn split_signature(signature: &[u8]) -> Option<([u8; 32], [u8; 32])> {
    let (r, s) = signature.split_at_checked(32)?;
    Some((r.try_into().ok()?, s.try_into().ok()?))
}

/// A big-endian scalar in [1, n − 1], else `None`.
fn scalar(bytes: &[u8; 32]) -> Option<Scalar> {
    if bytes.iter().all(|b| *b == 0) {
        return None;
    }
    Option::<Scalar>::from(Scalar::from_repr((*bytes).into()))
}

/// FIPS 186-4 §6.4's `bits2int` for a 256-bit group: the leftmost 256 bits of the digest
/// (left-padded with zeros if it is shorter), as a big-endian integer, not yet reduced mod n.
fn bits2int(digest: &[u8]) -> FieldBytes {
    let mut out = [0u8; 32];
    let take = digest.len().min(32);
    out[32 - take..].copy_from_slice(&digest[..take]);
    out.into()
}

/// The public key's point in our representation (p256 validated it on import).
fn public_point(key: &::p256::ecdsa::VerifyingKey) -> Option<Affine> {
    let encoded = key.to_sec1_point(false);
    // Uncompressed SEC 1: 0x04 ‖ x ‖ y.
    let bytes = encoded.as_bytes().get(1..65)?;
    let (x, y) = bytes.split_at(32);
    Some(Affine {
        x: Fe::from_be_bytes(x.try_into().ok()?)?,
        y: Fe::from_be_bytes(y.try_into().ok()?)?,
    })
}

/// Whether the affine x of `point` (not infinity), reduced mod n, equals `r` (in [1, n − 1]).
///
/// x = X/Z² lies in [0, p) and n < p < 2n, so x mod n = r exactly when x = r, or x = r + n
/// where r + n < p. Both are checked as `X = r'·Z²`, which avoids inverting Z.
fn x_mod_n_is(point: &point::Point, r: &[u8; 32]) -> bool {
    let (x, _, z) = point.coordinates();
    let zz = z.square();
    let Some(r_fe) = Fe::from_be_bytes(r) else {
        return false;
    };
    if r_fe.mul(&zz) == x {
        return true;
    }
    // r + n: None when it overflows 256 bits or is not below p.
    add_n(r)
        .and_then(|rn| Fe::from_be_bytes(&rn))
        .is_some_and(|rn| rn.mul(&zz) == x)
}

/// `r + n` as 32 big-endian bytes, `None` if the sum needs 257 bits.
fn add_n(r: &[u8; 32]) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in (0..32).rev() {
        let v = u16::from(r[i]) + u16::from(N[i]) + carry;
        out[i] = v as u8;
        carry = v >> 8;
    }
    (carry == 0).then_some(out)
}
