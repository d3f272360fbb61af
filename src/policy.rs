//! What the verifier expects: the options as the caller gives them ([`Options`], read by
//! serde's derive with unknown names rejected) and the checked [`Policy`] the checks read. `now` is always
//! passed in: the core never reads a clock.

use std::fmt;

use serde::de::{self, Deserializer, Error as _, Unexpected};
use serde::Deserialize;
use serde_json::Value;

use crate::alg::Alg;
use crate::key::{KeyInput, SecretEncoding};

/// Default `maxTokenBytes`: 16 KiB.
pub const DEFAULT_MAX_TOKEN_BYTES: usize = 16 * 1024;
/// Largest `maxTokenBytes` a caller may set: 1 MiB.
pub const MAX_MAX_TOKEN_BYTES: usize = 1024 * 1024;

/// One string or a list of strings (`issuer`, `audience`).
#[derive(Clone, Debug, PartialEq)]
pub enum OneOrMany {
    /// A single value.
    One(String),
    /// Several accepted values.
    Many(Vec<String>),
}

impl OneOrMany {
    /// The accepted values.
    pub fn values(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }

    /// As JSON, the way the caller gave it (for `detail.expected`).
    pub fn to_json(&self) -> Value {
        match self {
            OneOrMany::One(s) => Value::from(s.as_str()),
            OneOrMany::Many(v) => Value::from(v.clone()),
        }
    }
}

/// A JWK Set as an object or as JSON text.
#[derive(Clone, Debug, PartialEq)]
pub struct JwksInput(pub Value);

/// Every option name, as the JavaScript API spells it: checked before serde's
/// `deny_unknown_fields`, to name the option most likely meant (a test holds the list to the
/// struct's fields).
pub const OPTION_NAMES: [&str; 14] = [
    "key",
    "jwks",
    "secretEncoding",
    "algorithms",
    "issuer",
    "audience",
    "subject",
    "typ",
    "requiredClaims",
    "leeway",
    "maxTokenAge",
    "now",
    "maxTokenBytes",
    "jwksStale",
];

/// Edit distance between two short names (case-insensitive).
fn distance(a: &str, b: &str) -> usize {
    // ASCII case folding: option names are ASCII (and Unicode's tables cost 10 KB of wasm)
    let a: Vec<char> = a.to_ascii_lowercase().chars().collect();
    let b: Vec<char> = b.to_ascii_lowercase().chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Option names of the libraries users come from (jose, jsonwebtoken, fast-jwt, PyJWT,
/// hono/jwt), with what jwt-doctor calls the same thing: a migration mistake must name the
/// jwt-doctor option and its unit, never be ignored.
const OTHER_LIBRARIES: [(&str, &str); 16] = [
    ("clockTolerance", "leeway (in seconds; jose and jsonwebtoken take seconds or a string, fast-jwt milliseconds)"),
    ("currentDate", "now (seconds since the epoch: Date.now() / 1000, not a Date)"),
    ("clockTimestamp", "now (seconds since the epoch)"),
    ("maxAge", "maxTokenAge (in seconds)"),
    ("ignoreExpiration", "nothing: jwt-doctor never ignores exp (use leeway for a clock that drifts)"),
    ("ignoreNotBefore", "nothing: jwt-doctor never ignores nbf (use leeway for a clock that drifts)"),
    ("algorithm", "algorithms (an array)"),
    ("alg", "algorithms (an array)"),
    ("allowedIss", "issuer"),
    ("allowedAud", "audience"),
    ("allowedSub", "subject"),
    ("secret", "key (the HMAC secret as a string or bytes; secretEncoding says how to decode it)"),
    ("publicKey", "key"),
    ("complete", "nothing: verify() always resolves to { header, payload, key, findings }"),
    ("requiredSpecClaims", "requiredClaims"),
    ("crit", "nothing: jwt-doctor rejects every crit extension it does not implement"),
];

/// The error for an option name that does not exist, with the likely intended one.
pub fn unknown_option(name: &str) -> Misuse {
    if let Some((_, ours)) = OTHER_LIBRARIES.iter().find(|(theirs, _)| *theirs == name) {
        return Misuse(format!("unknown option {name:?}: jwt-doctor's is {ours}"));
    }
    let close = OPTION_NAMES[..13]
        .iter()
        .min_by_key(|n| distance(name, n))
        .filter(|n| distance(name, n) <= 3);
    Misuse(match close {
        Some(c) => format!("unknown option {name:?} (did you mean {c:?}?)"),
        None => format!(
            "unknown option {name:?}; options are {}",
            OPTION_NAMES[..13].join(", ")
        ),
    })
}

/// The options of `inspect` and `verify`, exactly as the JavaScript API names them, read by
/// serde's derive. Unknown names are rejected: a typo like `audiance` must not silently disable
/// a check. `null` is the same as absent.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Options {
    /// PEM string, JWK object or JSON, HMAC secret as string or bytes.
    #[serde(default, deserialize_with = "key_option")]
    pub key: Option<KeyInput>,
    /// A JWK Set.
    #[serde(default, deserialize_with = "jwks_option")]
    pub jwks: Option<JwksInput>,
    /// How a secret given as text is decoded (default utf8).
    #[serde(default, deserialize_with = "secret_encoding_option")]
    pub secret_encoding: Option<SecretEncoding>,
    /// The allowed algorithms.
    pub algorithms: Option<Vec<String>>,
    /// Expected `iss` (one of).
    pub issuer: Option<OneOrMany>,
    /// Expected `aud` (one of).
    pub audience: Option<OneOrMany>,
    /// Expected `sub`.
    pub subject: Option<String>,
    /// Expected header `typ`.
    pub typ: Option<String>,
    /// Claims that must be present.
    pub required_claims: Option<Vec<String>>,
    /// Clock tolerance in seconds (default 0).
    pub leeway: Option<f64>,
    /// Oldest acceptable token (`now - iat`), in seconds.
    pub max_token_age: Option<f64>,
    /// The current time in seconds since the epoch (default: the caller's clock).
    pub now: Option<f64>,
    /// Largest token accepted, in bytes (default 16 KiB).
    pub max_token_bytes: Option<f64>,
    /// Set by the JavaScript remote key set when it served a stale copy: the refresh error.
    pub jwks_stale: Option<String>,
}

impl Options {
    /// Reads options from a parsed JSON object (the WebAssembly boundary, where they cross as
    /// JSON text, and [`Policy::from_json`]) with serde. An unknown name is a misuse naming
    /// the option most likely meant; a wrong type is
    /// `options: invalid type: …, expected …`, serde's words.
    ///
    /// # Errors
    /// [`Misuse`] for an unknown name, a member of the wrong type or an unknown
    /// `secretEncoding`.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn from_json_object(members: serde_json::Map<String, Value>) -> Result<Options, Misuse> {
        if let Some(name) = members.keys().find(|n| !OPTION_NAMES.contains(&n.as_str())) {
            return Err(unknown_option(name));
        }
        Options::deserialize(Value::Object(members)).map_err(|e| Misuse(format!("options: {e}")))
    }
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Ok(OneOrMany::One(s)),
            Value::Array(items) if items.iter().all(Value::is_string) => Ok(OneOrMany::Many(
                items
                    .into_iter()
                    .filter_map(|i| match i {
                        Value::String(s) => Some(s),
                        _ => None,
                    })
                    .collect(),
            )),
            v => Err(invalid_type(&v, "a string or an array of strings")),
        }
    }
}

/// A member that may be `null` (absent).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?.filter(|v| !v.is_null()))
}

fn key_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<KeyInput>, D::Error> {
    present(d)?
        .map(|v| key_from_json(v).map_err(D::Error::custom))
        .transpose()
}

fn jwks_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<JwksInput>, D::Error> {
    present(d)?
        .map(|v| match v {
            // text that is not JSON stays a string, for the key check to say so
            Value::String(s) => Ok(JwksInput(
                serde_json::from_str(&s).unwrap_or(Value::String(s)),
            )),
            v @ Value::Object(_) => Ok(JwksInput(v)),
            v => Err(invalid_type(&v, "a JWK Set object or its JSON text")),
        })
        .transpose()
}

fn secret_encoding_option<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<SecretEncoding>, D::Error> {
    const VARIANTS: &[&str] = &["utf8", "base64", "base64url", "hex"];
    present(d)?
        .map(|v| match v.as_str() {
            Some("utf8") => Ok(SecretEncoding::Utf8),
            Some("base64") => Ok(SecretEncoding::Base64),
            Some("base64url") => Ok(SecretEncoding::Base64url),
            Some("hex") => Ok(SecretEncoding::Hex),
            Some(other) => Err(D::Error::unknown_variant(other, VARIANTS)),
            None => Err(invalid_type(
                &v,
                "one of the strings utf8, base64, base64url, hex",
            )),
        })
        .transpose()
}

/// The `key` option from JSON: text or a JWK (Set) object.
///
/// # Errors
/// serde's wording (`invalid type: …, expected …`) for any other value.
pub fn key_from_json(v: Value) -> Result<KeyInput, String> {
    match v {
        Value::String(s) => Ok(KeyInput::Text(s)),
        v @ Value::Object(_) => Ok(KeyInput::Json(v)),
        v => Err(invalid_type::<serde_json::Error>(
            &v,
            "a PEM or JWK string, a JWK object, or a Uint8Array secret",
        )
        .to_string()),
    }
}

/// serde's error for a JSON value of the wrong type.
fn invalid_type<E: de::Error>(v: &Value, expected: &str) -> E {
    let unexpected = match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (_, Some(i), _) => Unexpected::Signed(i),
            (_, _, f) => Unexpected::Float(f.unwrap_or(f64::NAN)),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    };
    E::invalid_type(unexpected, &expected)
}

/// Options that were checked: what the checks read.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The key, if any.
    pub key: Option<KeyInput>,
    /// The key set, if any.
    pub jwks: Option<Value>,
    /// Secret encoding.
    pub secret_encoding: SecretEncoding,
    /// Allowed algorithms; `None` means "what the key can do" (inspect only).
    pub algorithms: Option<Vec<Alg>>,
    /// Expected issuers.
    pub issuer: Option<OneOrMany>,
    /// Expected audiences.
    pub audience: Option<OneOrMany>,
    /// Expected subject.
    pub subject: Option<String>,
    /// Expected typ.
    pub typ: Option<String>,
    /// Required claims.
    pub required_claims: Vec<String>,
    /// Leeway in seconds.
    pub leeway: f64,
    /// Max token age in seconds.
    pub max_token_age: Option<f64>,
    /// Now, seconds since the epoch.
    pub now: f64,
    /// Token size limit.
    pub max_token_bytes: usize,
    /// Stale remote key set error.
    pub jwks_stale: Option<String>,
    /// Keys imported ahead of time ([`Policy::preload`]): a compiled verifier imports once and
    /// skips even the cache lookup on every token.
    pub preloaded: Option<Preloaded>,
}

/// Keys imported once for a policy.
#[derive(Clone, Debug)]
pub enum Preloaded {
    /// The `key` option, imported.
    Key(std::rc::Rc<Result<crate::key::Imported, crate::key::KeyError>>),
    /// The `jwks` option, imported.
    Jwks(std::rc::Rc<Result<crate::key::KeySet, crate::key::KeyError>>),
}

/// A misuse of the API (a `TypeError` on the JavaScript side), naming the option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Misuse(pub String);

impl fmt::Display for Misuse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Misuse {}

fn non_negative(name: &str, v: Option<f64>) -> Result<Option<f64>, Misuse> {
    match v {
        Some(x) if !x.is_finite() || x < 0.0 => Err(Misuse(format!(
            "options.{name} must be a finite number of seconds >= 0, got {x}"
        ))),
        other => Ok(other),
    }
}

/// The most leeway `options.leeway` takes (seconds). More is no clock skew but a mistake,
/// most often milliseconds given for seconds (`leeway: 30000` for 30 s): a misuse, not a
/// silent eight hours.
pub const MAX_LEEWAY: f64 = 3600.0;

fn leeway(v: Option<f64>) -> Result<f64, Misuse> {
    let l = non_negative("leeway", v)?.unwrap_or(0.0);
    if l > MAX_LEEWAY {
        return Err(Misuse(format!(
            "options.leeway is {l} s: at most {MAX_LEEWAY} (an hour); leeway is in seconds, not milliseconds, and more than a few minutes is no clock skew"
        )));
    }
    Ok(l)
}

impl Policy {
    /// Checks options. `default_now` is used when `options.now` is absent.
    ///
    /// # Errors
    /// [`Misuse`] naming the option for an unknown algorithm, `none` in `algorithms`, an empty
    /// list, a negative or non-finite number, or an out-of-range `maxTokenBytes`.
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn new(o: Options, default_now: f64) -> Result<Policy, Misuse> {
        let algorithms = match o.algorithms {
            None => None,
            Some(list) if list.is_empty() => {
                return Err(Misuse(
                    "options.algorithms must list at least one algorithm".into(),
                ))
            }
            Some(list) => {
                let mut algs = Vec::with_capacity(list.len());
                for name in list {
                    if Alg::is_none_name(&name) {
                        return Err(Misuse(
                            "options.algorithms: \"none\" can never be allowed".into(),
                        ));
                    }
                    let alg = Alg::by_name(&name).ok_or_else(|| {
                        Misuse(format!(
                            "options.algorithms: unknown algorithm {name:?} (expected one of {})",
                            Alg::names()
                        ))
                    })?;
                    algs.push(alg);
                }
                Some(algs)
            }
        };
        for (name, v) in [("issuer", &o.issuer), ("audience", &o.audience)] {
            if let Some(OneOrMany::Many(list)) = v {
                if list.is_empty() {
                    return Err(Misuse(format!("options.{name} must not be an empty array")));
                }
            }
        }
        let now = match o.now {
            Some(n) if !n.is_finite() => {
                return Err(Misuse(
                    "options.now must be a finite number of seconds".into(),
                ))
            }
            Some(n) => n,
            None => default_now,
        };
        let max_token_bytes = match o.max_token_bytes {
            None => DEFAULT_MAX_TOKEN_BYTES,
            Some(n) if n.fract() == 0.0 && n >= 1.0 && n <= MAX_MAX_TOKEN_BYTES as f64 => n as usize,
            Some(n) => {
                return Err(Misuse(format!(
                    "options.maxTokenBytes must be a whole number from 1 to {MAX_MAX_TOKEN_BYTES}, got {n}"
                )))
            }
        };
        if o.key.is_some() && o.jwks.is_some() {
            return Err(Misuse("give options.key or options.jwks, not both".into()));
        }
        let jwks = o.jwks.map(|j| j.0);
        Ok(Policy {
            key: o.key,
            jwks,
            secret_encoding: o.secret_encoding.unwrap_or_default(),
            algorithms,
            issuer: o.issuer,
            audience: o.audience,
            subject: o.subject,
            typ: o.typ,
            required_claims: o.required_claims.unwrap_or_default(),
            leeway: leeway(o.leeway)?,
            max_token_age: non_negative("maxTokenAge", o.max_token_age)?,
            now,
            max_token_bytes,
            jwks_stale: o.jwks_stale,
            preloaded: None,
        })
    }

    /// Imports the key or key set now and keeps it with the policy.
    pub fn preload(&mut self) {
        self.preloaded = match (&self.key, &self.jwks) {
            (Some(k), _) => Some(Preloaded::Key(crate::key::cache::import_cached(
                k,
                self.secret_encoding,
            ))),
            (None, Some(j)) => Some(Preloaded::Jwks(crate::key::cache::import_jwks_cached(j))),
            (None, None) => None,
        };
    }

    /// What makes the preloaded key or key set unusable for every token, if anything: a key
    /// that could not be read, an empty HMAC secret, a key set none of whose members could be
    /// read. A `key_invalid` finding; a configuration error, not a token's.
    pub fn config_error(&self) -> Option<crate::findings::Finding> {
        use crate::key::{Imported, KeySet, Material};
        use crate::signature::key_invalid;
        let unreadable_set = |s: &KeySet| {
            let (_, kid, e) = s.rejected.first().filter(|_| s.keys.is_empty())?;
            Some(
                key_invalid(e)
                    .with("kid", kid.clone())
                    .with("rejected", s.rejected.len()),
            )
        };
        match self.preloaded.as_ref()? {
            Preloaded::Key(r) => match r.as_ref() {
                Err(e) => Some(key_invalid(e)),
                Ok(Imported::One(k)) => match &k.material {
                    Material::Secret(s) if s.is_empty() => Some(crate::signature::empty_secret()),
                    _ => None,
                },
                Ok(Imported::Set(s)) => unreadable_set(s),
            },
            Preloaded::Jwks(r) => match r.as_ref() {
                Err(e) => Some(key_invalid(e)),
                Ok(s) => unreadable_set(s),
            },
        }
    }

    /// Parses options from JSON text (native callers and tests).
    ///
    /// # Errors
    /// [`Misuse`] for JSON that is not an options object, unknown names, wrong types.
    pub fn from_json(json: &str, default_now: f64) -> Result<Policy, Misuse> {
        match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(members)) => {
                Policy::new(Options::from_json_object(members)?, default_now)
            }
            Ok(_) => Err(Misuse("options must be an object".into())),
            Err(e) => Err(Misuse(format!("options: {e}"))),
        }
    }

    /// Whether a key or key set was given.
    pub fn has_key(&self) -> bool {
        self.key.is_some() || self.jwks.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_option_is_misuse() {
        let e = Policy::from_json(r#"{"audiance":"x"}"#, 0.0).expect_err("typo");
        assert!(e.0.contains("audiance"), "{e}");
        assert_eq!(
            unknown_option("audiance").0,
            "unknown option \"audiance\" (did you mean \"audience\"?)"
        );
    }

    fn read(text: &str) -> Result<Options, Misuse> {
        let Ok(Value::Object(members)) = serde_json::from_str::<Value>(text) else {
            panic!("{text}");
        };
        Options::from_json_object(members)
    }

    #[test]
    fn options_are_read_member_by_member() {
        let o =
            read(r#"{"key":"secret","algorithms":["HS256"],"issuer":"i","audience":["a","b"]}"#)
                .expect("read");
        assert_eq!(o.key, Some(KeyInput::Text("secret".into())));
        assert_eq!(o.algorithms, Some(vec!["HS256".to_string()]));
        assert_eq!(o.issuer, Some(OneOrMany::One("i".into())));
        assert_eq!(
            o.audience,
            Some(OneOrMany::Many(vec!["a".into(), "b".into()]))
        );
        let o = read(r#"{"key":{"kty":"oct","k":"AA"},"secretEncoding":"base64url","leeway":5}"#)
            .expect("read");
        assert!(matches!(o.key, Some(KeyInput::Json(Value::Object(_)))));
        assert_eq!(o.secret_encoding, Some(SecretEncoding::Base64url));
        assert_eq!(o.leeway, Some(5.0));
        let o =
            read(r#"{"jwks":"{\"keys\":[]}","subject":"s","typ":"JWT","requiredClaims":["exp"]}"#)
                .expect("read");
        assert_eq!(o.jwks, Some(JwksInput(serde_json::json!({"keys": []}))));
        assert_eq!(
            (o.subject.as_deref(), o.typ.as_deref()),
            (Some("s"), Some("JWT"))
        );
        assert_eq!(o.required_claims, Some(vec!["exp".to_string()]));
        // text that is not JSON stays a string, for the key check to say so
        let o = read(r#"{"jwks":"not json","now":1.5,"maxTokenAge":60,"maxTokenBytes":100}"#)
            .expect("read");
        assert_eq!(o.jwks, Some(JwksInput(Value::from("not json"))));
        assert_eq!(
            (o.now, o.max_token_age, o.max_token_bytes),
            (Some(1.5), Some(60.0), Some(100.0))
        );
        // null is absent
        let o = read(r#"{"jwks":{"keys":[]},"jwksStale":"timeout","key":null,"issuer":null}"#)
            .expect("read");
        assert_eq!((o.key, o.issuer), (None, None));
        assert_eq!(o.jwks_stale.as_deref(), Some("timeout"));
        for (text, message) in [
            (r#"{"leeway":"5"}"#, r#"options: invalid type: string "5", expected f64"#),
            (r#"{"key":5}"#, "options: invalid type: integer `5`, expected a PEM or JWK string, a JWK object, or a Uint8Array secret"),
            (r#"{"subject":5}"#, "options: invalid type: integer `5`, expected a string"),
            (r#"{"algorithms":"HS256"}"#, r#"options: invalid type: string "HS256", expected a sequence"#),
            (r#"{"jwks":[1]}"#, "options: invalid type: sequence, expected a JWK Set object or its JSON text"),
            (r#"{"secretEncoding":"utf16"}"#, "options: unknown variant `utf16`, expected one of `utf8`, `base64`, `base64url`, `hex`"),
            (r#"{"issuer":["a",1]}"#, "options: invalid type: sequence, expected a string or an array of strings"),
        ] {
            assert_eq!(read(text).expect_err(text).0, message);
        }
    }

    #[test]
    fn every_option_name_is_a_field() {
        let all: serde_json::Map<String, Value> = OPTION_NAMES
            .iter()
            .map(|n| (n.to_string(), Value::Null))
            .collect();
        assert!(read(&Value::Object(all).to_string()).is_ok());
        // and the struct has no field the list lacks: serde names its fields when refusing one
        let e = serde_json::from_value::<Options>(serde_json::json!({"zzz": 1})).expect_err("zzz");
        let message = e.to_string();
        let fields = message.split("expected one of ").nth(1).expect("fields");
        assert_eq!(fields.split(", ").count(), OPTION_NAMES.len(), "{message}");
        for name in OPTION_NAMES {
            assert!(fields.contains(&format!("`{name}`")), "{name}: {message}");
        }
    }

    #[test]
    fn wrong_types_are_misuse() {
        assert!(Policy::from_json(r#"{"leeway":"5"}"#, 0.0).is_err());
        assert!(Policy::from_json(r#"{"leeway":-1}"#, 0.0).is_err());
        assert!(Policy::from_json(r#"{"algorithms":["RS265"]}"#, 0.0).is_err());
        assert!(Policy::from_json(r#"{"algorithms":["none"]}"#, 0.0).is_err());
        assert!(Policy::from_json(r#"{"algorithms":[]}"#, 0.0).is_err());
        assert!(Policy::from_json(r#"{"maxTokenBytes":0.5}"#, 0.0).is_err());
        assert!(Policy::from_json(r#"{"secretEncoding":"base32"}"#, 0.0).is_err());
        assert!(Policy::from_json(r#"{"key":"s","jwks":{"keys":[]}}"#, 0.0).is_err());
    }

    #[test]
    fn defaults() {
        let p = Policy::from_json(r#"{"key":"secret","audience":["a","b"]}"#, 42.0).expect("ok");
        assert_eq!(p.now, 42.0);
        assert_eq!(p.leeway, 0.0);
        assert_eq!(p.max_token_bytes, 16 * 1024);
        assert_eq!(p.key, Some(KeyInput::Text("secret".into())));
        assert_eq!(p.audience.map(|a| a.values().len()), Some(2));
    }
}
