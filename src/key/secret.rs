//! HMAC secrets and their encodings (`secretEncoding`), and the other byte strings the same
//! secret text could mean (for the `secret_encoding_mismatch` diagnosis).

use base64::alphabet;
use base64::engine::{DecodePaddingMode, Engine, GeneralPurpose, GeneralPurposeConfig};

use super::{KeyError, SecretEncoding};

const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_encode_padding(true)
    .with_decode_padding_mode(DecodePaddingMode::Indifferent);

/// Standard base64, padding optional on decode.
pub(crate) const BASE64: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
/// base64url, padding optional on decode.
pub(crate) const BASE64URL: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);
/// base64url without padding (the JOSE encoding).
pub(crate) const BASE64URL_NOPAD: GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Decodes an HMAC secret given as text or bytes according to `enc`.
///
/// Base64 and base64url accept input with or without `=` padding; hex accepts either letter case.
/// Surrounding whitespace is ignored for the base64 and hex forms (never for UTF-8, where every
/// byte is part of the secret).
///
/// # Errors
/// A [`KeyError`] with reason `secret_encoding` when the bytes are not valid in that encoding.
pub fn decode_secret(bytes: &[u8], enc: SecretEncoding) -> Result<Vec<u8>, KeyError> {
    match enc {
        SecretEncoding::Utf8 => Ok(bytes.to_vec()),
        SecretEncoding::Base64 => BASE64.decode(bytes.trim_ascii()).map_err(|e| {
            KeyError::new(
                "secret_encoding",
                format!("the secret is not valid base64: {e}"),
            )
        }),
        SecretEncoding::Base64url => BASE64URL.decode(bytes.trim_ascii()).map_err(|e| {
            KeyError::new(
                "secret_encoding",
                format!("the secret is not valid base64url: {e}"),
            )
        }),
        SecretEncoding::Hex => decode_hex(bytes.trim_ascii()).ok_or_else(|| {
            KeyError::new(
                "secret_encoding",
                "the secret is not valid hexadecimal (an even number of 0-9, a-f digits)",
            )
        }),
    }
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes hexadecimal (either case); `None` for odd length or a non-hex character.
pub(crate) fn decode_hex(s: &[u8]) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    s.chunks_exact(2)
        .map(|p| Some(hex_digit(p[0])? << 4 | hex_digit(p[1])?))
        .collect()
}

/// The other byte strings the same secret could mean, for the encoding-mismatch diagnosis.
///
/// Returns, in this order and each only when it applies: `"base64"` (the bytes base64-decoded),
/// `"base64url"` (base64url-decoded), `"hex"` (hex-decoded), `"base64_encoded"` and
/// `"base64url_encoded"` (the bytes encoded, padded and unpadded respectively). Empty input and
/// decodings that give the same bytes as an earlier entry (or as `raw`) are left out.
pub fn reinterpretations(raw: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut out: Vec<(&'static str, Vec<u8>)> = Vec::new();
    if raw.is_empty() {
        return out;
    }
    let mut push = |name: &'static str, bytes: Vec<u8>| {
        if !bytes.is_empty() && bytes != raw && !out.iter().any(|(_, b)| *b == bytes) {
            out.push((name, bytes));
        }
    };
    let trimmed = raw.trim_ascii();
    if let Ok(b) = BASE64.decode(trimmed) {
        push("base64", b);
    }
    if let Ok(b) = BASE64URL.decode(trimmed) {
        push("base64url", b);
    }
    if let Some(b) = decode_hex(trimmed) {
        push("hex", b);
    }
    push("base64_encoded", BASE64.encode(raw).into_bytes());
    push(
        "base64url_encoded",
        BASE64URL_NOPAD.encode(raw).into_bytes(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_encoding() {
        assert_eq!(
            decode_secret(b"abc", SecretEncoding::Utf8).ok(),
            Some(b"abc".to_vec())
        );
        assert_eq!(
            decode_secret(b"YWJj", SecretEncoding::Base64).ok(),
            Some(b"abc".to_vec())
        );
        assert_eq!(
            decode_secret(b"YWI=", SecretEncoding::Base64).ok(),
            Some(b"ab".to_vec())
        );
        assert_eq!(
            decode_secret(b"YWI", SecretEncoding::Base64).ok(),
            Some(b"ab".to_vec())
        );
        assert_eq!(
            decode_secret(b"-_8", SecretEncoding::Base64url).ok(),
            Some(vec![0xfb, 0xff])
        );
        assert_eq!(
            decode_secret(b"-_8=", SecretEncoding::Base64url).ok(),
            Some(vec![0xfb, 0xff])
        );
        assert_eq!(
            decode_secret(b"0aFf", SecretEncoding::Hex).ok(),
            Some(vec![0x0a, 0xff])
        );
        assert_eq!(
            decode_secret(b"0aF", SecretEncoding::Hex).map_err(|e| e.reason),
            Err("secret_encoding")
        );
        assert_eq!(
            decode_secret(b"a+b/", SecretEncoding::Base64url).map_err(|e| e.reason),
            Err("secret_encoding")
        );
        assert_eq!(
            decode_secret(b"a-b_", SecretEncoding::Base64).map_err(|e| e.reason),
            Err("secret_encoding")
        );
    }

    #[test]
    fn reinterprets() {
        let r = reinterpretations(b"c2VjcmV0");
        assert_eq!(r[0], ("base64", b"secret".to_vec()));
        assert!(r.iter().any(|(n, _)| *n == "base64_encoded"));
        let r = reinterpretations(b"abcd");
        assert!(r.iter().any(|(n, b)| *n == "hex" && *b == vec![0xab, 0xcd]));
        assert!(reinterpretations(b"").is_empty());
    }
}
