//! The one algorithm table: every JWS `alg` jwt-doctor knows, with its family, hash, curve and
//! signature size. Every check reads it; nothing else lists algorithms.

use crate::key::KeyKind;

/// A signature family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// HMAC with SHA-2 (HS*).
    Hmac,
    /// RSASSA-PKCS1-v1_5 (RS*).
    RsaPkcs1,
    /// RSASSA-PSS with salt length = hash length (PS*).
    RsaPss,
    /// ECDSA with the JWS raw r‖s encoding (ES*).
    Ecdsa,
    /// EdDSA over Ed25519.
    EdDsa,
    /// `alg: none`: an unsecured JWS, never accepted.
    None,
}

impl Family {
    /// The family's name in the generated JavaScript table (`hmac`, `rsa-pss`, ...).
    pub const fn as_str(self) -> &'static str {
        match self {
            Family::Hmac => "hmac",
            Family::RsaPkcs1 => "rsa-pkcs1",
            Family::RsaPss => "rsa-pss",
            Family::Ecdsa => "ecdsa",
            Family::EdDsa => "eddsa",
            Family::None => "none",
        }
    }
}

/// A SHA-2 hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl Hash {
    /// Output length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Hash::Sha256 => 32,
            Hash::Sha384 => 48,
            Hash::Sha512 => 64,
        }
    }

    /// `Hash(message)`: the prehash of ECDSA and the message hash of RSA's encodings.
    pub fn digest(self, message: &[u8]) -> Vec<u8> {
        use sha2::Digest as _;
        match self {
            Hash::Sha256 => sha2::Sha256::digest(message).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(message).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(message).to_vec(),
        }
    }
}

/// An elliptic curve used by ES*.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Curve {
    /// NIST P-256.
    P256,
    /// NIST P-384.
    P384,
    /// NIST P-521.
    P521,
}

impl Curve {
    /// The JWK `crv` name.
    pub const fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    /// Bytes of one scalar (r or s) in the raw JWS encoding.
    pub const fn scalar_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alg {
    /// The registered name (`RS256`).
    pub name: &'static str,
    /// The family.
    pub family: Family,
    /// The hash (None for EdDSA and `none`).
    pub hash: Option<Hash>,
    /// The curve for ES*.
    pub curve: Option<Curve>,
}

const fn hmac(name: &'static str, hash: Hash) -> Alg {
    Alg {
        name,
        family: Family::Hmac,
        hash: Some(hash),
        curve: None,
    }
}
const fn rsa(name: &'static str, hash: Hash, pss: bool) -> Alg {
    let family = if pss {
        Family::RsaPss
    } else {
        Family::RsaPkcs1
    };
    Alg {
        name,
        family,
        hash: Some(hash),
        curve: None,
    }
}
const fn ecdsa(name: &'static str, hash: Hash, curve: Curve) -> Alg {
    Alg {
        name,
        family: Family::Ecdsa,
        hash: Some(hash),
        curve: Some(curve),
    }
}

/// Every algorithm, in the order jose lists them.
pub const ALGORITHMS: [Alg; 15] = [
    hmac("HS256", Hash::Sha256),
    hmac("HS384", Hash::Sha384),
    hmac("HS512", Hash::Sha512),
    rsa("RS256", Hash::Sha256, false),
    rsa("RS384", Hash::Sha384, false),
    rsa("RS512", Hash::Sha512, false),
    rsa("PS256", Hash::Sha256, true),
    rsa("PS384", Hash::Sha384, true),
    rsa("PS512", Hash::Sha512, true),
    ecdsa("ES256", Hash::Sha256, Curve::P256),
    ecdsa("ES384", Hash::Sha384, Curve::P384),
    ecdsa("ES512", Hash::Sha512, Curve::P521),
    Alg {
        name: "EdDSA",
        family: Family::EdDsa,
        hash: None,
        curve: None,
    },
    // RFC 9864's fully specified name for EdDSA over Ed25519.
    Alg {
        name: "Ed25519",
        family: Family::EdDsa,
        hash: None,
        curve: None,
    },
    Alg {
        name: "none",
        family: Family::None,
        hash: None,
        curve: None,
    },
];

/// Smallest RSA modulus accepted (RFC 7518 §3.3 and §3.5).
pub const MIN_RSA_BITS: usize = 2048;

impl Alg {
    /// Looks an algorithm up by its exact, case-sensitive name.
    pub fn by_name(name: &str) -> Option<Alg> {
        ALGORITHMS.iter().copied().find(|a| a.name == name)
    }

    /// True for `none` in any letter case (`None`, `NONE`, `nOnE`): all are unsecured.
    pub fn is_none_name(name: &str) -> bool {
        name.eq_ignore_ascii_case("none")
    }

    /// Whether a key of this kind can verify this algorithm.
    pub fn accepts(self, kind: KeyKind) -> bool {
        match (self.family, kind) {
            (Family::Hmac, KeyKind::Oct) => true,
            (Family::RsaPkcs1 | Family::RsaPss, KeyKind::Rsa) => true,
            (Family::Ecdsa, KeyKind::Ec(curve)) => self.curve == Some(curve),
            (Family::EdDsa, KeyKind::Okp) => true,
            _ => false,
        }
    }

    /// The expected signature length in bytes, where it is fixed by the algorithm (HMAC: hash
    /// length; ECDSA: 2 × scalar; EdDSA: 64). RSA depends on the modulus: `None`.
    pub fn signature_len(self) -> Option<usize> {
        match self.family {
            Family::Hmac => self.hash.map(Hash::output_len),
            Family::Ecdsa => self.curve.map(|c| 2 * c.scalar_len()),
            Family::EdDsa => Some(64),
            _ => None,
        }
    }

    /// The kind of key this algorithm needs, in words ("an RSA key").
    pub fn needs(self) -> &'static str {
        match (self.family, self.curve) {
            (Family::Hmac, _) => "an HMAC secret",
            (Family::RsaPkcs1 | Family::RsaPss, _) => "an RSA key",
            (Family::Ecdsa, Some(Curve::P256)) => "a P-256 EC key",
            (Family::Ecdsa, Some(Curve::P384)) => "a P-384 EC key",
            (Family::Ecdsa, _) => "a P-521 EC key",
            (Family::EdDsa, _) => "an Ed25519 (OKP) key",
            (Family::None, _) => "no key",
        }
    }

    /// Whether a key published with `alg` (a JWK's `alg`) may verify this algorithm: the same
    /// name, or `EdDSA` and `Ed25519` (RFC 9864) for one another.
    pub fn fits_key_alg(self, alg: &str) -> bool {
        alg == self.name || (self.family == Family::EdDsa && matches!(alg, "EdDSA" | "Ed25519"))
    }

    /// Every algorithm a token may be verified with: the table but `none`. This is what
    /// `options.algorithms` accepts and what the generated JavaScript table lists.
    pub fn verifiable() -> impl Iterator<Item = Alg> {
        ALGORITHMS
            .iter()
            .copied()
            .filter(|a| a.family != Family::None)
    }

    /// The registered names of every algorithm but `none`, space-separated (for messages).
    pub fn names() -> String {
        let names: Vec<&str> = ALGORITHMS
            .iter()
            .filter(|a| a.family != Family::None)
            .map(|a| a.name)
            .collect();
        names.join(" ")
    }

    /// The JWK `kty` of the keys that verify this algorithm (`None` for `none`).
    pub const fn kty(self) -> Option<&'static str> {
        match self.family {
            Family::Hmac => Some("oct"),
            Family::RsaPkcs1 | Family::RsaPss => Some("RSA"),
            Family::Ecdsa => Some("EC"),
            Family::EdDsa => Some("OKP"),
            Family::None => None,
        }
    }

    /// Whether this is an HMAC algorithm.
    pub fn is_hmac(self) -> bool {
        self.family == Family::Hmac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_jws_algorithm_is_in_the_table_once() {
        for name in [
            "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "EdDSA", "Ed25519", "none",
        ] {
            assert_eq!(
                ALGORITHMS.iter().filter(|a| a.name == name).count(),
                1,
                "{name}"
            );
        }
        assert!(Alg::by_name("hs256").is_none());
        let ed25519 = Alg::by_name("Ed25519").expect("Ed25519");
        assert!(ed25519.accepts(KeyKind::Okp));
        assert!(ed25519.fits_key_alg("EdDSA") && ed25519.fits_key_alg("Ed25519"));
        assert!(!Alg::by_name("ES256").expect("ES256").fits_key_alg("EdDSA"));
        assert!(Alg::is_none_name("nOnE"));
    }

    #[test]
    fn key_kinds_match_families() {
        let es256 = Alg::by_name("ES256").expect("ES256");
        assert!(es256.accepts(KeyKind::Ec(Curve::P256)));
        assert!(!es256.accepts(KeyKind::Ec(Curve::P384)));
        assert!(!es256.accepts(KeyKind::Rsa));
        assert_eq!(es256.signature_len(), Some(64));
        assert_eq!(
            Alg::by_name("ES512").and_then(Alg::signature_len),
            Some(132)
        );
    }
}
