//! Variable-time modular exponentiation for the RSA *public* operation (RSAVP1, RFC 8017
//! §5.2.2): `m = s^e mod n`.
//!
//! Everything here is public (modulus, exponent, signature), so the arithmetic may take
//! data-dependent time. It is written for wasm32, which has a native 64-bit multiply but no
//! 64×64→128 one: numbers are held in limbs of `w` = 26–28 bits stored in `u64`, so that a
//! limb product is below 2^56 and whole columns of products add up in a `u64` with no carry
//! handling in the inner loops (the carries are propagated once per row). `w` is the largest
//! of 28, 27, 26 for which a column cannot overflow (see [`limb_bits`]).
//!
//! Multiplication is Montgomery's (separated operand scanning: the schoolbook product, then
//! the word-by-word reduction), with a dedicated squaring that computes each cross product
//! once. `R = 2^(w·N)` for `N` limbs; `-n^-1 mod 2^w` and `R² mod n` are computed once per key
//! by [`Modulus::new`].

/// Limb width for a modulus of `bits` bits: the largest `w` in 28, 27, 26 such that a column
/// sum stays below 2^64. A column receives at most `N` products from the multiplication (or
/// `N` after doubling the cross products of a squaring, plus one square), `N` from the
/// reduction, and a carry below 2^(64-w): `(2N + 2)·(2^w - 1)² < 2^64` holds when
/// `N ≤ 2^(63 - 2w) - 1`.
fn limb_bits(bits: usize) -> u32 {
    for w in [28u32, 27, 26] {
        let limbs = bits.div_ceil(w as usize);
        if limbs < (1usize << (63 - 2 * w)) {
            return w;
        }
    }
    // Only reached above 2^11·26 ≈ 53,000 bits; keys are limited to 16,384 bits on import.
    26
}

/// An RSA public key `(n, e)` (odd `n > 1`, `e ≥ 1`) with what Montgomery multiplication
/// needs, computed once per key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Modulus {
    /// Limb width in bits (26–28).
    w: u32,
    /// `2^w - 1`.
    mask: u64,
    /// `n`, little-endian limbs of `w` bits.
    n: Vec<u64>,
    /// `-n^-1 mod 2^w`.
    n0: u64,
    /// The public exponent.
    e: u64,
    /// `R² mod n` for `R = 2^(w·N)`: a Montgomery step by it brings a number into the
    /// Montgomery domain.
    r2: Vec<u64>,
    /// `k`: the length of `n` in bytes (RFC 8017 §2).
    len: usize,
}

impl Modulus {
    /// Prepares the big-endian modulus `n` (leading zero bytes allowed) and exponent `e`.
    /// `None` when `n` is even or below 3 (Montgomery reduction does not apply) or `e = 0`.
    pub fn new(n_be: &[u8], e: u64) -> Option<Self> {
        let first = n_be.iter().position(|b| *b != 0)?;
        let n_be = n_be.get(first..)?;
        let lead = *n_be.first()?;
        let bits = 8 * n_be.len() - lead.leading_zeros() as usize;
        if n_be.last().is_none_or(|b| b & 1 == 0) || (n_be.len() == 1 && lead < 3) || e == 0 {
            return None;
        }
        let w = limb_bits(bits);
        let limbs = bits.div_ceil(w as usize);
        let mask = (1u64 << w) - 1;
        let n = to_limbs(n_be, w, limbs)?;
        // Newton's iteration doubles the correct low bits of an inverse of an odd number:
        // x = n0 (3 bits) → 6 → 12 → 24 → 48 → 96 ≥ 64.
        let mut inv = n[0];
        for _ in 0..5 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(n[0].wrapping_mul(inv)));
        }
        let mut modulus = Self {
            w,
            mask,
            n0: inv.wrapping_neg() & mask,
            n,
            e,
            r2: Vec::new(),
            len: n_be.len(),
        };
        modulus.r2 = modulus.r_squared(bits);
        Some(modulus)
    }

    /// `R² mod n` for a modulus of `bits` bits, that is `R·2^E mod n` with `E = w·N`: first
    /// `R mod n` by doublings of `2^(bits−1) < n`, then `E` built up from its top bits by
    /// doublings (`R·2^k → R·2^(k+1)`) and Montgomery squarings (`R·2^k → R·2^(2k)`). About
    /// 250 doublings and four squarings for a 2048-bit key, once per key (the `rsa` crate's
    /// long division cost 20 KB of WebAssembly for the same number).
    fn r_squared(&self, bits: usize) -> Vec<u64> {
        let limbs = self.n.len();
        let w = self.w as usize;
        let mut x = vec![0u64; limbs];
        x[(bits - 1) / w] = 1 << ((bits - 1) % w);
        for _ in bits - 1..w * limbs {
            x = self.double(x);
        }
        let e = w * limbs;
        let mut shift = 0;
        while e >> shift >= 256 {
            shift += 1;
        }
        for _ in 0..e >> shift {
            x = self.double(x);
        }
        let mut m = vec![0u64; limbs];
        for bit in (0..shift).rev() {
            x = self.square(&x, &mut m);
            if e >> bit & 1 == 1 {
                x = self.double(x);
            }
        }
        x
    }

    /// `2a mod n` for `a < n`.
    fn double(&self, mut a: Vec<u64>) -> Vec<u64> {
        let mut carry = 0;
        for limb in &mut a {
            let d = (*limb << 1) | carry;
            *limb = d & self.mask;
            carry = d >> self.w;
        }
        self.finish(a, carry)
    }

    /// `k`, the modulus length in bytes.
    pub fn byte_len(&self) -> usize {
        self.len
    }

    /// RSAVP1 (RFC 8017 §5.2.2) followed by I2OSP (§4.1): `s^e mod n` for the big-endian
    /// signature `s` of exactly [`Self::byte_len`] bytes, as `out_len` big-endian bytes.
    /// `None` when `s` has another length or `s ≥ n` (step 1 of RSAVP1: "signature
    /// representative out of range"), or when the result does not fit `out_len` bytes
    /// (I2OSP's "integer too large").
    pub fn pow_public(&self, s_be: &[u8], out_len: usize) -> Option<Vec<u8>> {
        if s_be.len() != self.len {
            return None;
        }
        let s = to_limbs(s_be, self.w, self.n.len())?;
        if !less_than(&s, &self.n) {
            return None;
        }
        let mut m = vec![0u64; self.n.len()];
        // Into the Montgomery domain (s·R), left-to-right square-and-multiply over e there,
        // and out again (a Montgomery step by 1).
        let base = self.mul(&s, &self.r2, &mut m);
        let mut x = base.clone();
        for bit in (0..63 - self.e.leading_zeros()).rev() {
            x = self.square(&x, &mut m);
            if self.e >> bit & 1 == 1 {
                x = self.mul(&x, &base, &mut m);
            }
        }
        let mut one = vec![0u64; self.n.len()];
        one[0] = 1;
        from_limbs(&self.mul(&x, &one, &mut m), self.w, out_len)
    }

    /// Montgomery multiplication `a·b·R⁻¹ mod n` for `a, b < n`, column by column (finely
    /// integrated product scanning): column `k` sums `a_i·b_(k−i)` and `m_i·n_(k−i)` in one
    /// `u64` (no stores in the inner loops), then picks the reduction digit `m_k` that clears
    /// its low `w` bits. `m` is scratch of `N` limbs.
    fn mul(&self, a: &[u64], b: &[u64], m: &mut [u64]) -> Vec<u64> {
        let (n, limbs) = (&self.n, self.n.len());
        let mut acc = 0u64;
        for k in 0..limbs {
            // m_k is not known yet: as 0 it adds nothing, and the slices keep one length.
            m[k] = 0;
            acc += dot2(&a[..=k], &b[..=k], &m[..=k], &n[..=k]);
            acc = self.reduce_column(acc, &mut m[k]);
        }
        let mut out = vec![0u64; limbs];
        for (lo, o) in (1..=limbs).zip(out.iter_mut()) {
            acc += dot2(&a[lo..], &b[lo..], &m[lo..], &n[lo..]);
            *o = acc & self.mask;
            acc >>= self.w;
        }
        self.finish(out, acc)
    }

    /// Montgomery squaring `a²·R⁻¹ mod n`: each cross product `a_i·a_j` (i < j) once, doubled.
    fn square(&self, a: &[u64], m: &mut [u64]) -> Vec<u64> {
        let (n, limbs) = (&self.n, self.n.len());
        let mut acc = 0u64;
        for k in 0..limbs {
            m[k] = 0;
            acc += square_column(a, k, 0) + dot(&m[..=k], &n[..=k]);
            acc = self.reduce_column(acc, &mut m[k]);
        }
        let mut out = vec![0u64; limbs];
        for (lo, o) in (1..limbs).zip(out.iter_mut()) {
            acc += square_column(a, limbs - 1 + lo, lo) + dot(&m[lo..], &n[lo..]);
            *o = acc & self.mask;
            acc >>= self.w;
        }
        if let Some(last) = out.last_mut() {
            *last = acc & self.mask;
            acc >>= self.w;
        }
        self.finish(out, acc)
    }

    /// Picks the reduction digit `m_k = acc·(−n⁻¹) mod 2^w` for a low column, so that
    /// `acc + m_k·n_0` is a multiple of 2^w, and returns that sum shifted down by `w`.
    #[inline]
    fn reduce_column(&self, acc: u64, mk: &mut u64) -> u64 {
        let m = ((acc & self.mask) * self.n0) & self.mask;
        *mk = m;
        (acc + m * self.n[0]) >> self.w
    }

    /// The result of a Montgomery step is below 2n: one subtraction at most (`carry` is its
    /// bit w·N).
    fn finish(&self, mut out: Vec<u64>, carry: u64) -> Vec<u64> {
        if carry != 0 || !less_than(&out, &self.n) {
            let mut borrow = 0;
            for (xi, ni) in out.iter_mut().zip(&self.n) {
                let d = xi.wrapping_sub(*ni).wrapping_sub(borrow);
                *xi = d & self.mask;
                borrow = d >> 63;
            }
        }
        out
    }
}

/// Column `k` of `a²` from index `lo`: pairs i < j with i + j = k, i in lo..(k+1)/2, doubled,
/// plus a_(k/2)² for even k.
#[inline(always)]
fn square_column(a: &[u64], k: usize, lo: usize) -> u64 {
    let hi = k.div_ceil(2);
    let cross = if hi > lo {
        dot(&a[lo..hi], &a[k + 1 - hi..=k - lo])
    } else {
        0
    };
    let diagonal = if k % 2 == 0 { a[k / 2] * a[k / 2] } else { 0 };
    2 * cross + diagonal
}

/// `Σ x_i·y_(len−1−i)`: `x` forwards against `y` backwards (one column of a product), for
/// slices of one length.
///
/// Unrolled by four with two sums: without it the loop is load-load-multiply-add plus three
/// instructions of loop control per product in wasm. (Index loops, or chunks split off with
/// `split_first_chunk`, ran 15–20 % slower in wasm; iterators over chunks are the fastest
/// here, at the price of slow debug builds.)
#[inline(always)]
fn dot(x: &[u64], y: &[u64]) -> u64 {
    let mut xs = x.chunks_exact(4);
    let mut ys = y.rchunks_exact(4);
    let (mut s0, mut s1) = (0u64, 0u64);
    for (p, q) in (&mut xs).zip(&mut ys) {
        s0 += p[0] * q[3] + p[2] * q[1];
        s1 += p[1] * q[2] + p[3] * q[0];
    }
    let rest = xs
        .remainder()
        .iter()
        .zip(ys.remainder().iter().rev())
        .fold(0, |acc, (p, q)| acc + p * q);
    s0 + s1 + rest
}

/// `dot(x, y) + dot(u, v)` for four slices of one length, in one loop.
#[inline(always)]
fn dot2(x: &[u64], y: &[u64], u: &[u64], v: &[u64]) -> u64 {
    let mut xs = x.chunks_exact(4);
    let mut ys = y.rchunks_exact(4);
    let mut us = u.chunks_exact(4);
    let mut vs = v.rchunks_exact(4);
    let (mut s0, mut s1) = (0u64, 0u64);
    for (((p, q), r), t) in (&mut xs).zip(&mut ys).zip(&mut us).zip(&mut vs) {
        s0 += p[0] * q[3] + p[2] * q[1] + r[0] * t[3] + r[2] * t[1];
        s1 += p[1] * q[2] + p[3] * q[0] + r[1] * t[2] + r[3] * t[0];
    }
    s0 + s1 + dot(xs.remainder(), ys.remainder()) + dot(us.remainder(), vs.remainder())
}

/// `a < b` for normalised limbs of equal count.
fn less_than(a: &[u64], b: &[u64]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// Big-endian bytes into `limbs` little-endian limbs of `w` bits; `None` if they do not fit.
fn to_limbs(be: &[u8], w: u32, limbs: usize) -> Option<Vec<u64>> {
    let mask = (1u64 << w) - 1;
    let mut out = vec![0u64; limbs];
    let mut slots = out.iter_mut();
    let (mut acc, mut held) = (0u64, 0u32);
    for byte in be.iter().rev() {
        acc |= u64::from(*byte) << held;
        held += 8;
        if held >= w {
            let limb = acc & mask;
            match slots.next() {
                Some(slot) => *slot = limb,
                None if limb != 0 => return None,
                None => {}
            }
            acc >>= w;
            held -= w;
        }
    }
    if acc != 0 {
        *slots.next()? = acc;
    }
    Some(out)
}

/// Normalised limbs of `w` bits into exactly `len` big-endian bytes; `None` if the value
/// needs more.
fn from_limbs(limbs: &[u64], w: u32, len: usize) -> Option<Vec<u8>> {
    let mut out = vec![0u8; len];
    let mut bytes = out.iter_mut().rev();
    let (mut acc, mut held) = (0u64, 0u32);
    for limb in limbs {
        acc |= limb << held;
        held += w;
        while held >= 8 {
            let byte = (acc & 0xff) as u8;
            match bytes.next() {
                Some(slot) => *slot = byte,
                None if byte != 0 => return None,
                None => {}
            }
            acc >>= 8;
            held -= 8;
        }
    }
    if acc != 0 {
        *bytes.next()? = (acc & 0xff) as u8;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::traits::PublicKeyParts as _;
    use rsa::BoxedUint;

    /// Deterministic test bytes (xorshift64*).
    fn bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed | 1;
        (0..len)
            .map(|_| {
                x ^= x >> 12;
                x ^= x << 25;
                x ^= x >> 27;
                (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
            })
            .collect()
    }

    /// An odd modulus of exactly `bits` bits.
    fn modulus(seed: u64, bits: usize) -> Vec<u8> {
        let mut n = bytes(seed, bits.div_ceil(8));
        let top = (bits - 1) % 8;
        n[0] &= 0xffu8 >> (7 - top);
        n[0] |= 1 << top;
        if let Some(last) = n.last_mut() {
            *last |= 1;
        }
        n
    }

    /// `s^e mod n` by crypto-bigint's `mul_mod`, square-and-multiply.
    fn reference(n: &[u8], s: &[u8], e: u64) -> Vec<u8> {
        let key = rsa::PublicKey::new_with_size_limits(
            BoxedUint::from_be_slice_vartime(n),
            BoxedUint::from(3u64),
            0..=20000,
        )
        .expect("test modulus");
        let nz = key.n();
        let precision = key.n_bits_precision();
        let s = BoxedUint::from_be_slice(s, precision).expect("s");
        let mut acc = BoxedUint::one_with_precision(precision);
        for bit in (0..64).rev() {
            acc = acc.mul_mod(&acc, nz);
            if e >> bit & 1 == 1 {
                acc = acc.mul_mod(&s, nz);
            }
        }
        let out = acc.to_be_bytes();
        out[out.len() - n.len()..].to_vec()
    }

    /// A value below `n` of `n`'s length.
    fn below(n: &[u8], seed: u64) -> Vec<u8> {
        let mut s = bytes(seed, n.len());
        s[0] = n[0] / 2;
        s
    }

    #[test]
    fn limb_width_keeps_columns_in_range() {
        assert_eq!(limb_bits(2048), 28);
        assert_eq!(limb_bits(127 * 28), 28);
        assert_eq!(limb_bits(127 * 28 + 1), 27);
        assert_eq!(limb_bits(511 * 27), 27);
        assert_eq!(limb_bits(511 * 27 + 1), 26);
        assert_eq!(limb_bits(16384), 26);
        for bits in [256, 2048, 3556, 3557, 4096, 8192, 13797, 13798, 16384] {
            let w = limb_bits(bits);
            let limbs = bits.div_ceil(w as usize) as u128;
            let column = (2 * limbs + 2) * ((1u128 << w) - 1).pow(2);
            assert!(column < 1u128 << 64, "{bits} bits");
        }
    }

    #[test]
    fn matches_crypto_bigint_across_sizes() {
        let sizes = [
            8, 9, 27, 28, 29, 56, 64, 255, 256, 1024, 2047, 2048, 2049, 3072, 3556, 3557, 4096,
            8192,
        ];
        for (i, bits) in sizes.into_iter().enumerate() {
            let n = modulus(i as u64 + 7, bits);
            for (j, e) in [
                3u64,
                65537,
                (1 << 33) - 1,
                u64::MAX,
                1,
                2,
                0x8000_0000_0000_0001,
            ]
            .into_iter()
            .enumerate()
            {
                if bits > 4096 && j > 1 {
                    continue;
                }
                let m = Modulus::new(&n, e).expect("odd modulus");
                assert_eq!(m.byte_len(), n.len());
                let s = below(&n, (i * 31 + j) as u64);
                let got = m.pow_public(&s, n.len()).expect("s < n");
                assert_eq!(got, reference(&n, &s, e), "{bits} bits, e = {e}");
            }
        }
    }

    #[test]
    fn largest_moduli() {
        for bits in [13797, 13798, 16384] {
            let n = modulus(bits as u64, bits);
            let m = Modulus::new(&n, 3).expect("odd modulus");
            let s = below(&n, 3);
            let got = m.pow_public(&s, n.len()).expect("s < n");
            assert_eq!(got, reference(&n, &s, 3), "{bits} bits");
        }
    }

    #[test]
    fn all_ones_fill_every_column() {
        // n = 2^bits − 1 and s = n − 1 make every limb 2^w − 1: the largest column sums, at
        // the largest limb count of each width (debug builds check the additions).
        for bits in [2048usize, 3556, 13797] {
            let mut n = vec![0xffu8; bits.div_ceil(8)];
            n[0] = 0xff >> (8 * n.len() - bits);
            let m = Modulus::new(&n, 3).expect("odd modulus");
            let mut s = n.clone();
            *s.last_mut().expect("bytes") -= 2;
            let got = m.pow_public(&s, n.len()).expect("s < n");
            assert_eq!(got, reference(&n, &s, 3), "{bits} bits");
        }
    }

    #[test]
    fn edge_values() {
        let n = modulus(99, 2048);
        let m = Modulus::new(&n, 65537).expect("odd modulus");
        let m3 = Modulus::new(&n, 3).expect("odd modulus");
        let m1 = Modulus::new(&n, 1).expect("odd modulus");
        let k = n.len();
        let zero = vec![0u8; k];
        assert_eq!(m.pow_public(&zero, k), Some(zero.clone()));
        let mut one = vec![0u8; k];
        one[k - 1] = 1;
        assert_eq!(m.pow_public(&one, k), Some(one.clone()));
        let s = below(&n, 5);
        assert_eq!(m1.pow_public(&s, k), Some(s.clone()));
        // (n − 1)^e = −1 = n − 1 for odd e.
        let mut n_minus_1 = n.clone();
        n_minus_1[k - 1] -= 1;
        assert_eq!(m.pow_public(&n_minus_1, k), Some(n_minus_1.clone()));
        // s ≥ n is refused, not reduced.
        assert_eq!(m.pow_public(&n, k), None);
        assert_eq!(m.pow_public(&vec![0xff; k], k), None);
        let mut n_plus_1 = n.clone();
        n_plus_1[k - 1] += 1;
        assert_eq!(m3.pow_public(&n_plus_1, k), None);
        // Wrong lengths, even with leading zeros that would keep the value in range.
        assert_eq!(m3.pow_public(&one[1..], k), None);
        assert_eq!(m3.pow_public(&[&[0u8][..], &one].concat(), k), None);
        assert_eq!(m3.pow_public(&[], k), None);
        // An output length the result does not fit.
        assert_eq!(m3.pow_public(&n_minus_1, k - 1), None);
        assert_eq!(m3.pow_public(&one, 1), Some(vec![1]));
    }

    #[test]
    fn refuses_unusable_moduli() {
        for n in [&[][..], &[0, 0], &[1], &[0, 1], &[2], &[1, 0]] {
            assert_eq!(Modulus::new(n, 3), None, "{n:?}");
        }
        assert_eq!(Modulus::new(&[0, 0, 3], 0), None);
        let three = Modulus::new(&[0, 0, 3], 3).expect("3 is odd");
        assert_eq!(three.byte_len(), 1);
        assert_eq!(three.pow_public(&[2], 1), Some(vec![2]));
        assert_eq!(three.pow_public(&[3], 1), None);
    }
}
