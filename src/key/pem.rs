//! PEM armour: decoded by `pem-rfc7468`, after a small lenient pass for what people paste.
//!
//! A key arrives inside an e-mail, a YAML file or a terminal: junk around the block,
//! indentation, lines of any length, CRLF, literal `\n` from an environment variable, no armour
//! at all. The lenient pass finds the `-----BEGIN X-----` … `-----END X-----` block and, when
//! the block as given is not strict RFC 7468, rewrites it canonically (64-character lines, LF)
//! before `pem-rfc7468` decodes it; the label then says which DER structure to read.

use base64::Engine as _;

use super::secret::{BASE64, BASE64URL};
use super::{der as asn1, limits, private, public, Decoded, KeyError};

/// One `-----BEGIN X-----` … `-----END X-----` block.
struct Block<'a> {
    label: &'a str,
    /// The whole block, boundaries included.
    text: &'a str,
    /// Between the boundaries.
    body: &'a str,
}

/// Finds every PEM block, tolerating any text before, between and after them.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn blocks(text: &str) -> Result<Vec<Block<'_>>, KeyError> {
    const BEGIN: &str = "-----BEGIN ";
    let unclosed = || {
        KeyError::new(
            "pem_armor",
            "the -----BEGIN line is not closed by five dashes",
        )
    };
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(BEGIN) {
        let from = rest.get(start..).unwrap_or("");
        let after = from.get(BEGIN.len()..).unwrap_or("");
        let label_end = after.find("-----").ok_or_else(unclosed)?;
        let label = after.get(..label_end).unwrap_or("").trim();
        if label.len() > 64 || label.contains(['\n', '\r']) {
            return Err(unclosed());
        }
        let after_label = after.get(label_end + 5..).unwrap_or("");
        let end_marker = format!("-----END {label}-----");
        let Some(end) = after_label.find(&end_marker) else {
            return Err(KeyError::new(
                "pem_armor",
                format!("no matching \"{end_marker}\" line after \"-----BEGIN {label}-----\""),
            ));
        };
        let block_len = BEGIN.len() + label_end + 5 + end + end_marker.len();
        out.push(Block {
            label,
            text: from.get(..block_len).unwrap_or(""),
            body: after_label.get(..end).unwrap_or(""),
        });
        rest = after_label.get(end + end_marker.len()..).unwrap_or("");
    }
    Ok(out)
}

/// The DER inside a block: `pem-rfc7468` on the block as given, or else on its canonical
/// rewrite (RFC 1421 headers dropped, base64url read as base64, 64-character lines). Encrypted
/// legacy PEM (`Proc-Type: 4,ENCRYPTED`) is refused.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn block_der(block: &Block<'_>) -> Result<Vec<u8>, KeyError> {
    if let Ok((_, der)) = pem_rfc7468::decode_vec(block.text.trim().as_bytes()) {
        return Ok(der);
    }
    let mut b64 = String::with_capacity(block.body.len());
    for line in block.body.lines() {
        if line.contains(':') {
            if line.contains("ENCRYPTED") || line.trim_start().starts_with("DEK-Info") {
                return Err(asn1::encrypted_error());
            }
            continue;
        }
        b64.extend(
            line.chars()
                .filter(|c| !c.is_ascii_whitespace())
                .map(|c| match c {
                    '-' => '+',
                    '_' => '/',
                    c => c,
                }),
        );
    }
    let mut canonical = format!("-----BEGIN {}-----\n", block.label);
    for line in b64.as_bytes().chunks(pem_rfc7468::BASE64_WRAP_WIDTH) {
        canonical.push_str(std::str::from_utf8(line).unwrap_or(""));
        canonical.push('\n');
    }
    canonical.push_str(&format!("-----END {}-----\n", block.label));
    pem_rfc7468::decode_vec(canonical.as_bytes())
        .map(|(_, der)| der)
        .map_err(|_| {
            KeyError::new(
                "pem_base64",
                format!(
                    "the base64 inside the {} block is invalid: {}",
                    block.label,
                    base64_fault(&b64)
                ),
            )
        })
}

/// What is wrong with a base64 text (the evidence of a `pem_base64` error).
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn base64_fault(b64: &str) -> String {
    let is_b64 = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '/';
    let data = b64.trim_end_matches('=');
    if let Some((i, c)) = data.char_indices().find(|(_, c)| !is_b64(*c)) {
        return format!("{c:?} at character {} is not a base64 character", i + 1);
    }
    if b64.len() - data.len() > 2 || (b64.len() != data.len() && b64.len() % 4 != 0) {
        return "the '=' padding is wrong".to_string();
    }
    if data.len() % 4 == 1 {
        return format!("{} characters cannot be base64 (cut short?)", data.len());
    }
    "the last characters do not encode whole bytes (cut short?)".to_string()
}

/// Reads a PEM text (the first key or certificate block; `EC PARAMETERS` blocks are skipped).
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn import_pem(text: &str) -> Result<Decoded, KeyError> {
    let all = blocks(text)?;
    let Some(block) = all.iter().find(|b| b.label != "EC PARAMETERS") else {
        return Err(KeyError::new(
            "pem_armor",
            "the text has no -----BEGIN … ----- block",
        ));
    };
    let der = block_der(block)?;
    let labelled = match block.label {
        "PUBLIC KEY" => public::spki_der(&der),
        "RSA PUBLIC KEY" => public::rsa_public_der(&der).map(Decoded::public),
        "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => public::certificate_der(&der),
        "PRIVATE KEY" => private::pkcs8_der(&der),
        "RSA PRIVATE KEY" => private::rsa_der(&der),
        "EC PRIVATE KEY" => private::sec1_der(&der),
        "ENCRYPTED PRIVATE KEY" => return Err(asn1::encrypted_error()),
        "OPENSSH PRIVATE KEY" => {
            return Err(KeyError::new(
                "pem_label",
                "this is an OpenSSH private key; give the public key line (ssh-…) or a PEM public key (ssh-keygen -e -m PKCS8 -f key.pub)",
            ))
        }
        "DSA PRIVATE KEY" | "DSA PUBLIC KEY" => {
            return Err(KeyError::new(
                "unsupported_key_type",
                "this is a DSA key; JWS has no DSA algorithm",
            ))
        }
        "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
            return Err(KeyError::new(
                "pem_label",
                "this is a certificate signing request, not a key or certificate",
            ))
        }
        other => {
            // An unknown label may still hold a key structure we can recognise.
            return asn1::import_der(&der).map_err(|e| {
                e.unwrap_or_else(|| {
                    KeyError::new(
                        "pem_label",
                        format!("\"{other}\" PEM blocks do not hold a key jwt-doctor can read"),
                    )
                })
            });
        }
    };
    match labelled {
        Ok(d) => Ok(d),
        // A label that does not match its content (PKCS#1 under "PUBLIC KEY", …) is a common
        // mistake; the content decides when it is unambiguous.
        Err(e) if e.reason == "der" => asn1::import_der(&der).map_err(|other| other.unwrap_or(e)),
        Err(e) => Err(e),
    }
}

/// Turns literal `\n` (and `\r\n`) sequences into line breaks.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn unescape_newlines(text: &str) -> String {
    text.replace("\\r\\n", "\n")
        .replace("\\n", "\n")
        .replace("\\r", "\n")
}

/// Tries a text with no armour as base64 DER of a key (`missing_armor`).
///
/// `Err(None)`: not base64 of a key structure.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn import_unarmored(text: &str) -> Result<Decoded, Option<KeyError>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    // Smallest key DER (Ed25519 SPKI) is 44 bytes: 60 base64 characters.
    if compact.len() < 56 || compact.len() > limits::MAX_KEY_BYTES {
        return Err(None);
    }
    let der = BASE64
        .decode(compact.as_bytes())
        .or_else(|_| BASE64URL.decode(compact.as_bytes()))
        .map_err(|_| None)?;
    asn1::import_der(&der)
}

/// PEM text (LF line ends, trailing newline) of DER under `label`, by `pem-rfc7468`.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn pem_text(label: &str, der: &[u8]) -> Option<String> {
    pem_rfc7468::encode_string(label, pem_rfc7468::LineEnding::LF, der).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_faults_are_named() {
        assert_eq!(
            base64_fault("AAA!"),
            "'!' at character 4 is not a base64 character"
        );
        assert_eq!(
            base64_fault("AAAAA"),
            "5 characters cannot be base64 (cut short?)"
        );
        assert_eq!(base64_fault("AA==="), "the '=' padding is wrong");
    }

    #[test]
    fn a_block_is_found_in_junk_and_rewrapped() {
        let der = [0x30u8, 0x03, 0x02, 0x01, 0x05];
        let pem = pem_text("PUBLIC KEY", &der).expect("pem");
        let wrapped = format!("note:\n  {}\ntrailer", pem.replace('\n', "\n  "));
        let all = blocks(&wrapped).expect("blocks");
        assert_eq!(all.len(), 1);
        assert_eq!(block_der(&all[0]).expect("der"), der);
    }
}
