//! Algorithm confusion: an HMAC token checked against a public key. The forms an attacker
//! would use the public key in as an HMAC secret are tried; a match means a forgery.

use serde_json::Value;

use crate::alg::Alg;
use crate::findings::{Check, Code, Finding};
use crate::key::Key;
use crate::report::Collector;
use crate::verify;

/// Algorithm confusion: an HMAC token against a public key. Tries the forms an attacker would
/// HMAC with; a match means the token is a forgery.
pub(super) fn confusion(alg: Alg, k: &Key, signing_input: &[u8], sig: &[u8], out: &mut Collector) {
    let kind = k.material.kind().describe();
    // the forgery proof is part of the diagnosis: verify names the attempt without it
    let proving = out.diagnosing();
    let forged = alg.hash.filter(|_| proving).and_then(|h| {
        k.confusion_forms.iter().find(|(_, bytes)| {
            let mac = verify::hmac::mac(h, bytes, signing_input);
            bool::from(subtle::ConstantTimeEq::ct_eq(mac.as_slice(), sig))
        })
    });
    let f = match forged {
        Some((form, _)) => Finding::new(
            Code::AlgConfusion,
            format!(
                "FORGED TOKEN: this {} token was signed with your {kind} ({}) used as the HMAC secret — an algorithm-confusion attack. Anyone who has the public key can mint such tokens",
                alg.name,
                form_words(form)
            ),
        )
        .hint("reject it and treat it as an attack: pin `algorithms` to the asymmetric algorithm your issuer uses; never let a public key act as an HMAC secret")
        .with("forged", true)
        .with("form", *form),
        None => Finding::new(
            Code::AlgConfusion,
            format!("the token says {} (HMAC) but the key is an {kind}: a public key is never an HMAC secret", alg.name),
        )
        .with("forged", if proving { Value::Bool(false) } else { Value::Null })
        .with("form", Value::Null),
    };
    let f = f
        .with("alg", alg.name)
        .with("keyType", kind)
        .with("kid", k.kid.clone())
        .in_check(Check::Algorithm);
    // One alg_confusion per token: several public keys of a set keep the forged verdict if any.
    if let Some(seen) = out
        .findings_mut()
        .iter_mut()
        .find(|x| x.code == Code::AlgConfusion)
    {
        if f.detail["forged"] == true && seen.detail["forged"] != true {
            *seen = f;
        }
        return;
    }
    out.push(f);
    // The attack is the main cause, ahead of the allow-list refusal, whose hint ("add the
    // issuer's algorithm") would be the wrong advice for a token that names HMAC against a
    // public key.
    let found = out.findings_mut();
    if let Some(i) = found.iter().position(|x| x.code == Code::AlgNotAllowed) {
        found[i].hint = format!(
            "keep {} out of `algorithms`: this token claims HMAC against your public key, an algorithm-confusion attempt",
            alg.name
        );
        found[i..].rotate_right(1);
    }
}

pub(super) fn form_words(form: &str) -> &'static str {
    match form {
        "pem" => "its PEM text as given",
        "pem_no_newline" => "its PEM text without the trailing newline",
        "pem_newline" => "its PEM text with a trailing newline",
        "pem_crlf" => "its PEM text with CRLF line ends",
        "spki_pem" | "spki_pem_no_newline" => "its SPKI PEM text",
        "spki_der" => "its SPKI DER bytes",
        "pkcs1_der" => "its PKCS#1 DER bytes",
        "pkcs1_pem" => "its PKCS#1 PEM text",
        "jwk_json" => "its JWK JSON text",
        "jwk_canonical" => "its RFC 7638 canonical JWK JSON",
        "ssh" => "its OpenSSH public key line",
        _ => "a byte form of the public key",
    }
}
