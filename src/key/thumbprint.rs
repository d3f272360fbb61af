//! RFC 7638 JWK thumbprints and the canonical JWK JSON they hash.

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::secret::BASE64URL_NOPAD;
use super::Material;

/// The RFC 7638 §3 canonical JSON of a public key: the required members only, in lexicographic
/// order, no whitespace (`{"e":…,"kty":"RSA","n":…}`, `{"crv":…,"kty":"EC","x":…,"y":…}`,
/// `{"crv":"Ed25519","kty":"OKP","x":…}`). `None` for HMAC secrets.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn canonical_jwk(m: &Material) -> Option<String> {
    let b64 = |b: &[u8]| BASE64URL_NOPAD.encode(b);
    match m {
        Material::Secret(_) => None,
        Material::Rsa(k) => {
            let (n, e) = super::rsa_components(k);
            Some(format!(
                r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
                b64(&e),
                b64(&n)
            ))
        }
        Material::Ec(_) => {
            let (crv, x, y) = super::ec_coordinates(m)?;
            Some(format!(
                r#"{{"crv":"{crv}","kty":"EC","x":"{}","y":"{}"}}"#,
                b64(&x),
                b64(&y)
            ))
        }
        Material::Ed25519(k) => Some(format!(
            r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
            b64(k.as_bytes())
        )),
    }
}

/// The RFC 7638 thumbprint (base64url of the SHA-256 of [`canonical_jwk`]); `None` for secrets.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn thumbprint(m: &Material) -> Option<String> {
    canonical_jwk(m).map(|c| BASE64URL_NOPAD.encode(Sha256::digest(c.as_bytes())))
}
