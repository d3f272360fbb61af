//! Key import: every format users paste, turned into verification keys once.
//!
//! `import_key` takes the `key` option (PEM, JWK JSON, SSH line, DER, or an HMAC secret),
//! `import_jwks` a JWK Set. Both return [`Key`]s with the notes the diagnosis needs
//! (private key supplied, repaired PEM, certificate) and the public-key byte forms an attacker
//! would use as an HMAC secret in an algorithm-confusion forgery.

pub mod cache;
pub mod cert_map;
mod der;
pub mod describe;
pub mod ec_key;
mod forms;
pub mod jwk;
mod oid;
mod pem;
mod private;
mod public;
pub mod rsa_key;
pub mod secret;
mod ssh;
pub mod thumbprint;

use crate::alg::Curve;
pub use forms::Form;

/// The verification material of one key.
#[derive(Clone, Debug)]
pub enum Material {
    /// An HMAC secret (raw bytes, after `secretEncoding` was applied).
    Secret(Vec<u8>),
    /// An RSA public key.
    Rsa(Box<rsa_key::RsaKey>),
    /// A P-256, P-384 or P-521 public key.
    Ec(ec_key::EcKey),
    /// An Ed25519 public key.
    Ed25519(ed25519_dalek::VerifyingKey),
}

/// The family of a key, as the algorithm table names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    /// Symmetric secret (JWK `oct`).
    Oct,
    /// RSA.
    Rsa,
    /// Elliptic curve (JWK `EC`) on the given curve.
    Ec(Curve),
    /// Ed25519 (JWK `OKP`).
    Okp,
}

impl KeyKind {
    /// Human wording: "RSA key", "P-256 EC key", "HMAC secret", "Ed25519 key".
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn describe(self) -> &'static str {
        match self {
            KeyKind::Oct => "HMAC secret",
            KeyKind::Rsa => "RSA key",
            KeyKind::Ec(Curve::P256) => "P-256 EC key",
            KeyKind::Ec(Curve::P384) => "P-384 EC key",
            KeyKind::Ec(Curve::P521) => "P-521 EC key",
            KeyKind::Okp => "Ed25519 key",
        }
    }
}

impl Material {
    /// The family of this key.
    pub fn kind(&self) -> KeyKind {
        match self {
            Material::Secret(_) => KeyKind::Oct,
            Material::Rsa(_) => KeyKind::Rsa,
            Material::Ec(k) => KeyKind::Ec(k.curve()),
            Material::Ed25519(_) => KeyKind::Okp,
        }
    }
}

/// A key read from PEM, DER or an SSH line: what verifies, and how it was read.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub material: Material,
    pub notes: Vec<KeyNote>,
    /// The one algorithm the key's own structure allows (an RSASSA-PSS key's parameters).
    pub alg: Option<&'static str>,
}

impl Decoded {
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub(crate) fn public(material: Material) -> Self {
        Decoded {
            material,
            notes: Vec::new(),
            alg: None,
        }
    }
    /// Pinned to the one algorithm an RSASSA-PSS key's parameters allow, if they do.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub(crate) fn pinned(mut self, alg: Option<&'static str>) -> Self {
        if alg.is_some() {
            self.alg = alg;
            self.notes.push(KeyNote::PssParameters);
        }
        self
    }
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub(crate) fn private(material: Material, format: &'static str) -> Self {
        Decoded {
            material,
            notes: vec![KeyNote::PrivateKey { format }],
            alg: None,
        }
    }
}

/// Why a PEM/key text was repaired before it parsed (`key_repaired` → `detail.reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repair {
    /// Literal `\n` sequences (an environment variable) turned into line breaks.
    EscapedNewlines,
    /// Base64 DER without `-----BEGIN …-----` / `-----END …-----` lines.
    MissingArmor,
    /// An OpenSSH public key line (`ssh-rsa`, `ecdsa-sha2-nistp*`, `ssh-ed25519`).
    OpenSsh,
}

impl Repair {
    /// The `detail.reason` string.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn as_str(self) -> &'static str {
        match self {
            Repair::EscapedNewlines => "escaped_newlines",
            Repair::MissingArmor => "missing_armor",
            Repair::OpenSsh => "openssh",
        }
    }
}

/// A fact about how a key was read, turned into a finding by the diagnosis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyNote {
    /// A private key was given; its public half is used (`private_key_supplied`).
    /// `format` names what was seen: "PKCS#8", "PKCS#1 RSA PRIVATE KEY", "SEC1 EC PRIVATE KEY",
    /// "JWK with d".
    PrivateKey {
        /// The format that was recognised.
        format: &'static str,
    },
    /// The text was repaired before it parsed (`key_repaired`).
    Repaired(Repair),
    /// The key came from an X.509 certificate (accepted silently; kept for the report).
    Certificate,
    /// An RSASSA-PSS key whose parameters pin it to the one PS* algorithm in [`Key::alg`].
    PssParameters,
}

/// One imported key.
#[derive(Clone, Debug)]
pub struct Key {
    /// What verifies.
    pub material: Material,
    /// JWK `kid`, when the key came from a JWK.
    pub kid: Option<String>,
    /// JWK `alg`, when present.
    pub alg: Option<String>,
    /// JWK `use`, when present.
    pub key_use: Option<String>,
    /// JWK `key_ops`, when present.
    pub key_ops: Option<Vec<String>>,
    /// RFC 7638 thumbprint (base64url SHA-256); `None` for HMAC secrets so that a report never
    /// carries a hash an attacker could brute-force a weak secret against.
    pub thumbprint: Option<String>,
    /// RSA modulus size in bits (None for other kinds).
    pub bits: Option<usize>,
    /// How the key was read.
    pub notes: Vec<KeyNote>,
    /// For public (non-HMAC) keys: the byte strings an attacker would use as an HMAC secret in
    /// an algorithm-confusion forgery, each with its form ([`Form`]). Empty for secrets.
    pub confusion_forms: Vec<(Form, Vec<u8>)>,
}

/// Why a key could not be imported (`key_invalid`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyError {
    /// A stable machine-readable reason (`detail.reason`), for example `pem_base64`,
    /// `pem_label`, `jwk_missing_member`, `jwk_kty`, `point_not_on_curve`, `unsupported_curve`,
    /// `unsupported_key_type`, `der`, `rsa_modulus_too_large`, `jwks_not_object`, `jwks_too_many_keys`.
    pub reason: &'static str,
    /// One lowercase sentence naming exactly what is wrong.
    pub message: String,
}

impl KeyError {
    /// Builds an error from a reason and a message.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn new(reason: &'static str, message: impl Into<String>) -> Self {
        KeyError {
            reason,
            message: message.into(),
        }
    }
}

/// A JWK Set that was read: its usable keys and the members it had to refuse.
#[derive(Clone, Debug, Default)]
pub struct KeySet {
    /// Keys that imported.
    pub keys: Vec<Key>,
    /// Members that did not import (index in `keys` of the JSON, kid, error). A JWKS with one bad
    /// member still works for the others, as in jose.
    pub rejected: Vec<(usize, Option<String>, KeyError)>,
}

/// How an HMAC secret given as text (or bytes) is to be decoded (`secretEncoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SecretEncoding {
    /// Use the UTF-8 bytes of the text (default).
    #[default]
    Utf8,
    /// Standard base64 (padding optional).
    Base64,
    /// base64url (padding optional).
    Base64url,
    /// Hexadecimal.
    Hex,
}

/// The `key` option as the caller gave it.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyInput {
    /// A string: PEM, JWK JSON, OpenSSH line, base64 DER, or an HMAC secret.
    Text(String),
    /// Raw bytes: an HMAC secret (or DER).
    Bytes(Vec<u8>),
    /// A JWK (or JWK Set) given as an object.
    Json(serde_json::Value),
}

/// Limits on key material (hostile JWKS, huge moduli).
pub mod limits {
    /// Largest RSA modulus accepted, in bits: a larger one could burn CPU on every verify.
    pub const MAX_RSA_BITS: usize = 16384;
    /// Most keys read from one JWK Set.
    pub const MAX_JWKS_KEYS: usize = 100;
    /// Largest key text (PEM, JWK JSON, JWKS JSON) accepted, in bytes.
    pub const MAX_KEY_BYTES: usize = 256 * 1024;
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

/// What the `key` option turned out to be.
#[derive(Clone, Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "built once per key and cached behind an Rc"
)]
pub enum Imported {
    /// One key (PEM, DER, SSH line, JWK, or an HMAC secret).
    One(Key),
    /// A JWK Set.
    Set(KeySet),
}

/// Builds an RSA public key from big-endian modulus and exponent bytes (leading zeros allowed).
///
/// # Errors
/// `rsa_modulus_too_large` above [`limits::MAX_RSA_BITS`], `rsa_invalid` for a modulus below
/// 256 bits, a zero or absurdly long exponent, or what the `rsa` crate refuses (even modulus,
/// even exponent, exponent < 2 or ≥ 2^33).
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn rsa_from_be(n: &[u8], e: &[u8]) -> Result<Material, KeyError> {
    let strip = |b: &[u8]| -> Vec<u8> { b.iter().copied().skip_while(|x| *x == 0).collect() };
    let (n, e) = (strip(n), strip(e));
    let bits = rsa_key::bit_len(&n);
    if bits > limits::MAX_RSA_BITS {
        return Err(KeyError::new(
            "rsa_modulus_too_large",
            format!(
                "the RSA modulus has {bits} bits; jwt-doctor accepts at most {}",
                limits::MAX_RSA_BITS
            ),
        ));
    }
    if bits < rsa_key::MIN_BITS {
        return Err(KeyError::new(
            "rsa_invalid",
            format!("the RSA modulus has only {bits} bits"),
        ));
    }
    if e.is_empty() || e.len() > 8 {
        return Err(KeyError::new(
            "rsa_invalid",
            "the RSA public exponent is zero or absurdly large",
        ));
    }
    rsa_key::RsaKey::new(&n, &e)
        .map(|k| Material::Rsa(Box::new(k)))
        .map_err(|err| {
            KeyError::new(
                "rsa_invalid",
                format!("the RSA public key is not valid: {err}"),
            )
        })
}

/// The minimal big-endian modulus and exponent of an RSA key.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn rsa_components(k: &rsa_key::RsaKey) -> (Vec<u8>, Vec<u8>) {
    (k.n_bytes().to_vec(), k.e_bytes().to_vec())
}

/// The curve name and fixed-width affine coordinates of an EC key.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn ec_coordinates(m: &Material) -> Option<(&'static str, Vec<u8>, Vec<u8>)> {
    let Material::Ec(k) = m else {
        return None;
    };
    let (x, y) = k.coordinates();
    Some((k.curve().name(), x.to_vec(), y.to_vec()))
}

/// The text a key was given as, for the confusion forms that depend on it.
pub(crate) enum Given<'a> {
    /// PEM text as given.
    Pem(&'a str),
    /// JWK JSON text as given.
    Jwk(&'a str),
    /// An OpenSSH line as given.
    Ssh(&'a str),
    /// DER bytes or anything else: canonical forms only.
    Der,
}

/// Assembles a [`Key`] (thumbprint, RSA size, confusion forms, the algorithm its structure
/// pins) from what was read.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn make_key(decoded: Decoded, given: Given<'_>) -> Key {
    let Decoded {
        material,
        notes,
        alg,
    } = decoded;
    let bits = match &material {
        Material::Rsa(k) => Some(k.bits()),
        _ => None,
    };
    Key {
        thumbprint: thumbprint::thumbprint(&material),
        confusion_forms: forms::confusion_forms(&material, &given),
        material,
        kid: None,
        alg: alg.map(str::to_string),
        key_use: None,
        key_ops: None,
        bits,
        notes,
    }
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn secret_key(bytes: Vec<u8>) -> Key {
    make_key(Decoded::public(Material::Secret(bytes)), Given::Der)
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn too_large(len: usize) -> KeyError {
    KeyError::new(
        "key_too_large",
        format!(
            "the key is {len} bytes; jwt-doctor reads at most {}",
            limits::MAX_KEY_BYTES
        ),
    )
}

/// Imports a JSON value: a JWK Set when it has `keys`, else one JWK.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn import_json(value: &serde_json::Value, given: Option<&str>) -> Result<Imported, KeyError> {
    match value {
        serde_json::Value::Object(obj)
            if obj.contains_key("keys") || cert_map::is_certificate_map(obj) =>
        {
            jwk::import_jwks(value).map(Imported::Set)
        }
        serde_json::Value::Object(obj) => jwk::import_jwk(obj, given).map(Imported::One),
        _ => Err(KeyError::new(
            "jwk_not_object",
            "the key is JSON but not an object (a JWK or a JWK Set)",
        )),
    }
}

/// Imports a key text that is PEM (possibly with escaped newlines), an SSH line, JSON, or
/// unarmored base64 DER. `Ok(None)`: none of these (so an HMAC secret).
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn import_key_text(text: &str) -> Result<Option<Imported>, KeyError> {
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        match serde_json::from_str::<serde_json::Value>(trimmed) {
            Ok(v) if v.is_object() => return import_json(&v, Some(text)).map(Some),
            Ok(_) => {}
            Err(e) if trimmed.contains("\"kty\"") || trimmed.contains("\"keys\"") => {
                return Err(KeyError::new(
                    "jwk_json",
                    format!("the key looks like a JWK but is not valid JSON: {e}"),
                ));
            }
            Err(_) => {}
        }
    }
    if text.contains("-----BEGIN") {
        if text.contains("\\n") || (text.contains("\\r") && !text.contains('\n')) {
            let mut d = pem::import_pem(&pem::unescape_newlines(text))?;
            d.notes.push(KeyNote::Repaired(Repair::EscapedNewlines));
            return Ok(Some(Imported::One(make_key(d, Given::Pem(text)))));
        }
        let d = pem::import_pem(text)?;
        return Ok(Some(Imported::One(make_key(d, Given::Pem(text)))));
    }
    if let Some(line) = ssh::ssh_line(text) {
        let mut d = ssh::import_ssh(line)?;
        d.notes.push(KeyNote::Repaired(Repair::OpenSsh));
        return Ok(Some(Imported::One(make_key(d, Given::Ssh(text)))));
    }
    match pem::import_unarmored(text) {
        Ok(mut d) => {
            d.notes.push(KeyNote::Repaired(Repair::MissingArmor));
            Ok(Some(Imported::One(make_key(d, Given::Der))))
        }
        Err(Some(e)) => Err(e),
        Err(None) => Ok(None),
    }
}

/// Imports the `key` option: a JWK or JWK Set (object or JSON text), PEM (SPKI, PKCS#1,
/// certificate, PKCS#8, SEC1; junk around the block is ignored), PEM with literal `\n`
/// sequences, an OpenSSH public-key line, base64 DER without armor, DER bytes (or raw
/// uncompressed P-256/384/521 point bytes that lie on the curve), or else an HMAC
/// secret decoded with `encoding`. A text that is recognisably an RSA/EC/OKP key is never used
/// as an HMAC secret: when it cannot be read the result is an error.
///
/// # Errors
/// A [`KeyError`] with a precise reason: `key_too_large`, `secret_encoding`, `pem_armor`,
/// `pem_base64`, `pem_label`, `der`, `encrypted_private_key`, `unsupported_key_type`,
/// `unsupported_curve`, `point_not_on_curve`, `rsa_modulus_too_large`, `rsa_invalid`,
/// `ssh_format`, `jwk_json`, `jwk_not_object`, `jwk_missing_member`, `jwk_member_type`,
/// `jwk_base64`, `jwk_kty`, `jwk_ec_length`, `jwk_okp_length`, `ed25519_small_order`,
/// `ed25519_non_canonical`, `jwks_not_object`, `jwks_too_many_keys`.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn import(input: &KeyInput, encoding: SecretEncoding) -> Result<Imported, KeyError> {
    match input {
        KeyInput::Json(serde_json::Value::String(s)) => {
            import(&KeyInput::Text(s.clone()), encoding)
        }
        KeyInput::Json(value) => {
            let json = serde_json::to_string(value).unwrap_or_default();
            if json.len() > limits::MAX_KEY_BYTES {
                return Err(too_large(json.len()));
            }
            import_json(value, Some(&json))
        }
        KeyInput::Text(text) => {
            if text.len() > limits::MAX_KEY_BYTES {
                return Err(too_large(text.len()));
            }
            if crate::token::looks_like_token(text) {
                return Err(KeyError::new(
                    "token_not_key",
                    "this is a token (three base64url parts, the first an \"eyJ\" JSON header), not a key: give the issuer's public key, JWK Set or secret here, and the token where tokens go",
                ));
            }
            if looks_like_url(text) {
                return Err(KeyError::new(
                    "url_not_key",
                    "this is a URL, not a key (and not an HMAC secret): give a JWKS URL as the JWKS URL (the page's JWKS URL field, the CLI's --jwks URL, createRemoteJwks(url) in code)",
                ));
            }
            match import_key_text(text)? {
                Some(imported) => Ok(imported),
                None => secret::decode_secret(text.as_bytes(), encoding)
                    .map(|b| Imported::One(secret_key(b))),
            }
        }
        KeyInput::Bytes(bytes) => {
            if bytes.len() > limits::MAX_KEY_BYTES {
                return Err(too_large(bytes.len()));
            }
            match der::import_der(bytes) {
                Ok(d) => return Ok(Imported::One(make_key(d, Given::Der))),
                Err(Some(e)) => return Err(e),
                Err(None) => {}
            }
            if let Some(d) = public::raw_ec_point(bytes) {
                return Ok(Imported::One(make_key(d, Given::Der)));
            }
            if let Ok(text) = std::str::from_utf8(bytes) {
                if let Some(imported) = import_key_text(text)? {
                    return Ok(imported);
                }
            }
            secret::decode_secret(bytes, encoding).map(|b| Imported::One(secret_key(b)))
        }
    }
}

/// A URL pasted where the key goes (a JWKS URL, most likely): one line, http(s), no spaces.
fn looks_like_url(text: &str) -> bool {
    let t = text.trim();
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !t.contains(char::is_whitespace)
}

/// Imports a JWK Set given as a JSON value (`{"keys": [...]}`). At most
/// [`limits::MAX_JWKS_KEYS`] keys; members that do not import are listed in
/// [`KeySet::rejected`] and the others still work.
///
/// # Errors
/// `key_too_large`, `jwks_not_object`, `jwks_too_many_keys`.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn import_jwks(value: &serde_json::Value) -> Result<KeySet, KeyError> {
    let len = serde_json::to_string(value).map(|s| s.len()).unwrap_or(0);
    if len > limits::MAX_KEY_BYTES {
        return Err(too_large(len));
    }
    jwk::import_jwks(value)
}
