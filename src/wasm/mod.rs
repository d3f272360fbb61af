//! The only file that knows wasm-bindgen: JavaScript values in, plain JavaScript objects out.
//! Misuse (unknown option names, wrong types) throws a `TypeError`; everything wrong with the
//! token, key or claims is a finding.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::alg::ALGORITHMS;
use crate::findings::Check;
use crate::inspect::{run, run_verification, Mode};
use crate::policy::{Options, Policy};

pub(crate) mod wire;
use wire::{wire, Answer, MAX_KEY_INDEX};

fn type_error(message: impl AsRef<str>) -> JsValue {
    js_sys::TypeError::new(message.as_ref()).into()
}

/// A report (or any plain data) as a JavaScript object: serialised to JSON text here and read
/// with the engine's `JSON.parse`, which is several times faster than building the object
/// member by member across the boundary. Every number in a report is finite and integers are
/// within 2^53 (see `json.rs`), so nothing is lost on the way.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
    js_sys::JSON::parse(&text)
}

/// A serde_json error without its " at line 1 column N" suffix: the text was made here (by
/// `JSON.stringify`), so the position means nothing to the caller.
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((head, _)) if e.line() > 0 => head.to_string(),
        _ => text,
    }
}

/// A JavaScript value as JSON text (`JSON.stringify`); a value it cannot write (a cycle, a
/// BigInt) is a `TypeError` naming `what`.
fn json_text(value: &JsValue, what: &str) -> Result<String, JsValue> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| type_error(format!("{what} cannot be read as JSON")))
}

/// The `key` option (or `verifySignature`'s key): bytes from a `Uint8Array`, text from a
/// string, anything else through its JSON text.
fn key_input(key: &JsValue) -> Result<crate::key::KeyInput, String> {
    if let Some(bytes) = key.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(crate::key::KeyInput::Bytes(bytes.to_vec()));
    }
    if let Some(text) = key.as_string() {
        return Ok(crate::key::KeyInput::Text(text));
    }
    let text = js_sys::JSON::stringify(key)
        .ok()
        .and_then(|t| t.as_string())
        .unwrap_or_else(|| "null".to_string());
    let value = serde_json::from_str(&text).map_err(|e| json_error(&e))?;
    crate::policy::key_from_json(value)
}

/// Options cross as JSON text (read with serde_json, which the module has anyway), except the
/// `key`, which may be bytes: it crosses on its own.
fn policy(options: JsValue) -> Result<Policy, JsValue> {
    let o: Options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else if !options.is_object() || js_sys::Array::is_array(&options) {
        return Err(type_error("options must be an object"));
    } else {
        let object = options.unchecked_ref::<js_sys::Object>();
        // Unknown names are checked here, with the name most likely meant: a typo like
        // `audiance` must not silently disable a check.
        for name in js_sys::Object::keys(object).iter() {
            let name = name.as_string().unwrap_or_default();
            if !crate::policy::OPTION_NAMES.contains(&name.as_str()) {
                return Err(type_error(crate::policy::unknown_option(&name).0));
            }
        }
        let key_name = JsValue::from_str("key");
        let key = js_sys::Reflect::get(object, &key_name).unwrap_or(JsValue::UNDEFINED);
        let jwks = js_sys::Reflect::get(object, &JsValue::from_str("jwks")).unwrap_or_default();
        if js_sys::ArrayBuffer::is_view(&jwks) {
            return Err(type_error(
                "options: invalid type: byte array, expected a JWK Set object or its JSON text",
            ));
        }
        let text = if key.is_undefined() || key.is_null() {
            json_text(&options, "options")?
        } else {
            let rest = js_sys::Object::assign(&js_sys::Object::new(), object);
            // deleting an own data property of a plain object cannot fail
            let _ = js_sys::Reflect::delete_property(&rest, &key_name);
            json_text(&rest, "options")?
        };
        let members = match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(serde_json::Value::Object(members)) => members,
            Ok(_) => return Err(type_error("options must be an object")),
            Err(e) => return Err(type_error(format!("options: {}", json_error(&e)))),
        };
        let mut o = Options::from_json_object(members).map_err(|e| type_error(e.0))?;
        if !key.is_undefined() && !key.is_null() {
            o.key = Some(key_input(&key).map_err(|e| type_error(format!("options: {e}")))?);
        }
        o
    };
    Policy::new(o, js_sys::Date::now() / 1000.0).map_err(|e| type_error(e.0))
}

fn token_str(token: &JsValue) -> Result<String, JsValue> {
    token
        .as_string()
        .ok_or_else(|| type_error("token must be a string"))
}

/// `inspect(token, options?)`: the full report, in its wire form (`wire::WireReport`).
#[wasm_bindgen]
pub fn inspect(token: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let token = token_str(&token)?;
    let p = policy(options)?;
    to_js(&wire(&run(&token, &p, Mode::Inspect)))
}

/// `diagnose(token, options)`: the full report of a token `verify` rejected (no transit repair),
/// in its wire form.
#[wasm_bindgen]
pub fn diagnose(token: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let token = token_str(&token)?;
    let p = policy(options)?;
    to_js(&wire(&run(&token, &p, Mode::Diagnose)))
}

#[derive(Serialize)]
struct Decoded {
    header: Option<crate::json::Object>,
    payload: Option<crate::json::Object>,
    signature: Option<String>,
    findings: Vec<crate::findings::Finding>,
}

/// `decode(token)`: header, payload and signature without any verification.
#[wasm_bindgen]
pub fn decode(token: JsValue) -> Result<JsValue, JsValue> {
    let token = token_str(&token)?;
    let d = crate::inspect::decode(&token);
    to_js(&Decoded {
        header: d.header,
        payload: d.payload,
        signature: d.signature,
        findings: d.findings,
    })
}

/// `verifySignature(alg, key, message, signature)`: the bare primitive — does `signature`
/// verify over `message` with `key` for `alg`? No token, no claims, no diagnosis. Used by the
/// conformance suites (Wycheproof) and for detached content.
#[wasm_bindgen(js_name = verifySignature)]
pub fn verify_signature(
    alg: &str,
    key: JsValue,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, JsValue> {
    let alg = crate::alg::Alg::by_name(alg)
        .filter(|a| a.family != crate::alg::Family::None)
        .ok_or_else(|| type_error(format!("unknown algorithm {alg:?}")))?;
    let input = key_input(&key).map_err(|e| type_error(format!("key: {e}")))?;
    match crate::key::cache::import_cached(&input, crate::key::SecretEncoding::Utf8).as_ref() {
        // a key pinned to one algorithm (a JWK's `alg`, an RSASSA-PSS key's parameters)
        // verifies nothing else, as in a token's check
        Ok(crate::key::Imported::One(k)) => {
            Ok(k.alg.as_deref().is_none_or(|a| alg.fits_key_alg(a))
                && crate::verify::verify(alg, &k.material, message, signature).is_ok())
        }
        Ok(crate::key::Imported::Set(_)) => Err(type_error("key: give one key, not a JWK Set")),
        Err(e) => Err(type_error(format!("key: {}", e.message))),
    }
}

/// `durationWords(seconds)`: a duration as every report, the CLI and the page word it ("45 s",
/// "3 h 12 min", "2 d 5 h"): one wording, the core's ([`crate::time::duration`]).
#[wasm_bindgen(js_name = durationWords)]
pub fn duration_words(seconds: f64) -> String {
    crate::time::duration(seconds)
}

/// `relativeWords(delta)`: an instant `delta` seconds from now ("in 10 min", "3 h ago", "now").
#[wasm_bindgen(js_name = relativeWords)]
pub fn relative_words(delta: f64) -> String {
    crate::time::relative(delta)
}

/// `describeKey(key, secretEncoding?)`: what a key input is ([`crate::key::describe`]): its
/// kind, in words, and whether it holds secret material.
#[wasm_bindgen(js_name = describeKey)]
pub fn describe_key(key: JsValue, secret_encoding: Option<String>) -> Result<JsValue, JsValue> {
    let input = key_input(&key).map_err(|e| type_error(format!("key: {e}")))?;
    let encoding = match secret_encoding.as_deref() {
        None | Some("utf8") => crate::key::SecretEncoding::Utf8,
        Some("base64") => crate::key::SecretEncoding::Base64,
        Some("base64url") => crate::key::SecretEncoding::Base64url,
        Some("hex") => crate::key::SecretEncoding::Hex,
        Some(other) => {
            return Err(type_error(format!(
            "secretEncoding must be \"utf8\", \"base64\", \"base64url\" or \"hex\", not {other:?}"
        )))
        }
    };
    to_js(&crate::key::describe::describe(&input, encoding))
}

/// A compiled verifier: options checked and keys imported once, then `check` per token. The
/// JavaScript `verify()` keeps a bounded cache of these keyed by key identity and options.
#[wasm_bindgen]
pub struct Verifier {
    policy: Policy,
    /// The warnings and infos of the last check.
    findings: Vec<crate::findings::Finding>,
    /// The header and payload texts of the last accepted token, one after the other, until
    /// [`Verifier::decoded`] takes them.
    decoded: String,
    /// Where the payload starts in `decoded`.
    header_length: usize,
    /// Lent to the caller ([`Verifier::input`]): the token's UTF-8 bytes, written by the caller,
    /// then, for a deferred check, its decoded signature right after them.
    io: Vec<u8>,
}

/// Beyond this, the lent buffer is given back after each check (a one-off huge token).
const IO_KEPT: usize = 64 * 1024;

/// The names of the algorithm table's rows, comma-separated, in order: what the algorithm bits
/// of [`Verifier::check`]'s answer index.
#[wasm_bindgen(js_name = algorithmNames)]
pub fn algorithm_names() -> String {
    const _: () = assert!(ALGORITHMS.len() <= 16, "check() packs the row in 4 bits");
    let names: Vec<&str> = ALGORITHMS.iter().map(|a| a.name).collect();
    names.join(",")
}

/// The module's memory, where [`Verifier::input`] lends the caller its buffer.
#[wasm_bindgen(js_name = wasmMemory)]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

#[derive(Serialize)]
struct KeyInfo {
    kid: Option<String>,
    thumbprint: Option<String>,
}

impl Verifier {
    /// [`Verifier::check`] of one token: the packed answer and, when deferred, the signature.
    fn check_token(
        &mut self,
        token: &str,
        now: f64,
        native: bool,
        jwks_stale: Option<String>,
        rejected_natively: usize,
    ) -> (i32, Option<Vec<u8>>) {
        self.policy.now = now;
        self.policy.jwks_stale = jwks_stale;
        let mode = if native {
            Mode::VerifyDeferred
        } else {
            Mode::Verify
        };
        let v = run_verification(token, &self.policy, mode, rejected_natively);
        let report = v.report;
        let verified = report.signature.verified;
        let deferred = native && !verified && report.signature.key_index.is_some();
        // An error up to the signature check rejects now; one after a deferred signature
        // (an expired token, say) only once native crypto has verified the signature, so
        // that a forged token is called forged whatever its claims say.
        let error = report.first_error().map(|f| f.check);
        let pending = verified || deferred;
        let reject_now = !pending || error.is_some_and(|c| !deferred || c <= Check::Signature);
        let index = report
            .signature
            .key_index
            .filter(|_| !reject_now)
            .and_then(|i| i32::try_from(i).ok())
            .filter(|i| *i < MAX_KEY_INDEX);
        self.findings = report.findings;
        self.decoded.clear();
        let alg = ALGORITHMS
            .iter()
            .position(|a| Some(a.name) == report.signature.alg.as_deref())
            .and_then(|a| i32::try_from(a).ok());
        let code = match (index, alg, v.json) {
            (Some(key_index), Some(alg), Some((header, payload))) => {
                self.decoded.reserve(header.len() + payload.len());
                self.decoded.push_str(&header);
                self.decoded.push_str(&payload);
                self.header_length = header.len();
                Answer {
                    key_index,
                    alg,
                    error_after_signature: error.is_some(),
                    deferred,
                    findings: !self.findings.is_empty(),
                }
                .pack()
            }
            _ => -1,
        };
        (code, v.deferred_signature)
    }

    fn key_at(&self, index: usize) -> Option<&crate::key::Key> {
        match &self.policy.preloaded {
            Some(crate::policy::Preloaded::Key(r)) => match r.as_ref() {
                Ok(crate::key::Imported::One(k)) if index == 0 => Some(k),
                Ok(crate::key::Imported::Set(s)) => s.keys.get(index),
                _ => None,
            },
            Some(crate::policy::Preloaded::Jwks(r)) => {
                r.as_ref().as_ref().ok().and_then(|s| s.keys.get(index))
            }
            None => None,
        }
    }
}

#[wasm_bindgen]
impl Verifier {
    /// Checks the options (`algorithms` and `key` or `jwks` required) and imports the keys.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Verifier, JsValue> {
        let mut policy = policy(options)?;
        if policy.algorithms.is_none() {
            return Err(type_error(
                "verify() requires options.algorithms (the algorithms your issuer uses)",
            ));
        }
        if !policy.has_key() {
            return Err(type_error("verify() requires options.key or options.jwks"));
        }
        policy.preload();
        Ok(Verifier {
            policy,
            findings: Vec::new(),
            decoded: String::new(),
            header_length: 0,
            io: Vec::new(),
        })
    }

    /// Lends the caller `len` bytes of wasm memory for the next token and returns their address
    /// (`len` 0: the address of what [`Verifier::check`] left there). The caller writes the
    /// token's UTF-8 bytes with `TextEncoder.encodeInto`: straight from its string into this
    /// module, with no copy in between and nothing allocated per call; native crypto then reads
    /// the signing input and the decoded signature from the same place.
    pub fn input(&mut self, len: usize) -> *const u8 {
        if self.io.len() < len {
            self.io.resize(len, 0);
        }
        self.io.as_ptr()
    }

    /// Runs the checks of `verify` at `now`, stopping at the first error. With `native`, the
    /// RSA, ECDSA and EdDSA signature primitive is left to the caller (HMAC is always verified
    /// here), and `rejected` says how many candidate keys the caller's crypto already rejected
    /// for this token (0 at first): the check then hands over the next candidate, or, when
    /// none is left, rejects with the failure it would have found itself.
    ///
    /// Returns -1 when the token is rejected: [`Verifier::findings`] then holds the findings so
    /// far, the main error among them. Otherwise, packed into one number for the hot path:
    /// bit 0, there are findings ([`Verifier::findings`]); bit 1, the signature is left to the
    /// caller; bit 2, an error follows the signature check (the token is rejected with those
    /// findings once the signature verifies; if it does not, check again with one more
    /// rejected key); bits 3–6, the algorithm (its row in [`algorithm_names`]); above, the
    /// index of the key that verified (or must verify, when deferred). The decoded header and
    /// payload are then in [`Verifier::decoded`].
    ///
    /// The token is the first `len` bytes of the buffer lent by [`Verifier::input`]. For a
    /// deferred check, its decoded signature follows them there.
    pub fn check(
        &mut self,
        len: usize,
        now: f64,
        native: bool,
        jwks_stale: Option<String>,
        rejected: usize,
    ) -> i32 {
        let mut io = std::mem::take(&mut self.io);
        let (code, signature) = match io.get(..len).map(std::str::from_utf8) {
            Some(Ok(token)) => self.check_token(token, now, native, jwks_stale, rejected),
            _ => (-1, None),
        };
        match signature.filter(|_| code >= 0) {
            Some(signature) => {
                let end = len + signature.len();
                if io.len() < end {
                    io.resize(end, 0);
                }
                io[len..end].copy_from_slice(&signature);
            }
            None if io.len() > IO_KEPT => io = Vec::new(),
            None => {}
        }
        self.io = io;
        code
    }

    /// The configuration error of this verifier, if any ([`Policy::config_error`]): the key or
    /// key set cannot verify any token (`null` otherwise). A member of a JWK Set that did not
    /// import is not one while others did: they still work, as in jose.
    #[wasm_bindgen(js_name = configError)]
    pub fn config_error(&self) -> Result<JsValue, JsValue> {
        match self.policy.config_error() {
            Some(f) => to_js(&f),
            None => Ok(JsValue::NULL),
        }
    }

    /// The header and payload JSON texts of the last accepted token, one after the other,
    /// exactly as the token carries them (the payload starts at [`Verifier::header_length`]):
    /// the caller reads them with `JSON.parse`, the fastest way to build them in JavaScript.
    /// Taken: a second call is empty.
    pub fn decoded(&mut self) -> String {
        std::mem::take(&mut self.decoded)
    }

    /// Where the payload starts in [`Verifier::decoded`] (an accepted token is ASCII, so this
    /// is also a JavaScript string index).
    #[wasm_bindgen(js_name = headerLength)]
    pub fn header_length(&self) -> usize {
        self.header_length
    }

    /// The findings of the last check (the warnings and infos of an accepted token).
    pub fn findings(&self) -> Result<JsValue, JsValue> {
        to_js(&self.findings)
    }

    /// The findings of the last check as JSON text, for a rejected token, between the main
    /// error's code and its message (`code\0[…]\0message`: neither the code nor the JSON text
    /// holds a NUL, the message may), so that the caller makes its error without parsing the
    /// list, which it parses only when it is read.
    #[wasm_bindgen(js_name = rejection)]
    pub fn rejection(&self) -> String {
        let main = self
            .findings
            .iter()
            .find(|f| f.severity == crate::findings::Severity::Error);
        let list = serde_json::to_string(&self.findings).unwrap_or_else(|_| "[]".to_string());
        match main {
            Some(f) => format!("{}\0{list}\0{}", f.code.as_str(), f.message),
            None => format!("\0{list}\0"),
        }
    }

    /// The kid and thumbprint of key `index`.
    #[wasm_bindgen(js_name = keyInfo)]
    pub fn key_info(&self, index: usize) -> Result<JsValue, JsValue> {
        let k = self.key_at(index);
        to_js(&KeyInfo {
            kid: k.as_ref().and_then(|k| k.kid.clone()),
            thumbprint: k.and_then(|k| k.thumbprint.clone()),
        })
    }

    /// Key `index` in a form native crypto imports: `{kind: "secret", bytes}` or
    /// `{kind: "jwk", jwk}` (the public members only).
    #[wasm_bindgen(js_name = keyMaterial)]
    pub fn key_material(&self, index: usize) -> Result<JsValue, JsValue> {
        let k = self
            .key_at(index)
            .ok_or_else(|| type_error("no such key"))?;
        let m = js_sys::Object::new();
        let set = |name: &str, value: &JsValue| js_sys::Reflect::set(&m, &name.into(), value);
        match &k.material {
            crate::key::Material::Secret(bytes) => {
                set("kind", &"secret".into())?;
                set("bytes", &js_sys::Uint8Array::from(bytes.as_slice()).into())?;
            }
            other => {
                let text = crate::key::thumbprint::canonical_jwk(other)
                    .ok_or_else(|| type_error("no JWK form"))?;
                set("kind", &"jwk".into())?;
                set("jwk", &js_sys::JSON::parse(&text)?)?;
            }
        }
        Ok(m.into())
    }
}

/// A compiled inspector: options checked and keys imported once, for inspecting many tokens
/// with the same options (the debugger page as you type, `jwt-doctor triage`).
#[wasm_bindgen]
pub struct Inspector {
    policy: Policy,
}

/// What triage needs of a report, as JSON text.
#[derive(Serialize)]
struct Summary<'a> {
    valid: bool,
    verified: bool,
    codes: Vec<&'static str>,
    main: Option<&'static str>,
    header: bool,
    payload: bool,
    alg: Option<&'a str>,
    kid: Option<&'a serde_json::Value>,
    iss: Option<&'a serde_json::Value>,
    aud: Option<&'a serde_json::Value>,
    exp: Option<&'a serde_json::Value>,
    iat: Option<&'a serde_json::Value>,
    provider: Option<&'a str>,
    /// For `alg_confusion`: whether the public key's bytes forge the token (an attack) or not
    /// (a configuration mismatch); None without that finding.
    forged: Option<bool>,
}

#[wasm_bindgen]
impl Inspector {
    /// Checks the options and imports the keys.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Inspector, JsValue> {
        let mut policy = policy(options)?;
        policy.preload();
        Ok(Inspector { policy })
    }

    /// The full report of `token` at `now` (seconds since the epoch), in its wire form.
    pub fn inspect(&mut self, token: &str, now: f64) -> Result<JsValue, JsValue> {
        self.policy.now = now;
        to_js(&wire(&run(token, &self.policy, Mode::Inspect)))
    }

    /// A summary of `token` at `now` as JSON text: `valid`, `verified`, every finding code in
    /// report order, the first error's code (`main`), whether header and payload decoded, and
    /// the header's `alg`/`kid`, the payload's `iss`/`aud`/`exp`/`iat`, and the provider's name.
    pub fn summarize(&mut self, token: &str, now: f64) -> String {
        self.policy.now = now;
        let r = run(token, &self.policy, Mode::Summary);
        let claim = |name: &str| r.payload.as_ref().and_then(|p| p.get(name));
        let s = Summary {
            valid: r.valid,
            verified: r.signature.verified,
            codes: r.findings.iter().map(|f| f.code.as_str()).collect(),
            main: r.first_error().map(|f| f.code.as_str()),
            header: r.header.is_some(),
            payload: r.payload.is_some(),
            alg: r.signature.alg.as_deref(),
            kid: r.header.as_ref().and_then(|h| h.get("kid")),
            iss: claim("iss"),
            aud: claim("aud"),
            exp: claim("exp"),
            iat: claim("iat"),
            provider: r.token.provider.as_ref().map(|p| p.name),
            forged: r
                .findings
                .iter()
                .find(|f| f.code == crate::findings::Code::AlgConfusion)
                .and_then(|f| f.detail.get("forged")?.as_bool()),
        };
        serde_json::to_string(&s).unwrap_or_else(|_| "null".to_string())
    }
}
