//! `u1·G + u2·Q`, the double scalar multiplication of ECDSA verification.
//!
//! Interleaved ("Straus–Shamir") wNAF (Hankerson, Menezes, Vanstone, *Guide to Elliptic Curve
//! Cryptography*, Algorithm 3.51): one shared chain of ~256 doublings, adding a precomputed odd
//! multiple of G or Q for every nonzero wNAF digit. G is fixed, so its table is larger
//! (window 7: the 32 odd multiples G, 3G, …, 63G, kept in affine form for the cheaper mixed
//! addition, computed once per process); Q changes per key, so its table is small (window 5:
//! Q, 3Q, …, 15Q, Jacobian, built per call).

use std::sync::OnceLock;

use super::field::Fe;
use super::point::{Affine, Point};
use super::wnaf::{wnaf, DIGITS};

/// wNAF window for G.
const G_WINDOW: u32 = 7;
/// Odd multiples of G in its table: 2^(G_WINDOW − 2).
const G_TABLE: usize = 32;
/// wNAF window for Q.
const Q_WINDOW: u32 = 5;
/// Odd multiples of Q in its table: 2^(Q_WINDOW − 2).
const Q_TABLE: usize = 8;

/// The base point G of P-256 (SEC 2 v2 §2.4.2; FIPS 186-4 D.1.2.3), big-endian x then y.
const G_XY: [[u8; 32]; 2] = [
    [
        0x6b, 0x17, 0xd1, 0xf2, 0xe1, 0x2c, 0x42, 0x47, 0xf8, 0xbc, 0xe6, 0xe5, 0x63, 0xa4, 0x40,
        0xf2, 0x77, 0x03, 0x7d, 0x81, 0x2d, 0xeb, 0x33, 0xa0, 0xf4, 0xa1, 0x39, 0x45, 0xd8, 0x98,
        0xc2, 0x96,
    ],
    [
        0x4f, 0xe3, 0x42, 0xe2, 0xfe, 0x1a, 0x7f, 0x9b, 0x8e, 0xe7, 0xeb, 0x4a, 0x7c, 0x0f, 0x9e,
        0x16, 0x2b, 0xce, 0x33, 0x57, 0x6b, 0x31, 0x5e, 0xce, 0xcb, 0xb6, 0x40, 0x68, 0x37, 0xbf,
        0x51, 0xf5,
    ],
];

/// The base point G.
pub fn generator() -> Affine {
    // Both coordinates are below p (a unit test checks it); the fallback is never taken.
    let x = Fe::from_be_bytes(&G_XY[0]).unwrap_or(Fe::ZERO);
    let y = Fe::from_be_bytes(&G_XY[1]).unwrap_or(Fe::ZERO);
    Affine { x, y }
}

/// `u1·G + u2·Q` for big-endian scalars `u1`, `u2` (any 256-bit values) and a point `q`.
pub fn mul_add(u1: &[u8; 32], u2: &[u8; 32], q: &Affine) -> Point {
    let g_table = g_table();
    let q_table = odd_multiples::<Q_TABLE>(q);
    let d1 = wnaf(u1, G_WINDOW);
    let d2 = wnaf(u2, Q_WINDOW);
    let mut acc = Point::INFINITY;
    for i in (0..DIGITS).rev() {
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
fn odd_multiples<const N: usize>(p: &Affine) -> [Point; N] {
    let p1 = Point::from(*p);
    let twice = p1.double();
    let mut out = [p1; N];
    for i in 1..N {
        out[i] = out[i - 1].add(&twice);
    }
    out
}

/// `[G, 3G, …, 63G]` in affine coordinates, computed on first use.
#[inline(never)]
fn g_table() -> &'static [Affine; G_TABLE] {
    static TABLE: OnceLock<[Affine; G_TABLE]> = OnceLock::new();
    TABLE.get_or_init(|| to_affine_all(&odd_multiples::<G_TABLE>(&generator())))
}

/// Affine forms of points that are not infinity, with one field inversion for all of them
/// (Montgomery's simultaneous inversion: invert the product of the Z's, then peel it apart).
#[inline(never)]
fn to_affine_all<const N: usize>(points: &[Point; N]) -> [Affine; N] {
    let z = points.map(|p| p.coordinates().2);
    // prefix[i] = z[0]·…·z[i]
    let mut prefix = z;
    for i in 1..N {
        prefix[i] = prefix[i - 1].mul(&z[i]);
    }
    let mut inv = prefix[N - 1].invert();
    let mut out = [Affine {
        x: Fe::ZERO,
        y: Fe::ZERO,
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
    use ::p256::elliptic_curve::sec1::ToSec1Point as _;
    use ::p256::elliptic_curve::PrimeField as _;

    use super::*;

    /// A few thousand pseudo-random bytes (xorshift64), reproducible.
    fn bytes32(state: &mut u64) -> [u8; 32] {
        let mut out = [0u8; 32];
        for chunk in out.chunks_exact_mut(8) {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            chunk.copy_from_slice(&state.to_be_bytes());
        }
        out
    }

    fn p256_affine(p: ::p256::ProjectivePoint) -> Option<Affine> {
        let encoded = p.to_affine().to_sec1_point(false);
        let b = encoded.as_bytes();
        Some(Affine {
            x: Fe::from_be_bytes(b.get(1..33)?.try_into().ok()?)?,
            y: Fe::from_be_bytes(b.get(33..65)?.try_into().ok()?)?,
        })
    }

    #[test]
    fn g_table_holds_odd_multiples() {
        let t = g_table();
        let g = Point::from(generator());
        assert_eq!(t[0], generator());
        assert_eq!(Some(t[1]), g.double().add(&g).to_affine());
        assert_eq!(Some(t[31]), Point::from(t[30]).add(&g.double()).to_affine());
    }

    #[test]
    fn agrees_with_p256_scalar_multiplication() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let g = ::p256::ProjectivePoint::GENERATOR;
        for _ in 0..64 {
            let (k1, k2, kq) = (
                bytes32(&mut state),
                bytes32(&mut state),
                bytes32(&mut state),
            );
            let scalar = |b: &[u8; 32]| {
                Option::<::p256::Scalar>::from(::p256::Scalar::from_repr((*b).into()))
            };
            let (Some(s1), Some(s2), Some(sq)) = (scalar(&k1), scalar(&k2), scalar(&kq)) else {
                continue;
            };
            let q = g * sq;
            let ours = mul_add(&k1, &k2, &p256_affine(q).expect("q"));
            assert_eq!(ours.to_affine(), p256_affine(g * s1 + q * s2));
        }
    }
}
