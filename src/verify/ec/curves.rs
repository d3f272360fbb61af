//! The three NIST curves `y² = x³ − 3x + b`: their domain parameters, in one table each, and
//! the field types that implement them.
//!
//! The constants are those of SEC 2 v2 (*Recommended Elliptic Curve Domain Parameters*, 2010)
//! §2.4.2 secp256r1, §2.5.1 secp384r1 and §2.6.1 secp521r1, which are FIPS 186-4 D.1.2.3–5's
//! P-256, P-384 and P-521. Everything else (limbs, Montgomery constants, exponents) is derived
//! from them at compile time.

use std::sync::OnceLock;

use super::field::{add_small, bytes_from_hex, limbs_from_hex, shr, widen, Fm, Modulus, MAX_LIMBS};
use super::mul::{g_table_for, GTable};
use super::p256_field::Fe256;

/// Domain parameters of a curve `y² = x³ − 3x + b` over GF(p) with base point G of prime
/// order n (cofactor 1), big-endian hex.
#[derive(Debug)]
pub struct Domain {
    /// The field prime p.
    pub p: &'static str,
    /// The group order n.
    pub n: &'static str,
    /// The coefficient b.
    pub b: &'static str,
    /// G's x.
    pub gx: &'static str,
    /// G's y.
    pub gy: &'static str,
}

/// P-256 (secp256r1): SEC 2 v2 §2.4.2, FIPS 186-4 D.1.2.3.
pub const P256_DOMAIN: Domain = Domain {
    p: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
    n: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
    b: "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b",
    gx: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
    gy: "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
};

/// P-384 (secp384r1): SEC 2 v2 §2.5.1, FIPS 186-4 D.1.2.4.
pub const P384_DOMAIN: Domain = Domain {
    p: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe\
        ffffffff0000000000000000ffffffff",
    n: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf\
        581a0db248b0a77aecec196accc52973",
    b: "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875a\
        c656398d8a2ed19d2a85c8edd3ec2aef",
    gx: "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a38\
         5502f25dbf55296c3a545e3872760ab7",
    gy: "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c0\
         0a60b1ce1d7e819d7a431d7c90ea0e5f",
};

/// P-521 (secp521r1): SEC 2 v2 §2.6.1, FIPS 186-4 D.1.2.5. p = 2^521 − 1.
pub const P521_DOMAIN: Domain = Domain {
    p: "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\
        ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\
        ffff",
    n: "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\
        fffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e9138\
        6409",
    b: "0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef1\
        09e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b50\
        3f00",
    gx: "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d\
         3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5\
         bd66",
    gy: "011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e\
         662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd1\
         6650",
};

/// Declares a [`Modulus`] marker type for a hex constant.
macro_rules! modulus {
    ($(#[$doc:meta])* $name:ident, $limbs:literal, $bytes:literal, $hex:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name;
        impl Modulus<$limbs> for $name {
            const HEX: &'static str = $hex;
            const BYTES: usize = $bytes;
        }
    };
}

modulus!(
    /// P-256's n (9 limbs, 261 bits).
    N256Modulus, 9, 32, P256_DOMAIN.n
);
modulus!(
    /// P-384's p (14 limbs, 406 bits).
    P384Modulus, 14, 48, P384_DOMAIN.p
);
modulus!(
    /// P-384's n.
    N384Modulus, 14, 48, P384_DOMAIN.n
);
modulus!(
    /// P-521's p (18 limbs, 522 bits).
    P521Modulus, 18, 66, P521_DOMAIN.p
);
modulus!(
    /// P-521's n.
    N521Modulus, 18, 66, P521_DOMAIN.n
);

/// Scalars of P-256.
pub type N256 = Fm<N256Modulus, 9>;
/// GF(p) of P-384.
pub type P384 = Fm<P384Modulus, 14>;
/// Scalars of P-384.
pub type N384 = Fm<N384Modulus, 14>;
/// GF(p) of P-521.
pub type P521 = Fm<P521Modulus, 18>;
/// Scalars of P-521.
pub type N521 = Fm<N521Modulus, 18>;

/// `(p + 1) / 4` in limbs: the square-root exponent, as p ≡ 3 (mod 4) for all three curves.
const fn sqrt_exp(p_hex: &str) -> [u64; MAX_LIMBS] {
    let p: [u64; MAX_LIMBS] = limbs_from_hex(p_hex);
    assert!(p[0] & 3 == 3, "p ≡ 3 (mod 4)");
    widen(shr(add_small(p, 1), 2))
}

/// A curve: its field types and constants, and the lazily built table of multiples of G.
pub trait NistCurve: 'static {
    /// GF(p).
    type Fe: super::field::Field;
    /// Integers mod n.
    type Sc: super::field::Field;
    /// The domain parameters.
    const DOMAIN: Domain;
    /// Bytes of a coordinate or a scalar.
    const BYTES: usize;
    /// Bits of n (bits2int keeps this many leftmost bits of a digest).
    const N_BITS: usize;
    /// `(p + 1) / 4`.
    const SQRT_EXP: [u64; MAX_LIMBS] = sqrt_exp(Self::DOMAIN.p);
    /// n, big-endian, right-aligned in 66 bytes.
    const N_BYTES: [u8; 66] = bytes_from_hex(Self::DOMAIN.n);
    /// b, G's x and y, big-endian, right-aligned in 66 bytes.
    const B_GX_GY: [[u8; 66]; 3] = [
        bytes_from_hex(Self::DOMAIN.b),
        bytes_from_hex(Self::DOMAIN.gx),
        bytes_from_hex(Self::DOMAIN.gy),
    ];
    /// Reduces a big-endian integer of [`NistCurve::BYTES`] bytes below 2n modulo n.
    fn scalar_reduced(bytes: &[u8]) -> Option<Self::Sc>;
    /// The odd multiples G, 3G, …, built on first use.
    fn g_table() -> &'static GTable<Self::Fe>;
}

/// P-256.
pub struct NistP256;
/// P-384.
pub struct NistP384;
/// P-521.
pub struct NistP521;

impl NistCurve for NistP256 {
    type Fe = Fe256;
    type Sc = N256;
    const DOMAIN: Domain = P256_DOMAIN;
    const BYTES: usize = 32;
    const N_BITS: usize = 256;
    fn scalar_reduced(bytes: &[u8]) -> Option<N256> {
        N256::from_be_bytes_reduced(bytes)
    }
    fn g_table() -> &'static GTable<Fe256> {
        static TABLE: OnceLock<GTable<Fe256>> = OnceLock::new();
        TABLE.get_or_init(g_table_for::<Self>)
    }
}

impl NistCurve for NistP384 {
    type Fe = P384;
    type Sc = N384;
    const DOMAIN: Domain = P384_DOMAIN;
    const BYTES: usize = 48;
    const N_BITS: usize = 384;
    fn scalar_reduced(bytes: &[u8]) -> Option<N384> {
        N384::from_be_bytes_reduced(bytes)
    }
    fn g_table() -> &'static GTable<P384> {
        static TABLE: OnceLock<GTable<P384>> = OnceLock::new();
        TABLE.get_or_init(g_table_for::<Self>)
    }
}

impl NistCurve for NistP521 {
    type Fe = P521;
    type Sc = N521;
    const DOMAIN: Domain = P521_DOMAIN;
    const BYTES: usize = 66;
    const N_BITS: usize = 521;
    fn scalar_reduced(bytes: &[u8]) -> Option<N521> {
        N521::from_be_bytes_reduced(bytes)
    }
    fn g_table() -> &'static GTable<P521> {
        static TABLE: OnceLock<GTable<P521>> = OnceLock::new();
        TABLE.get_or_init(g_table_for::<Self>)
    }
}

#[cfg(test)]
mod tests {
    use super::super::field::{limbs_from_hex, Field};
    use super::*;

    #[test]
    fn p256_field_matches_the_table() {
        assert_eq!(
            super::super::p256_field::P,
            limbs_from_hex::<9>(P256_DOMAIN.p)
        );
    }

    #[test]
    fn constants_fit_their_fields() {
        fn check<C: NistCurve>() {
            let [b, gx, gy] = C::B_GX_GY;
            for c in [b, gx, gy] {
                assert!(C::Fe::from_be_bytes(&c[66 - C::BYTES..]).is_some());
                assert!(c[..66 - C::BYTES].iter().all(|x| *x == 0));
            }
            assert!(C::Sc::from_be_bytes(&C::N_BYTES[66 - C::BYTES..]).is_none());
        }
        check::<NistP256>();
        check::<NistP384>();
        check::<NistP521>();
    }
}
