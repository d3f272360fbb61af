//! The byte forms of a public key an attacker would use as an HMAC secret in an
//! algorithm-confusion forgery: the text as given (and its newline variants) and the canonical
//! encodings every library can produce. One enum names them for the report and for people.

use super::{pem, public, thumbprint, Given, Material};

/// A form of a public key used as an HMAC secret (`detail.form` of `alg_confusion`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The PEM text as given.
    Pem,
    /// The PEM text without its trailing newline.
    PemNoNewline,
    /// The PEM text with a trailing newline added.
    PemNewline,
    /// The PEM text with CRLF line ends.
    PemCrlf,
    /// The JWK JSON text as given.
    JwkJson,
    /// The RFC 7638 canonical JWK JSON.
    JwkCanonical,
    /// The OpenSSH public key line as given.
    Ssh,
    /// The SPKI PEM text.
    SpkiPem,
    /// The SPKI PEM text without its trailing newline.
    SpkiPemNoNewline,
    /// The SPKI DER bytes.
    SpkiDer,
    /// The PKCS#1 PEM text (RSA).
    Pkcs1Pem,
    /// The PKCS#1 DER bytes (RSA).
    Pkcs1Der,
}

impl Form {
    /// The name in reports (`detail.form`).
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Pem => "pem",
            Form::PemNoNewline => "pem_no_newline",
            Form::PemNewline => "pem_newline",
            Form::PemCrlf => "pem_crlf",
            Form::JwkJson => "jwk_json",
            Form::JwkCanonical => "jwk_canonical",
            Form::Ssh => "ssh",
            Form::SpkiPem => "spki_pem",
            Form::SpkiPemNoNewline => "spki_pem_no_newline",
            Form::SpkiDer => "spki_der",
            Form::Pkcs1Pem => "pkcs1_pem",
            Form::Pkcs1Der => "pkcs1_der",
        }
    }

    /// The form in words, completing "signed with your key (…) used as the HMAC secret".
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn words(self) -> &'static str {
        match self {
            Form::Pem => "its PEM text as given",
            Form::PemNoNewline => "its PEM text without the trailing newline",
            Form::PemNewline => "its PEM text with a trailing newline",
            Form::PemCrlf => "its PEM text with CRLF line ends",
            Form::JwkJson => "its JWK JSON text",
            Form::JwkCanonical => "its RFC 7638 canonical JWK JSON",
            Form::Ssh => "its OpenSSH public key line",
            Form::SpkiPem | Form::SpkiPemNoNewline => "its SPKI PEM text",
            Form::SpkiDer => "its SPKI DER bytes",
            Form::Pkcs1Pem => "its PKCS#1 PEM text",
            Form::Pkcs1Der => "its PKCS#1 DER bytes",
        }
    }
}

/// The byte strings an attacker would HMAC with (see [`super::Key::confusion_forms`]); the
/// first form is kept for identical byte strings.
#[cfg_attr(jwt_doctor_size, optimize(size))]
pub(super) fn confusion_forms(material: &Material, given: &Given<'_>) -> Vec<(Form, Vec<u8>)> {
    let mut forms: Vec<(Form, Vec<u8>)> = Vec::new();
    if matches!(material, Material::Secret(_)) {
        return forms;
    }
    let mut push = |form: Form, bytes: Vec<u8>| {
        if !bytes.is_empty() && !forms.iter().any(|(_, b)| *b == bytes) {
            forms.push((form, bytes));
        }
    };
    match given {
        Given::Pem(text) => {
            push(Form::Pem, text.as_bytes().to_vec());
            push(
                Form::PemNoNewline,
                text.trim_end_matches(['\n', '\r']).as_bytes().to_vec(),
            );
            if !text.ends_with('\n') {
                push(Form::PemNewline, format!("{text}\n").into_bytes());
            }
            let lf = text.replace("\r\n", "\n");
            push(Form::PemCrlf, lf.replace('\n', "\r\n").into_bytes());
        }
        Given::Jwk(json) => push(Form::JwkJson, json.as_bytes().to_vec()),
        Given::Ssh(line) => push(Form::Ssh, line.as_bytes().to_vec()),
        Given::Der => {}
    }
    // Whatever form the key was given in, the attacker may hold it as a JWK.
    if let Some(c) = thumbprint::canonical_jwk(material) {
        push(Form::JwkCanonical, c.into_bytes());
    }
    if let Some(der) = public::to_spki_der(material) {
        if let Some(text) = pem::pem_text("PUBLIC KEY", &der) {
            let no_newline = text.trim_end_matches('\n').as_bytes().to_vec();
            push(Form::SpkiPem, text.into_bytes());
            push(Form::SpkiPemNoNewline, no_newline);
        }
        push(Form::SpkiDer, der);
    }
    if let Some(der) = public::to_pkcs1_der(material) {
        if let Some(text) = pem::pem_text("RSA PUBLIC KEY", &der) {
            push(Form::Pkcs1Pem, text.into_bytes());
        }
        push(Form::Pkcs1Der, der);
    }
    forms
}
