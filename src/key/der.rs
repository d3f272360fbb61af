//! DER key structures: which one a byte string is, and the wording of what is wrong with it.
//!
//! The structures are read by the RustCrypto format crates (`spki`, `pkcs1`, `pkcs8`, `sec1`,
//! and `der`'s types for the outline of a certificate); they are strict DER: definite minimal
//! lengths, minimal non-negative INTEGERs, nothing after the outer element. What this module
//! adds is the recognition of the structure (PEM labels lie; a pasted key has none) and a
//! message that names the structure, what failed and at which byte.

use der::{Decode, ErrorKind};

use super::{private, public, Decoded, KeyError};

/// A `der` error on `bytes` as a `der` [`KeyError`] naming the structure, what failed and
/// where: "the RSA public key (PKCS#1) is not valid DER: its outer SEQUENCE declares 256 bytes
/// but 1 follows".
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn error(what: &str, bytes: &[u8], e: der::Error) -> KeyError {
    let at = e
        .position()
        .map(|p| format!(" (at byte {p})"))
        .unwrap_or_default();
    let why = match e.kind() {
        ErrorKind::Incomplete { .. } => {
            return KeyError::new(
                "der",
                format!("the {what} is not valid DER: {}", cut_short(bytes)),
            )
        }
        ErrorKind::TrailingData { remaining, .. } => {
            format!("{remaining} bytes follow the end of the structure")
        }
        kind => kind.to_string(),
    };
    KeyError::new("der", format!("the {what} is not valid DER: {why}{at}"))
}

/// The evidence of a truncated structure: what its outer header (read by `der`) declares
/// against what follows.
#[cfg_attr(jwt_doctor_size, optimize(size))]
fn cut_short(bytes: &[u8]) -> String {
    use der::Reader as _;
    let mut reader = match der::SliceReader::new(bytes) {
        Ok(r) => r,
        Err(_) => return "it is cut short".to_string(),
    };
    match der::Header::decode(&mut reader) {
        Ok(header) => {
            let declared = usize::try_from(header.length()).unwrap_or(usize::MAX);
            let follows = bytes
                .len()
                .saturating_sub(usize::try_from(reader.position()).unwrap_or(0));
            if declared > follows {
                format!(
                    "its outer {} declares {declared} bytes but {follows} follow (cut short?)",
                    header.tag()
                )
            } else {
                "an element inside it is cut short".to_string()
            }
        }
        Err(_) => "it is cut short inside its first header".to_string(),
    }
}

/// The error for a password-protected private key.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn encrypted_error() -> KeyError {
    KeyError::new(
        "encrypted_private_key",
        "this is a password-encrypted private key; give the public key (or decrypt it with openssl pkey)",
    )
}

/// Reads DER of any supported structure, recognising which it is: SubjectPublicKeyInfo,
/// PKCS#8, PKCS#1 public or private, SEC1, an encrypted PKCS#8 (to say so), a certificate.
///
/// `Err(None)` means the bytes are not a key structure at all (so they may be an HMAC secret);
/// `Err(Some(e))` means they are a key that cannot be used.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(crate) fn import_der(der: &[u8]) -> Result<Decoded, Option<KeyError>> {
    if der.first() != Some(&0x30) {
        return Err(None);
    }
    if let Ok(spki) = spki::SubjectPublicKeyInfoRef::from_der(der) {
        return public::spki_key(&spki).map_err(Some);
    }
    if let Ok(pki) = pkcs8::PrivateKeyInfoRef::from_der(der) {
        return private::pkcs8_key(&pki).map_err(Some);
    }
    if let Ok(k) = pkcs1::RsaPublicKeyRef::from_der(der) {
        return public::rsa_key(&k).map(Decoded::public).map_err(Some);
    }
    if let Ok(k) = pkcs1::RsaPrivateKeyRef::from_der(der) {
        return private::rsa_key(&k).map_err(Some);
    }
    if let Ok(k) = sec1::EcPrivateKey::from_der(der) {
        return private::sec1_key(&k, None).map_err(Some);
    }
    if private::is_encrypted_pkcs8(der) {
        return Err(Some(encrypted_error()));
    }
    if let Ok(spki) = public::certificate_spki(der) {
        return public::certificate_key(&spki).map_err(Some);
    }
    Err(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_structure_and_the_byte() {
        // RSAPublicKey { INTEGER 0x0001 (padded), INTEGER 3 }: recognised by no crate
        assert!(matches!(
            import_der(&[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x03]),
            Err(None)
        ));
        let e = public::rsa_public_der(&[0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x03])
            .expect_err("non-minimal");
        assert!(
            e.message
                .starts_with("the RSA public key (PKCS#1) is not valid DER: "),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("not canonically encoded"),
            "{}",
            e.message
        );
        let e = public::rsa_public_der(&[0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x03, 1, 2, 3])
            .expect_err("trailing");
        assert!(
            e.message
                .contains("3 bytes follow the end of the structure"),
            "{}",
            e.message
        );
        let e = public::rsa_public_der(&[0x30, 0x82, 0x01, 0x00, 0x02]).expect_err("cut");
        assert!(
            e.message
                .ends_with("its outer SEQUENCE declares 256 bytes but 1 follow (cut short?)"),
            "{}",
            e.message
        );
    }
}
