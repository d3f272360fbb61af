//! Private-key structures, of which jwt-doctor uses the public half (with a
//! `private_key_supplied` warning): PKCS#8 v1/v2 (RFC 5958), PKCS#1 `RSAPrivateKey`, SEC1
//! `ECPrivateKey` (RFC 5915), read by `pkcs8`, `pkcs1`, `sec1`; Ed25519 seeds by ed25519-dalek.
//!
//! A private key that also carries its public key must carry the right one: an EC public key
//! is checked against `d·G`, an Ed25519 one against the seed's (by ed25519-dalek), so a file
//! assembled from two keys is refused rather than verifying with the half that was not meant.

use der::asn1::ObjectIdentifier;
use der::{Decode, DecodeValue, Header, Reader, Sequence};
use spki::AlgorithmIdentifierRef;

use super::ec_key::EcKey;
use super::public::{ec_point, ed25519_parameters, rsa_parameters};
use super::{der as asn1, oid, Decoded, KeyError, Material};

const PKCS8: &str = "PKCS#8";
const PKCS1: &str = "PKCS#1 RSA PRIVATE KEY";
const SEC1: &str = "SEC1 EC PRIVATE KEY";

/// The key of a DER PKCS#8 private key.
///
/// # Errors
/// `der` with what is wrong, or the reason the key inside is refused.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn pkcs8_der(der: &[u8]) -> Result<Decoded, KeyError> {
    let pki = pkcs8::PrivateKeyInfoRef::from_der(der)
        .map_err(|e| asn1::error("private key (PKCS#8)", der, e))?;
    pkcs8_key(&pki)
}

/// The public half of a decoded PKCS#8 private key.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn pkcs8_key(pki: &pkcs8::PrivateKeyInfoRef<'_>) -> Result<Decoded, KeyError> {
    let algorithm = pki.algorithm;
    let inner = pki.private_key.as_bytes();
    let mut decoded = match algorithm.oid {
        oid::RSA_ENCRYPTION | oid::RSASSA_PSS => {
            let pinned = rsa_parameters(&algorithm)?;
            let k = pkcs1::RsaPrivateKeyRef::from_der(inner)
                .map_err(|e| asn1::error("RSA private key (PKCS#1) inside the PKCS#8", inner, e))?;
            rsa_key(&k)?.pinned(pinned)
        }
        oid::EC_PUBLIC_KEY => {
            // namedCurve (RFC 5480 §2.1.1), or absent to take the SEC1 key's own
            let outer = match algorithm.parameters {
                None => None,
                Some(_) => Some(algorithm.parameters_oid().map_err(|_| {
                    KeyError::new(
                        "der",
                        "the PKCS#8 EC key's AlgorithmIdentifier parameters must name a curve (RFC 5480 §2.1.1)",
                    )
                })?),
            };
            let k = sec1::EcPrivateKey::from_der(inner)
                .map_err(|e| asn1::error("EC private key (SEC1) inside the PKCS#8", inner, e))?;
            sec1_key(&k, outer)?
        }
        oid::ED25519 => ed25519_key(pki)?,
        other => return Err(oid::unsupported_algorithm(&other)),
    };
    // A v2 key's own public key must be the one the private key has.
    if let Some(bits) = &pki.public_key {
        let given = bits.as_bytes().ok_or_else(|| {
            KeyError::new("der", "the PKCS#8 public key BIT STRING has unused bits")
        })?;
        let same = match &decoded.material {
            Material::Ec(derived) => {
                matches!(ec_point(derived.curve(), given)?, Material::Ec(k) if &k == derived)
            }
            Material::Rsa(k) => pkcs1::RsaPublicKeyRef::from_der(given).is_ok_and(|p| {
                p.modulus.as_bytes() == k.n_bytes() && p.public_exponent.as_bytes() == k.e_bytes()
            }),
            // ed25519-dalek compared it with the seed's
            _ => true,
        };
        if !same {
            return Err(mismatch(PKCS8, given.len()));
        }
    }
    // the PKCS#8 is what was given, whatever PKCS#1/SEC1 structure it wraps
    for note in &mut decoded.notes {
        if let super::KeyNote::PrivateKey { format } = note {
            *format = PKCS8;
        }
    }
    Ok(decoded)
}

/// The public half of a PKCS#1 `RSAPrivateKey`: its modulus and public exponent.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn rsa_key(k: &pkcs1::RsaPrivateKeyRef<'_>) -> Result<Decoded, KeyError> {
    super::rsa_from_be(k.modulus.as_bytes(), k.public_exponent.as_bytes())
        .map(|m| Decoded::private(m, PKCS1))
}

/// The key of a DER PKCS#1 `RSAPrivateKey`.
///
/// # Errors
/// `der` with what is wrong, or why the key is refused.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn rsa_der(der: &[u8]) -> Result<Decoded, KeyError> {
    let k = pkcs1::RsaPrivateKeyRef::from_der(der)
        .map_err(|e| asn1::error("RSA private key (PKCS#1)", der, e))?;
    rsa_key(&k)
}

/// The public half of a SEC1 `ECPrivateKey`, on the curve the outer PKCS#8 names or else its
/// own `[0]` parameters: `d·G`, and the `[1]` public key if present must be that point.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn sec1_key(
    k: &sec1::EcPrivateKey<'_>,
    outer_curve: Option<ObjectIdentifier>,
) -> Result<Decoded, KeyError> {
    let named = k.parameters.and_then(|p| p.named_curve());
    if let (Some(outer), Some(inner)) = (outer_curve, named) {
        if outer != inner {
            return Err(KeyError::new(
                "der",
                format!("the PKCS#8 names the curve {outer} but the EC private key inside names {inner}"),
            ));
        }
    }
    let curve = oid::curve(outer_curve.or(named))?;
    let derived = EcKey::from_scalar(curve, k.private_key).ok_or_else(|| {
        KeyError::new(
            "der",
            format!(
                "the EC private key's scalar ({} bytes) is not a valid {} private key (it must be in [1, n − 1])",
                k.private_key.len(),
                curve.name()
            ),
        )
    })?;
    if let Some(point) = k.public_key {
        match ec_point(curve, point)? {
            Material::Ec(given) if given == derived => {}
            _ => return Err(mismatch(SEC1, point.len())),
        }
    }
    Ok(Decoded::private(Material::Ec(derived), SEC1))
}

/// The key of a DER SEC1 `ECPrivateKey`.
///
/// # Errors
/// `der` with what is wrong, or why the key is refused.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn sec1_der(der: &[u8]) -> Result<Decoded, KeyError> {
    let k = sec1::EcPrivateKey::from_der(der)
        .map_err(|e| asn1::error("EC private key (SEC1)", der, e))?;
    sec1_key(&k, None)
}

/// The public key of an Ed25519 PKCS#8 private key, by ed25519-dalek (RFC 8410 §7: the seed in
/// a `CurvePrivateKey`, no parameters, a v2 public key checked against the seed's).
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn ed25519_key(pki: &pkcs8::PrivateKeyInfoRef<'_>) -> Result<Decoded, KeyError> {
    ed25519_parameters(&pki.algorithm)?;
    let key = ed25519_dalek::SigningKey::try_from(pki.clone()).map_err(|_| {
        if pki.public_key.is_some() {
            KeyError::new(
                "key_pair_mismatch",
                "the Ed25519 private key is not valid PKCS#8, or its public key is not the one of its seed",
            )
        } else {
            KeyError::new("der", "the Ed25519 private key is not valid PKCS#8 (RFC 8410)")
        }
    })?;
    Ok(Decoded::private(
        Material::Ed25519(key.verifying_key()),
        PKCS8,
    ))
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn mismatch(format: &str, len: usize) -> KeyError {
    KeyError::new(
        "key_pair_mismatch",
        format!("the {format} private key carries a public key ({len} bytes) that is not the one of its private scalar: the file was assembled from two keys or corrupted"),
    )
}

/// PKCS#8 `EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }` with a
/// PKCS#5 (PBES2, …: 1.2.840.113549.1.5.*) or PKCS#12 PBE (1.2.840.113549.1.12.1.*) scheme:
/// only recognised, to say so.
struct EncryptedPki;

impl<'a> DecodeValue<'a> for EncryptedPki {
    type Error = der::Error;
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        let alg: AlgorithmIdentifierRef<'a> = reader.decode()?;
        let _data: &'a der::asn1::OctetStringRef = reader.decode()?;
        let arcs: Vec<u32> = alg.oid.arcs().collect();
        let under = |prefix: &[u32]| arcs.len() > prefix.len() && arcs.starts_with(prefix);
        if under(&[1, 2, 840, 113_549, 1, 5]) || under(&[1, 2, 840, 113_549, 1, 12, 1]) {
            Ok(EncryptedPki)
        } else {
            Err(reader.error(der::Tag::Sequence.value_error()))
        }
    }
}
impl Sequence<'_> for EncryptedPki {}

/// Whether DER is a password-encrypted PKCS#8 private key.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn is_encrypted_pkcs8(der: &[u8]) -> bool {
    EncryptedPki::from_der(der).is_ok()
}
