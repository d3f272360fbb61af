//! What a key input is, in a person's words, from the same import that verifies with it: for
//! the debugger page (what may go into a shareable link) and anyone who needs to say how a key
//! was read. One classification, the core's, instead of a guess per caller.

use serde::Serialize;

use super::{Imported, Key, KeyInput, KeyNote, Material, SecretEncoding};

/// A key input described.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyDescription {
    /// `"secret"`, `"public"`, `"private"` (a private key, whose public half verifies),
    /// `"set"` (a JWK Set) or `"invalid"`.
    pub kind: &'static str,
    /// What it is: "an RSA key (2048 bits) from PEM", "an HMAC secret of 32 bytes", "a JWK Set
    /// of 3 keys"; for an invalid key, why.
    pub what: String,
    /// Whether it holds secret material (an HMAC secret, a private key, a set with either):
    /// never put it in a link, a ticket or a log.
    pub sensitive: bool,
    /// `detail.reason` of the import error, for an invalid key.
    pub reason: Option<&'static str>,
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn private(k: &Key) -> bool {
    k.notes
        .iter()
        .any(|n| matches!(n, KeyNote::PrivateKey { .. }))
}

#[cfg_attr(jwt_doctor_size, optimize(size))]
fn one(k: &Key) -> String {
    match &k.material {
        Material::Secret(s) => format!("an HMAC secret of {} bytes", s.len()),
        m => {
            let kind = m.kind().describe();
            let article = if kind.starts_with(['R', 'E']) {
                "an"
            } else {
                "a"
            };
            match k.bits {
                Some(bits) => format!("{article} {kind} ({bits} bits)"),
                None => format!("{article} {kind}"),
            }
        }
    }
}

/// Describes `input` as `verify` would read it with `encoding`.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub fn describe(input: &KeyInput, encoding: SecretEncoding) -> KeyDescription {
    match super::cache::import_cached(input, encoding).as_ref() {
        Err(e) => KeyDescription {
            kind: "invalid",
            what: e.message.clone(),
            // what could not be read may still be a private key someone pasted
            sensitive: true,
            reason: Some(e.reason),
        },
        Ok(Imported::One(k)) => {
            let secret = matches!(k.material, Material::Secret(_));
            let kind = if secret {
                "secret"
            } else if private(k) {
                "private"
            } else {
                "public"
            };
            let what = if kind == "private" {
                format!("{}: a private key (its public half verifies)", one(k))
            } else {
                one(k)
            };
            KeyDescription {
                kind,
                what,
                sensitive: kind != "public",
                reason: None,
            }
        }
        Ok(Imported::Set(s)) => KeyDescription {
            kind: "set",
            what: format!(
                "a JWK Set of {} {}{}",
                s.keys.len(),
                if s.keys.len() == 1 { "key" } else { "keys" },
                if s.rejected.is_empty() {
                    String::new()
                } else {
                    format!(" ({} more could not be read)", s.rejected.len())
                }
            ),
            sensitive: s
                .keys
                .iter()
                .any(|k| private(k) || matches!(k.material, Material::Secret(_))),
            reason: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> KeyDescription {
        describe(&KeyInput::Text(s.to_string()), SecretEncoding::Utf8)
    }

    #[test]
    fn secrets_and_private_keys_are_sensitive_public_keys_are_not() {
        let secret = text("my-shared-secret-of-32-bytes....");
        assert_eq!(
            (secret.kind, secret.sensitive),
            ("secret", true),
            "{secret:?}"
        );
        assert_eq!(secret.what, "an HMAC secret of 32 bytes");
        let jwk = text(
            r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#,
        );
        assert_eq!((jwk.kind, jwk.sensitive), ("public", false), "{jwk:?}");
        assert_eq!(jwk.what, "a P-256 EC key");
        let set = text(r#"{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}"#);
        assert_eq!((set.kind, set.sensitive), ("set", true), "{set:?}");
        assert_eq!(set.what, "a JWK Set of 1 key");
        let bad = text("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n");
        assert_eq!((bad.kind, bad.sensitive), ("invalid", true), "{bad:?}");
        assert!(bad.reason.is_some());
    }
}
