//! `u1·G + u2·Q`, the double scalar multiplication of ECDSA verification, for any of the curves.
//!
//! Interleaved ("Straus–Shamir") wNAF (Hankerson, Menezes, Vanstone, *Guide to Elliptic NistCurve
//! Cryptography*, Algorithm 3.51): one shared chain of doublings (as many as the scalars have
//! bits), adding a precomputed odd multiple of G or Q for every nonzero wNAF digit. G is fixed,
//! so its table is larger (window 7: the 32 odd multiples G, 3G, …, 63G, kept in affine form for
//! the cheaper mixed addition, computed once per process and curve); Q changes per key, so its
//! table is small (window 5: Q, 3Q, …, 15Q, Jacobian, built per call).

use super::curves::NistCurve;
use super::field::Field;
use super::point::{Affine, Point};
use super::wnaf::wnaf;

/// wNAF window for G.
const G_WINDOW: u32 = 7;
/// Odd multiples of G in its table: 2^(G_WINDOW − 2).
const G_TABLE: usize = 32;
/// wNAF window for Q.
const Q_WINDOW: u32 = 5;
/// Odd multiples of Q in its table: 2^(Q_WINDOW − 2).
const Q_TABLE: usize = 8;

/// The table of odd multiples of G: `[G, 3G, …, 63G]`.
pub type GTable<F> = [Affine<F>; G_TABLE];

/// The base point G of curve `C`.
pub fn generator<C: NistCurve>() -> Affine<C::Fe> {
    let [_, gx, gy] = C::B_GX_GY;
    // Both coordinates are below p (a unit test checks it); the fallback is never taken.
    let x = C::Fe::from_be_bytes(&gx[66 - C::BYTES..]).unwrap_or(C::Fe::ZERO);
    let y = C::Fe::from_be_bytes(&gy[66 - C::BYTES..]).unwrap_or(C::Fe::ZERO);
    Affine { x, y }
}

/// `u1·G + u2·Q` for big-endian scalars `u1`, `u2` (any values of at most [`NistCurve::BYTES`]
/// bytes) and a point `q`.
pub fn mul_add<C: NistCurve>(u1: &[u8], u2: &[u8], q: &Affine<C::Fe>) -> Point<C::Fe> {
    let g_table = C::g_table();
    let q_table = odd_multiples::<C::Fe, Q_TABLE>(q);
    let d1 = wnaf(u1, G_WINDOW);
    let d2 = wnaf(u2, Q_WINDOW);
    let mut acc = Point::INFINITY;
    // A scalar of BYTES bytes has at most 8·BYTES + 1 digits.
    for i in (0..=8 * C::BYTES.min(66)).rev() {
        if !acc.is_infinity() {
            acc = acc.double();
        }
        // A digit d is odd with |d| < 2^(w−1): its multiple sits at (|d| − 1) / 2, which the
        // mask keeps inside the table for any i8 (it is a no-op for valid digits).
        let (g, q) = (d1[i], d2[i]);
        if g != 0 {
            let entry = &g_table[(usize::from(g.unsigned_abs()) >> 1) & (G_TABLE - 1)];
            acc = acc.add_affine(&if g > 0 { *entry } else { entry.neg() });
        }
        if q != 0 {
            let entry = &q_table[(usize::from(q.unsigned_abs()) >> 1) & (Q_TABLE - 1)];
            acc = acc.add(&if q > 0 { *entry } else { entry.neg() });
        }
    }
    acc
}

/// `[P, 3P, 5P, …, (2N − 1)P]` in Jacobian coordinates.
fn odd_multiples<F: Field, const N: usize>(p: &Affine<F>) -> [Point<F>; N] {
    let p1 = Point::from(*p);
    let twice = p1.double();
    let mut out = [p1; N];
    for i in 1..N {
        out[i] = out[i - 1].add(&twice);
    }
    out
}

/// Builds `[G, 3G, …, 63G]` in affine coordinates (each curve keeps it in a `OnceLock`).
#[inline(never)]
pub fn g_table_for<C: NistCurve>() -> GTable<C::Fe> {
    to_affine_all(&odd_multiples::<C::Fe, G_TABLE>(&generator::<C>()))
}

/// Affine forms of points that are not infinity, with one field inversion for all of them
/// (Montgomery's simultaneous inversion: invert the product of the Z's, then peel it apart).
#[inline(never)]
fn to_affine_all<F: Field, const N: usize>(points: &[Point<F>; N]) -> [Affine<F>; N] {
    let z = points.map(|p| p.coordinates().2);
    // prefix[i] = z[0]·…·z[i]
    let mut prefix = z;
    for i in 1..N {
        prefix[i] = prefix[i - 1].mul(&z[i]);
    }
    let mut inv = prefix[N - 1].invert();
    let mut out = [Affine {
        x: F::ZERO,
        y: F::ZERO,
    }; N];
    for i in (0..N).rev() {
        // inv = (z[0]·…·z[i])^-1 here
        let zinv = if i == 0 { inv } else { inv.mul(&prefix[i - 1]) };
        inv = inv.mul(&z[i]);
        let (x, y, _) = points[i].coordinates();
        let zinv2 = zinv.square();
        out[i] = Affine {
            x: x.mul(&zinv2),
            y: y.mul(&zinv2.mul(&zinv)),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::curves::{NistP256, NistP384, NistP521};
    use super::*;

    /// Pseudo-random bytes (xorshift64), reproducible.
    fn bytes(state: &mut u64, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| {
                *state ^= *state << 13;
                *state ^= *state >> 7;
                *state ^= *state << 17;
                (*state >> 24) as u8
            })
            .collect()
    }

    fn affine_of<C: NistCurve>(sec1: &[u8]) -> Affine<C::Fe> {
        let (x, y) = sec1[1..].split_at(C::BYTES);
        Affine {
            x: C::Fe::from_be_bytes(x).expect("x"),
            y: C::Fe::from_be_bytes(y).expect("y"),
        }
    }

    fn g_table_holds_odd_multiples<C: NistCurve>() {
        let t = C::g_table();
        let g = Point::from(generator::<C>());
        assert_eq!(t[0], generator::<C>());
        assert_eq!(Some(t[1]), g.double().add(&g).to_affine());
        assert_eq!(Some(t[31]), Point::from(t[30]).add(&g.double()).to_affine());
    }

    #[test]
    fn g_tables() {
        g_table_holds_odd_multiples::<NistP256>();
        g_table_holds_odd_multiples::<NistP384>();
        g_table_holds_odd_multiples::<NistP521>();
    }

    /// `u1·G + u2·Q` against the RustCrypto crates' `u1·G + u2·(kq·G)` for random scalars.
    macro_rules! agrees_with_crate {
        ($name:ident, $curve:ty, $krate:ident) => {
            #[test]
            fn $name() {
                use ::$krate::elliptic_curve::sec1::ToSec1Point as _;
                use ::$krate::elliptic_curve::PrimeField as _;
                let len = <$curve>::BYTES;
                let mut state = 0x9e37_79b9_7f4a_7c15u64;
                let g = ::$krate::ProjectivePoint::GENERATOR;
                let sec1 = |p: ::$krate::ProjectivePoint| {
                    p.to_affine().to_sec1_point(false).as_bytes().to_vec()
                };
                let mut done = 0;
                while done < 24 {
                    let (mut k1, mut k2, mut kq) = (
                        bytes(&mut state, len),
                        bytes(&mut state, len),
                        bytes(&mut state, len),
                    );
                    if len == 66 {
                        // P-521 scalars: 521 bits
                        for k in [&mut k1, &mut k2, &mut kq] {
                            k[0] &= 1;
                        }
                    }
                    let scalar = |b: &[u8]| {
                        let mut repr = ::$krate::FieldBytes::default();
                        repr.copy_from_slice(b);
                        Option::<::$krate::Scalar>::from(::$krate::Scalar::from_repr(repr))
                    };
                    let (Some(s1), Some(s2), Some(sq)) = (scalar(&k1), scalar(&k2), scalar(&kq))
                    else {
                        continue;
                    };
                    done += 1;
                    let q = g * sq;
                    let ours = mul_add::<$curve>(&k1, &k2, &affine_of::<$curve>(&sec1(q)));
                    let theirs = affine_of::<$curve>(&sec1(g * s1 + q * s2));
                    assert_eq!(ours.to_affine(), Some(theirs));
                }
            }
        };
    }

    agrees_with_crate!(agrees_with_p256, NistP256, p256);
    agrees_with_crate!(agrees_with_p384, NistP384, p384);
    agrees_with_crate!(agrees_with_p521, NistP521, p521);
}
