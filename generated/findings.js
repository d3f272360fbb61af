// Generated from src/findings.rs by `cargo run --example catalogue -- js`. Do not edit.
/** The catalogue of finding codes: code, severity, check, description, hint, and the PyJWT and jose equivalents. */
export const FINDINGS = Object.freeze([
  {
    "code": "token_too_large",
    "severity": "error",
    "check": "format",
    "description": "the token is larger than maxTokenBytes (default 16 KiB)",
    "hint": "tokens this large are usually a mistake or an attack; raise maxTokenBytes only if your issuer really sends them",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "json_too_deep",
    "severity": "error",
    "check": "format",
    "description": "header or payload JSON is nested deeper than 32 levels",
    "hint": "flatten the claims: no legitimate token nests this deep",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWT_INVALID"
  },
  {
    "code": "malformed_token",
    "severity": "error",
    "check": "format",
    "description": "the token does not have the three dot-separated parts of a compact JWS",
    "hint": "pass exactly header.payload.signature, nothing before or after it",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "encrypted_token",
    "severity": "error",
    "check": "format",
    "description": "the token has five parts: it is an encrypted JWE, not a signed JWS",
    "hint": "decrypt it with the recipient's private key first (jose's jwtDecrypt), or ask the issuer for a signed token",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "invalid_base64url",
    "severity": "error",
    "check": "format",
    "description": "a part is not valid base64url",
    "hint": "the token was cut or altered; copy it again from the original source",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "invalid_json",
    "severity": "error",
    "check": "format",
    "description": "the header or payload is not valid JSON",
    "hint": "the issuer produced broken JSON, or the token was altered in transit",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWT_INVALID"
  },
  {
    "code": "payload_not_object",
    "severity": "error",
    "check": "format",
    "description": "the header or payload is valid JSON but not a JSON object",
    "hint": "a JWT's header and claims set must be JSON objects",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWT_INVALID"
  },
  {
    "code": "duplicate_member",
    "severity": "error",
    "check": "format",
    "description": "a member name appears twice in the header or payload",
    "hint": "parsers disagree on which value wins: reject the token and fix the issuer",
    "pyjwt": "—",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "bearer_prefix",
    "severity": "info",
    "check": "format",
    "description": "the token starts with a single \"Bearer \" scheme, which was stripped",
    "hint": "pass only the token; read Authorization headers with tokenFromAuthorization()",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "token_response",
    "severity": "info",
    "check": "format",
    "description": "an OAuth token response (JSON) was pasted; its access_token was read",
    "hint": "pass only the access_token member of the token response",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "double_bearer",
    "severity": "error",
    "check": "format",
    "description": "the token starts with \"Bearer\" twice",
    "hint": "the client adds \"Bearer \" to a value that already has it: store the bare token",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "url_encoded",
    "severity": "error",
    "check": "format",
    "description": "the token is percent-encoded (%2E, %3D, %20…)",
    "hint": "the token went through URL encoding; decode it once (decodeURIComponent) where it is read",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "quoted_token",
    "severity": "error",
    "check": "format",
    "description": "the token is wrapped in quotes",
    "hint": "the token was JSON-encoded twice or copied with its quotes; strip them where it is stored",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "whitespace_in_token",
    "severity": "error",
    "check": "format",
    "description": "the token contains spaces or line breaks",
    "hint": "a terminal or mail client wrapped it; remove the whitespace",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "not_base64url",
    "severity": "error",
    "check": "format",
    "description": "a part uses standard base64 ('+' '/') instead of base64url ('-' '_')",
    "hint": "the issuer encodes with standard base64; JWS requires base64url without padding",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "base64_padding",
    "severity": "error",
    "check": "format",
    "description": "a part ends with '=' padding, which JWS forbids",
    "hint": "encode with base64url without padding (RFC 7515 §2)",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "alg_not_allowed",
    "severity": "error",
    "check": "algorithm",
    "description": "the token's alg is not in the verifier's allowed algorithms",
    "hint": "add the issuer's algorithm to `algorithms`, or the token comes from an unexpected signer",
    "pyjwt": "InvalidAlgorithmError",
    "jose": "ERR_JOSE_ALG_NOT_ALLOWED"
  },
  {
    "code": "alg_none",
    "severity": "error",
    "check": "algorithm",
    "description": "the token is unsecured (alg: none): anyone can write it",
    "hint": "never accept alg none; this is an attack or a misconfigured issuer",
    "pyjwt": "InvalidAlgorithmError",
    "jose": "ERR_JOSE_ALG_NOT_ALLOWED"
  },
  {
    "code": "alg_key_mismatch",
    "severity": "error",
    "check": "algorithm",
    "description": "the key's type cannot verify the token's algorithm",
    "hint": "use the key type the algorithm needs, or the issuer signs with another key than you think",
    "pyjwt": "InvalidKeyError",
    "jose": "ERR_JOSE_NOT_SUPPORTED"
  },
  {
    "code": "algorithms_unpinned",
    "severity": "warning",
    "check": "algorithm",
    "description": "no algorithms were pinned, so the header chose the algorithm (inspect without `algorithms`)",
    "hint": "pin `algorithms` to the one your issuer uses (verify() requires it): a token must not choose how it is checked",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "alg_confusion",
    "severity": "error",
    "check": "algorithm",
    "description": "an HMAC token was checked against a public key (algorithm confusion)",
    "hint": "a public key is never an HMAC secret: allow only the asymmetric algorithm your issuer uses",
    "pyjwt": "InvalidKeyError",
    "jose": "ERR_JOSE_ALG_NOT_ALLOWED"
  },
  {
    "code": "kid_not_found",
    "severity": "error",
    "check": "key",
    "description": "the token's kid is not in the key set",
    "hint": "the signer rotated keys: refresh the JWKS, or keep the old key published until its tokens expire",
    "pyjwt": "PyJWKClientError",
    "jose": "ERR_JWKS_NO_MATCHING_KEY"
  },
  {
    "code": "key_invalid",
    "severity": "error",
    "check": "key",
    "description": "the key could not be read",
    "hint": "give a PEM public key, a JWK or JWK Set, or an HMAC secret",
    "pyjwt": "InvalidKeyError",
    "jose": "ERR_JWK_INVALID"
  },
  {
    "code": "key_too_weak",
    "severity": "error",
    "check": "key",
    "description": "the RSA key is shorter than 2048 bits",
    "hint": "RFC 7518 requires RSA keys of at least 2048 bits: rotate to a stronger key",
    "pyjwt": "InvalidKeyError",
    "jose": "ERR_JOSE_NOT_SUPPORTED"
  },
  {
    "code": "hmac_secret_short",
    "severity": "warning",
    "check": "key",
    "description": "the HMAC secret is shorter than the hash output (RFC 7518 §3.2)",
    "hint": "use a random secret at least as long as the hash (32 bytes for HS256)",
    "pyjwt": "InsecureKeyLengthWarning",
    "jose": "—"
  },
  {
    "code": "private_key_supplied",
    "severity": "warning",
    "check": "key",
    "description": "a private key was given where a public key belongs; its public half was used",
    "hint": "give verifiers only the public key: the private key must stay with the signer",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "key_repaired",
    "severity": "info",
    "check": "key",
    "description": "the key text was mangled but could be repaired",
    "hint": "store the key as proper PEM with real line breaks",
    "pyjwt": "InvalidKeyError",
    "jose": "ERR_JOSE_GENERIC"
  },
  {
    "code": "jwk_use_mismatch",
    "severity": "error",
    "check": "key",
    "description": "the JWK is not for signatures (use is not \"sig\" or key_ops lacks \"verify\")",
    "hint": "publish the signing key with \"use\": \"sig\"; this key is meant for encryption",
    "pyjwt": "—",
    "jose": "ERR_JWKS_NO_MATCHING_KEY"
  },
  {
    "code": "jwk_alg_mismatch",
    "severity": "error",
    "check": "key",
    "description": "the JWK's alg differs from the token's alg",
    "hint": "the key is published for another algorithm: fix the JWK's alg or the signer's algorithm",
    "pyjwt": "—",
    "jose": "ERR_JWKS_NO_MATCHING_KEY"
  },
  {
    "code": "embedded_key_ignored",
    "severity": "warning",
    "check": "key",
    "description": "the header carries a key or key URL (jwk, jku, x5u, x5c), which is never trusted",
    "hint": "verification uses only your configured keys; a token that brings its own key is suspicious",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "kid_suspicious",
    "severity": "warning",
    "check": "key",
    "description": "the kid contains path traversal, quotes, SQL or shell characters",
    "hint": "never use kid in a file path, query or command; this looks like an injection attempt",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "jwks_stale",
    "severity": "info",
    "check": "key",
    "description": "the remote key set could not be refreshed; the last good copy was used",
    "hint": "check that the JWKS URL answers; rotated keys will fail until it does",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "jwks_certificate_map",
    "severity": "info",
    "check": "key",
    "description": "the key set is a map of X.509 certificates by kid (Google, Firebase), read as a JWK Set",
    "hint": "use the issuer's JWK Set endpoint (Google: oauth2/v3/certs) where other libraries expect one",
    "pyjwt": "PyJWKSetError",
    "jose": "ERR_JWKS_INVALID"
  },
  {
    "code": "signature_invalid",
    "severity": "error",
    "check": "signature",
    "description": "the signature does not verify with the key",
    "hint": "the token was signed with another key, or altered after signing",
    "pyjwt": "InvalidSignatureError",
    "jose": "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
  },
  {
    "code": "signature_missing",
    "severity": "error",
    "check": "signature",
    "description": "the signature part is empty",
    "hint": "an unsigned token must be rejected; the issuer did not sign it",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWS_INVALID"
  },
  {
    "code": "signature_unchecked",
    "severity": "warning",
    "check": "signature",
    "description": "no key was given, so the signature was not checked",
    "hint": "give the issuer's public key, JWKS or secret to verify the signature",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "signature_der_encoded",
    "severity": "error",
    "check": "signature",
    "description": "the ECDSA signature is DER-encoded; JWS needs raw r‖s",
    "hint": "the signer used a generic ECDSA API (OpenSSL, Java, KMS): convert DER to the fixed-width r‖s form",
    "pyjwt": "InvalidSignatureError",
    "jose": "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
  },
  {
    "code": "signature_length",
    "severity": "error",
    "check": "signature",
    "description": "the signature has the wrong length for the algorithm",
    "hint": "the token was truncated or signed with another algorithm or key size",
    "pyjwt": "InvalidSignatureError",
    "jose": "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
  },
  {
    "code": "psychic_signature",
    "severity": "error",
    "check": "signature",
    "description": "the ECDSA signature has r = 0 or s = 0 (CVE-2022-21449)",
    "hint": "this is a forgery attempt: such a signature verifies on broken ECDSA implementations only",
    "pyjwt": "InvalidSignatureError",
    "jose": "ERR_JWS_SIGNATURE_VERIFICATION_FAILED"
  },
  {
    "code": "verifies_with_other_key",
    "severity": "info",
    "check": "signature",
    "description": "the signature verifies with another key of the set than the one the kid names",
    "hint": "the key set names the signing key differently: fix the kid on the signer or in the JWKS",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "secret_encoding_mismatch",
    "severity": "info",
    "check": "signature",
    "description": "the signature verifies once the HMAC secret is decoded or encoded differently",
    "hint": "set secretEncoding to match how the signer uses the secret",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "expired",
    "severity": "error",
    "check": "exp",
    "description": "the token has expired",
    "hint": "get a new token; if it expired only seconds ago, check the clocks of issuer and verifier",
    "pyjwt": "ExpiredSignatureError",
    "jose": "ERR_JWT_EXPIRED"
  },
  {
    "code": "no_expiry",
    "severity": "warning",
    "check": "exp",
    "description": "the token has no exp claim: it never expires",
    "hint": "issue tokens with an exp; a leaked token without one is valid forever",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "short_lifetime",
    "severity": "warning",
    "check": "exp",
    "description": "the token lives less than 60 seconds (exp - iat)",
    "hint": "a lifetime this short fails on any clock skew or slow network",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "long_lifetime",
    "severity": "warning",
    "check": "exp",
    "description": "the token lives more than 24 hours (exp - iat)",
    "hint": "use short-lived access tokens and refresh them",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "clock_skew_suspected",
    "severity": "warning",
    "check": "exp",
    "description": "the time check missed by 5 minutes or less: the clocks probably disagree",
    "hint": "sync the clocks (NTP) or allow a small leeway",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "timestamp_milliseconds",
    "severity": "error",
    "check": "exp",
    "description": "a time claim is in milliseconds, not seconds",
    "hint": "NumericDate is seconds since the epoch: divide by 1000 (Date.now() / 1000)",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWT_CLAIM_VALIDATION_FAILED"
  },
  {
    "code": "claim_type_invalid",
    "severity": "error",
    "check": "exp",
    "description": "a registered claim has the wrong JSON type",
    "hint": "exp, nbf and iat are numbers; iss and sub strings; aud a string or an array of strings",
    "pyjwt": "DecodeError",
    "jose": "ERR_JWT_CLAIM_VALIDATION_FAILED"
  },
  {
    "code": "not_yet_valid",
    "severity": "error",
    "check": "nbf",
    "description": "the token is not valid yet (nbf is in the future)",
    "hint": "wait, or check the clocks of issuer and verifier",
    "pyjwt": "ImmatureSignatureError",
    "jose": "ERR_JWT_CLAIM_VALIDATION_FAILED"
  },
  {
    "code": "issued_in_future",
    "severity": "error",
    "check": "iat",
    "description": "the token was issued in the future (iat is after now)",
    "hint": "the issuer's clock runs ahead: sync the clocks or allow a small leeway",
    "pyjwt": "ImmatureSignatureError",
    "jose": "ERR_JWT_CLAIM_VALIDATION_FAILED"
  },
  {
    "code": "token_too_old",
    "severity": "error",
    "check": "iat",
    "description": "the token is older than maxTokenAge",
    "hint": "get a fresh token, or raise maxTokenAge",
    "pyjwt": "—",
    "jose": "ERR_JWT_EXPIRED"
  },
  {
    "code": "issuer_mismatch",
    "severity": "error",
    "check": "iss",
    "description": "the token's iss is not the expected issuer",
    "hint": "configure the issuer exactly as the token states it, or the token comes from another environment",
    "pyjwt": "InvalidIssuerError",
    "jose": "ERR_JWT_CLAIM_VALIDATION_FAILED"
  },
  {
    "code": "audience_mismatch",
    "severity": "error",
    "check": "aud",
    "description": "the token's aud does not contain the expected audience",
    "hint": "request the token for this API's audience, or configure the audience the tokens carry",
    "pyjwt": "InvalidAudienceError",
    "jose": "ERR_JWT_CLAIM_VALIDATION_FAILED"
  },
  {
    "code": "audience_unchecked",
    "severity": "warning",
    "check": "aud",
    "description": "the token names an audience, but none was expected: a token meant for another service passes too",
    "hint": "set `audience` to this API's identifier, so tokens issued for other services are refused",
    "pyjwt": "—",
    "jose": "—"
  },
  {
    "code": "subject_mismatch",
    "severity": "error",
    "check": "sub",
    "description": "the token's sub is not the expected subject",
    "hint": "the token belongs to another subject",
    "pyjwt": "InvalidSubjectError",
    "jose": "ERR_JWT_CLAIM_VALIDATION_FAILED"
  },
  {
    "code": "typ_mismatch",
    "severity": "error",
    "check": "typ",
    "description": "the header's typ is not the expected type",
    "hint": "a token of another kind (an ID token for an access token?) was sent",
    "pyjwt": "—",
    "jose": "ERR_JWT_CLAIM_VALIDATION_FAILED"
  },
  {
    "code": "claim_missing",
    "severity": "error",
    "check": "required",
    "description": "a required claim is absent",
    "hint": "the issuer must include this claim",
    "pyjwt": "MissingRequiredClaimError",
    "jose": "ERR_JWT_CLAIM_VALIDATION_FAILED"
  },
  {
    "code": "crit_unsupported",
    "severity": "error",
    "check": "crit",
    "description": "the header's crit lists an extension jwt-doctor does not implement",
    "hint": "RFC 7515 §4.1.11 requires rejecting tokens with unknown critical extensions (b64: false included)",
    "pyjwt": "InvalidTokenError",
    "jose": "ERR_JOSE_NOT_SUPPORTED"
  }
].map((f) => Object.freeze(f)));
