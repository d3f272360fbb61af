//! ECDSA verification and EC public-key arithmetic for P-256, P-384 and P-521, with our own
//! code.
//!
//! The RustCrypto curve crates do their arithmetic with 64-bit limbs, which wasm32 multiplies
//! through a software 64×64→128 product, and their generic code weighed ~110 KB of the wasm
//! module. Here fields use 29-bit limbs whose products add up in a `u64`: P-256's p has a
//! special-form reduction (`p256_field.rs`); P-384's and P-521's p and the three group orders n
//! use generic Montgomery arithmetic (`field.rs`). The curve constants sit in one table per
//! curve (`curves.rs`); points use Jacobian formulas for a = −3 (`point.rs`) and verification an
//! interleaved wNAF double scalar multiplication (`mul.rs`, `wnaf.rs`).
//!
//! Verification and public-key import only touch public data (key, message, signature), so
//! all of it is variable-time. The one secret this module ever sees is a private scalar handed
//! to [`public_from_scalar`] (see there).
//!
//! The procedure is SEC 1 v2 §4.1.4 / FIPS 186-4 §6.4.2: with `e` the leftmost `bits(n)` bits
//! of the digest, reduced mod n, `w = s^-1 mod n`, `u1 = e·w`, `u2 = r·w`, accept when
//! `R = u1·G + u2·Q` is not infinity and `x(R) mod n = r`.

pub mod curves;
pub mod field;
mod mul;
mod p256_field;
mod point;
mod wnaf;

use crate::alg::Curve;
use curves::{NistCurve, NistP256, NistP384, NistP521};
use field::Field;
use point::{Affine, Point};

/// True when `signature` (JWS form: `r‖s`, each big-endian and exactly the curve's scalar
/// size) is a valid ECDSA signature of the message whose hash is `digest`, by the public key
/// whose uncompressed SEC 1 encoding `04‖x‖y` is `point` (as [`decode_point`] returns it).
///
/// Never panics: r or s equal to zero or not below n, a signature of another length, a point
/// that is not a valid encoding and any other malformed input are simply not valid.
pub fn verify_prehash(curve: Curve, point: &[u8], digest: &[u8], signature: &[u8]) -> bool {
    match curve {
        Curve::P256 => verify_on::<NistP256>(point, digest, signature),
        Curve::P384 => verify_on::<NistP384>(point, digest, signature),
        Curve::P521 => verify_on::<NistP521>(point, digest, signature),
    }
}

/// Decodes a SEC 1 point on `curve` (SEC 1 v2 §2.3.4): uncompressed `04‖x‖y`, compressed
/// `02‖x` / `03‖x` (y even / odd), or compact `05‖x` (the y of the two that is smaller as an
/// integer, as the RustCrypto crates read it). Returns the uncompressed encoding, or `None` for
/// the identity (`00`), any other tag or length, a coordinate not below p, and a point that is
/// not on the curve.
pub fn decode_point(curve: Curve, sec1: &[u8]) -> Option<Vec<u8>> {
    match curve {
        Curve::P256 => decode_on::<NistP256>(sec1).map(|a| encode::<NistP256>(&a)),
        Curve::P384 => decode_on::<NistP384>(sec1).map(|a| encode::<NistP384>(&a)),
        Curve::P521 => decode_on::<NistP521>(sec1).map(|a| encode::<NistP521>(&a)),
    }
}

/// The uncompressed SEC 1 encoding of the public key `d·G` of the private scalar `d`, given
/// big-endian in 24 up to the curve's scalar size bytes (shorter ones are left-padded, as the
/// RustCrypto crates accept them); `None` unless `d` is in [1, n − 1].
///
/// **Variable-time.** This reuses the verification multiplication, whose wNAF recoding and
/// additions branch on the scalar's bits, so its timing depends on `d`. A constant-time ladder
/// would need complete formulas and constant-time table lookups; it is not worth its code
/// here: jwt-doctor only derives the public half of a private key it was handed (pasted into
/// the debugger, or given to a server's options by mistake, which the report flags), once
/// when the key is imported; it signs nothing with it and keeps no secret state, so no request
/// can make it repeat the multiplication for someone to time.
pub fn public_from_scalar(curve: Curve, scalar: &[u8]) -> Option<Vec<u8>> {
    match curve {
        Curve::P256 => public_on::<NistP256>(scalar),
        Curve::P384 => public_on::<NistP384>(scalar),
        Curve::P521 => public_on::<NistP521>(scalar),
    }
}

/// [`verify_prehash`] on curve `C`.
fn verify_on<C: NistCurve>(point: &[u8], digest: &[u8], signature: &[u8]) -> bool {
    let len = C::BYTES;
    if signature.len() != 2 * len {
        return false;
    }
    let (r_bytes, s_bytes) = signature.split_at(len);
    let (Some(r), Some(s)) = (C::Sc::from_be_bytes(r_bytes), C::Sc::from_be_bytes(s_bytes)) else {
        return false;
    };
    if r.is_zero() || s.is_zero() {
        return false;
    }
    let Some(e) = C::scalar_reduced(&bits2int::<C>(digest)[..len]) else {
        return false;
    };
    let Some(q) = uncompressed::<C>(point) else {
        return false;
    };
    let w = s.invert();
    let (mut u1, mut u2) = ([0u8; 66], [0u8; 66]);
    e.mul(&w).write_be_bytes(&mut u1[..len]);
    r.mul(&w).write_be_bytes(&mut u2[..len]);
    let sum = mul::mul_add::<C>(&u1[..len], &u2[..len], &q);
    !sum.is_infinity() && x_mod_n_is::<C>(&sum, r_bytes)
}

/// FIPS 186-4 §6.4's `bits2int`: the leftmost `bits(n)` bits of the digest (all of it, left-
/// padded with zeros, if it is shorter), as a big-endian integer in the first
/// [`NistCurve::BYTES`] bytes, not yet reduced mod n. (SHA-512's 512 bits are fewer than
/// P-521's 521, so ES512 takes the whole digest, unshifted.)
fn bits2int<C: NistCurve>(digest: &[u8]) -> [u8; 66] {
    let len = C::BYTES;
    let mut out = [0u8; 66];
    if 8 * digest.len() <= C::N_BITS {
        out[len - digest.len()..len].copy_from_slice(digest);
        return out;
    }
    out[..len].copy_from_slice(&digest[..len]);
    let shift = 8 * len - C::N_BITS;
    if shift > 0 {
        for i in (0..len).rev() {
            let high = if i > 0 { out[i - 1] } else { 0 };
            out[i] = (out[i] >> shift) | (high << (8 - shift));
        }
    }
    out
}

/// Whether the affine x of `point` (not infinity), reduced mod n, equals `r` (in [1, n − 1]).
///
/// x = X/Z² lies in [0, p) and n < p < 2n (Hasse) for the three curves, so x mod n = r exactly
/// when x = r, or x = r + n where r + n < p. Both are checked as `X = r'·Z²`, which avoids
/// inverting Z.
fn x_mod_n_is<C: NistCurve>(point: &Point<C::Fe>, r: &[u8]) -> bool {
    let (x, _, z) = point.coordinates();
    let zz = z.square();
    let Some(r_fe) = C::Fe::from_be_bytes(r) else {
        return false;
    };
    if r_fe.mul(&zz) == x {
        return true;
    }
    // r + n, which fits the curve's bytes for all three curves (P-521: below 2^522 in 528
    // bits); from_be_bytes refuses it unless it is below p.
    let n = &C::N_BYTES[66 - C::BYTES..];
    let mut sum = [0u8; 66];
    let mut carry = 0u16;
    for i in (0..C::BYTES).rev() {
        let v = u16::from(r[i]) + u16::from(n[i]) + carry;
        sum[i] = v as u8;
        carry = v >> 8;
    }
    carry == 0 && C::Fe::from_be_bytes(&sum[..C::BYTES]).is_some_and(|rn| rn.mul(&zz) == x)
}

/// The point of an uncompressed encoding `04‖x‖y` (validated when the key was imported), or
/// `None` for another shape.
fn uncompressed<C: NistCurve>(sec1: &[u8]) -> Option<Affine<C::Fe>> {
    let body = sec1.strip_prefix(&[4])?;
    if body.len() != 2 * C::BYTES {
        return None;
    }
    let (x, y) = body.split_at(C::BYTES);
    Some(Affine {
        x: C::Fe::from_be_bytes(x)?,
        y: C::Fe::from_be_bytes(y)?,
    })
}

/// `x³ − 3x + b`, the right-hand side of the curve equation.
fn rhs<C: NistCurve>(x: &C::Fe) -> C::Fe {
    let b = &C::B_GX_GY[0][66 - C::BYTES..];
    // b is below p (a unit test checks it); the fallback is never taken.
    let b = C::Fe::from_be_bytes(b).unwrap_or(C::Fe::ZERO);
    x.square().mul(x).sub(&x.mul_small(3)).add(&b)
}

/// True when the plain (non-Montgomery) value of `x` is odd.
fn is_odd<F: Field>(x: &F) -> bool {
    let mut bytes = [0u8; 66];
    x.write_be_bytes(&mut bytes[..F::BYTES]);
    bytes[F::BYTES - 1] & 1 == 1
}

/// [`decode_point`] on curve `C`.
fn decode_on<C: NistCurve>(sec1: &[u8]) -> Option<Affine<C::Fe>> {
    let (&tag, body) = sec1.split_first()?;
    if tag == 4 {
        let point = uncompressed::<C>(sec1)?;
        return (point.y.square() == rhs::<C>(&point.x)).then_some(point);
    }
    if !matches!(tag, 2 | 3 | 5) || body.len() != C::BYTES {
        return None;
    }
    let x = C::Fe::from_be_bytes(body)?;
    let alpha = rhs::<C>(&x);
    // p ≡ 3 (mod 4): a square root of alpha, if it has one, is alpha^((p + 1) / 4).
    let beta = alpha.pow_vartime(&C::SQRT_EXP);
    if beta.square() != alpha {
        return None;
    }
    let y = match tag {
        // y with the requested parity (beta and p − beta have opposite parities; beta = 0
        // would need a point of order 2, which these curves do not have)
        2 | 3 => {
            if is_odd(&beta) == (tag == 3) {
                beta
            } else {
                beta.neg()
            }
        }
        // compact: the smaller of beta and p − beta
        _ => {
            let (mut a, mut b) = ([0u8; 66], [0u8; 66]);
            beta.write_be_bytes(&mut a[..C::BYTES]);
            beta.neg().write_be_bytes(&mut b[..C::BYTES]);
            if a <= b {
                beta
            } else {
                beta.neg()
            }
        }
    };
    Some(Affine { x, y })
}

/// `04‖x‖y`.
fn encode<C: NistCurve>(point: &Affine<C::Fe>) -> Vec<u8> {
    let mut out = vec![0u8; 1 + 2 * C::BYTES];
    out[0] = 4;
    let (x, y) = out[1..].split_at_mut(C::BYTES);
    point.x.write_be_bytes(x);
    point.y.write_be_bytes(y);
    out
}

/// [`public_from_scalar`] on curve `C`.
fn public_on<C: NistCurve>(scalar: &[u8]) -> Option<Vec<u8>> {
    if !(24..=C::BYTES).contains(&scalar.len()) {
        return None;
    }
    let mut padded = [0u8; 66];
    padded[C::BYTES - scalar.len()..C::BYTES].copy_from_slice(scalar);
    let d = C::Sc::from_be_bytes(&padded[..C::BYTES])?;
    if d.is_zero() {
        return None;
    }
    let g = mul::generator::<C>();
    let point = mul::mul_add::<C>(&padded[..C::BYTES], &[], &g).to_affine()?;
    Some(encode::<C>(&point))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// G's uncompressed encoding on curve `C`.
    fn g_sec1<C: NistCurve>() -> Vec<u8> {
        encode::<C>(&mul::generator::<C>())
    }

    fn decoding<C: NistCurve>(curve: Curve) {
        let len = C::BYTES;
        let g = g_sec1::<C>();
        assert_eq!(decode_point(curve, &g).as_deref(), Some(&g[..]));
        // compressed: the tag's parity picks y or p − y
        let y_odd = g[2 * len] & 1 == 1;
        let mut compressed = g[..=len].to_vec();
        compressed[0] = if y_odd { 3 } else { 2 };
        assert_eq!(decode_point(curve, &compressed).as_deref(), Some(&g[..]));
        compressed[0] ^= 1;
        let minus_g = encode::<C>(&mul::generator::<C>().neg());
        assert_eq!(
            decode_point(curve, &compressed).as_deref(),
            Some(&minus_g[..])
        );
        assert_ne!(g, minus_g);
        // compact: the smaller y
        compressed[0] = 5;
        let smaller = if g[1 + len..] < minus_g[1 + len..] {
            &g
        } else {
            &minus_g
        };
        assert_eq!(
            decode_point(curve, &compressed).as_deref(),
            Some(&smaller[..])
        );
        // rejected: identity, other tags, wrong lengths, off the curve, coordinates ≥ p
        assert!(decode_point(curve, &[0]).is_none());
        assert!(decode_point(curve, &[]).is_none());
        for tag in [0u8, 1, 6, 7] {
            let mut other = g.clone();
            other[0] = tag;
            assert!(decode_point(curve, &other).is_none(), "tag {tag}");
        }
        assert!(decode_point(curve, &g[..g.len() - 1]).is_none());
        assert!(decode_point(curve, &compressed[..len]).is_none());
        let mut off = g.clone();
        off[2 * len] ^= 1;
        assert!(decode_point(curve, &off).is_none());
        let p = field::bytes_from_hex(C::DOMAIN.p);
        let mut x_is_p = g.clone();
        x_is_p[1..=len].copy_from_slice(&p[66 - len..]);
        assert!(decode_point(curve, &x_is_p).is_none());
        let mut compressed_p = vec![2u8];
        compressed_p.extend_from_slice(&p[66 - len..]);
        assert!(decode_point(curve, &compressed_p).is_none());
        // an x with no point (x³ − 3x + b not a square) does not decompress: try small x
        let misses = (0u8..16)
            .filter(|x| {
                let mut c = vec![0u8; 1 + len];
                c[0] = 2;
                c[len] = *x;
                decode_point(curve, &c).is_none()
            })
            .count();
        assert!(misses > 0 && misses < 16);
    }

    #[test]
    fn sec1_decoding() {
        decoding::<NistP256>(Curve::P256);
        decoding::<NistP384>(Curve::P384);
        decoding::<NistP521>(Curve::P521);
    }

    fn scalars<C: NistCurve>(curve: Curve) {
        let len = C::BYTES;
        let mut one = vec![0u8; len];
        one[len - 1] = 1;
        assert_eq!(public_from_scalar(curve, &one), Some(g_sec1::<C>()));
        // short scalars are left-padded, down to 24 bytes
        assert_eq!(
            public_from_scalar(curve, &one[len - 24..]),
            Some(g_sec1::<C>())
        );
        assert!(public_from_scalar(curve, &one[len - 23..]).is_none());
        assert!(public_from_scalar(curve, &vec![0u8; len]).is_none());
        let n = C::N_BYTES[66 - len..].to_vec();
        assert!(public_from_scalar(curve, &n).is_none());
        let mut n_minus_1 = n.clone();
        n_minus_1[len - 1] -= 1;
        let minus_g = encode::<C>(&mul::generator::<C>().neg());
        assert_eq!(public_from_scalar(curve, &n_minus_1), Some(minus_g));
        let mut longer = vec![0u8];
        longer.extend_from_slice(&one);
        assert!(public_from_scalar(curve, &longer).is_none());
    }

    #[test]
    fn private_scalars() {
        scalars::<NistP256>(Curve::P256);
        scalars::<NistP384>(Curve::P384);
        scalars::<NistP521>(Curve::P521);
    }

    #[test]
    fn bits2int_keeps_the_leftmost_bits() {
        let digest: Vec<u8> = (1..=80).collect();
        // P-256: the first 32 bytes; a short digest is left-padded
        assert_eq!(bits2int::<NistP256>(&digest)[..32], digest[..32]);
        let short = bits2int::<NistP256>(&digest[..20]);
        assert_eq!(&short[12..32], &digest[..20]);
        assert!(short[..12].iter().all(|b| *b == 0));
        // P-521: a 64-byte (SHA-512) digest is used whole, right-aligned in 66 bytes
        let e = bits2int::<NistP521>(&digest[..64]);
        assert_eq!((e[0], e[1]), (0, 0));
        assert_eq!(e[2..66], digest[..64]);
        // a longer one: its leftmost 521 bits, that is its first 66 bytes shifted right by 7
        let e = bits2int::<NistP521>(&[0xff; 80]);
        assert_eq!(e[0], 0x01);
        assert!(e[1..66].iter().all(|b| *b == 0xff));
    }

    #[test]
    fn signatures_of_wrong_shape_are_invalid() {
        let g = g_sec1::<NistP384>();
        let digest = [7u8; 48];
        assert!(!verify_prehash(Curve::P384, &g, &digest, &[]));
        assert!(!verify_prehash(Curve::P384, &g, &digest, &[1u8; 95]));
        assert!(!verify_prehash(Curve::P384, &g, &digest, &[0u8; 96]));
        assert!(!verify_prehash(Curve::P384, &g, &digest, &[0xffu8; 96]));
        assert!(!verify_prehash(Curve::P384, &g[..50], &digest, &[1u8; 96]));
    }
}
