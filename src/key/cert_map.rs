//! X.509 certificate maps, `{ "<kid>": "-----BEGIN CERTIFICATE-----…" }`: what Google
//! (`https://www.googleapis.com/oauth2/v1/certs`) and Firebase
//! (`…/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com`) serve where a JWK Set
//! is expected. Read as a key set: each certificate's key, with the map's key as its kid.

use serde_json::{Map, Value};

use super::{limits, make_key, pem, Given, KeyError, KeySet};
use crate::findings::{Code, Finding};
use crate::policy::Policy;
use crate::provider::Provider;

const ARMOR: &str = "-----BEGIN CERTIFICATE-----";

/// Whether a JSON object is a certificate map: not empty, and every member a PEM certificate.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn is_certificate_map(obj: &Map<String, Value>) -> bool {
    !obj.is_empty()
        && obj.values().all(|v| {
            v.as_str()
                .is_some_and(|s| s.trim_start().starts_with(ARMOR))
        })
}

/// Reads a certificate map into a key set; certificates that do not read go to
/// [`KeySet::rejected`] with their kid.
///
/// # Errors
/// `jwks_too_many_keys` above [`limits::MAX_JWKS_KEYS`].
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn import(obj: &Map<String, Value>) -> Result<KeySet, KeyError> {
    if obj.len() > limits::MAX_JWKS_KEYS {
        return Err(KeyError::new(
            "jwks_too_many_keys",
            format!(
                "the certificate map has {} certificates; jwt-doctor reads at most {}",
                obj.len(),
                limits::MAX_JWKS_KEYS
            ),
        ));
    }
    let mut set = KeySet::default();
    for (i, (kid, pem_text)) in obj.iter().enumerate() {
        let text = pem_text.as_str().unwrap_or_default();
        match pem::import_pem(text) {
            Ok(d) => {
                let mut key = make_key(d, Given::Pem(text));
                key.kid = Some(kid.clone());
                set.keys.push(key);
            }
            Err(e) => set.rejected.push((i, Some(kid.clone()), e)),
        }
    }
    Ok(set)
}

/// How many certificates the policy's key set (or key) holds, if it is a certificate map.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn in_policy(p: &Policy) -> Option<usize> {
    use super::KeyInput;
    let count = |v: &Value| {
        v.as_object()
            .filter(|o| is_certificate_map(o))
            .map(Map::len)
    };
    match (&p.jwks, &p.key) {
        (Some(v), _) | (None, Some(KeyInput::Json(v @ Value::Object(_)))) => count(v),
        (None, Some(KeyInput::Text(t) | KeyInput::Json(Value::String(t)))) if t.contains(ARMOR) => {
            count(&serde_json::from_str(t).ok()?)
        }
        _ => None,
    }
}

/// The `jwks_certificate_map` info when the policy's key set is a certificate map; `provider`
/// (the token's issuer) names the JWK Set endpoint that serves the same keys.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn finding(p: &Policy, provider: Option<&'static Provider>) -> Option<Finding> {
    let n = in_policy(p)?;
    let f = Finding::new(
        Code::JwksCertificateMap,
        format!("the key set is a map of {n} X.509 certificates by kid, read as a JWK Set"),
    )
    .with("keys", n)
    .with("provider", provider.map(Provider::as_str));
    Some(match provider.and_then(|p| Some((p.name, p.jwk_set()?))) {
        Some((name, url)) => f.hint(format!("{name} serves the same keys as a JWK Set: {url}")),
        None => f,
    })
}
