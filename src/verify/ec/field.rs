//! Prime-field arithmetic: the [`Field`] interface the curve code is written against, and
//! [`Fm`], Montgomery arithmetic modulo any odd modulus of up to 18 limbs (P-384's and P-521's
//! p, and the group orders n of all three curves). P-256's p has its own faster field
//! (`p256_field.rs`, special-form reduction).
//!
//! **Representation.** As in `p256_field.rs`: `L` limbs of 29 bits, least significant first,
//! each held in a `u64`, in Montgomery form `a·R mod m` with `R = 2^(29·L)`, always fully
//! reduced. wasm32 multiplies 64-bit integers natively but has no 64×64→128 product; a
//! 29×29-bit product is below 2^58, so whole columns of products add up in a `u64`.
//!
//! **Column bound.** [`Fm::mul`] accumulates the 2L − 1 columns of the schoolbook product
//! (at most L products each) and then, word by word, Montgomery's reduction adds `q·m·2^(29i)`
//! (`q < 2^29`, at most L more products per column) and the carry `t[i] >> 29` of the column
//! below. A column therefore never exceeds `2L·(2^29 − 1)² + 2^36`; for L = 18 (P-521: 522
//! bits for 521) that is below `36·2^58 + 2^36 < 2^63.2`, inside a `u64` with no intermediate
//! carry handling. (It would overflow from L = 32 on.) Additions need `2m < 2^(29·L)`, true for
//! every modulus here (the tightest, P-521's 2^521 − 1 in 522 bits, leaves one bit).
//!
//! Everything is variable-time: it only ever sees public data (ECDSA verification, public-key
//! import), except the private scalar of a key import (see `mod.rs`).

use core::fmt::Debug;
use core::marker::PhantomData;

/// Bits of a limb.
pub const BITS: u32 = 29;
/// The low 29 bits of a `u64`.
pub const MASK: u64 = (1 << BITS) - 1;
/// Limbs of the widest modulus (P-521: 18 × 29 = 522 bits) and of every exponent.
pub const MAX_LIMBS: usize = 18;

/// An element of a prime field, as the point and ECDSA code use it.
pub trait Field: Copy + PartialEq + Debug {
    /// Bytes of the big-endian encoding (32, 48, 66).
    const BYTES: usize;
    /// 0.
    const ZERO: Self;
    /// 1.
    const ONE: Self;

    /// Reads a big-endian integer of exactly [`Field::BYTES`] bytes; `None` unless it is below
    /// the modulus.
    fn from_be_bytes(bytes: &[u8]) -> Option<Self>;
    /// Writes the big-endian encoding into `out` ([`Field::BYTES`] bytes; a longer `out` is
    /// zero-filled on the left).
    fn write_be_bytes(&self, out: &mut [u8]);
    /// True for 0.
    fn is_zero(&self) -> bool;
    /// `self + rhs`.
    fn add(&self, rhs: &Self) -> Self;
    /// `self − rhs`.
    fn sub(&self, rhs: &Self) -> Self;
    /// `self · rhs`.
    fn mul(&self, rhs: &Self) -> Self;
    /// `self²`.
    fn square(&self) -> Self;
    /// `self^-1`, or 0 for 0.
    fn invert(&self) -> Self;

    /// `self^exp` for an exponent in 29-bit limbs (variable-time).
    fn pow_vartime(&self, exp: &[u64; MAX_LIMBS]) -> Self {
        pow(self, exp)
    }
    /// `−self`.
    fn neg(&self) -> Self {
        Self::ZERO.sub(self)
    }
    /// `2·self`.
    fn double(&self) -> Self {
        self.add(self)
    }
    /// `k·self` for a small `k` (below 32), by doubling and adding.
    fn mul_small(&self, k: u8) -> Self {
        let mut acc = Self::ZERO;
        for bit in (0..5).rev() {
            acc = acc.double();
            if (k >> bit) & 1 == 1 {
                acc = acc.add(self);
            }
        }
        acc
    }
}

/// `x^exp` for an exponent in 29-bit limbs, least significant first (variable-time).
#[inline(never)]
pub fn pow<F: Field>(x: &F, exp: &[u64; MAX_LIMBS]) -> F {
    window_pow(x, F::ONE, exp, F::mul, F::square)
}

/// `x^exp` by fixed 4-bit windows (one multiplication per nonzero window instead of one per
/// set bit), for any representation given its `one`, product and square. Variable-time.
#[inline(always)]
fn window_pow<T: Copy>(
    x: &T,
    one: T,
    exp: &[u64; MAX_LIMBS],
    mul: impl Fn(&T, &T) -> T,
    square: impl Fn(&T) -> T,
) -> T {
    let bit = |i: usize| {
        exp.get(i / BITS as usize)
            .map_or(0, |limb| (limb >> (i % BITS as usize)) & 1)
    };
    let top = (0..MAX_LIMBS * BITS as usize)
        .rev()
        .find(|i| bit(*i) == 1)
        .map_or(0, |i| i + 1);
    // x^0 … x^15
    let mut table = [one; 16];
    for i in 1..16 {
        table[i] = mul(&table[i - 1], x);
    }
    let mut acc = one;
    for w in (0..top.div_ceil(4)).rev() {
        for _ in 0..4 {
            acc = square(&acc);
        }
        let digit = (0..4).fold(0usize, |d, j| d | (bit(4 * w + j) as usize) << j);
        if digit != 0 {
            acc = mul(&acc, &table[digit]);
        }
    }
    acc
}

/// The value of a lowercase hex digit (compile time only).
const fn hex_digit(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => panic!("not a lowercase hex digit"),
    }
}

/// Parses big-endian hex (no prefix, no separators) into `N` limbs of 29 bits. Used at compile
/// time for the curve constants; a bad digit or an overflow stops compilation.
pub const fn limbs_from_hex<const N: usize>(hex: &str) -> [u64; N] {
    let bytes = hex.as_bytes();
    let mut out = [0u64; N];
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[bytes.len() - 1 - i];
        let v = hex_digit(c) as u64;
        let bit = 4 * i;
        let (limb, shift) = (bit / BITS as usize, (bit % BITS as usize) as u32);
        if v != 0 {
            assert!(limb < N, "constant too wide");
            out[limb] |= (v << shift) & MASK;
            if shift > BITS - 4 && v >> (BITS - shift) != 0 {
                assert!(limb + 1 < N, "constant too wide");
                out[limb + 1] |= v >> (BITS - shift);
            }
        }
        i += 1;
    }
    out
}

/// Parses big-endian hex into 66 bytes, right-aligned (for the curve constants).
pub const fn bytes_from_hex(hex: &str) -> [u8; 66] {
    let h = hex.as_bytes();
    assert!(h.len() % 2 == 0 && h.len() <= 132, "bad hex constant");
    let mut out = [0u8; 66];
    let mut i = 0;
    while i < h.len() / 2 {
        out[66 - h.len() / 2 + i] = hex_digit(h[2 * i]) << 4 | hex_digit(h[2 * i + 1]);
        i += 1;
    }
    out
}

/// `a + k` for a small k, in 29-bit limbs (no overflow out of the top limb).
pub const fn add_small<const N: usize>(mut a: [u64; N], k: u64) -> [u64; N] {
    let mut carry = k;
    let mut i = 0;
    while i < N {
        let v = a[i] + carry;
        a[i] = v & MASK;
        carry = v >> BITS;
        i += 1;
    }
    a
}

/// `a − k` for a small `k ≤ a`, in 29-bit limbs.
pub const fn sub_small<const N: usize>(mut a: [u64; N], k: u64) -> [u64; N] {
    let mut borrow = k;
    let mut i = 0;
    while i < N {
        let v = a[i].wrapping_sub(borrow);
        a[i] = v & MASK;
        borrow = (v >> 63) & 1;
        i += 1;
    }
    a
}

/// `a >> s` for `s < 29`, in 29-bit limbs.
pub const fn shr<const N: usize>(mut a: [u64; N], s: u32) -> [u64; N] {
    let mut i = 0;
    while i < N {
        let high = if i + 1 < N { a[i + 1] } else { 0 };
        a[i] = (a[i] >> s | high << (BITS - s)) & MASK;
        i += 1;
    }
    a
}

/// Widens `a` to [`MAX_LIMBS`] limbs.
pub const fn widen<const N: usize>(a: [u64; N]) -> [u64; MAX_LIMBS] {
    let mut out = [0u64; MAX_LIMBS];
    let mut i = 0;
    while i < N {
        out[i] = a[i];
        i += 1;
    }
    out
}

/// `a ≥ b`.
const fn ge<const N: usize>(a: &[u64; N], b: &[u64; N]) -> bool {
    let mut i = N;
    while i > 0 {
        i -= 1;
        if a[i] != b[i] {
            return a[i] > b[i];
        }
    }
    true
}

/// `a − b` for `a ≥ b`.
const fn sub<const N: usize>(a: &[u64; N], b: &[u64; N]) -> [u64; N] {
    let mut out = [0u64; N];
    let mut borrow = 0u64;
    let mut i = 0;
    while i < N {
        let v = a[i].wrapping_sub(b[i]).wrapping_sub(borrow);
        out[i] = v & MASK;
        borrow = v >> 63;
        i += 1;
    }
    out
}

/// `2^(29·N·k) mod m`, by doubling 1 modulo m (compile time only).
const fn pow2_mod<const N: usize>(m: &[u64; N], k: usize) -> [u64; N] {
    let mut x = [0u64; N];
    x[0] = 1;
    let mut i = 0;
    while i < 29 * N * k {
        // 2x < 2m < 2^(29·N): no carry out of the top limb
        let mut carry = 0;
        let mut j = 0;
        while j < N {
            let v = (x[j] << 1) | carry;
            x[j] = v & MASK;
            carry = v >> BITS;
            j += 1;
        }
        if ge(&x, m) {
            x = sub(&x, m);
        }
        i += 1;
    }
    x
}

/// `−m^-1 mod 2^29` for an odd m, by Newton's iteration (compile time only).
const fn neg_inv_mod_2_29(m0: u64) -> u64 {
    // x = m0 is correct to 3 bits for odd m0; each step doubles the bits.
    let mut x = m0;
    let mut i = 0;
    while i < 4 {
        x = x.wrapping_mul(2u64.wrapping_sub(m0.wrapping_mul(x)));
        i += 1;
    }
    x.wrapping_neg() & MASK
}

/// An odd modulus of `L` 29-bit limbs with `2m < 2^(29·L)`; everything but the hex is derived
/// at compile time.
pub trait Modulus<const L: usize>: Copy + PartialEq + Eq + Debug + 'static {
    /// The modulus, big-endian hex.
    const HEX: &'static str;
    /// Bytes of its big-endian encoding.
    const BYTES: usize;
    /// The modulus in limbs.
    const M: [u64; L] = limbs_from_hex(Self::HEX);
    /// `−m^-1 mod 2^29` (1 for P-384's and P-521's p).
    const M_PRIME: u64 = neg_inv_mod_2_29(Self::M[0]);
    /// `R mod m`, the Montgomery form of 1.
    const R1: [u64; L] = pow2_mod(&Self::M, 1);
    /// `R² mod m`: the Montgomery product of x and this is x·R.
    const R2: [u64; L] = pow2_mod(&Self::M, 2);
    /// `m − 2`, Fermat's inversion exponent (the tests check the binary inversion with it).
    const INVERT_EXP: [u64; MAX_LIMBS] = widen(sub_small(Self::M, 2));
}

/// An element of GF(m) in Montgomery form, fully reduced.
///
/// The type is generic so that each field is its own type, but the arithmetic is shared: the
/// methods hand the limbs and the modulus to functions generic over the limb count only
/// (`mont_mul`, `add_mod`, …; P-384's p and n share one copy, P-521's another) or not generic
/// at all (byte conversions). One copy per modulus, unrolled, weighed ~50 KB of wasm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fm<M: Modulus<L>, const L: usize>([u64; L], PhantomData<M>);

impl<M: Modulus<L>, const L: usize> Fm<M, L> {
    /// Reads a big-endian integer below `2m` of exactly `M::BYTES` bytes and reduces it modulo
    /// m (bits2int of a digest, which is below `2^bits(n) < 2n`); `None` if it is not below 2m.
    pub fn from_be_bytes_reduced(bytes: &[u8]) -> Option<Self> {
        let mut x = [0u64; L];
        if bytes.len() != M::BYTES || !limbs_of(bytes, &mut x) {
            return None;
        }
        if !below(&x, &M::M) {
            sub_in_place(&mut x, &M::M);
            if !below(&x, &M::M) {
                return None;
            }
        }
        Some(Fm(x, PhantomData).mul(&Fm(M::R2, PhantomData)))
    }
}

impl<M: Modulus<L>, const L: usize> Field for Fm<M, L> {
    const BYTES: usize = M::BYTES;
    const ZERO: Self = Fm([0; L], PhantomData);
    const ONE: Self = Fm(M::R1, PhantomData);

    fn from_be_bytes(bytes: &[u8]) -> Option<Self> {
        let mut x = [0u64; L];
        if bytes.len() != M::BYTES || !limbs_of(bytes, &mut x) || !below(&x, &M::M) {
            return None;
        }
        Some(Fm(x, PhantomData).mul(&Fm(M::R2, PhantomData)))
    }

    fn write_be_bytes(&self, out: &mut [u8]) {
        let mut one = [0u64; L];
        one[0] = 1;
        // The Montgomery product with plain 1 leaves the ordinary value.
        write_limbs(&self.mul(&Fm(one, PhantomData)).0, out);
    }

    fn is_zero(&self) -> bool {
        self.0.iter().all(|l| *l == 0)
    }

    fn add(&self, rhs: &Self) -> Self {
        let mut out = self.0;
        add_mod(&mut out, &rhs.0, &M::M);
        Fm(out, PhantomData)
    }

    fn sub(&self, rhs: &Self) -> Self {
        let mut out = self.0;
        sub_mod(&mut out, &rhs.0, &M::M);
        Fm(out, PhantomData)
    }

    fn mul(&self, rhs: &Self) -> Self {
        Fm(mont_mul(&self.0, &rhs.0, &M::M, M::M_PRIME), PhantomData)
    }

    fn square(&self) -> Self {
        Fm(mont_square(&self.0, &M::M, M::M_PRIME), PhantomData)
    }

    /// By the binary extended Euclidean algorithm on the plain value ([`invert_binary`]):
    /// ES256's one inversion mod n a verify took ~20 % of its time by Fermat's little theorem.
    fn invert(&self) -> Self {
        let mut plain = [0u8; 66];
        let mut modulus = [0u8; 66];
        self.write_be_bytes(&mut plain[..M::BYTES]);
        write_limbs(&M::M, &mut modulus[..M::BYTES]);
        invert_binary(&mut plain[..M::BYTES], &modulus[..M::BYTES]);
        Self::from_be_bytes(&plain[..M::BYTES]).unwrap_or(Self::ZERO)
    }

    fn pow_vartime(&self, exp: &[u64; MAX_LIMBS]) -> Self {
        Fm(
            mont_pow(&self.0, exp, &M::M, M::M_PRIME, &M::R1),
            PhantomData,
        )
    }
}

/// 64-bit words for [`invert_binary`]: P-521's 66 bytes need 9, plus one for `x + m`.
const WORDS: usize = 10;

/// `a = a^-1 mod m` in place, both big-endian of the same length, for an odd `m` and
/// `0 ≤ a < m` (0 stays 0), by the binary extended Euclidean algorithm (Hankerson, Menezes,
/// Vanstone, *Guide to Elliptic Curve Cryptography*, Algorithm 2.22). Variable-time; plain
/// 64-bit words, as it needs only additions, subtractions and shifts, which wasm32 does
/// natively on `u64`.
#[inline(never)]
fn invert_binary(a: &mut [u8], m: &[u8]) {
    let words = |bytes: &[u8]| {
        let mut w = [0u64; WORDS];
        for (i, byte) in bytes.iter().rev().enumerate() {
            w[i / 8] |= u64::from(*byte) << (8 * (i % 8));
        }
        w
    };
    let n = words(m);
    let mut u = words(a);
    if u.iter().all(|w| *w == 0) {
        return;
    }
    let mut v = n;
    let (mut x1, mut x2) = ([0u64; WORDS], [0u64; WORDS]);
    x1[0] = 1;
    let is_one = |w: &[u64; WORDS]| w[0] == 1 && w[1..].iter().all(|x| *x == 0);
    // Invariants: x1·a ≡ u and x2·a ≡ v (mod m), with x1, x2 in [0, m).
    while !is_one(&u) && !is_one(&v) {
        for (w, x) in [(&mut u, &mut x1), (&mut v, &mut x2)] {
            while w[0] & 1 == 0 {
                shr1(w);
                // x/2 mod m: x or x + m, whichever is even, halved (x + m < 2^(64·WORDS))
                if x[0] & 1 == 1 {
                    add_words(x, &n);
                }
                shr1(x);
            }
        }
        if !words_less(&u, &v) {
            sub_words(&mut u, &v);
            sub_mod_words(&mut x1, &x2, &n);
        } else {
            sub_words(&mut v, &u);
            sub_mod_words(&mut x2, &x1, &n);
        }
    }
    let x = if is_one(&u) { x1 } else { x2 };
    for (i, byte) in a.iter_mut().rev().enumerate() {
        *byte = (x[i / 8] >> (8 * (i % 8))) as u8;
    }
}

/// `w >>= 1`.
fn shr1(w: &mut [u64; WORDS]) {
    for i in 0..WORDS - 1 {
        w[i] = (w[i] >> 1) | (w[i + 1] << 63);
    }
    w[WORDS - 1] >>= 1;
}

/// `a += b` (no carry out).
fn add_words(a: &mut [u64; WORDS], b: &[u64; WORDS]) {
    let mut carry = false;
    for (x, y) in a.iter_mut().zip(b) {
        let (s1, c1) = x.overflowing_add(*y);
        let (s2, c2) = s1.overflowing_add(u64::from(carry));
        *x = s2;
        carry = c1 || c2;
    }
}

/// `a −= b`, returning the borrow out.
fn sub_words(a: &mut [u64; WORDS], b: &[u64; WORDS]) -> bool {
    let mut borrow = false;
    for (x, y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(*y);
        let (d2, b2) = d1.overflowing_sub(u64::from(borrow));
        *x = d2;
        borrow = b1 || b2;
    }
    borrow
}

/// `a = a − b mod m` for `a`, `b` in [0, m).
fn sub_mod_words(a: &mut [u64; WORDS], b: &[u64; WORDS], m: &[u64; WORDS]) {
    if sub_words(a, b) {
        add_words(a, m);
    }
}

/// `a < b`.
fn words_less(a: &[u64; WORDS], b: &[u64; WORDS]) -> bool {
    for (x, y) in a.iter().zip(b).rev() {
        if x != y {
            return x < y;
        }
    }
    false
}

/// Reads big-endian `bytes` into `out` (29-bit limbs, zeroed first); false if the value needs
/// more limbs than `out` has.
#[inline(never)]
fn limbs_of(bytes: &[u8], out: &mut [u64]) -> bool {
    out.fill(0);
    for (i, byte) in bytes.iter().rev().enumerate() {
        if *byte == 0 {
            continue;
        }
        let bit = 8 * i;
        let (limb, shift) = (bit / BITS as usize, (bit % BITS as usize) as u32);
        let Some(l) = out.get_mut(limb) else {
            return false;
        };
        *l |= (u64::from(*byte) << shift) & MASK;
        // a byte straddles two limbs when it starts in the top 7 bits of one
        if shift > BITS - 8 {
            let high = u64::from(*byte) >> (BITS - shift);
            if high != 0 {
                let Some(l) = out.get_mut(limb + 1) else {
                    return false;
                };
                *l |= high;
            }
        }
    }
    true
}

/// Writes 29-bit limbs as a big-endian integer filling `out` (truncating high bits that do not
/// fit; callers size `out` for the modulus).
#[inline(never)]
fn write_limbs(limbs: &[u64], out: &mut [u8]) {
    for (i, byte) in out.iter_mut().rev().enumerate() {
        let bit = 8 * i;
        let (limb, shift) = (bit / BITS as usize, (bit % BITS as usize) as u32);
        let mut v = limbs.get(limb).map_or(0, |l| l >> shift);
        if shift > BITS - 8 {
            v |= limbs.get(limb + 1).map_or(0, |l| l << (BITS - shift));
        }
        *byte = v as u8;
    }
}

/// `a < m`, limbs of the same length.
fn below(a: &[u64], m: &[u64]) -> bool {
    for (x, y) in a.iter().zip(m).rev() {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a −= m` for `a ≥ m`.
fn sub_in_place(a: &mut [u64], m: &[u64]) {
    let mut borrow = 0u64;
    for (x, y) in a.iter_mut().zip(m) {
        let v = x.wrapping_sub(*y).wrapping_sub(borrow);
        *x = v & MASK;
        borrow = v >> 63;
    }
}

/// `a = a + b mod m` for reduced `a`, `b`. The sum is below `2m < 2^(29·L)`: no carry out.
fn add_mod<const L: usize>(a: &mut [u64; L], b: &[u64; L], m: &[u64; L]) {
    let mut carry = 0u64;
    for (x, y) in a.iter_mut().zip(b) {
        let v = *x + y + carry;
        *x = v & MASK;
        carry = v >> BITS;
    }
    if !below(a, m) {
        sub_in_place(a, m);
    }
}

/// `a = a − b mod m` for reduced `a`, `b`.
fn sub_mod<const L: usize>(a: &mut [u64; L], b: &[u64; L], m: &[u64; L]) {
    let mut borrow = 0u64;
    for (x, y) in a.iter_mut().zip(b) {
        let v = x.wrapping_sub(*y).wrapping_sub(borrow);
        *x = v & MASK;
        borrow = v >> 63;
    }
    // A borrow out: the limbs hold 2^(29·L) + (a − b); adding m and dropping the carry out of
    // the top limb leaves a − b + m, in [0, m).
    if borrow != 0 {
        let mut carry = 0u64;
        for (x, y) in a.iter_mut().zip(m) {
            let v = *x + y + carry;
            *x = v & MASK;
            carry = v >> BITS;
        }
    }
}

/// `out = a·b·R⁻¹ mod m`: the schoolbook product's column sums, then [`mont_reduce`].
#[inline(never)]
fn mont_mul<const L: usize>(a: &[u64; L], b: &[u64; L], m: &[u64; L], m_prime: u64) -> [u64; L] {
    let mut t = [0u64; 2 * MAX_LIMBS];
    for i in 0..L {
        for j in 0..L {
            t[i + j] += a[i] * b[j];
        }
    }
    mont_reduce(&mut t, m, m_prime)
}

/// `out = a²·R⁻¹ mod m`, computing each cross product once (`2·a[i]·a[j] < 2^59` for i < j, and
/// `a[i]²` on the diagonal: a column holds the same total as in [`mont_mul`]).
#[inline(never)]
fn mont_square<const L: usize>(a: &[u64; L], m: &[u64; L], m_prime: u64) -> [u64; L] {
    let mut t = [0u64; 2 * MAX_LIMBS];
    for i in 0..L {
        let twice = a[i] << 1;
        for j in i + 1..L {
            t[i + j] += twice * a[j];
        }
        t[2 * i] += a[i] * a[i];
    }
    mont_reduce(&mut t, m, m_prime)
}

/// Montgomery reduction of the uncarried column sums `t[..2L]` of a product of two reduced
/// values (see the module documentation for why no column overflows): `out = T·R⁻¹ mod m`.
///
/// Step i adds `q·m·2^(29i)` with `q = t[i]·m' mod 2^29`, which clears column i's low 29 bits
/// (`q·m ≡ −t[i]`), and moves `t[i] / 2^29` into column i + 1. For P-384's and P-521's p,
/// `m' = 1`; multiplying by it costs one product a row (L of them against 2L² in the whole
/// product), so there is no special case.
#[inline(always)]
fn mont_reduce<const L: usize>(
    t: &mut [u64; 2 * MAX_LIMBS],
    m: &[u64; L],
    m_prime: u64,
) -> [u64; L] {
    for i in 0..L {
        let q = ((t[i] & MASK) * m_prime) & MASK;
        for j in 0..L {
            t[i + j] += q * m[j];
        }
        t[i + 1] += t[i] >> BITS;
    }
    let mut out = [0u64; L];
    let mut carry = 0u64;
    for (o, c) in out.iter_mut().zip(&t[L..2 * L]) {
        let v = c + carry;
        *o = v & MASK;
        carry = v >> BITS;
    }
    // (T + q·m) / R < 2m: one subtraction at most.
    if !below(&out, m) {
        sub_in_place(&mut out, m);
    }
    out
}

/// `out = x^exp` in Montgomery form (`one` is R mod m): one copy per limb count, not per
/// modulus.
#[inline(never)]
fn mont_pow<const L: usize>(
    x: &[u64; L],
    exp: &[u64; MAX_LIMBS],
    m: &[u64; L],
    m_prime: u64,
    one: &[u64; L],
) -> [u64; L] {
    window_pow(
        x,
        *one,
        exp,
        |a, b| mont_mul(a, b, m, m_prime),
        |a| mont_square(a, m, m_prime),
    )
}

#[cfg(test)]
mod tests {
    use super::super::curves::{N256, N384, N521, P384, P521};
    use super::*;

    fn bytes_of<F: Field>(x: &F) -> Vec<u8> {
        let mut out = vec![0u8; F::BYTES];
        x.write_be_bytes(&mut out);
        out
    }

    fn edges<F: Field>(modulus_hex: &str) {
        let m = bytes_from_hex(modulus_hex);
        let m = &m[66 - F::BYTES..];
        assert!(F::from_be_bytes(m).is_none(), "m itself");
        assert!(F::from_be_bytes(&vec![0xff; F::BYTES]).is_none());
        assert!(F::from_be_bytes(&[0u8; 3]).is_none(), "wrong length");
        let mut below = m.to_vec();
        *below.last_mut().expect("bytes") -= 1;
        let m1 = F::from_be_bytes(&below).expect("m - 1");
        assert_eq!(bytes_of(&m1), below);
        assert_eq!(m1, F::ZERO.sub(&F::ONE));
        assert_eq!(m1.add(&F::ONE), F::ZERO);
        assert_eq!(m1.mul(&m1), F::ONE);
        assert_eq!(m1.square(), F::ONE);
        assert_eq!(m1.invert(), m1);
        assert_eq!(F::ZERO.neg(), F::ZERO);
        assert!(F::ZERO.invert().is_zero());
        assert_eq!(F::ONE.invert(), F::ONE);
        assert_eq!(m1.add(&m1), m1.sub(&F::ONE));
        let mut one = vec![0u8; F::BYTES];
        *one.last_mut().expect("bytes") = 1;
        assert_eq!(F::from_be_bytes(&one), Some(F::ONE));
        assert_eq!(F::from_be_bytes(&vec![0; F::BYTES]), Some(F::ZERO));
        let two = F::ONE.double();
        assert_eq!(two.invert().mul(&two), F::ONE);
        let three = two.add(&F::ONE);
        for x in [F::ONE, m1, m1.sub(&F::ONE), two.invert(), three.invert()] {
            let mut sum = F::ZERO;
            for k in 0..32u8 {
                assert_eq!(x.mul_small(k), sum, "{k}·{x:?}");
                sum = sum.add(&x);
            }
            assert_eq!(x.invert().mul(&x), F::ONE);
            assert_eq!(x.square(), x.mul(&x));
        }
    }

    #[test]
    fn p384_edges() {
        edges::<P384>(super::super::curves::P384_DOMAIN.p);
    }

    #[test]
    fn p521_edges() {
        edges::<P521>(super::super::curves::P521_DOMAIN.p);
    }

    #[test]
    fn order_edges() {
        edges::<N256>(super::super::curves::P256_DOMAIN.n);
        edges::<N521>(super::super::curves::P521_DOMAIN.n);
    }

    /// The binary inversion against Fermat's `x^(m−2)`, on a spread of values.
    fn inversions<F: Field>(invert_exp: &[u64; MAX_LIMBS]) {
        let mut x = F::ONE.mul_small(3);
        let step = F::ONE.mul_small(31).invert();
        for _ in 0..40 {
            assert_eq!(x.invert(), x.pow_vartime(invert_exp), "{x:?}");
            x = x.square().add(&step);
        }
    }

    #[test]
    fn binary_inversion_agrees_with_fermat() {
        use super::super::curves::{N256Modulus, N384Modulus, N521Modulus};
        inversions::<N256>(&<N256Modulus as Modulus<9>>::INVERT_EXP);
        inversions::<N384>(&<N384Modulus as Modulus<14>>::INVERT_EXP);
        inversions::<N521>(&<N521Modulus as Modulus<18>>::INVERT_EXP);
        inversions::<P384>(&<super::super::curves::P384Modulus as Modulus<14>>::INVERT_EXP);
        inversions::<P521>(&<super::super::curves::P521Modulus as Modulus<18>>::INVERT_EXP);
    }

    #[test]
    fn reduced_reading() {
        let m = bytes_from_hex(super::super::curves::P521_DOMAIN.n);
        let m = &m[66 - 66..];
        assert_eq!(N521::from_be_bytes_reduced(m), Some(N521::ZERO));
        let mut m1 = m.to_vec();
        m1[65] -= 1;
        assert_eq!(
            N521::from_be_bytes_reduced(&m1),
            Some(N521::ZERO.sub(&N521::ONE))
        );
        // 2^528 − 1 is far above 2n
        assert!(N521::from_be_bytes_reduced(&[0xff; 66]).is_none());
        let mut top = [0u8; 66];
        top[0] = 0x03;
        top[1..].fill(0xff);
        assert!(N521::from_be_bytes_reduced(&top).is_none());
    }

    #[test]
    fn montgomery_constants() {
        assert_eq!(
            <super::super::curves::P384Modulus as Modulus<14>>::M_PRIME,
            1
        );
        assert_eq!(
            <super::super::curves::P521Modulus as Modulus<18>>::M_PRIME,
            1
        );
        let m = <super::super::curves::N384Modulus as Modulus<14>>::M;
        let mp = <super::super::curves::N384Modulus as Modulus<14>>::M_PRIME;
        assert_eq!((m[0] * mp + 1) & MASK, 0);
    }
}
