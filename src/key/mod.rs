//! Key import: every format users paste, turned into verification keys once.
//!
//! `import_key` takes the `key` option (PEM, JWK JSON, SSH line, DER, or an HMAC secret),
//! `import_jwks` a JWK Set. Both return [`Key`]s with the notes the diagnosis needs
//! (private key supplied, repaired PEM, certificate) and the public-key byte forms an attacker
//! would use as an HMAC secret in an algorithm-confusion forgery.

pub mod cache;
pub mod jwk;
pub mod pem;
pub mod secret;
pub mod thumbprint;

use crate::alg::Curve;

/// The verification material of one key.
#[derive(Clone, Debug)]
pub enum Material {
    /// An HMAC secret (raw bytes, after `secretEncoding` was applied).
    Secret(Vec<u8>),
    /// An RSA public key.
    Rsa(Box<rsa::PublicKey>),
    /// A P-256 public key.
    P256(p256::ecdsa::VerifyingKey),
    /// A P-384 public key.
    P384(p384::ecdsa::VerifyingKey),
    /// A P-521 public key.
    P521(Box<p521::ecdsa::VerifyingKey>),
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
            Material::P256(_) => KeyKind::Ec(Curve::P256),
            Material::P384(_) => KeyKind::Ec(Curve::P384),
            Material::P521(_) => KeyKind::Ec(Curve::P521),
            Material::Ed25519(_) => KeyKind::Okp,
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
    /// an algorithm-confusion forgery, each with its name (`detail.form`): "pem", "pem_no_newline",
    /// "pem_crlf", "spki_der", "pkcs1_der", "jwk_json", "jwk_canonical", "ssh". Empty for secrets.
    pub confusion_forms: Vec<(&'static str, Vec<u8>)>,
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
    pub fn new(reason: &'static str, message: impl Into<String>) -> Self {
        KeyError { reason, message: message.into() }
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
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
