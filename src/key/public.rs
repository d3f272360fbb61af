//! Public-key structures: SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), PKCS#1 `RSAPublicKey`, the
//! public key of an X.509 certificate, read by `spki`, `pkcs1` and `der`; and the canonical
//! SPKI/PKCS#1 DER of a key, written by the same crates.
//!
//! What the crates leave to their caller is checked here: an rsaEncryption key's parameters
//! are NULL or absent, an RSASSA-PSS key's parameters are honoured (the key is pinned to the
//! one PS* algorithm they allow) or refused, an Ed25519 key has no parameters.

use der::asn1::{AnyRef, BitStringRef, IntRef, SequenceRef, UintRef};
use der::{Decode, DecodeValue, Encode, Header, Reader, Sequence, TagMode, TagNumber};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

use super::ec_key::{EcKey, PointError};
use super::{der as asn1, oid, Decoded, KeyError, KeyNote, Material};
use crate::alg::{Curve, Hash};

/// The key of a DER `SubjectPublicKeyInfo`.
///
/// # Errors
/// `der` with what is wrong, or the reason the key inside is refused.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn spki_der(der: &[u8]) -> Result<Decoded, KeyError> {
    let spki = SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|e| asn1::error("public key (SubjectPublicKeyInfo)", der, e))?;
    spki_key(&spki)
}

/// The key an SPKI carries.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn spki_key(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<Decoded, KeyError> {
    let bits = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| KeyError::new("der", "the public key BIT STRING has unused bits"))?;
    let algorithm = &spki.algorithm;
    match algorithm.oid {
        oid::RSA_ENCRYPTION | oid::RSASSA_PSS => {
            let pinned = rsa_parameters(algorithm)?;
            Ok(Decoded::public(rsa_public_der(bits)?).pinned(pinned))
        }
        oid::EC_PUBLIC_KEY => {
            let curve = oid::curve(algorithm.parameters_oid().ok())?;
            ec_point(curve, bits).map(Decoded::public)
        }
        oid::ED25519 => {
            ed25519_parameters(algorithm)?;
            ed25519_public(bits).map(Decoded::public)
        }
        other => Err(oid::unsupported_algorithm(&other)),
    }
}

/// The parameters of an RSA key's `AlgorithmIdentifier`, checked alike wherever the key comes
/// from (SPKI, certificate, PKCS#8): rsaEncryption's are NULL or absent (RFC 8017 A.1);
/// RSASSA-PSS's are absent (any PS* algorithm) or an `RSASSA-PSS-params` that pins the key to
/// the one PS* algorithm they allow (RFC 4055 §3.1), returned.
///
/// # Errors
/// `der` for parameters of the wrong form, `unsupported_key_type` for PSS parameters no JWS
/// algorithm uses.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn rsa_parameters(
    algorithm: &AlgorithmIdentifierRef<'_>,
) -> Result<Option<&'static str>, KeyError> {
    match (algorithm.oid, algorithm.parameters) {
        (_, None) => Ok(None),
        (oid::RSA_ENCRYPTION, Some(p)) if p.is_null() => Ok(None),
        (oid::RSA_ENCRYPTION, Some(_)) => Err(KeyError::new(
            "der",
            "the rsaEncryption parameters must be NULL or absent (RFC 8017 A.1)",
        )),
        (_, Some(p)) => pss_algorithm(p).map(Some),
    }
}

/// An Ed25519 key's `AlgorithmIdentifier` has no parameters (RFC 8410 §3).
///
/// # Errors
/// `der` when it has some.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn ed25519_parameters(algorithm: &AlgorithmIdentifierRef<'_>) -> Result<(), KeyError> {
    match algorithm.parameters {
        None => Ok(()),
        Some(_) => Err(KeyError::new(
            "der",
            "an Ed25519 key's AlgorithmIdentifier has no parameters (RFC 8410 §3)",
        )),
    }
}

/// The one JWS algorithm an RSASSA-PSS key's parameters (RFC 4055 §3.1) allow: PS256/384/512
/// when the hash is SHA-256/384/512, MGF1 uses the same hash, the salt is the hash length and
/// the trailer is 1.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn pss_algorithm(parameters: AnyRef<'_>) -> Result<&'static str, KeyError> {
    let refuse = |what: String| {
        KeyError::new(
            "unsupported_key_type",
            format!("this RSASSA-PSS key is restricted to {what}, which no JWS algorithm uses (PS256/384/512 use MGF1 with the same SHA-2 and a salt of the hash length)"),
        )
    };
    if parameters.is_null() {
        return Err(KeyError::new(
            "der",
            "the RSASSA-PSS parameters are absent or an RSASSA-PSS-params SEQUENCE (RFC 4055 §3.1), not NULL",
        ));
    }
    let params: pkcs1::RsaPssParamsOwned = parameters
        .decode_as()
        .map_err(|e| asn1::error("RSASSA-PSS key parameters", parameters.value(), e))?;
    // A hash AlgorithmIdentifier's parameters are NULL or absent (RFC 4055 §2.1).
    let hash_params_ok = |p: &Option<der::asn1::Any>| p.as_ref().is_none_or(|p| p.is_null());
    let mgf_hash_params = params.mask_gen.parameters.as_ref().map(|h| &h.parameters);
    if !hash_params_ok(&params.hash.parameters) || !mgf_hash_params.is_none_or(hash_params_ok) {
        return Err(KeyError::new(
            "der",
            "the RSASSA-PSS parameters' hash algorithm has parameters other than NULL (RFC 4055 §2.1)",
        ));
    }
    let hash = oid::hash(params.hash.oid).map_err(refuse)?;
    let mgf_hash = params
        .mask_gen
        .parameters
        .as_ref()
        .filter(|_| params.mask_gen.oid == oid::MGF1)
        .ok_or_else(|| refuse("a mask generation function other than MGF1".to_string()))
        .and_then(|h| oid::hash(h.oid).map_err(|name| refuse(format!("MGF1 with {name}"))))?;
    if mgf_hash != hash {
        return Err(refuse(
            "MGF1 with another hash than the message's".to_string(),
        ));
    }
    if usize::from(params.salt_len) != hash.output_len() {
        return Err(refuse(format!("a salt of {} bytes", params.salt_len)));
    }
    Ok(match hash {
        Hash::Sha256 => "PS256",
        Hash::Sha384 => "PS384",
        Hash::Sha512 => "PS512",
    })
}

/// The key of a DER PKCS#1 `RSAPublicKey`.
///
/// # Errors
/// `der` with what is wrong, or why the key is refused.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn rsa_public_der(der: &[u8]) -> Result<Material, KeyError> {
    let k = pkcs1::RsaPublicKeyRef::from_der(der)
        .map_err(|e| asn1::error("RSA public key (PKCS#1)", der, e))?;
    rsa_key(&k)
}

/// The key of a decoded `RSAPublicKey`.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn rsa_key(k: &pkcs1::RsaPublicKeyRef<'_>) -> Result<Material, KeyError> {
    super::rsa_from_be(k.modulus.as_bytes(), k.public_exponent.as_bytes())
}

/// Builds EC material from a SEC 1 point on `curve`.
///
/// # Errors
/// `point_not_on_curve`, naming the compact `05‖x` form when it is that.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn ec_point(curve: Curve, point: &[u8]) -> Result<Material, KeyError> {
    EcKey::from_sec1(curve, point)
        .map(Material::Ec)
        .map_err(|e| match e {
            PointError::Compact => KeyError::new(
                "point_not_on_curve",
                format!("the public point uses the non-standard compact form (05‖x), which does not say which of two points on {} it is; use the uncompressed (04) or compressed (02/03) form", curve.name()),
            ),
            PointError::Invalid => KeyError::new(
                "point_not_on_curve",
                format!("the public point is not a valid point on {}", curve.name()),
            ),
        })
}

/// An Ed25519 public key of 32 bytes, refused when it is of small order (anyone can sign for
/// it: a signature whose `R` is a small-order point and `S` = 0 verifies under it for any
/// message with a cofactorless check, as OpenSSL's) or not canonically encoded (`y` ≥ p, or a
/// "negative zero" `x`: two byte strings for one key, which verifiers decode differently). Every
/// form of an Ed25519 key (SPKI, JWK, OpenSSH, certificate) is read here, so every path refuses
/// the same keys.
///
/// # Errors
/// `der` for another length, `point_not_on_curve` for bytes that are no point,
/// `ed25519_small_order`, `ed25519_non_canonical`.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn ed25519_public(bytes: &[u8]) -> Result<Material, KeyError> {
    let arr: &[u8; 32] = bytes.try_into().map_err(|_| {
        KeyError::new(
            "der",
            format!("an Ed25519 public key has 32 bytes, not {}", bytes.len()),
        )
    })?;
    let key = ed25519_dalek::VerifyingKey::from_bytes(arr).map_err(|_| {
        KeyError::new(
            "point_not_on_curve",
            "the Ed25519 public key is not a valid curve point",
        )
    })?;
    if key.is_weak() {
        return Err(KeyError::new(
            "ed25519_small_order",
            "the Ed25519 public key is a point of small order: anyone can make a signature that verifies under it, so it can sign nothing",
        ));
    }
    if key.to_edwards().compress().as_bytes() != arr {
        return Err(KeyError::new(
            "ed25519_non_canonical",
            "the Ed25519 public key is not canonically encoded (its y coordinate is not reduced, or its x is a negative zero): it names a point by bytes no signer produces",
        ));
    }
    Ok(Material::Ed25519(key))
}

/// `Certificate` with its `TBSCertificate` read field by field with `der`'s types, the names,
/// validity and extensions only as `SEQUENCE`s (decoding them in full with `x509-cert` would
/// read much that a verifier does not use). The version is v1, v2 or v3.
struct CertificateOutline<'a> {
    spki: SubjectPublicKeyInfoRef<'a>,
}

impl<'a> DecodeValue<'a> for CertificateOutline<'a> {
    type Error = der::Error;
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        let tbs: TbsCertificateOutline<'a> = reader.decode()?;
        let _signature_algorithm: AlgorithmIdentifierRef<'a> = reader.decode()?;
        let _signature: BitStringRef<'a> = reader.decode()?;
        Ok(CertificateOutline { spki: tbs.spki })
    }
}
impl Sequence<'_> for CertificateOutline<'_> {}

struct TbsCertificateOutline<'a> {
    spki: SubjectPublicKeyInfoRef<'a>,
}

impl<'a> DecodeValue<'a> for TbsCertificateOutline<'a> {
    type Error = der::Error;
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        let version: Option<u8> = reader.context_specific(TagNumber(0), TagMode::Explicit)?;
        if version.is_some_and(|v| v > 2) {
            return Err(reader.error(der::Tag::Integer.value_error()));
        }
        let _serial_number: IntRef<'a> = reader.decode()?;
        let _signature: AlgorithmIdentifierRef<'a> = reader.decode()?;
        let _issuer: &'a SequenceRef = reader.decode()?;
        let _validity: &'a SequenceRef = reader.decode()?;
        let _subject: &'a SequenceRef = reader.decode()?;
        let spki: SubjectPublicKeyInfoRef<'a> = reader.decode()?;
        let _issuer_unique_id: Option<BitStringRef<'a>> =
            reader.context_specific(TagNumber(1), TagMode::Implicit)?;
        let _subject_unique_id: Option<BitStringRef<'a>> =
            reader.context_specific(TagNumber(2), TagMode::Implicit)?;
        let _extensions: Option<&'a SequenceRef> =
            reader.context_specific(TagNumber(3), TagMode::Explicit)?;
        Ok(TbsCertificateOutline { spki })
    }
}
impl Sequence<'_> for TbsCertificateOutline<'_> {}

/// The public key of a DER X.509 certificate.
///
/// # Errors
/// The `der` error of the outline.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn certificate_spki(der: &[u8]) -> Result<SubjectPublicKeyInfoRef<'_>, der::Error> {
    CertificateOutline::from_der(der).map(|c| c.spki)
}

/// The key of a DER X.509 certificate.
///
/// # Errors
/// `der` with what is wrong, or the reason the key inside is refused.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn certificate_der(der: &[u8]) -> Result<Decoded, KeyError> {
    let spki = certificate_spki(der).map_err(|e| asn1::error("certificate (X.509)", der, e))?;
    certificate_key(&spki)
}

/// The key of a certificate's SPKI, noted as from a certificate.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn certificate_key(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<Decoded, KeyError> {
    let mut d = spki_key(spki)?;
    d.notes.push(KeyNote::Certificate);
    Ok(d)
}

/// The canonical SPKI DER of a public key (`None` for a secret).
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn to_spki_der(m: &Material) -> Option<Vec<u8>> {
    let pkcs1;
    let curve;
    let (algorithm, key): (AlgorithmIdentifierRef<'_>, &[u8]) = match m {
        Material::Secret(_) => return None,
        Material::Rsa(_) => {
            pkcs1 = to_pkcs1_der(m)?;
            let alg = AlgorithmIdentifierRef {
                oid: oid::RSA_ENCRYPTION,
                parameters: Some(AnyRef::NULL),
            };
            (alg, &pkcs1)
        }
        Material::Ec(k) => {
            curve = oid::of_curve(k.curve());
            let alg = AlgorithmIdentifierRef {
                oid: oid::EC_PUBLIC_KEY,
                parameters: Some(AnyRef::from(&curve)),
            };
            (alg, k.sec1())
        }
        Material::Ed25519(k) => {
            let alg = AlgorithmIdentifierRef {
                oid: oid::ED25519,
                parameters: None,
            };
            (alg, k.as_bytes())
        }
    };
    SubjectPublicKeyInfoRef {
        algorithm,
        subject_public_key: BitStringRef::from_bytes(key).ok()?,
    }
    .to_der()
    .ok()
}

/// The PKCS#1 DER of an RSA public key.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn to_pkcs1_der(m: &Material) -> Option<Vec<u8>> {
    let Material::Rsa(k) = m else {
        return None;
    };
    pkcs1::RsaPublicKeyRef {
        modulus: UintRef::new(k.n_bytes()).ok()?,
        public_exponent: UintRef::new(k.e_bytes()).ok()?,
    }
    .to_der()
    .ok()
}

/// Raw uncompressed SEC 1 points (`04‖x‖y`, as `DecodingKey::from_ec_der` takes them) of 65, 97
/// or 133 bytes that lie on P-256, P-384 or P-521. Random secret bytes pass the on-curve check
/// with negligible probability, so this never captures an HMAC secret. (A raw 32-byte Ed25519
/// key is not recognised: half of all 32-byte strings are valid points.)
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn raw_ec_point(bytes: &[u8]) -> Option<Decoded> {
    let curve = match (bytes.first(), bytes.len()) {
        (Some(4), 65) => Curve::P256,
        (Some(4), 97) => Curve::P384,
        (Some(4), 133) => Curve::P521,
        _ => return None,
    };
    ec_point(curve, bytes).ok().map(Decoded::public)
}
