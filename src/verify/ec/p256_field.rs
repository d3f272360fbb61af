//! Arithmetic in GF(p), the field of P-256 (faster than the generic [`super::field::Fm`]
//! thanks to the special form of p), p = 2^256 − 2^224 + 2^192 + 2^96 − 1.
//!
//! **Representation.** An element is nine limbs of 29 bits (261 bits), least significant first,
//! each held in a `u64`, in Montgomery form `a·R mod p` with `R = 2^261`, always fully reduced
//! (`0 ≤ value < p`) so that equality is limb equality. wasm32 has a native 64-bit multiply but
//! no 64×64→128 one: a 29×29-bit product is below 2^58, so the nine products of a column of the
//! schoolbook product add up in a `u64` (below 2^62) without any carry handling, which makes a
//! multiplication 81 multiply-adds.
//!
//! **Reduction.** Montgomery's (*Modular multiplication without trial division*, 1985), word by
//! word with 29-bit words. P-256's prime makes it cheap: p ≡ −1 (mod 2^29), so the multiplier
//! of each step is simply the low word (`−p⁻¹ ≡ 1`), and in base 2^29
//! `p = 2^(8·29+24) − 2^(7·29+21) + 2^(6·29+18) + 2^(3·29+9) − 1` has five nonzero terms, each a
//! power of two, so adding a multiple of p is four shifts and adds.
//!
//! Everything here handles public data only (ECDSA *verification*), so branches on values are
//! fine: nothing is constant-time.

use super::field::{Field, BITS, MASK};

/// p in 29-bit limbs (a unit test checks it against the curve table in `curves.rs`).
pub(super) const P: [u64; 9] = [
    0x1fff_ffff,
    0x1fff_ffff,
    0x1fff_ffff,
    0x1ff,
    0,
    0,
    0x4_0000,
    0x1fe0_0000,
    0xff_ffff,
];

/// `R² mod p = 2^522 mod p` in 29-bit limbs (ordinary form): the Montgomery product of `x` and
/// this is `x·R`, the Montgomery form of `x`.
const R2: [u64; 9] = [
    0xc00,
    0,
    0x1fff_0000,
    0x1fdf_ffff,
    0x1fbf_ffff,
    0x1fff_ffff,
    0x1fff_ffff,
    0x1fff_fffe,
    0x13,
];

/// An element of GF(p) in Montgomery form, fully reduced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fe256([u64; 9]);

impl Fe256 {
    /// 0.
    pub const ZERO: Fe256 = Fe256([0; 9]);
    /// 1, that is `R mod p = 2^261 mod p` in Montgomery form.
    pub const ONE: Fe256 = Fe256([
        0x20,
        0,
        0,
        0x1fff_c000,
        0x1fff_ffff,
        0x1fff_ffff,
        0x1f7f_ffff,
        0x3ff_ffff,
        0,
    ]);

    /// Reads a big-endian 32-byte integer; `None` unless it is below p.
    pub fn from_be_bytes(bytes: &[u8; 32]) -> Option<Fe256> {
        let mut limbs = [0u64; 9];
        for (i, byte) in bytes.iter().rev().enumerate() {
            let bit = 8 * i as u32;
            let (limb, shift) = ((bit / BITS) as usize, bit % BITS);
            // A byte straddles two limbs when it starts in the top 7 bits of one.
            limbs[limb] |= (u64::from(*byte) << shift) & MASK;
            if shift > BITS - 8 {
                limbs[limb + 1] |= u64::from(*byte) >> (BITS - shift);
            }
        }
        if ge_p(&limbs) {
            return None;
        }
        Some(Fe256(limbs).mul(&Fe256(R2)))
    }

    /// The big-endian 32-byte encoding.
    pub fn to_be_bytes(self) -> [u8; 32] {
        // The Montgomery product with plain 1 leaves the ordinary value.
        let plain = self.mul(&Fe256([1, 0, 0, 0, 0, 0, 0, 0, 0]));
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().rev().enumerate() {
            let bit = 8 * i as u32;
            let (limb, shift) = ((bit / BITS) as usize, bit % BITS);
            let mut v = plain.0[limb] >> shift;
            if shift > BITS - 8 {
                v |= plain.0[limb + 1] << (BITS - shift);
            }
            *byte = v as u8;
        }
        out
    }

    /// True for 0.
    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|l| *l == 0)
    }

    /// `self + rhs`. (`field.rs`'s `add_mod`/`sub_mod` do the same over any limb count; on
    /// this, the ES256 hot path, they measured 3–4 % slower and 1 KB larger in wasm.)
    #[inline]
    pub fn add(&self, rhs: &Fe256) -> Fe256 {
        let mut out = [0u64; 9];
        let mut carry = 0u64;
        for (o, (a, b)) in out.iter_mut().zip(self.0.iter().zip(&rhs.0)) {
            let v = a + b + carry;
            *o = v & MASK;
            carry = v >> BITS;
        }
        // The sum is below 2p < 2^257, well inside nine limbs (no carry out): subtract p once
        // if it reached p.
        if ge_p(&out) {
            sub_p(&mut out);
        }
        Fe256(out)
    }

    /// `self − rhs`.
    #[inline]
    pub fn sub(&self, rhs: &Fe256) -> Fe256 {
        let mut out = [0u64; 9];
        let mut borrow = 0u64;
        for (o, (a, b)) in out.iter_mut().zip(self.0.iter().zip(&rhs.0)) {
            let v = a.wrapping_sub(*b).wrapping_sub(borrow);
            *o = v & MASK;
            borrow = v >> 63;
        }
        // A borrow out means the difference wrapped to 2^261 + (self − rhs): adding p and
        // dropping the carry out of the top limb gives self − rhs + p, which lies in [0, p).
        if borrow != 0 {
            let mut carry = 0u64;
            for (o, p) in out.iter_mut().zip(P) {
                let v = *o + p + carry;
                *o = v & MASK;
                carry = v >> BITS;
            }
        }
        Fe256(out)
    }

    /// `−self`.
    pub fn neg(&self) -> Fe256 {
        Fe256::ZERO.sub(self)
    }

    /// `2·self`.
    #[inline]
    pub fn double(&self) -> Fe256 {
        self.add(self)
    }

    /// `k·self` for a small `k` (below 32), in one pass instead of a chain of additions.
    pub fn mul_small(&self, k: u8) -> Fe256 {
        let k = u64::from(k & 31);
        let mut out = [0u64; 9];
        let mut carry = 0u64;
        for (o, a) in out.iter_mut().zip(&self.0) {
            let v = a * k + carry;
            *o = v & MASK;
            carry = v >> BITS;
        }
        // k·self < 32p < 2^261 fits the nine limbs (no carry out).
        Fe256(reduce_below_2_261(out))
    }

    /// `self · rhs` (the Montgomery product `self·rhs·R⁻¹` of the representations).
    ///
    /// Never inlined: one copy serves every caller (smaller module, no measurable cost), and
    /// the column array stays in wasm locals because the reduction is inlined into it.
    #[inline(never)]
    pub fn mul(&self, rhs: &Fe256) -> Fe256 {
        let (a, b) = (&self.0, &rhs.0);
        // Column sums: each of at most nine products below 2^58, so below 2^61.2.
        let mut t = [0u64; 18];
        for i in 0..9 {
            for j in 0..9 {
                t[i + j] += a[i] * b[j];
            }
        }
        montgomery_reduce(t)
    }

    /// `self²`, computing each cross product once. Never inlined, as [`Fe256::mul`].
    #[inline(never)]
    pub fn square(&self) -> Fe256 {
        let a = &self.0;
        // Columns as in mul(): 2·a[i]·a[j] (below 2^59) for i < j, and a[i]² on the diagonal;
        // a column holds the same total as there, below 2^61.2.
        let mut t = [0u64; 18];
        for i in 0..9 {
            let twice = a[i] << 1;
            for j in i + 1..9 {
                t[i + j] += twice * a[j];
            }
            t[2 * i] += a[i] * a[i];
        }
        montgomery_reduce(t)
    }

    /// `self^-1` by Fermat's little theorem (`self^(p−2)`), or 0 for 0. Square-and-multiply
    /// over the bits of p − 2; only used to build a table once and in tests.
    #[inline(never)]
    pub fn invert(&self) -> Fe256 {
        // p − 2, 32-bit words, least significant first.
        const EXPONENT: [u32; 8] = [
            0xffff_fffd,
            0xffff_ffff,
            0xffff_ffff,
            0,
            0,
            0,
            1,
            0xffff_ffff,
        ];
        let mut acc = Fe256::ONE;
        // One loop over the 256 bits (LLVM unrolls a nested 32-bit loop, for 3 KB of code).
        for i in (0..256).rev() {
            acc = acc.square();
            if (EXPONENT[i / 32] >> (i % 32)) & 1 == 1 {
                acc = acc.mul(self);
            }
        }
        acc
    }
}

impl Field for Fe256 {
    const BYTES: usize = 32;
    const ZERO: Fe256 = Fe256::ZERO;
    const ONE: Fe256 = Fe256::ONE;

    fn from_be_bytes(bytes: &[u8]) -> Option<Fe256> {
        Fe256::from_be_bytes(bytes.try_into().ok()?)
    }
    fn write_be_bytes(&self, out: &mut [u8]) {
        let split = out.len().saturating_sub(32);
        let (pad, tail) = out.split_at_mut(split);
        pad.fill(0);
        let bytes = self.to_be_bytes();
        tail.copy_from_slice(&bytes[32 - tail.len()..]);
    }
    fn is_zero(&self) -> bool {
        Fe256::is_zero(self)
    }
    fn add(&self, rhs: &Fe256) -> Fe256 {
        Fe256::add(self, rhs)
    }
    fn sub(&self, rhs: &Fe256) -> Fe256 {
        Fe256::sub(self, rhs)
    }
    fn mul(&self, rhs: &Fe256) -> Fe256 {
        Fe256::mul(self, rhs)
    }
    fn square(&self) -> Fe256 {
        Fe256::square(self)
    }
    fn invert(&self) -> Fe256 {
        Fe256::invert(self)
    }
    fn neg(&self) -> Fe256 {
        Fe256::neg(self)
    }
    fn double(&self) -> Fe256 {
        Fe256::double(self)
    }
    fn mul_small(&self, k: u8) -> Fe256 {
        Fe256::mul_small(self, k)
    }
}

/// True when the nine 29-bit limbs are at least p.
#[inline]
fn ge_p(x: &[u64; 9]) -> bool {
    for i in (0..9).rev() {
        if x[i] != P[i] {
            return x[i] > P[i];
        }
    }
    true
}

/// `x − p` in place, for `p ≤ x < 2^261`.
#[inline]
fn sub_p(x: &mut [u64; 9]) {
    let mut borrow = 0u64;
    for (limb, p) in x.iter_mut().zip(P) {
        let v = limb.wrapping_sub(p).wrapping_sub(borrow);
        *limb = v & MASK;
        borrow = v >> 63;
    }
}

/// Reduces a value below 2^261 (nine 29-bit limbs) modulo p.
///
/// The bits from 2^256 up, `h < 32`, fold back in as `h·2^256 ≡ h·(2^224 − 2^192 − 2^96 + 1)`:
/// in base 2^29 that is `+h·2^21` in limb 7, `−h·2^18` in limb 6, `−h·2^9` in limb 3 and `+h` in
/// limb 0. The sum is positive and below 2^256 + 2^229, which is less than 2p, so one
/// subtraction of p at most finishes it.
#[inline]
fn reduce_below_2_261(mut x: [u64; 9]) -> [u64; 9] {
    let h = (x[8] >> 24) as i64;
    x[8] &= (1 << 24) - 1;
    let mut w = x.map(|l| l as i64);
    w[0] += h;
    w[3] -= h << 9;
    w[6] -= h << 18;
    w[7] += h << 21;
    let mut carry = 0i64;
    for (limb, v) in x.iter_mut().zip(w) {
        let v = v + carry;
        *limb = (v & MASK as i64) as u64;
        carry = v >> BITS;
    }
    if ge_p(&x) {
        sub_p(&mut x);
    }
    x
}

/// Montgomery reduction of a product `T < p²` given as 18 uncarried column sums (each below
/// 2^61.2): returns `T·R⁻¹ mod p`, fully reduced.
///
/// Step i makes column i divisible by 2^29 by adding `m·p·2^(29i)` with `m = t[i] mod 2^29`
/// (as `−p⁻¹ ≡ 1 mod 2^29`), then moves `t[i] / 2^29` into column i + 1. With
/// `p = 2^(8·29+24) − 2^(7·29+21) + 2^(6·29+18) + 2^(3·29+9) − 1`, adding `m·p` is: `−m` to
/// column i (which is what clears its low bits), `m·2^9` to column i + 3, `m·2^18` to i + 6,
/// `−m·2^21` to i + 7 and `m·2^24` to i + 8. Those terms are below 2^53 and a column receives at
/// most four of them plus a carry below 2^33, so the signed columns stay far from 2^63. After
/// nine steps the columns 9..17 hold `(T + M·p) / R`, which is below 2p; carrying them into
/// 29-bit limbs and subtracting p once if needed leaves the canonical result.
// Always inlined into mul() and square(): as a call, the 18 columns would be passed through
// memory, and every multiply-add would become a load and a store (measured: ~2x slower).
#[inline(always)]
fn montgomery_reduce(t: [u64; 18]) -> Fe256 {
    let mut t = t.map(|c| c as i64);
    for i in 0..9 {
        let m = t[i] & MASK as i64;
        t[i + 1] += (t[i] - m) >> BITS;
        t[i + 3] += m << 9;
        t[i + 6] += m << 18;
        t[i + 7] -= m << 21;
        t[i + 8] += m << 24;
    }
    let mut out = [0u64; 9];
    let mut carry = 0i64;
    for (o, c) in out.iter_mut().zip(&t[9..]) {
        let v = c + carry;
        *o = (v & MASK as i64) as u64;
        carry = v >> BITS;
    }
    if ge_p(&out) {
        sub_p(&mut out);
    }
    Fe256(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// p − 1.
    fn p_minus_1() -> Fe256 {
        Fe256::ZERO.sub(&Fe256::ONE)
    }

    #[test]
    fn bytes_round_trip_and_range() {
        // p = ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff ffffffff
        let mut p_bytes = [0xff; 32];
        p_bytes[4..20].fill(0);
        p_bytes[7] = 1;
        assert!(Fe256::from_be_bytes(&p_bytes).is_none());
        assert!(Fe256::from_be_bytes(&[0xff; 32]).is_none());
        let mut below = p_bytes;
        below[31] -= 1;
        let x = Fe256::from_be_bytes(&below).expect("p - 1");
        assert_eq!(x, p_minus_1());
        assert_eq!(x.to_be_bytes(), below);
    }

    #[test]
    fn edges() {
        let m1 = p_minus_1();
        assert_eq!(m1.add(&Fe256::ONE), Fe256::ZERO);
        assert_eq!(m1.mul(&m1), Fe256::ONE);
        assert_eq!(m1.square(), Fe256::ONE);
        assert_eq!(Fe256::ZERO.neg(), Fe256::ZERO);
        assert_eq!(Fe256::ONE.neg(), m1);
        assert_eq!(m1.add(&m1), m1.sub(&Fe256::ONE));
        assert!(Fe256::ZERO.invert().is_zero());
        assert_eq!(m1.invert(), m1);
        assert_eq!(
            Fe256::ONE.double().invert().mul(&Fe256::ONE.double()),
            Fe256::ONE
        );
        for x in [
            Fe256::ONE,
            m1,
            m1.sub(&Fe256::ONE),
            Fe256::ONE.double().invert(),
        ] {
            let mut sum = Fe256::ZERO;
            for k in 0..32u8 {
                assert_eq!(x.mul_small(k), sum, "{k}·{x:?}");
                sum = sum.add(&x);
            }
        }
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
        let big = |x: &Fe256| U256::from_be_slice(&x.to_be_bytes());
        let mut values = vec![
            Fe256::ZERO,
            Fe256::ONE,
            p_minus_1(),
            p_minus_1().sub(&Fe256::ONE),
        ];
        let mut two_k = Fe256::ONE;
        for _ in 0..256 {
            values.push(two_k);
            values.push(two_k.sub(&Fe256::ONE));
            two_k = two_k.double();
        }
        for pattern in [0xffu8, 0x80, 0x7f, 0x01] {
            values.extend(Fe256::from_be_bytes(&[pattern; 32]));
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
            values.extend(Fe256::from_be_bytes(&bytes));
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
