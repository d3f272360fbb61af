//! The one catalogue of finding codes: code, severity, check, a one-line description, the
//! default hint, and what PyJWT and jose raise for the same cause. The README table, the
//! TypeScript union and the JavaScript `FINDINGS` export are generated from this list
//! (`cargo run --example catalogue`).

use serde::Serialize;
use serde_json::{Map, Value};

/// How bad a finding is. Only errors make a token invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The token must be rejected.
    Error,
    /// Worth fixing; does not make the token invalid.
    Warning,
    /// A fact worth knowing.
    Info,
}

impl Severity {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The fixed sequence of checks a report lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Check {
    /// Size, transit corruption, structure, base64url, JSON.
    Format,
    /// The header's `alg` against the allow-list and the key.
    Algorithm,
    /// Key selection and key quality.
    Key,
    /// The signature itself.
    Signature,
    /// `exp` and lifetimes.
    Exp,
    /// `nbf`.
    Nbf,
    /// `iat` and token age.
    Iat,
    /// `iss`.
    Iss,
    /// `aud`.
    Aud,
    /// `sub`.
    Sub,
    /// `typ`.
    Typ,
    /// Required claims.
    Required,
    /// `crit` header parameter.
    Crit,
}

impl Check {
    /// Every check, in report order.
    pub const ALL: [Check; 13] = [
        Check::Format,
        Check::Algorithm,
        Check::Key,
        Check::Signature,
        Check::Exp,
        Check::Nbf,
        Check::Iat,
        Check::Iss,
        Check::Aud,
        Check::Sub,
        Check::Typ,
        Check::Required,
        Check::Crit,
    ];

    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Format => "format",
            Check::Algorithm => "algorithm",
            Check::Key => "key",
            Check::Signature => "signature",
            Check::Exp => "exp",
            Check::Nbf => "nbf",
            Check::Iat => "iat",
            Check::Iss => "iss",
            Check::Aud => "aud",
            Check::Sub => "sub",
            Check::Typ => "typ",
            Check::Required => "required",
            Check::Crit => "crit",
        }
    }
}

macro_rules! catalogue {
    ($( $variant:ident = $code:literal, $sev:ident, $check:ident, pyjwt $py:literal, jose $jose:literal,
        $desc:literal, hint $hint:literal; )*) => {
        /// A finding code. Codes are stable: a published one is never renamed.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( #[doc = $desc] $variant, )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The snake_case code string.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// The severity, fixed per code.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// The check a finding of this code belongs to unless the finding says otherwise
            /// (time codes belong to the claim they are about).
            pub fn check(self) -> Check {
                match self { $( Code::$variant => Check::$check, )* }
            }

            /// One line: what the code means.
            pub fn description(self) -> &'static str {
                match self { $( Code::$variant => $desc, )* }
            }

            /// The default hint: what to change.
            pub fn hint(self) -> &'static str {
                match self { $( Code::$variant => $hint, )* }
            }

            /// What PyJWT raises for the same cause ("—" when it says nothing).
            pub fn pyjwt(self) -> &'static str {
                match self { $( Code::$variant => $py, )* }
            }

            /// jose's error code for the same cause ("—" when it says nothing).
            pub fn jose(self) -> &'static str {
                match self { $( Code::$variant => $jose, )* }
            }
        }
    };
}

catalogue! {
    // format
    TokenTooLarge = "token_too_large", Error, Format, pyjwt "—", jose "—",
        "the token is larger than maxTokenBytes (default 16 KiB)",
        hint "tokens this large are usually a mistake or an attack; raise maxTokenBytes only if your issuer really sends them";
    JsonTooDeep = "json_too_deep", Error, Format, pyjwt "DecodeError", jose "ERR_JWT_INVALID",
        "header or payload JSON is nested deeper than 32 levels",
        hint "flatten the claims: no legitimate token nests this deep";
    MalformedToken = "malformed_token", Error, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "the token does not have the three dot-separated parts of a compact JWS",
        hint "pass exactly header.payload.signature, nothing before or after it";
    EncryptedToken = "encrypted_token", Error, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "the token has five parts: it is an encrypted JWE, not a signed JWS",
        hint "decrypt it with the recipient's private key first (jose's jwtDecrypt), or ask the issuer for a signed token";
    InvalidBase64url = "invalid_base64url", Error, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "a part is not valid base64url",
        hint "the token was cut or altered; copy it again from the original source";
    InvalidJson = "invalid_json", Error, Format, pyjwt "DecodeError", jose "ERR_JWT_INVALID",
        "the header or payload is not valid JSON",
        hint "the issuer produced broken JSON, or the token was altered in transit";
    PayloadNotObject = "payload_not_object", Error, Format, pyjwt "DecodeError", jose "ERR_JWT_INVALID",
        "the header or payload is valid JSON but not a JSON object",
        hint "a JWT's header and claims set must be JSON objects";
    DuplicateMember = "duplicate_member", Error, Format, pyjwt "—", jose "ERR_JWS_INVALID",
        "a member name appears twice in the header or payload",
        hint "parsers disagree on which value wins: reject the token and fix the issuer";
    BearerPrefix = "bearer_prefix", Info, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "the token starts with a single \"Bearer \" scheme, which was stripped",
        hint "pass only the token; read Authorization headers with tokenFromAuthorization()";
    TokenResponse = "token_response", Info, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "an OAuth token response (JSON) was pasted; its access_token was read",
        hint "pass only the access_token member of the token response";
    DoubleBearer = "double_bearer", Error, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "the token starts with \"Bearer\" twice",
        hint "the client adds \"Bearer \" to a value that already has it: store the bare token";
    UrlEncoded = "url_encoded", Error, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "the token is percent-encoded (%2E, %3D, %20…)",
        hint "the token went through URL encoding; decode it once (decodeURIComponent) where it is read";
    QuotedToken = "quoted_token", Error, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "the token is wrapped in quotes",
        hint "the token was JSON-encoded twice or copied with its quotes; strip them where it is stored";
    WhitespaceInToken = "whitespace_in_token", Error, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "the token contains spaces or line breaks",
        hint "a terminal or mail client wrapped it; remove the whitespace";
    NotBase64url = "not_base64url", Error, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "a part uses standard base64 ('+' '/') instead of base64url ('-' '_')",
        hint "the issuer encodes with standard base64; JWS requires base64url without padding";
    Base64Padding = "base64_padding", Error, Format, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "a part ends with '=' padding, which JWS forbids",
        hint "encode with base64url without padding (RFC 7515 §2)";
    // algorithm
    AlgNotAllowed = "alg_not_allowed", Error, Algorithm, pyjwt "InvalidAlgorithmError", jose "ERR_JOSE_ALG_NOT_ALLOWED",
        "the token's alg is not in the verifier's allowed algorithms",
        hint "add the issuer's algorithm to `algorithms`, or the token comes from an unexpected signer";
    AlgNone = "alg_none", Error, Algorithm, pyjwt "InvalidAlgorithmError", jose "ERR_JOSE_ALG_NOT_ALLOWED",
        "the token is unsecured (alg: none): anyone can write it",
        hint "never accept alg none; this is an attack or a misconfigured issuer";
    AlgKeyMismatch = "alg_key_mismatch", Error, Algorithm, pyjwt "InvalidKeyError", jose "ERR_JOSE_NOT_SUPPORTED",
        "the key's type cannot verify the token's algorithm",
        hint "use the key type the algorithm needs, or the issuer signs with another key than you think";
    AlgorithmsUnpinned = "algorithms_unpinned", Warning, Algorithm, pyjwt "—", jose "—",
        "no algorithms were pinned, so the header chose the algorithm (inspect without `algorithms`)",
        hint "pin `algorithms` to the one your issuer uses (verify() requires it): a token must not choose how it is checked";
    AlgConfusion = "alg_confusion", Error, Algorithm, pyjwt "InvalidKeyError", jose "ERR_JOSE_ALG_NOT_ALLOWED",
        "an HMAC token was checked against a public key (algorithm confusion)",
        hint "a public key is never an HMAC secret: allow only the asymmetric algorithm your issuer uses";
    // key
    KidNotFound = "kid_not_found", Error, Key, pyjwt "PyJWKClientError", jose "ERR_JWKS_NO_MATCHING_KEY",
        "the token's kid is not in the key set",
        hint "the signer rotated keys: refresh the JWKS, or keep the old key published until its tokens expire";
    KeyInvalid = "key_invalid", Error, Key, pyjwt "InvalidKeyError", jose "ERR_JWK_INVALID",
        "the key could not be read",
        hint "give a PEM public key, a JWK or JWK Set, or an HMAC secret";
    KeyTooWeak = "key_too_weak", Error, Key, pyjwt "InvalidKeyError", jose "ERR_JOSE_NOT_SUPPORTED",
        "the RSA key is shorter than 2048 bits",
        hint "RFC 7518 requires RSA keys of at least 2048 bits: rotate to a stronger key";
    HmacSecretShort = "hmac_secret_short", Warning, Key, pyjwt "InsecureKeyLengthWarning", jose "—",
        "the HMAC secret is shorter than the hash output (RFC 7518 §3.2)",
        hint "use a random secret at least as long as the hash (32 bytes for HS256)";
    PrivateKeySupplied = "private_key_supplied", Warning, Key, pyjwt "—", jose "—",
        "a private key was given where a public key belongs; its public half was used",
        hint "give verifiers only the public key: the private key must stay with the signer";
    KeyRepaired = "key_repaired", Info, Key, pyjwt "InvalidKeyError", jose "ERR_JOSE_GENERIC",
        "the key text was mangled but could be repaired",
        hint "store the key as proper PEM with real line breaks";
    JwkUseMismatch = "jwk_use_mismatch", Error, Key, pyjwt "—", jose "ERR_JWKS_NO_MATCHING_KEY",
        "the JWK is not for signatures (use is not \"sig\" or key_ops lacks \"verify\")",
        hint "publish the signing key with \"use\": \"sig\"; this key is meant for encryption";
    JwkAlgMismatch = "jwk_alg_mismatch", Error, Key, pyjwt "—", jose "ERR_JWKS_NO_MATCHING_KEY",
        "the JWK's alg differs from the token's alg",
        hint "the key is published for another algorithm: fix the JWK's alg or the signer's algorithm";
    EmbeddedKeyIgnored = "embedded_key_ignored", Warning, Key, pyjwt "—", jose "—",
        "the header carries a key or key URL (jwk, jku, x5u, x5c), which is never trusted",
        hint "verification uses only your configured keys; a token that brings its own key is suspicious";
    KidSuspicious = "kid_suspicious", Warning, Key, pyjwt "—", jose "—",
        "the kid contains path traversal, quotes, SQL or shell characters",
        hint "never use kid in a file path, query or command; this looks like an injection attempt";
    JwksStale = "jwks_stale", Info, Key, pyjwt "—", jose "—",
        "the remote key set could not be refreshed; the last good copy was used",
        hint "check that the JWKS URL answers; rotated keys will fail until it does";
    JwksCertificateMap = "jwks_certificate_map", Info, Key, pyjwt "PyJWKSetError", jose "ERR_JWKS_INVALID",
        "the key set is a map of X.509 certificates by kid (Google, Firebase), read as a JWK Set",
        hint "use the issuer's JWK Set endpoint (Google: oauth2/v3/certs) where other libraries expect one";
    // signature
    SignatureInvalid = "signature_invalid", Error, Signature, pyjwt "InvalidSignatureError", jose "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
        "the signature does not verify with the key",
        hint "the token was signed with another key, or altered after signing";
    SignatureMissing = "signature_missing", Error, Signature, pyjwt "DecodeError", jose "ERR_JWS_INVALID",
        "the signature part is empty",
        hint "an unsigned token must be rejected; the issuer did not sign it";
    SignatureUnchecked = "signature_unchecked", Warning, Signature, pyjwt "—", jose "—",
        "no key was given, so the signature was not checked",
        hint "give the issuer's public key, JWKS or secret to verify the signature";
    SignatureDerEncoded = "signature_der_encoded", Error, Signature, pyjwt "InvalidSignatureError", jose "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
        "the ECDSA signature is DER-encoded; JWS needs raw r‖s",
        hint "the signer used a generic ECDSA API (OpenSSL, Java, KMS): convert DER to the fixed-width r‖s form";
    SignatureLength = "signature_length", Error, Signature, pyjwt "InvalidSignatureError", jose "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
        "the signature has the wrong length for the algorithm",
        hint "the token was truncated or signed with another algorithm or key size";
    PsychicSignature = "psychic_signature", Error, Signature, pyjwt "InvalidSignatureError", jose "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
        "the ECDSA signature has r = 0 or s = 0 (CVE-2022-21449)",
        hint "this is a forgery attempt: such a signature verifies on broken ECDSA implementations only";
    VerifiesWithOtherKey = "verifies_with_other_key", Info, Signature, pyjwt "—", jose "—",
        "the signature verifies with another key of the set than the one the kid names",
        hint "the key set names the signing key differently: fix the kid on the signer or in the JWKS";
    SecretEncodingMismatch = "secret_encoding_mismatch", Info, Signature, pyjwt "—", jose "—",
        "the signature verifies once the HMAC secret is decoded or encoded differently",
        hint "set secretEncoding to match how the signer uses the secret";
    // exp
    Expired = "expired", Error, Exp, pyjwt "ExpiredSignatureError", jose "ERR_JWT_EXPIRED",
        "the token has expired",
        hint "get a new token; if it expired only seconds ago, check the clocks of issuer and verifier";
    NoExpiry = "no_expiry", Warning, Exp, pyjwt "—", jose "—",
        "the token has no exp claim: it never expires",
        hint "issue tokens with an exp; a leaked token without one is valid forever";
    ShortLifetime = "short_lifetime", Warning, Exp, pyjwt "—", jose "—",
        "the token lives less than 60 seconds (exp - iat)",
        hint "a lifetime this short fails on any clock skew or slow network";
    LongLifetime = "long_lifetime", Warning, Exp, pyjwt "—", jose "—",
        "the token lives more than 24 hours (exp - iat)",
        hint "use short-lived access tokens and refresh them";
    ClockSkewSuspected = "clock_skew_suspected", Warning, Exp, pyjwt "—", jose "—",
        "the time check missed by 5 minutes or less: the clocks probably disagree",
        hint "sync the clocks (NTP) or allow a small leeway";
    TimestampMilliseconds = "timestamp_milliseconds", Error, Exp, pyjwt "DecodeError", jose "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "a time claim is in milliseconds, not seconds",
        hint "NumericDate is seconds since the epoch: divide by 1000 (Date.now() / 1000)";
    ClaimTypeInvalid = "claim_type_invalid", Error, Exp, pyjwt "DecodeError", jose "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "a registered claim has the wrong JSON type",
        hint "exp, nbf and iat are numbers; iss and sub strings; aud a string or an array of strings";
    // nbf
    NotYetValid = "not_yet_valid", Error, Nbf, pyjwt "ImmatureSignatureError", jose "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "the token is not valid yet (nbf is in the future)",
        hint "wait, or check the clocks of issuer and verifier";
    // iat
    IssuedInFuture = "issued_in_future", Error, Iat, pyjwt "ImmatureSignatureError", jose "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "the token was issued in the future (iat is after now)",
        hint "the issuer's clock runs ahead: sync the clocks or allow a small leeway";
    TokenTooOld = "token_too_old", Error, Iat, pyjwt "—", jose "ERR_JWT_EXPIRED",
        "the token is older than maxTokenAge",
        hint "get a fresh token, or raise maxTokenAge";
    // claims
    IssuerMismatch = "issuer_mismatch", Error, Iss, pyjwt "InvalidIssuerError", jose "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "the token's iss is not the expected issuer",
        hint "configure the issuer exactly as the token states it, or the token comes from another environment";
    AudienceMismatch = "audience_mismatch", Error, Aud, pyjwt "InvalidAudienceError", jose "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "the token's aud does not contain the expected audience",
        hint "request the token for this API's audience, or configure the audience the tokens carry";
    AudienceUnchecked = "audience_unchecked", Warning, Aud, pyjwt "—", jose "—",
        "the token names an audience, but none was expected: a token meant for another service passes too",
        hint "set `audience` to this API's identifier, so tokens issued for other services are refused";
    SubjectMismatch = "subject_mismatch", Error, Sub, pyjwt "InvalidSubjectError", jose "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "the token's sub is not the expected subject",
        hint "the token belongs to another subject";
    TypMismatch = "typ_mismatch", Error, Typ, pyjwt "—", jose "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "the header's typ is not the expected type",
        hint "a token of another kind (an ID token for an access token?) was sent";
    ClaimMissing = "claim_missing", Error, Required, pyjwt "MissingRequiredClaimError", jose "ERR_JWT_CLAIM_VALIDATION_FAILED",
        "a required claim is absent",
        hint "the issuer must include this claim";
    CritUnsupported = "crit_unsupported", Error, Crit, pyjwt "InvalidTokenError", jose "ERR_JOSE_NOT_SUPPORTED",
        "the header's crit lists an extension jwt-doctor does not implement",
        hint "RFC 7515 §4.1.11 requires rejecting tokens with unknown critical extensions (b64: false included)";
}

/// Names for a sentence: "A", "A and B", "A, B and C".
pub fn and_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [head @ .., last] => format!("{} and {last}", head.join(", ")),
    }
}

/// A new finding's hint: the catalogue's. In the WebAssembly module it is left empty and the
/// JavaScript side fills it from `FINDINGS` (generated from the same catalogue), so the module
/// does not carry every hint a second time (about 3 KB gzip); a finding with a hint of its own
/// (`Finding::hint`) keeps it.
#[cfg(not(target_arch = "wasm32"))]
fn default_hint(code: Code) -> String {
    code.hint().to_string()
}

#[cfg(target_arch = "wasm32")]
fn default_hint(_: Code) -> String {
    String::new()
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One finding: a code, where it belongs, and the evidence in words and data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The stable code.
    pub code: Code,
    /// The code's severity.
    pub severity: Severity,
    /// The check it belongs to.
    pub check: Check,
    /// The cause in plain words, with the evidence.
    pub message: String,
    /// What to change.
    pub hint: String,
    /// Machine-readable evidence.
    pub detail: Map<String, Value>,
}

impl Finding {
    /// A finding with the code's default check and hint and an empty detail.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self::of(code, message.into())
    }

    /// [`Finding::new`] past the conversion: one copy in the module instead of one at each of
    /// the ~70 places a finding is made (they only run when a token has something to say).
    #[inline(never)]
    fn of(code: Code, message: String) -> Self {
        Finding {
            code,
            severity: code.severity(),
            check: code.check(),
            message,
            hint: default_hint(code),
            detail: Map::new(),
        }
    }

    /// Adds a detail member.
    #[must_use]
    pub fn with(self, name: &str, value: impl Into<Value>) -> Self {
        self.with_value(name, value.into())
    }

    /// [`Finding::with`] past the conversion, not inlined at its ~140 call sites.
    #[inline(never)]
    fn with_value(mut self, name: &str, value: Value) -> Self {
        self.detail.insert(name.to_string(), value);
        self
    }

    /// Replaces the hint.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    /// Files the finding under another check (time findings belong to their claim).
    #[must_use]
    pub fn in_check(mut self, check: Check) -> Self {
        self.check = check;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate {s}");
            assert!(
                s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit()),
                "{s}"
            );
        }
        assert_eq!(Code::ALL.len(), 58);
    }

    #[test]
    fn severities_follow_the_spec() {
        let infos = [
            "bearer_prefix",
            "verifies_with_other_key",
            "secret_encoding_mismatch",
            "key_repaired",
            "jwks_stale",
            "jwks_certificate_map",
            "token_response",
        ];
        let warnings = [
            "clock_skew_suspected",
            "private_key_supplied",
            "hmac_secret_short",
            "embedded_key_ignored",
            "kid_suspicious",
            "no_expiry",
            "short_lifetime",
            "long_lifetime",
            "signature_unchecked",
            "algorithms_unpinned",
            "audience_unchecked",
        ];
        for code in Code::ALL {
            let expected = if infos.contains(&code.as_str()) {
                Severity::Info
            } else if warnings.contains(&code.as_str()) {
                Severity::Warning
            } else {
                Severity::Error
            };
            assert_eq!(code.severity(), expected, "{}", code.as_str());
        }
    }
}
