//! The token as text: transit-corruption detection and repair, splitting into parts, and
//! strict base64url decoding with part and byte offsets.

use std::borrow::Cow;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::findings::{Code, Finding};

/// Which part of a compact JWS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The JOSE header.
    Header,
    /// The claims.
    Payload,
    /// The signature.
    Signature,
}

impl Part {
    /// The name used in `detail.part`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Header => "header",
            Part::Payload => "payload",
            Part::Signature => "signature",
        }
    }

    const ALL: [Part; 3] = [Part::Header, Part::Payload, Part::Signature];
}

/// The token after transit repair, with one finding per corruption found.
#[derive(Clone, Debug, Default)]
pub struct Transit<'a> {
    /// The repaired token (borrowed when nothing was repaired, the common case).
    pub token: Cow<'a, str>,
    /// One finding per corruption, in the order they were undone.
    pub findings: Vec<Finding>,
}

impl Transit<'_> {
    /// The codes of the corruptions, for the report's `token.repaired`.
    pub fn repaired_codes(&self) -> Vec<&'static str> {
        self.findings.iter().map(|f| f.code.as_str()).collect()
    }
}

/// The bytes of a compact JWS as issued: the base64url alphabet and the dot (a table: the
/// check runs over every byte of every token).
const COMPACT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.';
        b += 1;
    }
    table
};

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// Percent-decodes `s` when it holds at least one `%XX` escape; returns the decoded text and
/// the escapes seen.
fn percent_decode(s: &str) -> Option<(String, Vec<String>)> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut seen: Vec<String> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                let escape = format!(
                    "%{}{}",
                    bytes[i + 1].to_ascii_uppercase() as char,
                    bytes[i + 2].to_ascii_uppercase() as char
                );
                if !seen.contains(&escape) {
                    seen.push(escape);
                }
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    if seen.is_empty() {
        return None;
    }
    String::from_utf8(out).ok().map(|t| (t, seen))
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

fn unquote(s: &str) -> Option<&str> {
    let t = s.trim();
    for q in ['"', '\'', '`'] {
        if t.len() >= 2 && t.starts_with(q) && t.ends_with(q) {
            return Some(&t[1..t.len() - 1]);
        }
    }
    None
}

/// The token in an OAuth token response pasted whole (`{"access_token": "eyJ…", …}`): the
/// `access_token` (else the `id_token`) and the member's name.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn token_response(text: &str) -> Option<(String, &'static str)> {
    let t = text.trim();
    if !t.starts_with('{') || !t.contains("_token\"") {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(t).ok()?;
    ["access_token", "id_token"].into_iter().find_map(|field| {
        let token = value.get(field)?.as_str()?;
        Some((token.to_string(), field))
    })
}

/// Whether `text` is a compact JWS rather than a key: three base64url parts, the first a JSON
/// header (`eyJ`). Used to say "this is a token" when one is given as the key.
pub fn looks_like_token(text: &str) -> bool {
    let text = text.trim();
    let mut parts = text.split('.');
    let all_b64 = |p: &str| {
        p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(h), Some(p), Some(sig), None) => {
            h.starts_with("eyJ") && p.len() > 1 && all_b64(h) && all_b64(p) && all_b64(sig)
        }
        _ => false,
    }
}

/// What kind of key `text` is, when it is one and not a token ("a PEM public key", "a JWK
/// Set"…): a key pasted where the token goes.
pub fn looks_like_key(text: &str) -> Option<&'static str> {
    let t = text.trim_start();
    if let Some(rest) = t.strip_prefix("-----BEGIN ") {
        return Some(if rest.starts_with("CERTIFICATE") {
            "an X.509 certificate (PEM)"
        } else if rest.contains("PRIVATE KEY") {
            "a PEM private key"
        } else {
            "a PEM public key"
        });
    }
    if t.starts_with("ssh-") || t.starts_with("ecdsa-sha2-") {
        return Some("an OpenSSH public key line");
    }
    if t.starts_with('{') {
        if t.contains("\"keys\"") {
            return Some("a JWK Set");
        }
        if t.contains("\"kty\"") {
            return Some("a JWK");
        }
    }
    None
}

/// Undoes what proxies, shells and copy-paste do to tokens, and says what was undone.
///
/// Only a single leading `Bearer ` (optionally after `Authorization:`) is benign (info); every
/// other corruption is an error finding.
pub fn repair(received: &str) -> Transit<'_> {
    // The common case: nothing but base64url and dots, and no part ending in padding.
    if received.bytes().all(|b| COMPACT[usize::from(b)]) {
        return Transit {
            token: Cow::Borrowed(received),
            findings: Vec::new(),
        };
    }
    repair_mangled(received)
}

/// [`repair`] of a token that is not plain compact JWS: cold, so built for size and kept out
/// of the verify path's code.
#[inline(never)]
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn repair_mangled(received: &str) -> Transit<'_> {
    let mut findings = Vec::new();
    let mut s = received.to_string();

    if let Some((token, field)) = token_response(&s) {
        findings.push(
            Finding::new(
                Code::TokenResponse,
                format!("this is an OAuth token response (JSON): its {field} was read"),
            )
            .with("field", field),
        );
        s = token;
    }

    if let Some((decoded, escapes)) = percent_decode(&s) {
        findings.push(
            Finding::new(
                Code::UrlEncoded,
                format!("the token is percent-encoded ({})", escapes.join(", ")),
            )
            .with("sequences", escapes),
        );
        s = decoded;
    }

    let mut quoted = false;
    if let Some(inner) = unquote(&s) {
        quoted = true;
        s = inner.to_string();
    }

    let mut rest = s.trim_start();
    let mut header_line = false;
    // `curl -v` shows the request headers it sends after "> "
    if let Some(r) = rest.strip_prefix('>') {
        if strip_prefix_ignore_case(r.trim_start(), "authorization:").is_some() {
            rest = r.trim_start();
        }
    }
    if let Some(r) = strip_prefix_ignore_case(rest, "authorization:") {
        header_line = true;
        rest = r.trim_start();
    }
    let mut bearers = 0usize;
    while let Some(r) = strip_prefix_ignore_case(rest, "bearer") {
        if !r.starts_with(|c: char| c.is_whitespace()) {
            break;
        }
        bearers += 1;
        rest = r.trim_start();
    }
    if bearers > 0 || header_line {
        s = rest.to_string();
    }
    if !quoted {
        if let Some(inner) = unquote(&s) {
            quoted = true;
            s = inner.to_string();
        }
    }
    match bearers {
        0 => {}
        1 => findings.push(
            Finding::new(
                Code::BearerPrefix,
                "the token starts with \"Bearer \"; it was stripped",
            )
            .with("authorizationHeader", header_line),
        ),
        n => findings.push(
            Finding::new(
                Code::DoubleBearer,
                format!("the token starts with \"Bearer\" {n} times"),
            )
            .with("count", n),
        ),
    }
    if quoted {
        findings.push(Finding::new(
            Code::QuotedToken,
            "the token is wrapped in quotes",
        ));
    }

    if let Some(at) = s.find(|c: char| c.is_whitespace()) {
        let count = s.chars().filter(|c| c.is_whitespace()).count();
        let breaks = s.chars().filter(|c| *c == '\n' || *c == '\r').count();
        let what = match (breaks, count) {
            (0, 1) => "space",
            (0, _) => "spaces",
            (1, 1) => "line break",
            _ => "line breaks or spaces",
        };
        findings.push(
            Finding::new(
                Code::WhitespaceInToken,
                format!("the token contains {count} {what} (first at byte {at})"),
            )
            .with("offset", at)
            .with("count", count),
        );
        s.retain(|c| !c.is_whitespace());
    }

    let mut parts: Vec<String> = s.split('.').map(str::to_string).collect();
    if parts.len() == 3 || parts.len() == 5 {
        let mut std_parts = Vec::new();
        let mut padded_parts = Vec::new();
        for (i, p) in parts.iter_mut().enumerate() {
            let name = Part::ALL.get(i).map_or("jwe", |p| p.as_str());
            if p.contains(['+', '/']) {
                std_parts.push(name);
                *p = p.replace('+', "-").replace('/', "_");
            }
            if p.ends_with('=') {
                padded_parts.push(name);
                while p.ends_with('=') {
                    p.pop();
                }
            }
        }
        if !std_parts.is_empty() {
            findings.push(
                Finding::new(
                    Code::NotBase64url,
                    format!(
                        "the {} uses standard base64 ('+' or '/') instead of base64url",
                        std_parts.join(" and ")
                    ),
                )
                .with("parts", std_parts.clone())
                .with("part", std_parts[0]),
            );
        }
        if !padded_parts.is_empty() {
            findings.push(
                Finding::new(
                    Code::Base64Padding,
                    format!("the {} ends with '=' padding", padded_parts.join(" and ")),
                )
                .with("parts", padded_parts.clone())
                .with("part", padded_parts[0]),
            );
        }
        s = parts.join(".");
    }

    Transit {
        token: Cow::Owned(s),
        findings,
    }
}

/// A compact JWS split into its parts (still base64url).
#[derive(Clone, Copy, Debug)]
pub struct Parts<'a> {
    /// `header.payload`, the bytes the signature covers.
    pub signing_input: &'a str,
    /// The header part.
    pub header: &'a str,
    /// The payload part.
    pub payload: &'a str,
    /// The signature part.
    pub signature: &'a str,
}

impl<'a> Parts<'a> {
    /// The base64url text of one part.
    pub fn get(&self, part: Part) -> &'a str {
        match part {
            Part::Header => self.header,
            Part::Payload => self.payload,
            Part::Signature => self.signature,
        }
    }

    /// Byte offset of a part within the token.
    pub fn offset(&self, part: Part) -> usize {
        match part {
            Part::Header => 0,
            Part::Payload => self.header.len() + 1,
            Part::Signature => self.signing_input.len() + 1,
        }
    }
}

/// Splits a compact JWS.
///
/// # Errors
/// `encrypted_token` for five parts (a JWE), `malformed_token` for any other count but three.
pub fn split(token: &str) -> Result<Parts<'_>, Finding> {
    // one pass: how many parts, and where the first two dots are
    let mut count = 1;
    let mut dots = [0; 2];
    for (i, b) in token.bytes().enumerate() {
        if b == b'.' {
            if let Some(d) = dots.get_mut(count - 1) {
                *d = i;
            }
            count += 1;
        }
    }
    if count == 5 {
        let f = Finding::new(
            Code::EncryptedToken,
            "the token has 5 parts: it is an encrypted JWE (header.key.iv.ciphertext.tag), not a signed JWS",
        )
        .with("parts", 5);
        return Err(crate::provider::encrypted_token(f, &token[..dots[0]]));
    }
    if count != 3 {
        let message = if token.is_empty() {
            "the token is empty".to_string()
        } else {
            format!(
                "the token has {count} part{} separated by dots; a JWS has 3",
                if count == 1 { "" } else { "s" }
            )
        };
        let f = Finding::new(Code::MalformedToken, message).with("parts", count);
        return Err(crate::provider::opaque_token(f, token));
    }
    // the dots are ASCII, so these are character boundaries
    let [first, second] = dots;
    Ok(Parts {
        signing_input: &token[..second],
        header: &token[..first],
        payload: &token[first + 1..second],
        signature: &token[second + 1..],
    })
}

/// Strict base64url (no padding, no non-canonical trailing bits) decoding of one part.
///
/// # Errors
/// `invalid_base64url` with `detail.part`, `detail.offset` (within the part) and
/// `detail.tokenOffset` (within the token).
pub fn decode_part(parts: &Parts<'_>, part: Part) -> Result<Vec<u8>, Finding> {
    let text = parts.get(part);
    URL_SAFE_NO_PAD.decode(text).map_err(|e| {
        let (offset, what) = match e {
            base64::DecodeError::InvalidByte(at, byte) => {
                (at, format!("byte {at} ({}) is not a base64url character", printable(byte)))
            }
            base64::DecodeError::InvalidLastSymbol(at, _) => {
                (at, format!("the last character (byte {at}) has non-zero trailing bits: the part is not canonical"))
            }
            base64::DecodeError::InvalidLength(len) => {
                (len, format!("its length {len} is not a possible base64url length (cut short?)"))
            }
            base64::DecodeError::InvalidPadding => (text.len(), "it has padding".to_string()),
        };
        Finding::new(Code::InvalidBase64url, format!("the {} is not valid base64url: {what}", part.as_str()))
            .with("part", part.as_str())
            .with("offset", offset)
            .with("tokenOffset", parts.offset(part) + offset)
    })
}

fn printable(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("'{}'", byte as char)
    } else {
        format!("0x{byte:02x}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_and_tokens_are_told_apart() {
        assert_eq!(
            looks_like_key("\n-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"),
            Some("a PEM public key")
        );
        assert_eq!(looks_like_key(r#"{"keys":[]}"#), Some("a JWK Set"));
        assert_eq!(looks_like_key(r#"{"kty":"RSA"}"#), Some("a JWK"));
        assert_eq!(
            looks_like_key("ssh-ed25519 AAAA user@host"),
            Some("an OpenSSH public key line")
        );
        assert_eq!(looks_like_key("eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln"), None);
        assert!(looks_like_token(" eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln\n"));
        assert!(!looks_like_token("my-shared-secret"));
        assert!(!looks_like_token("eyJ.eyJ.x.y"));
        assert!(!looks_like_token("-----BEGIN PUBLIC KEY-----"));
    }

    use super::*;

    const A1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    fn codes(t: &Transit) -> Vec<&'static str> {
        t.repaired_codes()
    }

    #[test]
    fn clean_token_is_untouched() {
        let t = repair(A1);
        assert_eq!(t.token, A1);
        assert!(t.findings.is_empty());
    }

    #[test]
    fn bearer_prefix_is_stripped_as_info() {
        let received = format!("Bearer {A1}");
        let t = repair(&received);
        assert_eq!(t.token, A1);
        assert_eq!(codes(&t), ["bearer_prefix"]);
        let received = format!("Authorization: bearer {A1}");
        let t = repair(&received);
        assert_eq!(t.token, A1);
        assert_eq!(codes(&t), ["bearer_prefix"]);
    }

    #[test]
    fn double_bearer() {
        let received = format!("Bearer Bearer {A1}");
        let t = repair(&received);
        assert_eq!(t.token, A1);
        assert_eq!(codes(&t), ["double_bearer"]);
    }

    #[test]
    fn url_encoded() {
        let enc = A1.replace('.', "%2E");
        let received = format!("Bearer%20{enc}");
        let t = repair(&received);
        assert_eq!(t.token, A1);
        assert_eq!(codes(&t), ["url_encoded", "bearer_prefix"]);
        assert_eq!(
            t.findings[0].detail["sequences"],
            serde_json::json!(["%20", "%2E"])
        );
    }

    #[test]
    fn quoted() {
        let received = format!("\"{A1}\"");
        let t = repair(&received);
        assert_eq!(t.token, A1);
        assert_eq!(codes(&t), ["quoted_token"]);
        let received = format!("Bearer '{A1}'");
        let t = repair(&received);
        assert_eq!(codes(&t), ["bearer_prefix", "quoted_token"]);
    }

    #[test]
    fn whitespace_inside() {
        let received = format!("{}\n{}", &A1[..50], &A1[50..]);
        let t = repair(&received);
        assert_eq!(t.token, A1);
        assert_eq!(codes(&t), ["whitespace_in_token"]);
        assert_eq!(t.findings[0].detail["offset"], 50);
    }

    #[test]
    fn standard_base64_and_padding() {
        let std = A1.replace('-', "+").replace('_', "/");
        let t = repair(&std);
        assert_eq!(t.token, A1);
        assert_eq!(codes(&t), ["not_base64url"]);
        assert_eq!(t.findings[0].detail["part"], "signature");
        let padded = format!("{A1}=");
        let t = repair(&padded);
        assert_eq!(t.token, A1);
        assert_eq!(codes(&t), ["base64_padding"]);
    }

    #[test]
    fn splitting() {
        let p = split(A1).expect("three parts");
        assert_eq!(p.signing_input.len(), A1.rfind('.').expect("dot"));
        assert_eq!(
            split("a.b").err().map(|f| f.code),
            Some(Code::MalformedToken)
        );
        assert_eq!(split("").err().map(|f| f.code), Some(Code::MalformedToken));
        assert_eq!(
            split("a.b.c.d.e").err().map(|f| f.code),
            Some(Code::EncryptedToken)
        );
        assert_eq!(
            split("a.b.c.d").err().map(|f| f.code),
            Some(Code::MalformedToken)
        );
    }

    #[test]
    fn strict_base64url() {
        let p = split("eyJ!.e30.AA").expect("split");
        let f = decode_part(&p, Part::Header).expect_err("invalid");
        assert_eq!(f.detail["offset"], 3);
        assert_eq!(f.detail["part"], "header");
        // non-canonical trailing bits (jsrsasign CVE-2022-25898 class): "AB" decodes only loosely
        let p = split("e30.e30.AB").expect("split");
        let f = decode_part(&p, Part::Signature).expect_err("non-canonical");
        assert_eq!(f.code, Code::InvalidBase64url);
        assert_eq!(f.detail["tokenOffset"], 8 + 1);
    }
}
