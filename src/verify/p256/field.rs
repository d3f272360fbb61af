//! Arithmetic in GF(p), the field of P-256, p = 2^256 − 2^224 + 2^192 + 2^96 − 1.
//!
//! **Representation.** An element is eight 32-bit limbs, least significant first, each held in
//! a `u64`, always fully reduced (`0 ≤ value < p`) so that equality is limb equality. wasm32 has
//! a native 64-bit multiply but no 64×64→128 one, so 32×32→64 products are the cheapest exact
//! products there. The schoolbook product adds the 32-bit halves of those products into
//! sixteen independent column sums and carries only once, during the reduction.
//!
//! **Reduction.** Values are kept in the ordinary (not Montgomery) form and a 512-bit product is
//! reduced with the NIST fast reduction for p256: FIPS 186-4 Appendix D.2.3 (also Hankerson,
//! Menezes, Vanstone, *Guide to Elliptic Curve Cryptography*, Algorithm 2.29). Because
//! 2^256 ≡ 2^224 − 2^192 − 2^96 + 1 (mod p), the high half folds into the low half as a signed
//! sum of 32-bit words, with no multiplication at all.
//!
//! Everything here handles public data only (ECDSA *verification*), so branches on values are
//! fine: nothing is constant-time.

/// The low 32 bits of a `u64`.
const MASK: u64 = 0xffff_ffff;

/// p, least significant limb first.
const P: [u64; 8] = [
    0xffff_ffff,
    0xffff_ffff,
    0xffff_ffff,
    0,
    0,
    0,
    1,
    0xffff_ffff,
];

/// An element of GF(p), fully reduced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fe([u64; 8]);

impl Fe {
    /// 0.
    pub const ZERO: Fe = Fe([0; 8]);
    /// 1.
    pub const ONE: Fe = Fe([1, 0, 0, 0, 0, 0, 0, 0]);

    /// Reads a big-endian 32-byte integer; `None` unless it is below p.
    pub fn from_be_bytes(bytes: &[u8; 32]) -> Option<Fe> {
        let mut limbs = [0u64; 8];
        for (limb, chunk) in limbs.iter_mut().zip(bytes.rchunks_exact(4)) {
            *limb = u64::from(u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]));
        }
        (!ge_p(&limbs)).then_some(Fe(limbs))
    }

    /// The big-endian 32-byte encoding.
    #[cfg(test)]
    pub fn to_be_bytes(self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (chunk, limb) in out.rchunks_exact_mut(4).zip(self.0) {
            chunk.copy_from_slice(&(limb as u32).to_be_bytes());
        }
        out
    }

    /// True for 0.
    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|l| *l == 0)
    }

    /// `self + rhs`.
    #[inline]
    pub fn add(&self, rhs: &Fe) -> Fe {
        let mut out = [0u64; 8];
        let mut carry = 0u64;
        for (o, (a, b)) in out.iter_mut().zip(self.0.iter().zip(&rhs.0)) {
            let v = a + b + carry;
            *o = v & MASK;
            carry = v >> 32;
        }
        // The sum is below 2p < 2^257: subtract p once if it reached p.
        if carry != 0 || ge_p(&out) {
            sub_p(&mut out);
        }
        Fe(out)
    }

    /// `self − rhs`.
    #[inline]
    pub fn sub(&self, rhs: &Fe) -> Fe {
        let mut out = [0u64; 8];
        let mut borrow = 0u64;
        for (o, (a, b)) in out.iter_mut().zip(self.0.iter().zip(&rhs.0)) {
            let v = a.wrapping_sub(*b).wrapping_sub(borrow);
            *o = v & MASK;
            borrow = v >> 63;
        }
        // A borrow out means the difference wrapped to 2^256 + (self − rhs): adding p and
        // dropping the carry out of the top limb gives self − rhs + p, which lies in [0, p).
        if borrow != 0 {
            let mut carry = 0u64;
            for (o, p) in out.iter_mut().zip(P) {
                let v = *o + p + carry;
                *o = v & MASK;
                carry = v >> 32;
            }
        }
        Fe(out)
    }

    /// `−self`.
    pub fn neg(&self) -> Fe {
        Fe::ZERO.sub(self)
    }

    /// `2·self`.
    #[inline]
    pub fn double(&self) -> Fe {
        self.add(self)
    }

    /// `self · rhs`.
    #[inline]
    pub fn mul(&self, rhs: &Fe) -> Fe {
        let (a, b) = (&self.0, &rhs.0);
        // Product scanning without carries: every 64-bit limb product is split into its low
        // and high 32 bits, added into columns k and k + 1. A column gathers at most 16 halves,
        // so it stays below 2^36, and the columns are independent of each other: no carry
        // chain runs through the 64 multiplications (reduce() carries once, at the end).
        let mut col = [0u64; 16];
        for i in 0..8 {
            for j in 0..8 {
                let p = a[i] * b[j];
                col[i + j] += p & MASK;
                col[i + j + 1] += p >> 32;
            }
        }
        reduce(&col)
    }

    /// `self²`, computing each cross product once.
    #[inline]
    pub fn square(&self) -> Fe {
        let a = &self.0;
        // As in mul(): the cross products a[i]·a[j], i < j, then twice them, then the squares
        // a[i]² on the diagonal. Every column holds the same halves as in mul(), < 2^36.
        let mut col = [0u64; 16];
        for i in 0..7 {
            for j in i + 1..8 {
                let p = a[i] * a[j];
                col[i + j] += p & MASK;
                col[i + j + 1] += p >> 32;
            }
        }
        for c in col.iter_mut() {
            *c <<= 1;
        }
        for i in 0..8 {
            let p = a[i] * a[i];
            col[2 * i] += p & MASK;
            col[2 * i + 1] += p >> 32;
        }
        reduce(&col)
    }

    /// `self^-1` by Fermat's little theorem (`self^(p−2)`), or 0 for 0. Square-and-multiply
    /// over the bits of p − 2; only used to build tables and to normalise points in tests.
    pub fn invert(&self) -> Fe {
        let mut exponent = P;
        exponent[0] -= 2;
        let mut acc = Fe::ONE;
        for limb in exponent.iter().rev() {
            for bit in (0..32).rev() {
                acc = acc.square();
                if (limb >> bit) & 1 == 1 {
                    acc = acc.mul(self);
                }
            }
        }
        acc
    }
}

/// True when the eight 32-bit limbs are at least p.
#[inline]
fn ge_p(x: &[u64; 8]) -> bool {
    for i in (0..8).rev() {
        if x[i] != P[i] {
            return x[i] > P[i];
        }
    }
    true
}

/// `x − p` in place, for `p ≤ x < 2^256` (or a value of 2^256 + x that a carry dropped).
#[inline]
fn sub_p(x: &mut [u64; 8]) {
    let mut borrow = 0u64;
    for i in 0..8 {
        let v = x[i].wrapping_sub(P[i]).wrapping_sub(borrow);
        x[i] = v & MASK;
        borrow = v >> 63;
    }
}

/// Reduces a 512-bit product modulo p. The product is given as sixteen uncarried columns
/// `c[k]` (below 2^36) with value `Σ c[k]·2^(32k)`.
///
/// FIPS 186-4 D.2.3: with `c15 … c0` the 32-bit words of the product, the result is
/// `s1 + 2·s2 + 2·s3 + s4 + s5 − s6 − s7 − s8 − s9 (mod p)` where, most significant word first,
/// ```text
/// s1 = (c7,  c6,  c5,  c4,  c3,  c2,  c1,  c0 )    s6 = (c10, c8,  0,   0,   0,   c13, c12, c11)
/// s2 = (c15, c14, c13, c12, c11, 0,   0,   0  )    s7 = (c11, c9,  0,   0,   c15, c14, c13, c12)
/// s3 = (0,   c15, c14, c13, c12, 0,   0,   0  )    s8 = (c12, 0,   c10, c9,  c8,  c15, c14, c13)
/// s4 = (c15, c14, 0,   0,   0,   c10, c9,  c8 )    s9 = (c13, 0,   c11, c10, c9,  0,   c15, c14)
/// s5 = (c8,  c13, c15, c14, c13, c11, c10, c9 )
/// ```
/// The identity is linear in the words, so it holds just as well for uncarried columns in
/// place of 32-bit words. Summed column by column below (signed, each sum within ±2^40),
/// carried with arithmetic shifts; the carry out of the top word `k` (|k| < 2^9) is then
/// folded back in as `k·2^256 ≡ k·(2^224 − 2^192 − 2^96 + 1)`, at most twice, and one
/// final subtraction of p makes the result canonical.
#[inline]
fn reduce(c: &[u64; 16]) -> Fe {
    let c: [i64; 16] = c.map(|w| w as i64);
    let mut w = [
        c[0] + c[8] + c[9] - c[11] - c[12] - c[13] - c[14],
        c[1] + c[9] + c[10] - c[12] - c[13] - c[14] - c[15],
        c[2] + c[10] + c[11] - c[13] - c[14] - c[15],
        c[3] + 2 * c[11] + 2 * c[12] + c[13] - c[15] - c[8] - c[9],
        c[4] + 2 * c[12] + 2 * c[13] + c[14] - c[9] - c[10],
        c[5] + 2 * c[13] + 2 * c[14] + c[15] - c[10] - c[11],
        c[6] + 3 * c[14] + 2 * c[15] + c[13] - c[8] - c[9],
        c[7] + 3 * c[15] + c[8] - c[10] - c[11] - c[12] - c[13],
    ];
    let mut top = carry_words(&mut w);
    // The first fold adds less than 2^233 in magnitude to a value in [0, 2^256), so it leaves
    // a carry of 0 or ±1; folding that carry leaves 0 (the value is then within 2^234 of 0
    // or of 2^256, on the inside). So this loop runs at most twice.
    while top != 0 {
        w[0] += top;
        w[3] -= top;
        w[6] -= top;
        w[7] += top;
        top = carry_words(&mut w);
    }
    let mut out = w.map(|x| x as u64);
    if ge_p(&out) {
        sub_p(&mut out);
    }
    Fe(out)
}

/// Propagates signed carries through eight words, leaving each in [0, 2^32); returns the
/// carry out of the top word.
#[inline]
fn carry_words(w: &mut [i64; 8]) -> i64 {
    let mut carry = 0i64;
    for x in w.iter_mut() {
        let v = *x + carry;
        *x = v & MASK as i64;
        carry = v >> 32;
    }
    carry
}

#[cfg(test)]
mod tests {
    use super::*;

    /// p − 1.
    fn p_minus_1() -> Fe {
        Fe::ZERO.sub(&Fe::ONE)
    }

    #[test]
    fn bytes_round_trip_and_range() {
        let mut p_bytes = [0u8; 32];
        for (chunk, limb) in p_bytes.rchunks_exact_mut(4).zip(P) {
            chunk.copy_from_slice(&(limb as u32).to_be_bytes());
        }
        assert!(Fe::from_be_bytes(&p_bytes).is_none());
        assert!(Fe::from_be_bytes(&[0xff; 32]).is_none());
        let mut below = p_bytes;
        below[31] -= 1;
        let x = Fe::from_be_bytes(&below).expect("p - 1");
        assert_eq!(x, p_minus_1());
        assert_eq!(x.to_be_bytes(), below);
    }

    #[test]
    fn edges() {
        let m1 = p_minus_1();
        assert_eq!(m1.add(&Fe::ONE), Fe::ZERO);
        assert_eq!(m1.mul(&m1), Fe::ONE);
        assert_eq!(m1.square(), Fe::ONE);
        assert_eq!(Fe::ZERO.neg(), Fe::ZERO);
        assert_eq!(Fe::ONE.neg(), m1);
        assert_eq!(m1.add(&m1), m1.sub(&Fe::ONE));
        assert!(Fe::ZERO.invert().is_zero());
        assert_eq!(m1.invert(), m1);
        assert_eq!(Fe::ONE.double().invert().mul(&Fe::ONE.double()), Fe::ONE);
    }

    /// Field operations against crypto-bigint's generic modular arithmetic, on edge values
    /// (0, 1, p − 1, limbs of all ones, powers of two) and pseudo-random ones.
    #[test]
    fn agrees_with_generic_modular_arithmetic() {
        use ::p256::elliptic_curve::bigint::{NonZero, U256};
        let p = NonZero::new(U256::from_be_hex(
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        ))
        .expect("p");
        let big = |x: &Fe| U256::from_be_slice(&x.to_be_bytes());
        let mut values = vec![Fe::ZERO, Fe::ONE, p_minus_1(), p_minus_1().sub(&Fe::ONE)];
        let mut two_k = Fe::ONE;
        for _ in 0..256 {
            values.push(two_k);
            values.push(two_k.sub(&Fe::ONE));
            two_k = two_k.double();
        }
        for pattern in [0xffu8, 0x80, 0x7f, 0x01] {
            values.extend(Fe::from_be_bytes(&[pattern; 32]));
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200 {
            let mut bytes = [0u8; 32];
            for chunk in bytes.chunks_exact_mut(8) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                chunk.copy_from_slice(&state.to_be_bytes());
            }
            values.extend(Fe::from_be_bytes(&bytes));
        }
        for (i, a) in values.iter().enumerate() {
            // every value against a spread of others (all pairs would be slow in debug)
            for b in values.iter().skip(i % 7).step_by(7) {
                let (x, y) = (big(a), big(b));
                assert_eq!(big(&a.mul(b)), x.mul_mod(&y, &p), "{a:?} * {b:?}");
                assert_eq!(big(&a.add(b)), x.add_mod(&y, &p), "{a:?} + {b:?}");
                assert_eq!(big(&a.sub(b)), x.sub_mod(&y, &p), "{a:?} - {b:?}");
            }
            assert_eq!(big(&a.square()), big(a).mul_mod(&big(a), &p), "{a:?}^2");
        }
    }
}
