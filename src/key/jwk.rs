//! JSON Web Keys (RFC 7517, 7518 §6, 8037) and JWK Sets.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, Engine as _, GeneralPurpose, GeneralPurposeConfig};
use serde_json::{Map, Value};

use super::ec_key::EcKey;
use super::{limits, Key, KeyError, KeyNote, KeySet, Material};
use crate::alg::Curve;

/// base64url as JWK members use it: no padding expected, tolerated if present.
const B64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn str_member<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<&'a str, KeyError> {
    match jwk.get(name) {
        None => Err(KeyError::new(
            "jwk_missing_member",
            format!("the JWK has no \"{name}\" member"),
        )),
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(KeyError::new(
            "jwk_member_type",
            format!("the JWK member \"{name}\" must be a string"),
        )),
    }
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn bytes_member(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, KeyError> {
    let s = str_member(jwk, name)?;
    B64URL.decode(s.as_bytes()).map_err(|e| {
        KeyError::new(
            "jwk_base64",
            format!("the JWK member \"{name}\" is not valid base64url: {e}"),
        )
    })
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn opt_string(jwk: &Map<String, Value>, name: &str) -> Option<String> {
    jwk.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// Reads one JWK into a [`Key`]. `given` is the JSON text as the caller wrote it, if known
/// (otherwise its serialisation is used for the `jwk_json` confusion form).
///
/// # Errors
/// `jwk_missing_member`, `jwk_member_type`, `jwk_base64`, `jwk_kty`, `unsupported_curve`,
/// `unsupported_key_type`, `point_not_on_curve`, `jwk_ec_length`, `rsa_modulus_too_large`,
/// `rsa_invalid`.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn import_jwk(jwk: &Map<String, Value>, given: Option<&str>) -> Result<Key, KeyError> {
    let kty = str_member(jwk, "kty")?;
    let mut notes = Vec::new();
    let private = jwk.contains_key("d");
    let material = match kty {
        "RSA" => {
            // Size check before decoding: 4 base64 chars per 3 bytes.
            if str_member(jwk, "n")?.len() > limits::MAX_RSA_BITS / 6 + 8 {
                return Err(KeyError::new(
                    "rsa_modulus_too_large",
                    format!(
                        "the RSA modulus is larger than {} bits",
                        limits::MAX_RSA_BITS
                    ),
                ));
            }
            let n = bytes_member(jwk, "n")?;
            let e = bytes_member(jwk, "e")?;
            super::rsa_from_be(&n, &e)?
        }
        "EC" => {
            let crv = str_member(jwk, "crv")?;
            let curve = match crv {
                "P-256" => Curve::P256,
                "P-384" => Curve::P384,
                "P-521" => Curve::P521,
                "secp256k1" | "P-256K" => {
                    return Err(KeyError::new(
                        "unsupported_curve",
                        format!("this is a {crv} EC key (ES256K); jwt-doctor verifies P-256, P-384 and P-521"),
                    ))
                }
                other => {
                    return Err(KeyError::new(
                        "unsupported_curve",
                        format!("the EC curve \"{other}\" is not a JWS curve (P-256, P-384, P-521)"),
                    ))
                }
            };
            let size = curve.scalar_len();
            let x = bytes_member(jwk, "x")?;
            let y = bytes_member(jwk, "y")?;
            for (name, c) in [("x", &x), ("y", &y)] {
                if c.len() != size {
                    return Err(KeyError::new(
                        "jwk_ec_length",
                        format!(
                            "the {crv} coordinate \"{name}\" has {} bytes; it must have {size}",
                            c.len()
                        ),
                    ));
                }
            }
            let mut point = Vec::with_capacity(1 + 2 * size);
            point.push(4);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            let bad = || {
                KeyError::new(
                    "point_not_on_curve",
                    format!("the point (x, y) is not on the {crv} curve"),
                )
            };
            Material::Ec(EcKey::from_sec1(curve, &point).map_err(|_| bad())?)
        }
        "OKP" => {
            let crv = str_member(jwk, "crv")?;
            match crv {
                "Ed25519" => {}
                "Ed448" => {
                    return Err(KeyError::new(
                        "unsupported_curve",
                        "this is an Ed448 key; jwt-doctor verifies EdDSA over Ed25519 only",
                    ))
                }
                "X25519" | "X448" => {
                    return Err(KeyError::new(
                        "unsupported_key_type",
                        format!("this is an {crv} key-agreement key, not a signing key"),
                    ))
                }
                other => {
                    return Err(KeyError::new(
                        "unsupported_curve",
                        format!("the OKP curve \"{other}\" is not supported (Ed25519 is)"),
                    ))
                }
            }
            let x = bytes_member(jwk, "x")?;
            if x.len() != 32 {
                return Err(KeyError::new(
                    "jwk_okp_length",
                    format!(
                        "the Ed25519 member \"x\" has {} bytes; it must have 32",
                        x.len()
                    ),
                ));
            }
            super::public::ed25519_public(&x)?
        }
        "oct" => Material::Secret(bytes_member(jwk, "k")?),
        other => {
            return Err(KeyError::new(
                if other == "AKP" {
                    "unsupported_key_type"
                } else {
                    "jwk_kty"
                },
                format!("the JWK key type \"{other}\" is not one of RSA, EC, OKP, oct"),
            ))
        }
    };
    if private && !matches!(material, Material::Secret(_)) {
        notes.push(KeyNote::PrivateKey {
            format: "JWK with d",
        });
    }
    let json = match given {
        Some(g) => g.to_owned(),
        None => serde_json::to_string(jwk).unwrap_or_default(),
    };
    let mut key = super::make_key(
        super::Decoded {
            material,
            notes,
            alg: None,
        },
        super::Given::Jwk(&json),
    );
    key.kid = opt_string(jwk, "kid");
    key.alg = opt_string(jwk, "alg");
    key.key_use = opt_string(jwk, "use");
    key.key_ops = jwk.get("key_ops").and_then(Value::as_array).map(|ops| {
        ops.iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    });
    Ok(key)
}

/// Reads a JWK Set (`{"keys": [...]}`), or a certificate map (see [`super::cert_map`]):
/// members that do not import go to [`KeySet::rejected`].
///
/// # Errors
/// `jwks_not_object` when the value is not an object with a `keys` array, `jwks_too_many_keys`
/// above [`limits::MAX_JWKS_KEYS`].
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn import_jwks(value: &Value) -> Result<KeySet, KeyError> {
    let Some(obj) = value.as_object() else {
        return Err(KeyError::new(
            "jwks_not_object",
            "the JWK Set is not a JSON object",
        ));
    };
    if super::cert_map::is_certificate_map(obj) {
        return super::cert_map::import(obj);
    }
    let Some(keys) = obj.get("keys").and_then(Value::as_array) else {
        return Err(KeyError::new(
            "jwks_not_object",
            "the JWK Set has no \"keys\" array",
        ));
    };
    if keys.len() > limits::MAX_JWKS_KEYS {
        return Err(KeyError::new(
            "jwks_too_many_keys",
            format!(
                "the JWK Set has {} keys; jwt-doctor reads at most {}",
                keys.len(),
                limits::MAX_JWKS_KEYS
            ),
        ));
    }
    let mut set = KeySet::default();
    for (i, member) in keys.iter().enumerate() {
        let Some(jwk) = member.as_object() else {
            set.rejected.push((
                i,
                None,
                KeyError::new(
                    "jwk_not_object",
                    format!("member {i} of \"keys\" is not a JSON object"),
                ),
            ));
            continue;
        };
        match import_jwk(jwk, None) {
            Ok(k) => set.keys.push(k),
            Err(e) => set.rejected.push((i, opt_string(jwk, "kid"), e)),
        }
    }
    Ok(set)
}
