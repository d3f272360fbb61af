//! PEM, DER and OpenSSH public-key import.
//!
//! DER structures are read with the RustCrypto format crates (`spki`, `pkcs1`, `pkcs8`, `sec1`,
//! and `der`'s own types for the outline of an X.509 certificate); only the PEM armor (to be
//! lenient about junk, indentation and line lengths) and the OpenSSH wire format (no format
//! crate in our dependency set) are read by hand, both with bounded, index-checked readers.

use crate::alg::Curve;
use base64::Engine as _;
use der::asn1::{BitStringRef, IntRef, ObjectIdentifier as Oid, OctetStringRef, SequenceRef};
use der::{Decode, DecodeValue, Encode, Header, Reader, Sequence, TagMode, TagNumber};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};

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

const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
const RSAES_OAEP: Oid = Oid::new_unwrap("1.2.840.113549.1.1.7");
const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
const DSA: Oid = Oid::new_unwrap("1.2.840.10040.4.1");
const DH: Oid = Oid::new_unwrap("1.2.840.113549.1.3.1");
const X25519: Oid = Oid::new_unwrap("1.3.101.110");
const X448: Oid = Oid::new_unwrap("1.3.101.111");
const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
const ED448: Oid = Oid::new_unwrap("1.3.101.113");
const ML_DSA_44: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.17");
const ML_DSA_65: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.18");
const ML_DSA_87: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.3.19");
const P256: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");
const P384: Oid = Oid::new_unwrap("1.3.132.0.34");
const P521: Oid = Oid::new_unwrap("1.3.132.0.35");
const SECP256K1: Oid = Oid::new_unwrap("1.3.132.0.10");
const SECP192R1: Oid = Oid::new_unwrap("1.2.840.10045.3.1.1");
const SECP224R1: Oid = Oid::new_unwrap("1.3.132.0.33");
const PKCS5_PBES2: Oid = Oid::new_unwrap("1.2.840.113549.1.5.13");

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

/// Reads an SPKI (`PUBLIC KEY`) structure.
pub(crate) fn import_spki(der: &[u8]) -> Result<Decoded, KeyError> {
    let spki = SubjectPublicKeyInfoRef::from_der(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the public key is not a valid SubjectPublicKeyInfo: {e}"),
        )
    })?;
    spki_material(&spki).map(Decoded::public)
}

/// The key an SPKI carries.
fn spki_material(spki: &SubjectPublicKeyInfoRef<'_>) -> Result<Material, KeyError> {
    let bits = spki
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| KeyError::new("der", "the public key bit string has unused bits"))?;
    let oid = spki.algorithm.oid;
    match oid {
        RSA_ENCRYPTION | RSASSA_PSS => rsa_public_pkcs1(bits),
        EC_PUBLIC_KEY => {
            let curve = ec_curve(spki.algorithm.parameters_oid().ok())?;
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

/// Reads a PKCS#1 `RSAPublicKey`.
pub(crate) fn rsa_public_pkcs1(der: &[u8]) -> Result<Material, KeyError> {
    let k = pkcs1::RsaPublicKeyRef::from_der(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the RSA public key is not valid PKCS#1 DER: {e}"),
        )
    })?;
    super::rsa_from_be(k.modulus.as_bytes(), k.public_exponent.as_bytes())
}

/// Reads a PKCS#1 `RSAPrivateKey` (public half only).
fn rsa_private_pkcs1(der: &[u8]) -> Result<Material, KeyError> {
    let k = pkcs1::RsaPrivateKeyRef::from_der(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the RSA private key is not valid PKCS#1 DER: {e}"),
        )
    })?;
    super::rsa_from_be(k.modulus.as_bytes(), k.public_exponent.as_bytes())
}

/// Reads a SEC1 `ECPrivateKey` (public half), with the curve from the outer PKCS#8 if any.
fn ec_private_sec1(der: &[u8], outer_curve: Option<Oid>) -> Result<Material, KeyError> {
    let k = sec1::EcPrivateKey::from_der(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the EC private key is not valid SEC1 DER: {e}"),
        )
    })?;
    let curve = ec_curve(outer_curve.or_else(|| k.parameters.and_then(|p| p.named_curve())))?;
    match k.public_key {
        Some(point) => ec_point(curve, point),
        None => ec_from_scalar(curve, k.private_key),
    }
}

/// Reads a PKCS#8 `PrivateKeyInfo` (public half).
fn import_pkcs8(der: &[u8]) -> Result<Decoded, KeyError> {
    let pki = pkcs8::PrivateKeyInfoRef::from_der(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the private key is not valid PKCS#8 DER: {e}"),
        )
    })?;
    let oid = pki.algorithm.oid;
    let material = match oid {
        RSA_ENCRYPTION | RSASSA_PSS => rsa_private_pkcs1(pki.private_key.as_bytes())?,
        EC_PUBLIC_KEY => ec_private_sec1(
            pki.private_key.as_bytes(),
            pki.algorithm.parameters_oid().ok(),
        )?,
        ED25519 => {
            let sk = ed25519_dalek::SigningKey::try_from(pki)
                .map_err(|_| KeyError::new("der", "the Ed25519 private key is not valid PKCS#8"))?;
            Material::Ed25519(sk.verifying_key())
        }
        _ => return Err(unsupported_algorithm(&oid)),
    };
    Ok(Decoded::private(material, "PKCS#8"))
}

/// An X.509 `Certificate` (RFC 5280 §4.1), decoded only as far as its public key.
///
/// Every field of `Certificate` and `TBSCertificate` is decoded in order with `der`'s types, but
/// the names, the validity and the extensions only as `SEQUENCE`s whose contents are never read
/// here: decoding them in full (`x509-cert`) made ~60 KB of the wasm module, most of it the
/// sorting and comparison of `Name` attributes.
struct CertificateOutline<'a> {
    subject_public_key_info: SubjectPublicKeyInfoRef<'a>,
}

impl<'a> DecodeValue<'a> for CertificateOutline<'a> {
    type Error = der::Error;
    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        let tbs: TbsCertificateOutline<'a> = reader.decode()?;
        let _signature_algorithm: AlgorithmIdentifierRef<'a> = reader.decode()?;
        let _signature: BitStringRef<'a> = reader.decode()?;
        Ok(CertificateOutline {
            subject_public_key_info: tbs.subject_public_key_info,
        })
    }
}
impl Sequence<'_> for CertificateOutline<'_> {}

/// `TBSCertificate`, keeping only its public key.
struct TbsCertificateOutline<'a> {
    subject_public_key_info: SubjectPublicKeyInfoRef<'a>,
}

impl<'a> DecodeValue<'a> for TbsCertificateOutline<'a> {
    type Error = der::Error;
    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        // version [0] EXPLICIT Version DEFAULT v1: v1, v2 or v3 (0, 1, 2), as x509-cert checks.
        let version: Option<u8> = reader.context_specific(TagNumber(0), TagMode::Explicit)?;
        if version.is_some_and(|v| v > 2) {
            return Err(der::Tag::Integer.value_error().into());
        }
        let _serial_number: IntRef<'a> = reader.decode()?;
        let _signature: AlgorithmIdentifierRef<'a> = reader.decode()?;
        let _issuer: &'a SequenceRef = reader.decode()?;
        let _validity: &'a SequenceRef = reader.decode()?;
        let _subject: &'a SequenceRef = reader.decode()?;
        let subject_public_key_info: SubjectPublicKeyInfoRef<'a> = reader.decode()?;
        let _issuer_unique_id: Option<BitStringRef<'a>> =
            reader.context_specific(TagNumber(1), TagMode::Implicit)?;
        let _subject_unique_id: Option<BitStringRef<'a>> =
            reader.context_specific(TagNumber(2), TagMode::Implicit)?;
        let _extensions: Option<&'a SequenceRef> =
            reader.context_specific(TagNumber(3), TagMode::Explicit)?;
        Ok(TbsCertificateOutline {
            subject_public_key_info,
        })
    }
}
impl Sequence<'_> for TbsCertificateOutline<'_> {}

/// Reads an X.509 certificate's public key.
fn import_certificate(der: &[u8]) -> Result<Decoded, KeyError> {
    let cert = CertificateOutline::from_der(der).map_err(|e| {
        KeyError::new(
            "der",
            format!("the certificate is not valid X.509 DER: {e}"),
        )
    })?;
    let mut d = Decoded::public(spki_material(&cert.subject_public_key_info)?);
    d.notes.push(KeyNote::Certificate);
    Ok(d)
}

/// PKCS#8 `EncryptedPrivateKeyInfo`: only recognised, to say so.
struct EncryptedPki;

impl<'a> DecodeValue<'a> for EncryptedPki {
    type Error = der::Error;
    fn decode_value<R: Reader<'a>>(reader: &mut R, _header: Header) -> der::Result<Self> {
        let alg: AlgorithmIdentifierRef<'a> = reader.decode()?;
        let _data: &'a OctetStringRef = reader.decode()?;
        // PBES2 or a PKCS#12 PBE scheme (1.2.840.113549.1.12.1.*).
        let s = alg.oid.to_string();
        if alg.oid == PKCS5_PBES2
            || s.starts_with("1.2.840.113549.1.12.1.")
            || s.starts_with("1.2.840.113549.1.5.")
        {
            Ok(EncryptedPki)
        } else {
            Err(der::Tag::Sequence.value_error().into())
        }
    }
}
impl Sequence<'_> for EncryptedPki {}

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
    if der.first() != Some(&0x30) {
        return Err(None);
    }
    if SubjectPublicKeyInfoRef::from_der(der).is_ok() {
        return import_spki(der).map_err(Some);
    }
    if pkcs8::PrivateKeyInfoRef::from_der(der).is_ok() {
        return import_pkcs8(der).map_err(Some);
    }
    if pkcs1::RsaPublicKeyRef::from_der(der).is_ok() {
        return rsa_public_pkcs1(der).map(Decoded::public).map_err(Some);
    }
    if pkcs1::RsaPrivateKeyRef::from_der(der).is_ok() {
        return rsa_private_pkcs1(der)
            .map(|m| Decoded::private(m, "PKCS#1 RSA PRIVATE KEY"))
            .map_err(Some);
    }
    if sec1::EcPrivateKey::from_der(der).is_ok() {
        return ec_private_sec1(der, None)
            .map(|m| Decoded::private(m, "SEC1 EC PRIVATE KEY"))
            .map_err(Some);
    }
    if EncryptedPki::from_der(der).is_ok() {
        return Err(Some(encrypted_error()));
    }
    if CertificateOutline::from_der(der).is_ok() {
        return import_certificate(der).map_err(Some);
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
            let info = spki::SubjectPublicKeyInfoRef {
                algorithm: pkcs1::ALGORITHM_ID,
                subject_public_key: der::asn1::BitStringRef::new(0, &pkcs1).ok()?,
            };
            return info.to_der().ok();
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
    let algorithm = match &curve {
        Some(c) => spki::AlgorithmIdentifierRef {
            oid: EC_PUBLIC_KEY,
            parameters: Some(der::asn1::AnyRef::from(c)),
        },
        None => spki::AlgorithmIdentifierRef {
            oid: ED25519,
            parameters: None,
        },
    };
    let info = spki::SubjectPublicKeyInfoRef {
        algorithm,
        subject_public_key: der::asn1::BitStringRef::new(0, &point).ok()?,
    };
    info.to_der().ok()
}

/// The PKCS#1 DER of an RSA public key.
pub(crate) fn pkcs1_der(m: &Material) -> Option<Vec<u8>> {
    match m {
        Material::Rsa(k) => pkcs1::RsaPublicKeyRef {
            modulus: der::asn1::UintRef::new(k.n_bytes()).ok()?,
            public_exponent: der::asn1::UintRef::new(k.e_bytes()).ok()?,
        }
        .to_der()
        .ok(),
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
