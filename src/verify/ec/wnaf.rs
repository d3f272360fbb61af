//! Width-w non-adjacent form (wNAF) of a scalar of up to 528 bits.
//!
//! `k = Σ dᵢ·2ⁱ` with every nonzero digit odd and `|dᵢ| < 2^(w−1)`, and at most one nonzero
//! digit in any w consecutive ones (Hankerson, Menezes, Vanstone, *Guide to Elliptic Curve
//! Cryptography*, Algorithm 3.35). A scalar multiplication then needs one addition of a
//! precomputed odd multiple per nonzero digit, about bits / (w + 1) of them.

/// Digits of a wNAF: a scalar of 66 bytes (P-521's) needs at most 8·66 + 1.
pub const DIGITS: usize = 8 * 66 + 1;

/// 32-bit limbs of the scalar being recoded: 66 bytes need 17, and subtracting a negative digit
/// can carry one bit past the top.
const LIMBS: usize = 18;

/// The wNAF digits of the big-endian `scalar` (at most 66 bytes), least significant first, for
/// a window of `w` bits (2 ≤ w ≤ 8). Digits above `8·scalar.len()` are zero.
pub fn wnaf(scalar: &[u8], w: u32) -> [i8; DIGITS] {
    let mut k = [0u64; LIMBS];
    for (i, byte) in scalar.iter().rev().take(4 * (LIMBS - 1)).enumerate() {
        k[i / 4] |= u64::from(*byte) << (8 * (i % 4));
    }
    let window = 1i64 << w;
    let mut digits = [0i8; DIGITS];
    for digit in digits.iter_mut() {
        if k.iter().all(|l| *l == 0) {
            break;
        }
        if k[0] & 1 == 1 {
            // The residue of k mod 2^w taken in (−2^(w−1), 2^(w−1)); then k − d ≡ 0 mod 2^w.
            let mut d = (k[0] as i64) & (window - 1);
            if d >= window / 2 {
                d -= window;
            }
            *digit = d as i8;
            add_signed(&mut k, -d);
        }
        shift_right_1(&mut k);
    }
    digits
}

/// `k += delta` for a small `delta` (|delta| < 2^31) that never takes k below 0.
fn add_signed(k: &mut [u64; LIMBS], delta: i64) {
    let mut carry = delta;
    for limb in k.iter_mut() {
        if carry == 0 {
            break;
        }
        let v = *limb as i64 + carry;
        *limb = (v & 0xffff_ffff) as u64;
        carry = v >> 32;
    }
}

/// `k >>= 1`.
fn shift_right_1(k: &mut [u64; LIMBS]) {
    for i in 0..LIMBS - 1 {
        k[i] = (k[i] >> 1) | ((k[i + 1] & 1) << 31);
    }
    k[LIMBS - 1] >>= 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Σ dᵢ·2ⁱ, for scalars below 2^120 (fits an i128).
    fn value(digits: &[i8; DIGITS]) -> i128 {
        digits
            .iter()
            .enumerate()
            .map(|(i, d)| i128::from(*d) << i.min(126))
            .take(121)
            .sum()
    }

    #[test]
    fn small_scalars_and_shape() {
        for w in [2u32, 5, 7] {
            for x in [
                0u128,
                1,
                2,
                3,
                15,
                16,
                31,
                63,
                64,
                127,
                0xdead_beef_1234,
                (1 << 119) - 1,
            ] {
                let mut bytes = [0u8; 32];
                bytes[16..].copy_from_slice(&x.to_be_bytes());
                let d = wnaf(&bytes, w);
                assert_eq!(d, wnaf(&bytes[16..], w));
                assert_eq!(value(&d), x as i128, "w={w} x={x}");
                let mut last: Option<usize> = None;
                for (i, digit) in d.iter().enumerate().filter(|(_, d)| **d != 0) {
                    assert!(digit % 2 != 0 && i32::from(digit.abs()) < 1 << (w - 1));
                    if let Some(l) = last {
                        assert!(i - l >= w as usize, "two nonzero digits within {w}");
                    }
                    last = Some(i);
                }
            }
        }
    }

    #[test]
    fn top_digit_of_all_ones() {
        // 2^256 − 1 needs the 257th digit: 2^256 − 1 = 2^256 + (−1).
        let d = wnaf(&[0xff; 32], 5);
        assert_eq!(d[0], -1);
        assert_eq!(d[256], 1);
        assert!(d[1..256].iter().all(|x| *x == 0));
        assert!(d[257..].iter().all(|x| *x == 0));
        // and 2^528 − 1 the 529th
        let d = wnaf(&[0xff; 66], 7);
        assert_eq!((d[0], d[528]), (-1, 1));
        assert!(d[1..528].iter().all(|x| *x == 0));
    }
}
