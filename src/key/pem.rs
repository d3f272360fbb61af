//! PEM, DER and OpenSSH public-key import.
//!
//! DER structures (SubjectPublicKeyInfo, PKCS#1, PKCS#8, SEC1, the outline of an X.509
//! certificate) are read here with our own strict reader ([`super::der`]): the RustCrypto format
//! crates (`spki`, `pkcs1`, `pkcs8`, `sec1`, `der`) cost 40 KB of the wasm module (14 KB gzip)
//! and are kept as the reference that `tests/der_reader.rs` compares these readers with. The PEM armor (to
//! be lenient about junk, indentation and line lengths) and the OpenSSH wire format are read by
//! hand too, all with bounded, index-checked readers.

use crate::alg::Curve;
use base64::Engine as _;

use super::der::{self as asn1, tag, write, BitString, Error as DerError, Oid, Reader, Tlv};
use super::ec_key::EcKey;
use super::secret::{BASE64, BASE64URL};
use super::{limits, KeyError, KeyNote, Material};

/// A key read from PEM, DER or an SSH line: what verifies, and how it was read.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub material: Material,
    pub notes: Vec<KeyNote>,
}

impl Decoded {
    fn public(material: Material) -> Self {
        Decoded {
            material,
            notes: Vec::new(),
        }
    }
    fn private(material: Material, format: &'static str) -> Self {
        Decoded {
            material,
            notes: vec![KeyNote::PrivateKey { format }],
        }
    }
}

// Object identifiers as DER value bytes (the unit test `oid_constants` checks each against its
// dotted form).
/// 1.2.840.113549.1.1.1
const RSA_ENCRYPTION: Oid<'static> =
    Oid::from_der_unchecked(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]);
/// 1.2.840.113549.1.1.10
const RSASSA_PSS: Oid<'static> =
    Oid::from_der_unchecked(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A]);
/// 1.2.840.113549.1.1.7
const RSAES_OAEP: Oid<'static> =
    Oid::from_der_unchecked(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x07]);
/// 1.2.840.10045.2.1
const EC_PUBLIC_KEY: Oid<'static> =
    Oid::from_der_unchecked(&[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]);
/// 1.2.840.10040.4.1
const DSA: Oid<'static> = Oid::from_der_unchecked(&[0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01]);
/// 1.2.840.113549.1.3.1
const DH: Oid<'static> =
    Oid::from_der_unchecked(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x03, 0x01]);
/// 1.3.101.110
const X25519: Oid<'static> = Oid::from_der_unchecked(&[0x2B, 0x65, 0x6E]);
/// 1.3.101.111
const X448: Oid<'static> = Oid::from_der_unchecked(&[0x2B, 0x65, 0x6F]);
/// 1.3.101.112
const ED25519: Oid<'static> = Oid::from_der_unchecked(&[0x2B, 0x65, 0x70]);
/// 1.3.101.113
const ED448: Oid<'static> = Oid::from_der_unchecked(&[0x2B, 0x65, 0x71]);
/// 2.16.840.1.101.3.4.3.17
const ML_DSA_44: Oid<'static> =
    Oid::from_der_unchecked(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11]);
/// 2.16.840.1.101.3.4.3.18
const ML_DSA_65: Oid<'static> =
    Oid::from_der_unchecked(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12]);
/// 2.16.840.1.101.3.4.3.19
const ML_DSA_87: Oid<'static> =
    Oid::from_der_unchecked(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x13]);
/// 1.2.840.10045.3.1.7
const P256: Oid<'static> =
    Oid::from_der_unchecked(&[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]);
/// 1.3.132.0.34
const P384: Oid<'static> = Oid::from_der_unchecked(&[0x2B, 0x81, 0x04, 0x00, 0x22]);
/// 1.3.132.0.35
const P521: Oid<'static> = Oid::from_der_unchecked(&[0x2B, 0x81, 0x04, 0x00, 0x23]);
/// 1.3.132.0.10
const SECP256K1: Oid<'static> = Oid::from_der_unchecked(&[0x2B, 0x81, 0x04, 0x00, 0x0A]);
/// 1.2.840.10045.3.1.1
const SECP192R1: Oid<'static> =
    Oid::from_der_unchecked(&[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x01]);
/// 1.3.132.0.33
const SECP224R1: Oid<'static> = Oid::from_der_unchecked(&[0x2B, 0x81, 0x04, 0x00, 0x21]);

fn curve_name(oid: &Oid) -> String {
    match *oid {
        SECP256K1 => "secp256k1".into(),
        SECP192R1 => "P-192 (secp192r1)".into(),
        SECP224R1 => "P-224 (secp224r1)".into(),
        _ => format!("the curve with OID {oid}"),
    }
}

fn ec_curve(oid: Option<Oid>) -> Result<Curve, KeyError> {
    match oid {
        Some(P256) => Ok(Curve::P256),
        Some(P384) => Ok(Curve::P384),
        Some(P521) => Ok(Curve::P521),
        Some(other) => Err(KeyError::new(
            "unsupported_curve",
            format!(
                "this is an EC key on {}; JWS signs only with P-256, P-384 and P-521",
                curve_name(&other)
            ),
        )),
        None => Err(KeyError::new(
            "der",
            "the EC key does not name its curve (explicit curve parameters are not supported)",
        )),
    }
}

/// Builds EC material from a SEC1 point on `curve`.
fn ec_point(curve: Curve, point: &[u8]) -> Result<Material, KeyError> {
    let bad = |name: &str| {
        KeyError::new(
            "point_not_on_curve",
            format!("the public point is not a valid point on {name}"),
        )
    };
    EcKey::from_sec1(curve, point)
        .map(Material::Ec)
        .ok_or_else(|| bad(curve.name()))
}

/// Derives the public key of an EC private scalar (when the private key omits it).
fn ec_from_scalar(curve: Curve, scalar: &[u8]) -> Result<Material, KeyError> {
    let bad = || {
        KeyError::new(
            "der",
            "the EC private key scalar is not valid for its curve",
        )
    };
    EcKey::from_scalar(curve, scalar)
        .map(Material::Ec)
        .ok_or_else(bad)
}

/// The `unsupported_*` error for a key algorithm OID that is not a JWS signing key.
fn unsupported_algorithm(oid: &Oid) -> KeyError {
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

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }`.
#[derive(Clone, Copy, Debug)]
pub struct AlgorithmId<'a> {
    /// The algorithm.
    pub oid: Oid<'a>,
    /// The parameters: absent, or one element of any type (`NULL`, a named-curve OID, …).
    pub parameters: Option<Tlv<'a>>,
}

impl<'a> AlgorithmId<'a> {
    fn read(r: &mut Reader<'a>) -> Result<Self, DerError> {
        let mut s = r.sequence()?;
        let oid = s.oid()?;
        let parameters = if s.is_empty() {
            None
        } else {
            Some(s.read_tlv()?)
        };
        s.finish("AlgorithmIdentifier")?;
        Ok(AlgorithmId { oid, parameters })
    }

    /// The parameters when they are one valid OBJECT IDENTIFIER (an EC key's named curve);
    /// `None` when absent, `NULL` or anything else.
    pub fn parameters_oid(&self) -> Option<Oid<'a>> {
        let p = self.parameters?;
        if p.tag.first != tag::OID {
            return None;
        }
        Oid::from_value(p.value, p.at).ok()
    }
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT
/// STRING }` (RFC 5280 §4.1).
#[derive(Clone, Copy, Debug)]
pub struct Spki<'a> {
    /// The key's algorithm.
    pub algorithm: AlgorithmId<'a>,
    /// The key bits.
    pub public_key: BitString<'a>,
}

fn spki_in<'a>(r: &mut Reader<'a>) -> Result<Spki<'a>, DerError> {
    let mut s = r.sequence()?;
    let algorithm = AlgorithmId::read(&mut s)?;
    let public_key = s.bit_string()?;
    s.finish("SubjectPublicKeyInfo")?;
    Ok(Spki {
        algorithm,
        public_key,
    })
}

/// Reads DER that is exactly one `SubjectPublicKeyInfo`.
///
/// # Errors
/// What is wrong with the DER, and where.
pub fn read_spki(der: &[u8]) -> Result<Spki<'_>, DerError> {
    let mut r = Reader::new(der);
    let spki = spki_in(&mut r)?;
    r.finish("SubjectPublicKeyInfo")?;
    Ok(spki)
}

/// The public half of a PKCS#1 RSA key: big-endian magnitudes without sign octet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RsaPublicKey<'a> {
    /// n.
    pub modulus: &'a [u8],
    /// e.
    pub public_exponent: &'a [u8],
}

/// Reads DER that is exactly one PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER,
/// publicExponent INTEGER }` (both non-negative).
///
/// # Errors
/// What is wrong with the DER, and where.
pub fn read_rsa_public(der: &[u8]) -> Result<RsaPublicKey<'_>, DerError> {
    let mut s = asn1::outer_sequence(der, "RSAPublicKey")?;
    let modulus = s.unsigned()?;
    let public_exponent = s.unsigned()?;
    s.finish("RSAPublicKey")?;
    Ok(RsaPublicKey {
        modulus,
        public_exponent,
    })
}

/// Reads DER that is exactly one PKCS#1 `RSAPrivateKey` (RFC 8017 A.1.2) and returns its public
/// half. As the `pkcs1` crate: every INTEGER is non-negative; version 0 (two-prime) has no
/// `otherPrimeInfos`, version 1 (multi-prime) has a non-empty one.
///
/// # Errors
/// What is wrong with the DER, and where.
pub fn read_rsa_private(der: &[u8]) -> Result<RsaPublicKey<'_>, DerError> {
    let mut s = asn1::outer_sequence(der, "RSAPrivateKey")?;
    let version_at = s.offset();
    let version = s.small_unsigned()?;
    let modulus = s.unsigned()?;
    let public_exponent = s.unsigned()?;
    // privateExponent, prime1, prime2, exponent1, exponent2, coefficient.
    for _ in 0..6 {
        s.unsigned()?;
    }
    let mut other_primes = None;
    if s.peek_tag()?.is_some_and(|t| t.first == tag::SEQUENCE) {
        let mut infos = s.sequence()?;
        let mut count = 0usize;
        // Each OtherPrimeInfo takes at least 11 bytes, so the input bounds the loop.
        while !infos.is_empty() {
            let mut info = infos.sequence()?;
            for _ in 0..3 {
                info.unsigned()?;
            }
            info.finish("OtherPrimeInfo")?;
            count += 1;
        }
        other_primes = Some(count);
    }
    s.finish("RSAPrivateKey")?;
    let valid = match (version, other_primes) {
        (0, None) => true,
        (1, Some(n)) => n > 0,
        _ => false,
    };
    if !valid {
        return Err(DerError {
            at: version_at,
            kind: asn1::ErrorKind::Value(
                "the version is not 0 with two primes or 1 with other prime infos",
            ),
        });
    }
    Ok(RsaPublicKey {
        modulus,
        public_exponent,
    })
}

/// PKCS#8 `PrivateKeyInfo` (v1) or `OneAsymmetricKey` (v2, RFC 5958).
#[derive(Clone, Copy, Debug)]
pub struct PrivateKeyInfo<'a> {
    /// The key's algorithm.
    pub algorithm: AlgorithmId<'a>,
    /// The privateKey OCTET STRING's content (a PKCS#1, SEC1 or RFC 8410 structure).
    pub private_key: &'a [u8],
    /// The `[1]` publicKey BIT STRING (present exactly in v2).
    pub public_key: Option<BitString<'a>>,
}

/// Reads DER that is exactly one PKCS#8 private key. As the `pkcs8` crate: version 0 has no
/// publicKey `[1]`, version 1 has one; attributes `[0]` are skipped; any later
/// context-specific fields (each one explicitly tagged element) are ignored.
///
/// # Errors
/// What is wrong with the DER, and where.
pub fn read_pkcs8(der: &[u8]) -> Result<PrivateKeyInfo<'_>, DerError> {
    let mut s = asn1::outer_sequence(der, "PrivateKeyInfo")?;
    let version_at = s.offset();
    let version = s.small_unsigned()?;
    if version > 1 {
        return Err(DerError {
            at: version_at,
            kind: asn1::ErrorKind::Value("the PKCS#8 version is neither 0 nor 1"),
        });
    }
    let algorithm = AlgorithmId::read(&mut s)?;
    let private_key = s.octet_string()?;
    let _attributes = s.implicit(0, true)?;
    let key_at = s.offset();
    let public_key = match s.implicit(1, false)? {
        Some(t) => Some(BitString::from_value(t.value, t.at)?),
        None => None,
    };
    if (version == 1) != public_key.is_some() {
        return Err(DerError {
            at: key_at,
            kind: asn1::ErrorKind::Value(
                "a PKCS#8 v2 key has a [1] public key and a v1 key has none",
            ),
        });
    }
    while !s.is_empty() {
        let field = s.read_tlv()?;
        if field.tag.first & 0xC0 != tag::CONTEXT || !field.tag.constructed() {
            return Err(DerError {
                at: field.at,
                kind: asn1::ErrorKind::Unexpected("a context-specific field", field.tag.first),
            });
        }
        let mut inner = Reader::nested(&field);
        inner.read_tlv()?;
        inner.finish("context-specific field")?;
    }
    Ok(PrivateKeyInfo {
        algorithm,
        private_key,
        public_key,
    })
}

/// SEC1 `ECPrivateKey` (RFC 5915).
#[derive(Clone, Copy, Debug)]
pub struct EcPrivateKey<'a> {
    /// The privateKey OCTET STRING's content (the scalar).
    pub private_key: &'a [u8],
    /// The `[0]` parameters: a named curve.
    pub named_curve: Option<Oid<'a>>,
    /// The `[1]` publicKey BIT STRING's bytes (a SEC1 point; no unused bits allowed).
    pub public_key: Option<&'a [u8]>,
}

/// Reads DER that is exactly one SEC1 `ECPrivateKey ::= SEQUENCE { version INTEGER (1),
/// privateKey OCTET STRING, parameters [0] EXPLICIT OBJECT IDENTIFIER OPTIONAL, publicKey [1]
/// EXPLICIT BIT STRING OPTIONAL }`.
///
/// # Errors
/// What is wrong with the DER, and where.
pub fn read_sec1(der: &[u8]) -> Result<EcPrivateKey<'_>, DerError> {
    let mut s = asn1::outer_sequence(der, "ECPrivateKey")?;
    let version_at = s.offset();
    if s.small_unsigned()? != 1 {
        return Err(DerError {
            at: version_at,
            kind: asn1::ErrorKind::Value("the SEC1 version is not 1"),
        });
    }
    let private_key = s.octet_string()?;
    let named_curve = match s.explicit(0)? {
        Some(mut p) => {
            let oid = p.oid()?;
            p.finish("[0] parameters")?;
            Some(oid)
        }
        None => None,
    };
    let public_key = match s.explicit(1)? {
        Some(mut k) => {
            let at = k.offset();
            let bits = k.bit_string()?;
            k.finish("[1] publicKey")?;
            Some(bits.whole_bytes().ok_or(DerError {
                at,
                kind: asn1::ErrorKind::Value("the public key BIT STRING has unused bits"),
            })?)
        }
        None => None,
    };
    s.finish("ECPrivateKey")?;
    Ok(EcPrivateKey {
        private_key,
        named_curve,
        public_key,
    })
}

/// Reads DER that is exactly one X.509 `Certificate` (RFC 5280 §4.1) and returns its public key.
///
/// Every field of `Certificate` and `TBSCertificate` is read in order, but the names, the
/// validity and the extensions only as `SEQUENCE`s whose contents are not looked into (as the
/// outline decoded with `der`'s types did; decoding them in full with `x509-cert` made ~60 KB of
/// the wasm module). The version is v1, v2 or v3, as `x509-cert` checks.
///
/// # Errors
/// What is wrong with the DER, and where.
pub fn read_certificate_spki(der: &[u8]) -> Result<Spki<'_>, DerError> {
    let mut cert = asn1::outer_sequence(der, "Certificate")?;
    let mut tbs = cert.sequence()?;
    if let Some(mut v) = tbs.explicit(0)? {
        let at = v.offset();
        let version = v.small_unsigned()?;
        v.finish("[0] version")?;
        if version > 2 {
            return Err(DerError {
                at,
                kind: asn1::ErrorKind::Value("the certificate version is not v1, v2 or v3"),
            });
        }
    }
    let _serial_number = tbs.integer()?;
    let _signature = AlgorithmId::read(&mut tbs)?;
    let _issuer = tbs.sequence()?;
    let _validity = tbs.sequence()?;
    let _subject = tbs.sequence()?;
    let spki = spki_in(&mut tbs)?;
    // issuerUniqueID [1] and subjectUniqueID [2], both IMPLICIT BIT STRING.
    for number in [1, 2] {
        if let Some(t) = tbs.implicit(number, false)? {
            BitString::from_value(t.value, t.at)?;
        }
    }
    if let Some(mut extensions) = tbs.explicit(3)? {
        extensions.sequence()?;
        extensions.finish("[3] extensions")?;
    }
    tbs.finish("TBSCertificate")?;
    let _signature_algorithm = AlgorithmId::read(&mut cert)?;
    let _signature = cert.bit_string()?;
    cert.finish("Certificate")?;
    Ok(spki)
}

/// Whether DER is exactly one PKCS#8 `EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier,
/// OCTET STRING }` with a PKCS#5 (PBES2, …: 1.2.840.113549.1.5.*) or PKCS#12 PBE
/// (1.2.840.113549.1.12.1.*) scheme: only recognised, to say so.
pub fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    let read = || -> Result<bool, DerError> {
        let mut s = asn1::outer_sequence(der, "EncryptedPrivateKeyInfo")?;
        let alg = AlgorithmId::read(&mut s)?;
        let _data = s.octet_string()?;
        s.finish("EncryptedPrivateKeyInfo")?;
        let arcs = alg.oid.arcs().unwrap_or_default();
        let under = |prefix: &[u32]| arcs.len() > prefix.len() && arcs.starts_with(prefix);
        Ok(under(&[1, 2, 840, 113_549, 1, 5]) || under(&[1, 2, 840, 113_549, 1, 12, 1]))
    };
    read().unwrap_or(false)
}

/// Reads an SPKI (`PUBLIC KEY`) structure.
pub(crate) fn import_spki(der: &[u8]) -> Result<Decoded, KeyError> {
    let spki = read_spki(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the public key is not a valid SubjectPublicKeyInfo: {e}"),
        )
    })?;
    spki_material(&spki).map(Decoded::public)
}

/// The key an SPKI carries.
fn spki_material(spki: &Spki<'_>) -> Result<Material, KeyError> {
    let bits = spki
        .public_key
        .whole_bytes()
        .ok_or_else(|| KeyError::new("der", "the public key bit string has unused bits"))?;
    let oid = spki.algorithm.oid;
    match oid {
        RSA_ENCRYPTION | RSASSA_PSS => rsa_public_pkcs1(bits),
        EC_PUBLIC_KEY => {
            let curve = ec_curve(spki.algorithm.parameters_oid())?;
            ec_point(curve, bits)
        }
        ED25519 => ed25519_public(bits),
        _ => Err(unsupported_algorithm(&oid)),
    }
}

fn ed25519_public(bytes: &[u8]) -> Result<Material, KeyError> {
    let arr: &[u8; 32] = bytes.try_into().map_err(|_| {
        KeyError::new(
            "der",
            format!("an Ed25519 public key has 32 bytes, not {}", bytes.len()),
        )
    })?;
    ed25519_dalek::VerifyingKey::from_bytes(arr)
        .map(Material::Ed25519)
        .map_err(|_| {
            KeyError::new(
                "point_not_on_curve",
                "the Ed25519 public key is not a valid curve point",
            )
        })
}

/// The public key of an Ed25519 PKCS#8 private key: the privateKey OCTET STRING holds
/// `CurvePrivateKey ::= OCTET STRING` (the 32-byte seed, RFC 8410 §7); the parameters must be
/// absent, and a v2 public key (with no unused bits) must be the seed's.
fn ed25519_private(pki: &PrivateKeyInfo<'_>) -> Result<Material, KeyError> {
    let bad = || KeyError::new("der", "the Ed25519 private key is not valid PKCS#8");
    if pki.algorithm.parameters.is_some() {
        return Err(bad());
    }
    let mut inner = Reader::new(pki.private_key);
    let seed = inner.octet_string().map_err(|_| bad())?;
    inner.finish("CurvePrivateKey").map_err(|_| bad())?;
    let seed: &[u8; 32] = seed.try_into().map_err(|_| bad())?;
    let public = ed25519_dalek::SigningKey::from_bytes(seed).verifying_key();
    if let Some(given) = pki.public_key.and_then(|k| k.whole_bytes()) {
        let given: &[u8; 32] = given.try_into().map_err(|_| bad())?;
        let given = ed25519_dalek::VerifyingKey::from_bytes(given).map_err(|_| bad())?;
        if given != public {
            return Err(bad());
        }
    }
    Ok(Material::Ed25519(public))
}

/// Reads a PKCS#1 `RSAPublicKey`.
pub(crate) fn rsa_public_pkcs1(der: &[u8]) -> Result<Material, KeyError> {
    let k = read_rsa_public(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the RSA public key is not valid PKCS#1 DER: {e}"),
        )
    })?;
    super::rsa_from_be(k.modulus, k.public_exponent)
}

/// Reads a PKCS#1 `RSAPrivateKey` (public half only).
fn rsa_private_pkcs1(der: &[u8]) -> Result<Material, KeyError> {
    let k = read_rsa_private(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the RSA private key is not valid PKCS#1 DER: {e}"),
        )
    })?;
    super::rsa_from_be(k.modulus, k.public_exponent)
}

/// Reads a SEC1 `ECPrivateKey` (public half), with the curve from the outer PKCS#8 if any.
fn ec_private_sec1(der: &[u8], outer_curve: Option<Oid>) -> Result<Material, KeyError> {
    let k = read_sec1(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the EC private key is not valid SEC1 DER: {e}"),
        )
    })?;
    let curve = ec_curve(outer_curve.or(k.named_curve))?;
    match k.public_key {
        Some(point) => ec_point(curve, point),
        None => ec_from_scalar(curve, k.private_key),
    }
}

/// The key of a PKCS#8 `PrivateKeyInfo` (public half).
fn pkcs8_material(pki: &PrivateKeyInfo<'_>) -> Result<Decoded, KeyError> {
    let oid = pki.algorithm.oid;
    let material = match oid {
        RSA_ENCRYPTION | RSASSA_PSS => rsa_private_pkcs1(pki.private_key)?,
        EC_PUBLIC_KEY => ec_private_sec1(pki.private_key, pki.algorithm.parameters_oid())?,
        ED25519 => ed25519_private(pki)?,
        _ => return Err(unsupported_algorithm(&oid)),
    };
    Ok(Decoded::private(material, "PKCS#8"))
}

/// Reads a PKCS#8 `PrivateKeyInfo` (public half).
fn import_pkcs8(der: &[u8]) -> Result<Decoded, KeyError> {
    let pki = read_pkcs8(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the private key is not valid PKCS#8 DER: {e}"),
        )
    })?;
    pkcs8_material(&pki)
}

/// Reads an X.509 certificate's public key.
fn import_certificate(der: &[u8]) -> Result<Decoded, KeyError> {
    let spki = read_certificate_spki(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the certificate is not valid X.509 DER: {e}"),
        )
    })?;
    certificate_key(&spki)
}

fn certificate_key(spki: &Spki<'_>) -> Result<Decoded, KeyError> {
    let mut d = Decoded::public(spki_material(spki)?);
    d.notes.push(KeyNote::Certificate);
    Ok(d)
}

fn encrypted_error() -> KeyError {
    KeyError::new(
        "encrypted_private_key",
        "this is a password-encrypted private key; give the public key (or decrypt it with openssl pkey)",
    )
}

/// Reads DER of any supported structure, recognising which it is.
///
/// `Err(None)` means the bytes are not a key structure at all (so they may be an HMAC secret);
/// `Err(Some(e))` means they are a key that cannot be used.
pub(crate) fn import_der(der: &[u8]) -> Result<Decoded, Option<KeyError>> {
    if der.first() != Some(&tag::SEQUENCE) {
        return Err(None);
    }
    if let Ok(spki) = read_spki(der) {
        return spki_material(&spki).map(Decoded::public).map_err(Some);
    }
    if let Ok(pki) = read_pkcs8(der) {
        return pkcs8_material(&pki).map_err(Some);
    }
    if let Ok(k) = read_rsa_public(der) {
        return super::rsa_from_be(k.modulus, k.public_exponent)
            .map(Decoded::public)
            .map_err(Some);
    }
    if let Ok(k) = read_rsa_private(der) {
        return super::rsa_from_be(k.modulus, k.public_exponent)
            .map(|m| Decoded::private(m, "PKCS#1 RSA PRIVATE KEY"))
            .map_err(Some);
    }
    if read_sec1(der).is_ok() {
        return ec_private_sec1(der, None)
            .map(|m| Decoded::private(m, "SEC1 EC PRIVATE KEY"))
            .map_err(Some);
    }
    if is_encrypted_pkcs8(der) {
        return Err(Some(encrypted_error()));
    }
    if let Ok(spki) = read_certificate_spki(der) {
        return certificate_key(&spki).map_err(Some);
    }
    Err(None)
}

/// One `-----BEGIN X-----` … `-----END X-----` block.
struct Block<'a> {
    label: &'a str,
    body: &'a str,
}

/// Finds every PEM block, tolerating any text before, between and after them.
fn blocks(text: &str) -> Result<Vec<Block<'_>>, KeyError> {
    const BEGIN: &str = "-----BEGIN ";
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let after = rest.get(start + BEGIN.len()..).unwrap_or("");
        let Some(label_end) = after.find("-----") else {
            return Err(KeyError::new(
                "pem_armor",
                "the -----BEGIN line is not closed by five dashes",
            ));
        };
        let label = after.get(..label_end).unwrap_or("").trim();
        if label.len() > 64 || label.contains(['\n', '\r']) {
            return Err(KeyError::new(
                "pem_armor",
                "the -----BEGIN line is not closed by five dashes",
            ));
        }
        let after_label = after.get(label_end + 5..).unwrap_or("");
        let end_marker = format!("-----END {label}-----");
        let Some(end) = after_label.find(&end_marker) else {
            return Err(KeyError::new(
                "pem_armor",
                format!("no matching \"{end_marker}\" line after \"-----BEGIN {label}-----\""),
            ));
        };
        out.push(Block {
            label,
            body: after_label.get(..end).unwrap_or(""),
        });
        rest = after_label.get(end + end_marker.len()..).unwrap_or("");
    }
    Ok(out)
}

/// Decodes the base64 body of a block, skipping RFC 1421 headers; refuses encrypted legacy PEM.
fn block_der(block: &Block<'_>) -> Result<Vec<u8>, KeyError> {
    let mut b64 = String::with_capacity(block.body.len());
    for line in block.body.lines() {
        if line.contains(':') {
            if line.contains("ENCRYPTED") || line.trim_start().starts_with("DEK-Info") {
                return Err(encrypted_error());
            }
            continue;
        }
        b64.extend(line.chars().filter(|c| !c.is_ascii_whitespace()));
    }
    BASE64
        .decode(b64.as_bytes())
        .or_else(|_| BASE64URL.decode(b64.as_bytes()))
        .map_err(|e| {
            KeyError::new(
                "pem_base64",
                format!(
                    "the base64 inside the {} block is invalid: {e}",
                    block.label
                ),
            )
        })
}

/// Reads a PEM text (the first key or certificate block; `EC PARAMETERS` blocks are skipped).
pub(crate) fn import_pem(text: &str) -> Result<Decoded, KeyError> {
    let all = blocks(text)?;
    let Some(block) = all.iter().find(|b| b.label != "EC PARAMETERS") else {
        return Err(KeyError::new(
            "pem_armor",
            "the text has no -----BEGIN … ----- block",
        ));
    };
    let der = block_der(block)?;
    let labelled = match block.label {
        "PUBLIC KEY" => import_spki(&der),
        "RSA PUBLIC KEY" => rsa_public_pkcs1(&der).map(Decoded::public),
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => import_certificate(&der),
        "PRIVATE KEY" => import_pkcs8(&der),
        "RSA PRIVATE KEY" => rsa_private_pkcs1(&der).map(|m| Decoded::private(m, "PKCS#1 RSA PRIVATE KEY")),
        "EC PRIVATE KEY" => ec_private_sec1(&der, None).map(|m| Decoded::private(m, "SEC1 EC PRIVATE KEY")),
        "ENCRYPTED PRIVATE KEY" => return Err(encrypted_error()),
        "OPENSSH PRIVATE KEY" => {
            return Err(KeyError::new(
                "pem_label",
                "this is an OpenSSH private key; give the public key line (ssh-…) or a PEM public key (ssh-keygen -e -m PKCS8 -f key.pub)",
            ))
        }
        "DSA PRIVATE KEY" | "DSA PUBLIC KEY" => return Err(KeyError::new("unsupported_key_type", "this is a DSA key; JWS has no DSA algorithm")),
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            return Err(KeyError::new("pem_label", "this is a certificate signing request, not a key or certificate"))
        }
        other => {
            // An unknown label may still hold a key structure we can recognise.
            return import_der(&der).map_err(|e| {
                e.unwrap_or_else(|| KeyError::new("pem_label", format!("\"{other}\" PEM blocks do not hold a key jwt-doctor can read")))
            });
        }
    };
    match labelled {
        Ok(d) => Ok(d),
        // A label that does not match its content (PKCS#1 under "PUBLIC KEY", …) is a common
        // mistake; the content decides when it is unambiguous.
        Err(e) if e.reason == "der" => import_der(&der).map_err(|other| other.unwrap_or(e)),
        Err(e) => Err(e),
    }
}

/// The OpenSSH public-key line types we recognise (the first word of the line).
pub(crate) const SSH_TYPES: [&str; 8] = [
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "ssh-ed25519",
    "ssh-dss",
    "ssh-ed448",
    "sk-ssh-ed25519@openssh.com",
];

/// The first line that starts with an SSH key type, if any.
pub(crate) fn ssh_line(text: &str) -> Option<&str> {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    let word = first.split_ascii_whitespace().next()?;
    SSH_TYPES.contains(&word).then_some(first)
}

/// A bounded reader over the SSH wire format (RFC 4251 §5: uint32-length-prefixed strings).
struct SshReader<'a> {
    data: &'a [u8],
}

impl<'a> SshReader<'a> {
    fn string(&mut self) -> Result<&'a [u8], KeyError> {
        let bad = || {
            KeyError::new(
                "ssh_format",
                "the OpenSSH key data is truncated or malformed",
            )
        };
        let len_bytes: [u8; 4] = self
            .data
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(bad)?;
        let len = usize::try_from(u32::from_be_bytes(len_bytes)).map_err(|_| bad())?;
        let end = len.checked_add(4).ok_or_else(bad)?;
        let s = self.data.get(4..end).ok_or_else(bad)?;
        self.data = self.data.get(end..).ok_or_else(bad)?;
        Ok(s)
    }
}

/// Reads an OpenSSH public-key line (`ssh-rsa AAAA… comment`).
pub(crate) fn import_ssh(line: &str) -> Result<Decoded, KeyError> {
    let mut words = line.split_ascii_whitespace();
    let kind = words.next().unwrap_or("");
    let blob = words
        .next()
        .ok_or_else(|| KeyError::new("ssh_format", "the OpenSSH line has no base64 key data"))?;
    match kind {
        "ssh-dss" => {
            return Err(KeyError::new(
                "unsupported_key_type",
                "this is an OpenSSH DSA key; JWS has no DSA algorithm",
            ))
        }
        "ssh-ed448" => {
            return Err(KeyError::new(
                "unsupported_curve",
                "this is an OpenSSH Ed448 key; jwt-doctor verifies EdDSA over Ed25519 only",
            ))
        }
        "sk-ssh-ed25519@openssh.com" => {
            return Err(KeyError::new(
                "unsupported_key_type",
                "this is an OpenSSH security-key (FIDO) key, not a plain Ed25519 key",
            ))
        }
        _ => {}
    }
    let data = BASE64.decode(blob.as_bytes()).map_err(|e| {
        KeyError::new(
            "ssh_format",
            format!("the OpenSSH key data is not valid base64: {e}"),
        )
    })?;
    let mut r = SshReader { data: &data };
    let inner = r.string()?;
    if inner != kind.as_bytes() {
        return Err(KeyError::new(
            "ssh_format",
            format!(
                "the OpenSSH line says {kind} but its data holds {}",
                String::from_utf8_lossy(inner)
            ),
        ));
    }
    let material = match kind {
        "ssh-rsa" => {
            let e = r.string()?;
            let n = r.string()?;
            super::rsa_from_be(n, e)?
        }
        "ssh-ed25519" => ed25519_public(r.string()?)?,
        _ => {
            let (curve, id) = match kind {
                "ecdsa-sha2-nistp256" => (Curve::P256, "nistp256"),
                "ecdsa-sha2-nistp384" => (Curve::P384, "nistp384"),
                _ => (Curve::P521, "nistp521"),
            };
            if r.string()? != id.as_bytes() {
                return Err(KeyError::new(
                    "ssh_format",
                    format!("the OpenSSH {kind} key names another curve"),
                ));
            }
            ec_point(curve, r.string()?)?
        }
    };
    Ok(Decoded::public(material))
}

/// Turns literal `\n` (and `\r\n`) sequences into line breaks.
pub(crate) fn unescape_newlines(text: &str) -> String {
    text.replace("\\r\\n", "\n")
        .replace("\\n", "\n")
        .replace("\\r", "\n")
}

/// Tries a text with no armor as base64 DER of a key (`missing_armor`).
///
/// `Err(None)`: not base64 of a key structure.
pub(crate) fn import_unarmored(text: &str) -> Result<Decoded, Option<KeyError>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    // Smallest key DER (Ed25519 SPKI) is 44 bytes: 60 base64 characters.
    if compact.len() < 56 || compact.len() > limits::MAX_KEY_BYTES {
        return Err(None);
    }
    let der = BASE64
        .decode(compact.as_bytes())
        .or_else(|_| BASE64URL.decode(compact.as_bytes()))
        .map_err(|_| None)?;
    import_der(&der)
}

/// The canonical SPKI DER of a public key.
pub(crate) fn spki_der(m: &Material) -> Option<Vec<u8>> {
    let (curve, point): (Option<Oid>, Vec<u8>) = match m {
        Material::Secret(_) => return None,
        Material::Rsa(_) => {
            let pkcs1 = pkcs1_der(m)?;
            return Some(spki_encode(RSA_ENCRYPTION, Some(&[tag::NULL, 0]), &pkcs1));
        }
        Material::Ec(k) => (
            Some(match k.curve() {
                Curve::P256 => P256,
                Curve::P384 => P384,
                Curve::P521 => P521,
            }),
            k.sec1().to_vec(),
        ),
        Material::Ed25519(k) => (None, k.as_bytes().to_vec()),
    };
    match curve {
        Some(c) => {
            let mut named_curve = Vec::new();
            write::tlv(&mut named_curve, tag::OID, c.as_bytes());
            Some(spki_encode(EC_PUBLIC_KEY, Some(&named_curve), &point))
        }
        None => Some(spki_encode(ED25519, None, &point)),
    }
}

/// `SubjectPublicKeyInfo` DER: the algorithm OID, its parameters (one encoded element, if any)
/// and the key bytes (a BIT STRING with no unused bits).
fn spki_encode(oid: Oid<'_>, parameters: Option<&[u8]>, key: &[u8]) -> Vec<u8> {
    let mut algorithm = Vec::new();
    write::tlv(&mut algorithm, tag::OID, oid.as_bytes());
    algorithm.extend_from_slice(parameters.unwrap_or_default());
    let mut body = Vec::with_capacity(key.len() + 32);
    write::tlv(&mut body, tag::SEQUENCE, &algorithm);
    write::bit_string(&mut body, key);
    let mut out = Vec::with_capacity(body.len() + 4);
    write::tlv(&mut out, tag::SEQUENCE, &body);
    out
}

/// The PKCS#1 DER of an RSA public key.
pub(crate) fn pkcs1_der(m: &Material) -> Option<Vec<u8>> {
    match m {
        Material::Rsa(k) => {
            let mut body = Vec::with_capacity(k.n_bytes().len() + k.e_bytes().len() + 8);
            write::unsigned(&mut body, k.n_bytes());
            write::unsigned(&mut body, k.e_bytes());
            let mut out = Vec::with_capacity(body.len() + 4);
            write::tlv(&mut out, tag::SEQUENCE, &body);
            Some(out)
        }
        _ => None,
    }
}

/// PEM text (LF line ends, trailing newline) of DER under `label`.
pub(crate) fn pem_text(label: &str, der: &[u8]) -> Option<String> {
    pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der).ok()
}

/// Raw uncompressed SEC1 points (`04‖x‖y`, as `DecodingKey::from_ec_der` takes them) of 65, 97
/// or 133 bytes that lie on P-256, P-384 or P-521. Random secret bytes pass the on-curve check
/// with negligible probability, so this never captures an HMAC secret. (A raw 32-byte Ed25519
/// key is not recognised: half of all 32-byte strings are valid points.)
pub(crate) fn import_raw_ec_point(bytes: &[u8]) -> Option<Decoded> {
    let curve = match (bytes.first(), bytes.len()) {
        (Some(4), 65) => Curve::P256,
        (Some(4), 97) => Curve::P384,
        (Some(4), 133) => Curve::P521,
        _ => return None,
    };
    ec_point(curve, bytes).ok().map(Decoded::public)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oid_constants() {
        for (oid, dotted) in [
            (RSA_ENCRYPTION, "1.2.840.113549.1.1.1"),
            (RSASSA_PSS, "1.2.840.113549.1.1.10"),
            (RSAES_OAEP, "1.2.840.113549.1.1.7"),
            (EC_PUBLIC_KEY, "1.2.840.10045.2.1"),
            (DSA, "1.2.840.10040.4.1"),
            (DH, "1.2.840.113549.1.3.1"),
            (X25519, "1.3.101.110"),
            (X448, "1.3.101.111"),
            (ED25519, "1.3.101.112"),
            (ED448, "1.3.101.113"),
            (ML_DSA_44, "2.16.840.1.101.3.4.3.17"),
            (ML_DSA_65, "2.16.840.1.101.3.4.3.18"),
            (ML_DSA_87, "2.16.840.1.101.3.4.3.19"),
            (P256, "1.2.840.10045.3.1.7"),
            (P384, "1.3.132.0.34"),
            (P521, "1.3.132.0.35"),
            (SECP256K1, "1.3.132.0.10"),
            (SECP192R1, "1.2.840.10045.3.1.1"),
            (SECP224R1, "1.3.132.0.33"),
        ] {
            assert_eq!(oid.dotted(), dotted);
            assert!(Oid::from_value(oid.as_bytes(), 0).is_ok(), "{dotted}");
        }
    }

    #[test]
    fn error_messages_say_what_and_where() {
        // RSAPublicKey { INTEGER 0x0001 (padded), INTEGER 3 }
        let e = rsa_public_pkcs1(&[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x03])
            .expect_err("non-minimal");
        assert_eq!(
            e.message,
            "the RSA public key is not valid PKCS#1 DER: the INTEGER at byte 2 is not minimally encoded"
        );
        let e = rsa_public_pkcs1(&[0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03, 1, 2, 3])
            .expect_err("trailing");
        assert_eq!(
            e.message,
            "the RSA public key is not valid PKCS#1 DER: 3 bytes follow the end of the RSAPublicKey at byte 8"
        );
        let e = rsa_public_pkcs1(&[0x30, 0x82]).expect_err("cut");
        assert_eq!(
            e.message,
            "the RSA public key is not valid PKCS#1 DER: input ends inside the length at byte 2"
        );
    }
}
