//! The object identifiers key import recognises, and what jwt-doctor says of each: the curves it
//! verifies with, and the key algorithms it names in order to refuse them precisely.

use der::asn1::ObjectIdentifier as Oid;

use super::KeyError;
use crate::alg::{Curve, Hash};

/// rsaEncryption (PKCS#1).
pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
/// id-RSASSA-PSS (RFC 4055): an RSA key restricted to PSS.
pub const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
/// id-mgf1 (RFC 8017 B.2.1).
pub const MGF1: Oid = Oid::new_unwrap("1.2.840.113549.1.1.8");
/// id-ecPublicKey (RFC 5480).
pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
/// id-Ed25519 (RFC 8410).
pub const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
/// P-256 (secp256r1).
pub const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
/// P-384 (secp384r1).
pub const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
/// P-521 (secp521r1).
pub const P521: Oid = Oid::new_unwrap("1.3.132.0.35");

const RSAES_OAEP: Oid = Oid::new_unwrap("1.2.840.113549.1.1.7");
const DSA: Oid = Oid::new_unwrap("1.2.840.10040.4.1");
const DH: Oid = Oid::new_unwrap("1.2.840.113549.1.3.1");
const X25519: Oid = Oid::new_unwrap("1.3.101.110");
const X448: Oid = Oid::new_unwrap("1.3.101.111");
const ED448: Oid = Oid::new_unwrap("1.3.101.113");
const ML_DSA_44: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.17");
const ML_DSA_65: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.18");
const ML_DSA_87: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.19");
const SECP256K1: Oid = Oid::new_unwrap("1.3.132.0.10");
const SECP192R1: Oid = Oid::new_unwrap("1.2.840.10045.3.1.1");
const SECP224R1: Oid = Oid::new_unwrap("1.3.132.0.33");
const SHA1: Oid = Oid::new_unwrap("1.3.14.3.2.26");
const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA384: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA512: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.3");

/// The OID of a curve jwt-doctor verifies with.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn of_curve(curve: Curve) -> Oid {
    match curve {
        Curve::P256 => P256,
        Curve::P384 => P384,
        Curve::P521 => P521,
    }
}

/// The curve an EC key names (its `namedCurve` parameters).
///
/// # Errors
/// `unsupported_curve` for any other named curve, `der` when no curve is named (explicit curve
/// parameters).
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn curve(oid: Option<Oid>) -> Result<Curve, KeyError> {
    match oid {
        Some(P256) => Ok(Curve::P256),
        Some(P384) => Ok(Curve::P384),
        Some(P521) => Ok(Curve::P521),
        Some(other) => {
            let name = match other {
                SECP256K1 => "secp256k1".to_string(),
                SECP192R1 => "P-192 (secp192r1)".to_string(),
                SECP224R1 => "P-224 (secp224r1)".to_string(),
                _ => format!("the curve with OID {other}"),
            };
            Err(KeyError::new(
                "unsupported_curve",
                format!("this is an EC key on {name}; JWS signs only with P-256, P-384 and P-521"),
            ))
        }
        None => Err(KeyError::new(
            "der",
            "the EC key does not name its curve (explicit curve parameters are not supported)",
        )),
    }
}

/// The hash a digest-algorithm OID names: SHA-256/384/512, `Err` with its name for SHA-1 or
/// anything else.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn hash(oid: Oid) -> Result<Hash, String> {
    match oid {
        SHA256 => Ok(Hash::Sha256),
        SHA384 => Ok(Hash::Sha384),
        SHA512 => Ok(Hash::Sha512),
        SHA1 => Err("SHA-1".to_string()),
        other => Err(format!("the digest with OID {other}")),
    }
}

/// The `unsupported_*` error for a key algorithm OID that is not a JWS signing key.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn unsupported_algorithm(oid: &Oid) -> KeyError {
    let (reason, what) = match *oid {
        X25519 => (
            "unsupported_key_type",
            "an X25519 key-agreement key, not a signing key".to_string(),
        ),
        X448 => (
            "unsupported_key_type",
            "an X448 key-agreement key, not a signing key".to_string(),
        ),
        ED448 => (
            "unsupported_curve",
            "an Ed448 key; jwt-doctor verifies EdDSA over Ed25519 only".to_string(),
        ),
        DSA => (
            "unsupported_key_type",
            "a DSA key; JWS has no DSA algorithm".to_string(),
        ),
        DH => (
            "unsupported_key_type",
            "a Diffie-Hellman key, not a signing key".to_string(),
        ),
        RSAES_OAEP => (
            "unsupported_key_type",
            "an RSA-OAEP encryption key".to_string(),
        ),
        ML_DSA_44 | ML_DSA_65 | ML_DSA_87 => (
            "unsupported_key_type",
            "an ML-DSA (post-quantum) key, not yet a JWS algorithm here".to_string(),
        ),
        _ => (
            "unsupported_key_type",
            format!("a key of the algorithm with OID {oid}"),
        ),
    };
    KeyError::new(reason, format!("this is {what}"))
}
